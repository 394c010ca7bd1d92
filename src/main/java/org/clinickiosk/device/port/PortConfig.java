package org.clinickiosk.device.port;

import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where and how one device is attached, parsed from its {@code devices.<kind>} config object:
 * {@code {"port": "/dev/serial/by-id/...", "baud": 9600, "model": "...", "dataBits": 8, "parity": "none",
 * "stopBits": 1}}. {@code port} is a serial device path, a printer node such as {@code /dev/usb/lp0} (written as a
 * plain file), {@code tcp://host:9100} for a network printer, or {@code simulated}. {@code transport} overrides the
 * guess made from {@code port}, e.g. for a udev symlink to a usblp node.
 */
public record PortConfig(Transport transport, String location, int baud, int dataBits, Parity parity,
                         StopBits stopBits, String model, JsonObject raw) {

    public enum Transport { SERIAL, FILE, TCP, SIMULATED }

    public enum Parity { NONE, ODD, EVEN, MARK, SPACE }

    public enum StopBits {
        ONE("1"), ONE_POINT_FIVE("1.5"), TWO("2");

        final String text;

        StopBits(String text) { this.text = text; }
    }

    public static final String SIMULATED_PORT = "simulated";
    static final int DEFAULT_BAUD = 9600;
    static final int DEFAULT_TCP_PORT = 9100;

    /**
     * @param name how the config object is called in error messages, e.g. {@code devices.printer}
     * @throws IllegalArgumentException naming the offending key
     */
    public static PortConfig parse(String name, JsonObject config) {
        if (config == null) throw new IllegalArgumentException(name + " must be an object like {\"port\": ...}");
        Object portValue = config.getValue("port");
        if (!(portValue instanceof String port) || port.isBlank()) {
            throw new IllegalArgumentException(name + ".port is required: a serial path such as "
                    + "/dev/serial/by-id/..., /dev/usb/lp0, tcp://host:9100 or \"simulated\"");
        }
        port = port.strip();
        Transport transport = transport(name, config, port);
        String model = text(name, config, "model");
        if (transport == Transport.TCP) validateTcp(name, port);
        if (transport == Transport.FILE || transport == Transport.SERIAL) {
            if (!port.startsWith("/")) {
                throw new IllegalArgumentException(name + ".port must be an absolute path, got \"" + port + "\"");
            }
        }
        return new PortConfig(transport, port,
                positive(name, config, "baud", DEFAULT_BAUD),
                dataBits(name, config),
                choice(name, config, "parity", Parity.class, Parity.NONE),
                stopBits(name, config),
                model, config.copy());
    }

    /** Host of a {@code tcp://} port. */
    public String tcpHost() { return URI.create(location).getHost(); }

    /** Port number of a {@code tcp://} port, 9100 (raw printing) when omitted. */
    public int tcpPort() {
        int port = URI.create(location).getPort();
        return port == -1 ? DEFAULT_TCP_PORT : port;
    }

    /** For logs and /api/health: the port and, for serial ports, the line settings, e.g. {@code /dev/ttyUSB0 9600 8N1}. */
    public String describe() {
        if (transport != Transport.SERIAL) return location;
        return location + " " + baud + " " + dataBits + parity.name().charAt(0) + stopBits.text;
    }

    private static Transport transport(String name, JsonObject config, String port) {
        if (config.containsKey("transport")) return choice(name, config, "transport", Transport.class, null);
        if (port.equals(SIMULATED_PORT)) return Transport.SIMULATED;
        if (port.startsWith("tcp://")) return Transport.TCP;
        // usblp and parallel printer nodes are not ttys: jSerialComm cannot open them, plain writes work
        if (port.startsWith("/dev/usb/lp") || port.startsWith("/dev/lp")) return Transport.FILE;
        return Transport.SERIAL;
    }

    private static void validateTcp(String name, String port) {
        try {
            URI uri = new URI(port);
            boolean valid = "tcp".equals(uri.getScheme()) && uri.getHost() != null
                    && (uri.getPath() == null || uri.getPath().isEmpty()) && uri.getPort() <= 65535;
            if (valid) return;
        } catch (URISyntaxException ignored) {
            // reported below with the expected form
        }
        throw new IllegalArgumentException(name + ".port must look like tcp://host:9100, got \"" + port + "\"");
    }

    private static String text(String name, JsonObject config, String key) {
        Object value = config.getValue(key);
        if (value == null || value instanceof String) return (String) value;
        throw new IllegalArgumentException(name + "." + key + " must be text, got " + value);
    }

    private static int positive(String name, JsonObject config, String key, int fallback) {
        Object value = config.getValue(key);
        if (value == null) return fallback;
        if (value instanceof String s && s.strip().matches("\\d{1,9}")) value = Integer.valueOf(s.strip());
        if (value instanceof Integer || value instanceof Long) {
            long number = ((Number) value).longValue();
            if (number > 0 && number <= Integer.MAX_VALUE) return (int) number;
        }
        throw new IllegalArgumentException(name + "." + key + " must be a positive whole number, got " + value);
    }

    private static int dataBits(String name, JsonObject config) {
        int bits = positive(name, config, "dataBits", 8);
        if (bits < 5 || bits > 8) {
            throw new IllegalArgumentException(name + ".dataBits must be 5, 6, 7 or 8, got " + bits);
        }
        return bits;
    }

    private static StopBits stopBits(String name, JsonObject config) {
        Object value = config.getValue("stopBits");
        if (value == null) return StopBits.ONE;
        String text = value.toString().strip();
        for (StopBits bits : StopBits.values()) {
            if (bits.text.equals(text) || (bits.text + ".0").equals(text)) return bits;
        }
        throw new IllegalArgumentException(name + ".stopBits must be 1, 1.5 or 2, got " + value);
    }

    private static <E extends Enum<E>> E choice(String name, JsonObject config, String key, Class<E> type,
                                                E fallback) {
        Object value = config.getValue(key);
        if (value == null && fallback != null) return fallback;
        if (value instanceof String s) {
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equalsIgnoreCase(s.strip())) return constant;
            }
        }
        StringBuilder allowed = new StringBuilder();
        for (E constant : type.getEnumConstants()) {
            if (allowed.length() > 0) allowed.append(", ");
            allowed.append(constant.name().toLowerCase(Locale.ROOT));
        }
        throw new IllegalArgumentException(name + "." + key + " must be one of " + allowed + ", got " + value);
    }
}
