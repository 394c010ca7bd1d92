package org.clinickiosk.stream;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.clinickiosk.queue.QueueService;
import org.clinickiosk.voice.CallPhrase;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * GET /api/display/stream. Events: {@code snapshot} (current call per room, recent calls, waiting counts, the
 * display settings), {@code call} (one announcement, id = its ticket-event id in the database, with the phrase to
 * speak in each language under {@code spoken}), {@code services} (waiting counts) and, on a resumed stream,
 * {@code settings} (clinic name and the health-education message line).
 * Because call ids come from the database they survive a server restart: a display reconnecting with Last-Event-ID
 * gets exactly the calls it missed, and can tell a replayed call from a new one.
 *
 * <p>Everything here runs on the application's one event loop, which also owns every display's connection, so a
 * call is a burst of writes there: one per display. The call frame is encoded once and the same bytes are written to
 * every display. Waiting counts are not urgent and change with every ticket: an update is sent only to the displays
 * that do not show those counts yet, and it is written a slice of displays at a time, letting the loop take a call
 * (or any request) in between, so a call never waits behind a whole round of count updates.
 */
public final class DisplayStream {
    private static final System.Logger LOG = System.getLogger(DisplayStream.class.getName());
    private final org.clinickiosk.common.Subscriptions subscriptions = new org.clinickiosk.common.Subscriptions();
    private static final int MAX_REPLAY = 200;
    /** Displays written per turn of the event loop when sending waiting counts; about a millisecond of writes. */
    static final int SERVICES_SLICE = 50;
    static final long SERVICES_COALESCE_MILLIS = 150;
    static final long SERVICES_MIN_INTERVAL_MILLIS = 1000;

    private final Vertx vertx;
    private final QueueService queue;
    private final long heartbeatMillis;
    private final JsonObject settings;
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private boolean servicesUpdatePending;
    private long lastServicesRead = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(SERVICES_MIN_INTERVAL_MILLIS);
    /** The waiting counts last sent, their frame, and a version that changes whenever the counts do. */
    private JsonArray servicesSent;
    private Buffer servicesFrame;
    private long servicesVersion;
    /** How many count updates were sent, so a display can tell whether one passed it by while it was joining. */
    private long servicesRounds;

    private static final class Client {
        final SseConnection connection;
        /** Live calls that arrive while the replay or snapshot is still being read. */
        List<JsonObject> pending = new ArrayList<>();
        long lastSentId;
        /** The version of the waiting counts this display was last sent by {@link #sendServices}; 0: none yet. */
        long servicesVersion;
        final long roundsAtJoin;

        Client(SseConnection connection, long roundsAtJoin) {
            this.connection = connection;
            this.roundsAtJoin = roundsAtJoin;
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
        holder[0] = new Client(new SseConnection(vertx, ctx, heartbeatMillis, () -> clients.remove(holder[0])),
                servicesRounds);
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
            }).onFailure(e -> refuse(client, "the missed calls", e));
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
        }).onFailure(e -> refuse(client, "the snapshot", e));
    }

    /** Closes a display whose start could not be read; its EventSource connects again by itself. */
    private static void refuse(Client client, String what, Throwable e) {
        LOG.log(System.Logger.Level.WARNING, "display stream closed: reading " + what + " failed: " + e.getMessage());
        client.connection.close();
    }

    private void flushPending(Client client) {
        List<JsonObject> pending = client.pending;
        client.pending = null;
        pending.forEach(call -> sendCall(client, call, null));
        // A count update that went out while this display's snapshot was being read skipped it, and the snapshot
        // may have been read before that change: read the counts again, for this display and any like it.
        if (client.roundsAtJoin != servicesRounds) scheduleServicesUpdate();
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

    /**
     * Waiting counts change with every ticket and every call. A change after a quiet spell is read and sent after
     * {@link #SERVICES_COALESCE_MILLIS}, a burst coalescing into one update; while changes keep coming, the counts
     * are read at most once per {@link #SERVICES_MIN_INTERVAL_MILLIS}. Each update is a write to every display, as
     * costly as a call, and a person reading the lobby screen cannot tell a count one second old from a fresh one.
     */
    private void scheduleServicesUpdate() {
        if (servicesUpdatePending || clients.isEmpty()) return;
        servicesUpdatePending = true;
        long sinceLastRead = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastServicesRead);
        long delay = Math.max(SERVICES_COALESCE_MILLIS, SERVICES_MIN_INTERVAL_MILLIS - sinceLastRead);
        vertx.setTimer(delay, t -> {
            servicesUpdatePending = false;
            lastServicesRead = System.nanoTime();
            queue.waitingByService().onSuccess(this::sendServices);
        });
    }

    /**
     * Sends freshly read waiting counts to every display that may show other ones: all of them when the counts
     * changed, otherwise only those that joined (or were still reading their snapshot) since the last update. A
     * display whose snapshot or replay is still being read is left out, as before: its snapshot has counts of its own.
     */
    private void sendServices(JsonArray services) {
        if (!services.equals(servicesSent)) {
            servicesSent = services;
            servicesFrame = SseConnection.frame("services", null, new JsonObject().put("services", services));
            servicesVersion++;
        }
        servicesRounds++;
        sendServicesSlice(clients.iterator(), servicesVersion);
    }

    /**
     * Writes the current counts to the next {@link #SERVICES_SLICE} displays that lack them and leaves the rest to a
     * later turn of the event loop. Runs on the event loop like everything here; the iterator of the concurrent set
     * stays valid while displays come and go. A newer version supersedes this round (its own round covers everyone),
     * so no display ever gets older counts after newer ones.
     */
    private void sendServicesSlice(Iterator<Client> displays, long version) {
        if (version != servicesVersion) return;
        Buffer frame = servicesFrame;
        int written = 0;
        while (written < SERVICES_SLICE && displays.hasNext()) {
            Client c = displays.next();
            if (c.pending != null || c.servicesVersion == version) continue;
            c.servicesVersion = version;
            c.connection.sendFrame(frame);
            written++;
        }
        if (displays.hasNext()) vertx.runOnContext(v -> sendServicesSlice(displays, version));
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
