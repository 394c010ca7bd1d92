package org.clinickiosk.stream;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.clinickiosk.clinic.KioskDirectory;
import org.clinickiosk.common.Masking;
import org.clinickiosk.device.DeviceAddresses;
import org.clinickiosk.device.DeviceStatusBoard;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * GET /api/kiosks/{kioskId}/stream: one kiosk's device and identification events, for that kiosk's page only.
 * Events carry ids "{boot}-{n}"; the last {@link #REPLAY} are kept so a page reconnecting with Last-Event-ID gets what
 * it missed, and a page from before a restart (other boot) gets a fresh snapshot instead.
 *
 * <p>Personal data is masked here, before it leaves the server: the page sees 张*三 and 1101**********1234.
 */
public final class KioskStream {
    private final org.clinickiosk.common.Subscriptions subscriptions = new org.clinickiosk.common.Subscriptions();
    static final int REPLAY = 100;
    /** Kiosk-scoped address where server-side flows (identification, printing, ...) publish events for the page. */
    public static String uiAddress(String kioskId) {
        return "kiosk." + kioskId + ".ui";
    }

    private final Vertx vertx;
    private final DeviceStatusBoard devices;
    private final KioskDirectory kiosks;
    private final long heartbeatMillis;
    private final String boot = UUID.randomUUID().toString().substring(0, 8);
    private final Map<String, KioskChannel> channels = new HashMap<>();

    private final class KioskChannel {
        final String kioskId;
        final Deque<String[]> recent = new ArrayDeque<>();
        final Set<SseConnection> connections = ConcurrentHashMap.newKeySet();
        long seq;

        KioskChannel(String kioskId) {
            this.kioskId = kioskId;
            subscriptions.add(vertx.eventBus().<JsonObject>consumer(DeviceAddresses.events(kioskId), m -> emit("device", Masking.event(m.body()))));
            subscriptions.add(vertx.eventBus().<JsonObject>consumer(uiAddress(kioskId), m -> emit(m.body().getString("type", "ui"),
                    Masking.event(m.body()))));
        }

        void emit(String event, JsonObject data) {
            String id = boot + "-" + (++seq);
            recent.addLast(new String[]{id, event, data.encode()});
            if (recent.size() > REPLAY) recent.removeFirst();
            Buffer frame = SseConnection.frame(event, id, data);
            connections.forEach(c -> c.sendFrame(frame));
        }
    }

    public KioskStream(Vertx vertx, DeviceStatusBoard devices, KioskDirectory kiosks, long heartbeatMillis) {
        this.vertx = vertx;
        this.devices = devices;
        this.kiosks = kiosks;
        this.heartbeatMillis = heartbeatMillis;
        kiosks.all().forEach(k -> channels.put(k.id(), new KioskChannel(k.id())));
    }

    public void handle(RoutingContext ctx, String kioskId) {
        KioskChannel channel = channels.get(kioskId);
        SseConnection[] holder = new SseConnection[1];
        holder[0] = new SseConnection(vertx, ctx, heartbeatMillis, () -> channel.connections.remove(holder[0]));
        SseConnection connection = holder[0];
        String lastId = ctx.request().getHeader("Last-Event-ID");
        boolean replayed = false;
        if (lastId != null && lastId.startsWith(boot + "-")) {
            long lastSeq = parseSeq(lastId.substring(boot.length() + 1));
            String[] oldest = channel.recent.peekFirst();
            long oldestSeq = oldest == null ? channel.seq + 1 : parseSeq(oldest[0].substring(boot.length() + 1));
            if (lastSeq >= 0 && lastSeq <= channel.seq && lastSeq >= oldestSeq - 1) {
                for (String[] e : channel.recent) {
                    if (parseSeq(e[0].substring(boot.length() + 1)) > lastSeq) {
                        connection.send(e[1], e[0], new JsonObject(e[2]));
                    }
                }
                replayed = true;
            }
        }
        if (!replayed) {
            connection.send("snapshot", boot + "-" + channel.seq, new JsonObject()
                    .put("kioskId", kioskId).put("devices", devices.states(kioskId))
                    .put("maintenance", kiosks.byId(kioskId).map(KioskDirectory.Kiosk::maintenanceJson).orElse(null)));
        }
        channel.connections.add(connection);
    }

    private static long parseSeq(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Stops listening on the event bus (the server is closing). */
    public io.vertx.core.Future<Void> close() {
        return subscriptions.close();
    }
}
