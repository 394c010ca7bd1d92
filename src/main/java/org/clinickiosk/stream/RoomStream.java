package org.clinickiosk.stream;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.clinickiosk.alert.StaffAlerts;
import org.clinickiosk.queue.QueueService;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * GET /api/rooms/{roomId}/stream (staff). The room's whole list is small, so every event carries it whole:
 * {@code snapshot} first, then {@code queue} after each change, with the latest ticket-event id. Resuming is then
 * simply receiving the current list.
 *
 * <p>Staff alerts travel on the same stream, so every nurse page gets them whichever room it serves: {@code alert}
 * for each open alert (all open ones right after the snapshot, then each new one) and {@code alert-ack} when someone
 * acknowledges one. Alerts come masked: {@link StaffAlerts} masks identity fields before it stores an alert.
 */
public final class RoomStream {
    private final org.clinickiosk.common.Subscriptions subscriptions = new org.clinickiosk.common.Subscriptions();
    private final Vertx vertx;
    private final QueueService queue;
    private final long heartbeatMillis;
    private final Map<String, Set<SseConnection>> byRoom = new ConcurrentHashMap<>();
    private final Set<String> refreshPending = ConcurrentHashMap.newKeySet();

    private final StaffAlerts alerts;

    public RoomStream(Vertx vertx, QueueService queue, long heartbeatMillis, StaffAlerts alerts) {
        this.vertx = vertx;
        this.queue = queue;
        this.heartbeatMillis = heartbeatMillis;
        this.alerts = alerts;
        subscriptions.add(vertx.eventBus().<JsonObject>consumer(QueueService.CHANGED, msg -> byRoom.keySet().forEach(this::scheduleRefresh)));
        alerts.onRaised(alert -> sendToAll("alert", alert));
        alerts.onAcknowledged(ack -> sendToAll("alert-ack", ack));
    }

    private void sendToAll(String event, JsonObject data) {
        byRoom.values().forEach(connections -> connections.forEach(c -> c.send(event, null, data)));
    }

    public void handle(RoutingContext ctx, String roomId) {
        queue.roomQueue(roomId).onSuccess(list -> {
            Set<SseConnection> connections = byRoom.computeIfAbsent(roomId, k -> ConcurrentHashMap.newKeySet());
            SseConnection[] holder = new SseConnection[1];
            holder[0] = new SseConnection(vertx, ctx, heartbeatMillis, () -> connections.remove(holder[0]));
            connections.add(holder[0]);
            holder[0].send("snapshot", String.valueOf(list.getLong("lastEventId")), list);
            alerts.openAlerts().forEach(alert -> holder[0].send("alert", null, alert));
        }).onFailure(ctx::fail);
    }

    /** Coalesces a burst of changes into one re-read per room. */
    private void scheduleRefresh(String roomId) {
        Set<SseConnection> connections = byRoom.get(roomId);
        if (connections == null || connections.isEmpty() || !refreshPending.add(roomId)) return;
        vertx.setTimer(50, t -> {
            refreshPending.remove(roomId);
            queue.roomQueue(roomId).onSuccess(list -> {
                Buffer frame = SseConnection.frame("queue", String.valueOf(list.getLong("lastEventId")), list);
                connections.forEach(c -> c.sendFrame(frame));
            });
        });
    }

    /** Stops listening on the event bus (the server is closing). */
    public io.vertx.core.Future<Void> close() {
        return subscriptions.close();
    }
}
