package org.clinickiosk.device.healthcard;

import io.vertx.core.json.JsonObject;

import java.util.Set;

/**
 * The {@code devices.healthCardReader} config object: {@code {"port": "pcsc", "reader": "ACS", "profile": {...},
 * "pollMs": 500, "library": "/usr/lib/x86_64-linux-gnu/libpcsclite.so.1"}} or {@code {"port": "simulated"}}.
 *
 * @param reader  part of the PC/SC reader name; null takes the first reader
 * @param library path of libpcsclite; null finds it (see {@link PcscCardSource#useLibrary})
 */
public record HealthCardReaderSettings(boolean simulated, String reader, HealthCardProfile profile, int pollMs,
                                       String library) {

    public static final String PCSC_PORT = "pcsc";
    public static final String SIMULATED_PORT = "simulated";
    private static final Set<String> KEYS = Set.of("port", "reader", "profile", "pollMs", "library", "model");

    /** @throws IllegalArgumentException naming the offending key under {@code name} */
    public static HealthCardReaderSettings parse(String name, JsonObject config) {
        for (String key : config.fieldNames()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(name + "." + key + ": unknown key, expected one of "
                        + String.join(", ", KEYS.stream().sorted().toList()));
            }
        }
        Object port = config.getValue("port");
        if (!PCSC_PORT.equals(port) && !SIMULATED_PORT.equals(port)) {
            throw new IllegalArgumentException(name + ".port must be \"pcsc\" (a PC/SC smart-card reader) or "
                    + "\"simulated\", got " + (port instanceof String ? "\"" + port + "\"" : port));
        }
        String reader = text(name, config, "reader");
        String library = text(name, config, "library");
        text(name, config, "model");
        Object poll = config.getValue("pollMs", 500);
        if (!(poll instanceof Integer ms) || ms < 50 || ms > 5000) {
            throw new IllegalArgumentException(name + ".pollMs must be a whole number from 50 to 5000, got " + poll);
        }
        Object profile = config.getValue("profile");
        if (profile != null && !(profile instanceof JsonObject)) {
            throw new IllegalArgumentException(name + ".profile must be an object (see devices/healthcard/README.md)");
        }
        return new HealthCardReaderSettings(SIMULATED_PORT.equals(port), reader,
                profile == null ? HealthCardProfile.defaults() : HealthCardProfile.parse(name + ".profile", (JsonObject) profile),
                ms, library);
    }

    private static String text(String name, JsonObject config, String key) {
        Object value = config.getValue(key);
        if (value == null) return null;
        if (value instanceof String s && !s.isBlank()) return s;
        throw new IllegalArgumentException(name + "." + key + " must be non-empty text, got " + value);
    }
}
