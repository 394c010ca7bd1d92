package org.clinickiosk.device;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * The session logic of one device kind (polling a card reader, a print job with status checks, ...), run by the
 * verticle that owns the port. It sits on top of a pure codec: the codec turns bytes into values, the driver decides
 * what to send next and which events to publish. All methods are called on the owning verticle's context.
 */
public interface DeviceDriver {

    /** The config kind: idCardReader, scanner, healthCardReader, bpMonitor, printer. */
    String kind();

    /** The port opened, at start or after a replug. The driver may send its start-up queries here. */
    void opened(DeviceLink link);

    /** Bytes from the device, in whatever chunks the port delivered them. */
    void received(byte[] data);

    /** The port closed or the device went away; pending requests should fail with a clear reason. */
    void closed(String reason);

    /**
     * A request from the server or UI, e.g. {@code print} with a ticket, {@code start} a BP measurement. The future
     * completes with the outcome as JSON, or fails with a reason a person can read.
     */
    default Future<JsonObject> request(String action, JsonObject body) {
        return Future.failedFuture(kind() + " does not support '" + action + "'");
    }
}
