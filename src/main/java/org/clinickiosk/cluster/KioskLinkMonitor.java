package org.clinickiosk.cluster;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.clinickiosk.device.DeviceAddresses;
import org.clinickiosk.device.DeviceState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * On the server: knows whether each kiosk PC is reachable from its heartbeats. A kiosk PC silent for longer than the
 * timeout (or never heard from since this server started) has every device published as disconnected with the
 * reason "kiosk PC K2 unreachable", on the kiosk's own event address, so the kiosk page and /api/health say so with
 * no change of their own. Each heartbeat carries the node's device states; any that differ from what the server last
 * saw are published again, so after a reconnect (or a server restart) the states return by themselves.
 */
public final class KioskLinkMonitor extends VerticleBase {
    private static final System.Logger LOG = System.getLogger(KioskLinkMonitor.class.getName());

    private final long timeoutMillis;
    private long startedAt;
    private final Map<String, Link> links = new LinkedHashMap<>();
    private final List<MessageConsumer<?>> consumers = new ArrayList<>();
    private long timer = -1;

    /** What the server knows of one kiosk PC; touched only on this verticle's event loop. */
    private static final class Link {
        final String kioskId;
        /** kind → {status, reason?} as last seen on the kiosk's event address. */
        final Map<String, JsonObject> states = new LinkedHashMap<>();
        boolean reachable;
        boolean announcedUnreachable;
        long lastHeard;
        String boot;

        Link(String kioskId, List<String> kinds) {
            this.kioskId = kioskId;
            kinds.forEach(kind -> states.put(kind, new JsonObject()));
        }
    }

    /** @param kindsByKiosk the kiosks whose devices run on their own PC, with the device kinds the server expects */
    public KioskLinkMonitor(Map<String, List<String>> kindsByKiosk, long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
        kindsByKiosk.forEach((id, kinds) -> links.put(id, new Link(id, kinds)));
    }

    @Override
    public Future<?> start() {
        startedAt = System.currentTimeMillis();
        for (Link link : links.values()) {
            consumers.add(vertx.eventBus().<JsonObject>consumer(ClusterAddresses.heartbeat(link.kioskId),
                    m -> heard(link, m.body())));
            consumers.add(vertx.eventBus().<JsonObject>consumer(DeviceAddresses.events(link.kioskId),
                    m -> remember(link, m.body())));
        }
        timer = vertx.setPeriodic(Math.max(100, timeoutMillis / 4), id -> checkSilence());
        return Future.join(consumers.stream().map(MessageConsumer::completion).toList());
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(timer);
        return Future.join(consumers.stream().map(MessageConsumer::unregister).toList());
    }

    private void heard(Link link, JsonObject heartbeat) {
        if (heartbeat == null || !(heartbeat.getValue("devices") instanceof JsonObject devices)) return;
        link.lastHeard = System.currentTimeMillis();
        String boot = heartbeat.getString("boot");
        if (!link.reachable) {
            LOG.log(System.Logger.Level.INFO, "kiosk PC {0} is reachable (node {1})", link.kioskId, boot);
        } else if (boot != null && !boot.equals(link.boot)) {
            LOG.log(System.Logger.Level.INFO, "kiosk PC {0} restarted (node {1})", link.kioskId, boot);
        }
        link.reachable = true;
        link.announcedUnreachable = false;
        link.boot = boot;
        for (String kind : devices.fieldNames()) {
            if (!(devices.getValue(kind) instanceof JsonObject reported) || reported.getString("status") == null) continue;
            JsonObject state = new JsonObject().put("status", reported.getString("status"));
            if (reported.getString("reason") != null) state.put("reason", reported.getString("reason"));
            if (!state.equals(link.states.get(kind))) publishState(link, kind, state);
        }
    }

    private void remember(Link link, JsonObject event) {
        if (event == null || !"state".equals(event.getString("type")) || event.getString("kind") == null) return;
        JsonObject state = new JsonObject().put("status", event.getString("status"));
        if (event.getString("reason") != null) state.put("reason", event.getString("reason"));
        link.states.put(event.getString("kind"), state);
    }

    private void checkSilence() {
        long now = System.currentTimeMillis();
        for (Link link : links.values()) {
            boolean silent = now - Math.max(link.lastHeard, startedAt) > timeoutMillis;
            if (!silent || link.announcedUnreachable) continue;
            if (link.reachable) {
                LOG.log(System.Logger.Level.WARNING, "kiosk PC {0} unreachable: no heartbeat for {1} ms", link.kioskId,
                        now - link.lastHeard);
            }
            link.reachable = false;
            link.announcedUnreachable = true;
            JsonObject unreachable = DeviceState.disconnected("kiosk PC " + link.kioskId + " unreachable").toJson();
            for (String kind : new ArrayList<>(link.states.keySet())) publishState(link, kind, unreachable);
        }
    }

    /** The same shape as a device's own state event, published only to this server's consumers. */
    private void publishState(Link link, String kind, JsonObject state) {
        link.states.put(kind, state.copy());
        JsonObject event = state.copy().put("kind", kind).put("kioskId", link.kioskId).put("type", "state")
                .put("timestamp", Instant.now().toString());
        vertx.eventBus().publish(DeviceAddresses.events(link.kioskId), event, new DeliveryOptions().setLocalOnly(true));
    }
}
