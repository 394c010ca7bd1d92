package org.clinickiosk.stream;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.clinickiosk.queue.QueueService;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * GET /api/rooms/{roomId}/stream (staff). The room's whole list is small, so every event carries it whole:
 * {@code snapshot} first, then {@code queue} after each change, with the latest ticket-event id. Resuming is then
 * simply receiving the current list.
 */
public final class RoomStream {
    private final Vertx vertx;
    private final QueueService queue;
    private final long heartbeatMillis;
    private final Map<String, Set<SseConnection>> byRoom = new ConcurrentHashMap<>();
    private final Set<String> refreshPending = ConcurrentHashMap.newKeySet();

    public RoomStream(Vertx vertx, QueueService queue, long heartbeatMillis) {
        this.vertx = vertx;
        this.queue = queue;
        this.heartbeatMillis = heartbeatMillis;
        vertx.eventBus().<JsonObject>consumer(QueueService.CHANGED, msg -> byRoom.keySet().forEach(this::scheduleRefresh));
    }

    public void handle(RoutingContext ctx, String roomId) {
        queue.roomQueue(roomId).onSuccess(list -> {
            Set<SseConnection> connections = byRoom.computeIfAbsent(roomId, k -> ConcurrentHashMap.newKeySet());
            SseConnection[] holder = new SseConnection[1];
            holder[0] = new SseConnection(vertx, ctx, heartbeatMillis, () -> connections.remove(holder[0]));
            connections.add(holder[0]);
            holder[0].send("snapshot", String.valueOf(list.getLong("lastEventId")), list);
        }).onFailure(ctx::fail);
    }

    /** Coalesces a burst of changes into one re-read per room. */
    private void scheduleRefresh(String roomId) {
        Set<SseConnection> connections = byRoom.get(roomId);
        if (connections == null || connections.isEmpty() || !refreshPending.add(roomId)) return;
        vertx.setTimer(50, t -> {
            refreshPending.remove(roomId);
            queue.roomQueue(roomId).onSuccess(list -> {
                String frame = SseConnection.frame("queue", String.valueOf(list.getLong("lastEventId")), list);
                connections.forEach(c -> c.sendFrame(frame));
            });
        });
    }
}
