package org.clinickiosk.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.eventbus.Message;
import org.clinickiosk.device.DeviceAddresses;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server node's event-bus gate. Default deny: of all messages from other nodes it lets through only
 * <ul>
 *   <li>kiosk K's device events and heartbeat, signed with K's own key ({@link MessageSignature#UP});</li>
 *   <li>the reply to a request this server sent to kiosk K, signed with K's key.</li>
 * </ul>
 * Everything else from the wire is dropped and logged: a kiosk node cannot publish on another kiosk's addresses, on
 * {@code kiosk.K.ui}, or on server addresses such as {@code queue.called}; and no address on this server answers
 * with records (records are read over HTTP with a staff session only). Messages this server sends to kiosk K are
 * signed with K's key ({@link MessageSignature#DOWN}), so the kiosk node obeys only the server.
 */
public final class ServerGuard {
    /** A request's reply address is remembered this long (the longest device request times out well before). */
    static final long PENDING_REPLY_MILLIS = 120_000;

    private record Pending(String kioskId, long since) {}

    private final Map<String, String> kioskKeys;
    private final MessageSignature signature;
    private final Clock clock;
    private final Map<String, Pending> pendingReplies = new ConcurrentHashMap<>();
    private final DropLog drops = new DropLog();

    private ServerGuard(Map<String, String> kioskKeys, Clock clock) {
        this.kioskKeys = Map.copyOf(kioskKeys);
        this.clock = clock;
        this.signature = new MessageSignature(clock);
    }

    /** Installs the gate on a clustered Vert.x before any consumer is registered. */
    public static ServerGuard install(Vertx vertx, Map<String, String> kioskKeys) {
        ServerGuard guard = new ServerGuard(kioskKeys, Clock.systemUTC());
        vertx.eventBus().addOutboundInterceptor(guard::outbound);
        vertx.eventBus().addInboundInterceptor(guard::inbound);
        return guard;
    }

    private <T> void outbound(DeliveryContext<T> ctx) {
        Message<T> message = ctx.message();
        String kioskId = ClusterAddresses.kioskOf(message.address());
        String key = kioskId == null ? null : kioskKeys.get(kioskId);
        if (key != null) {
            signature.sign(message, ctx.body(), MessageSignature.DOWN, kioskId, key);
            if (message.replyAddress() != null) {
                if (pendingReplies.size() > 1_000) forgetOldRequests();
                pendingReplies.put(message.replyAddress(), new Pending(kioskId, clock.millis()));
            }
        }
        ctx.next();
    }

    private <T> void inbound(DeliveryContext<T> ctx) {
        Message<T> message = ctx.message();
        if (!WireMessages.fromOtherNode(message)) {
            ctx.next();
            return;
        }
        String address = message.address();
        Pending pending = pendingReplies.get(address);
        String kioskId = pending != null ? pending.kioskId() : ClusterAddresses.kioskOf(address);
        if (kioskId == null || (pending == null && !acceptedFromKiosk(address, kioskId))) {
            drops.dropped(address, "no address of this server takes messages from other nodes");
            return;
        }
        String key = kioskKeys.get(kioskId);
        if (key == null) {
            drops.dropped(address, "kiosk " + kioskId + " has no key in cluster.kioskKeys");
            return;
        }
        String refused = signature.verify(message, MessageSignature.UP, kioskId, key);
        if (refused != null) {
            drops.dropped(address, refused);
            return;
        }
        if (pending != null) pendingReplies.remove(address);
        ctx.next();
    }

    private static boolean acceptedFromKiosk(String address, String kioskId) {
        return address.equals(DeviceAddresses.events(kioskId)) || address.equals(ClusterAddresses.heartbeat(kioskId));
    }

    private void forgetOldRequests() {
        long now = clock.millis();
        pendingReplies.values().removeIf(p -> now - p.since() > PENDING_REPLY_MILLIS);
    }
}
