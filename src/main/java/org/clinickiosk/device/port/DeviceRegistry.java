package org.clinickiosk.device.port;

import io.vertx.core.json.JsonObject;
import org.clinickiosk.device.DeviceState;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest state of every running device, by kiosk, for /api/health. Written by the {@link DevicePortVerticle}s,
 * readable from any thread.
 */
public final class DeviceRegistry {

    private record Entry(DeviceState state, String port, Instant since) {}

    private final Map<String, Map<String, Entry>> kiosks = new ConcurrentHashMap<>();

    /**
     * Every device of a kiosk, by kind: {@code {"printer": {"status": "error", "reason": "paper out",
     * "port": "/dev/usb/lp0", "since": "2024-05-01T08:00:00Z"}, ...}}; empty when it has none.
     */
    public JsonObject states(String kioskId) {
        JsonObject states = new JsonObject();
        kiosks.getOrDefault(kioskId, Map.of()).forEach((kind, entry) -> states.put(kind, entry.state().toJson()
                .put("port", entry.port())
                .put("since", entry.since().toString())));
        return states;
    }

    public Optional<DeviceState> state(String kioskId, String kind) {
        return Optional.ofNullable(kiosks.getOrDefault(kioskId, Map.of()).get(kind)).map(Entry::state);
    }

    void update(String kioskId, String kind, DeviceState state, String port) {
        kiosks.computeIfAbsent(kioskId, id -> new ConcurrentHashMap<>()).put(kind, new Entry(state, port, Instant.now()));
    }

    void remove(String kioskId, String kind) {
        kiosks.computeIfPresent(kioskId, (id, devices) -> {
            devices.remove(kind);
            return devices.isEmpty() ? null : devices;
        });
    }
}
