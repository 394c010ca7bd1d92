package org.clinickiosk.device;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest state of every configured device of every kiosk, learnt from the state events on each kiosk's event
 * address, so it works the same whether the device verticles run in this process or on the kiosk's own PC.
 */
public final class DeviceStatusBoard {
    private final org.clinickiosk.common.Subscriptions subscriptions = new org.clinickiosk.common.Subscriptions();
    private final Map<String, JsonObject> byKiosk = new ConcurrentHashMap<>();

    public DeviceStatusBoard(Vertx vertx, Map<String, List<String>> configuredKindsByKiosk) {
        configuredKindsByKiosk.forEach((kioskId, kinds) -> {
            JsonObject states = new JsonObject();
            for (String kind : kinds) {
                states.put(kind, DeviceState.disconnected("not reported yet").toJson());
            }
            byKiosk.put(kioskId, states);
            subscriptions.add(vertx.eventBus().<JsonObject>consumer(DeviceAddresses.events(kioskId), msg -> {
                JsonObject event = msg.body();
                if ("state".equals(event.getString("type")) && event.getString("kind") != null) {
                    JsonObject state = new JsonObject().put("status", event.getString("status"));
                    if (event.getString("reason") != null) state.put("reason", event.getString("reason"));
                    states.put(event.getString("kind"), state);
                }
            }));
        });
    }

    /** kind → {status, reason?} for one kiosk; empty when the kiosk is unknown. */
    public JsonObject states(String kioskId) {
        JsonObject states = byKiosk.get(kioskId);
        return states == null ? new JsonObject() : states.copy();
    }

    public JsonObject all() {
        JsonObject out = new JsonObject();
        byKiosk.forEach((k, v) -> out.put(k, v.copy()));
        return out;
    }

    /** Stops listening on the event bus (the server is closing). */
    public io.vertx.core.Future<Void> close() {
        return subscriptions.close();
    }
}
