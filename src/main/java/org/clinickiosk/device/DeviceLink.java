package org.clinickiosk.device;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** What the port-owning verticle offers its driver. */
public interface DeviceLink {

    /** Writes bytes to the device; silently dropped while the port is closed (the driver hears {@code closed}). */
    void send(byte[] bytes);

    /**
     * Publishes a device event (type such as {@code identified}, {@code scan}, {@code reading}, {@code error}) to the
     * kiosk's device address; {@code kind} and {@code kioskId} are added by the link.
     */
    void publish(String type, JsonObject event);

    /** Reports the device's state; shown in /api/health and on the kiosk stream. */
    void state(DeviceState state);

    /** For timers (poll intervals, reply time-outs). */
    Vertx vertx();

    String kioskId();
}
