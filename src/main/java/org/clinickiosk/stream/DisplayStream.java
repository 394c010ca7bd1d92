package org.clinickiosk.stream;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.clinickiosk.queue.QueueService;
import org.clinickiosk.voice.CallPhrase;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * GET /api/display/stream. Events: {@code snapshot} (current call per room, recent calls, waiting counts, the
 * display settings), {@code call} (one announcement, id = its ticket-event id in the database, with the phrase to
 * speak in each language under {@code spoken}), {@code services} (waiting counts) and, on a resumed stream,
 * {@code settings} (clinic name and the health-education message line).
 * Because call ids come from the database they survive a server restart: a display reconnecting with Last-Event-ID
 * gets exactly the calls it missed, and can tell a replayed call from a new one.
 */
public final class DisplayStream {
    private final org.clinickiosk.common.Subscriptions subscriptions = new org.clinickiosk.common.Subscriptions();
    private static final int MAX_REPLAY = 200;

    private final Vertx vertx;
    private final QueueService queue;
    private final long heartbeatMillis;
    private final JsonObject settings;
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private boolean servicesUpdatePending;

    private static final class Client {
        final SseConnection connection;
        /** Live calls that arrive while the replay or snapshot is still being read. */
        List<JsonObject> pending = new ArrayList<>();
        long lastSentId;

        Client(SseConnection connection) {
            this.connection = connection;
        }
    }

    /** @param settings what every display shows besides the calls: {clinicName, message} */
    public DisplayStream(Vertx vertx, QueueService queue, long heartbeatMillis, JsonObject settings) {
        this.vertx = vertx;
        this.queue = queue;
        this.heartbeatMillis = heartbeatMillis;
        this.settings = settings.copy();
        subscriptions.add(vertx.eventBus().<JsonObject>consumer(QueueService.CALLED, msg -> {
            JsonObject call = withSpeech(msg.body().copy());
            Buffer frame = SseConnection.frame("call", String.valueOf(call.getLong("eventId")), call);
            clients.forEach(c -> deliver(c, call, frame));
        }));
        subscriptions.add(vertx.eventBus().<JsonObject>consumer(QueueService.CHANGED, msg -> scheduleServicesUpdate()));
    }

    public void handle(RoutingContext ctx) {
        Client[] holder = new Client[1];
        holder[0] = new Client(new SseConnection(vertx, ctx, heartbeatMillis, () -> clients.remove(holder[0])));
        Client client = holder[0];
        clients.add(client);
        Long lastEventId = parseId(ctx.request().getHeader("Last-Event-ID"));
        if (lastEventId != null) {
            queue.callsAfter(lastEventId, MAX_REPLAY).onSuccess(missed -> {
                if (missed.size() >= MAX_REPLAY) {
                    sendSnapshot(client);
                } else {
                    client.lastSentId = lastEventId;
                    missed.forEach(call -> sendCall(client, call, null));
                    queue.waitingByService().onSuccess(services -> {
                        client.connection.send("services", null, new JsonObject().put("services", services));
                        client.connection.send("settings", null, settings);
                    });
                    flushPending(client);
                }
            }).onFailure(e -> client.connection.close());
        } else {
            sendSnapshot(client);
        }
    }

    private void sendSnapshot(Client client) {
        queue.displaySnapshot().onSuccess(snapshot -> {
            client.lastSentId = snapshot.getLong("lastEventId");
            snapshot.getJsonArray("recentCalls").forEach(call -> withSpeech((JsonObject) call));
            snapshot.getJsonObject("currentByRoom").forEach(e -> withSpeech((JsonObject) e.getValue()));
            snapshot.put("settings", settings);
            client.connection.send("snapshot", String.valueOf(client.lastSentId), snapshot);
            flushPending(client);
        }).onFailure(e -> client.connection.close());
    }

    private void flushPending(Client client) {
        List<JsonObject> pending = client.pending;
        client.pending = null;
        pending.forEach(call -> sendCall(client, call, null));
    }

    private void deliver(Client client, JsonObject call, Buffer frame) {
        if (client.pending != null) client.pending.add(call);
        else sendCall(client, call, frame);
    }

    /** Sends a call unless this client has it already (replay and live can overlap); {@code frame} may be null. */
    private void sendCall(Client client, JsonObject call, Buffer frame) {
        long id = call.getLong("eventId");
        if (id <= client.lastSentId) return;
        client.lastSentId = id;
        client.connection.sendFrame(frame != null ? frame
                : SseConnection.frame("call", String.valueOf(id), withSpeech(call.copy())));
    }

    /** Adds the phrase a display speaks for the call, so every display says exactly what the server would render. */
    private static JsonObject withSpeech(JsonObject call) {
        return call.put("spoken", CallPhrase.forCall(call));
    }

    /** Waiting counts change with every ticket; coalesce bursts into one update. */
    private void scheduleServicesUpdate() {
        if (servicesUpdatePending || clients.isEmpty()) return;
        servicesUpdatePending = true;
        vertx.setTimer(150, t -> {
            servicesUpdatePending = false;
            queue.waitingByService().onSuccess(services -> {
                Buffer frame = SseConnection.frame("services", null, new JsonObject().put("services", services));
                clients.forEach(c -> {
                    if (c.pending == null) c.connection.sendFrame(frame);
                });
            });
        });
    }

    static Long parseId(String header) {
        if (header == null || header.isBlank()) return null;
        try {
            long id = Long.parseLong(header.trim());
            return id >= 0 ? id : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public int clientCount() {
        return clients.size();
    }

    /** Stops listening on the event bus (the server is closing). */
    public io.vertx.core.Future<Void> close() {
        return subscriptions.close();
    }
}
