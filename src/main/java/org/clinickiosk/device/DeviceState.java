package org.clinickiosk.device;

import io.vertx.core.json.JsonObject;

/** connected / disconnected / error, with a reason a person can act on when not connected. */
public record DeviceState(Status status, String reason) {

    public enum Status { CONNECTED, DISCONNECTED, ERROR }

    public static DeviceState connected() { return new DeviceState(Status.CONNECTED, null); }
    public static DeviceState disconnected(String reason) { return new DeviceState(Status.DISCONNECTED, reason); }
    public static DeviceState error(String reason) { return new DeviceState(Status.ERROR, reason); }

    public JsonObject toJson() {
        JsonObject json = new JsonObject().put("status", status.name().toLowerCase());
        if (reason != null) json.put("reason", reason);
        return json;
    }
}
