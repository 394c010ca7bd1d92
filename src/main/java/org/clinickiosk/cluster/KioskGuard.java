package org.clinickiosk.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.eventbus.Message;

import java.time.Clock;

/**
 * A kiosk node's event-bus gate: everything it sends is signed with its own kiosk key ({@link MessageSignature#UP}),
 * and of the messages from other nodes it takes only those to its own addresses ("kiosk.{id}.") signed by the server
 * with that key ({@link MessageSignature#DOWN}): another kiosk node cannot drive this kiosk's printer.
 */
public final class KioskGuard {
    private final String kioskId;
    private final String key;
    private final MessageSignature signature = new MessageSignature(Clock.systemUTC());
    private final DropLog drops = new DropLog();

    private KioskGuard(String kioskId, String key) {
        this.kioskId = kioskId;
        this.key = key;
    }

    public static void install(Vertx vertx, String kioskId, String key) {
        KioskGuard guard = new KioskGuard(kioskId, key);
        vertx.eventBus().addOutboundInterceptor(guard::outbound);
        vertx.eventBus().addInboundInterceptor(guard::inbound);
    }

    private <T> void outbound(DeliveryContext<T> ctx) {
        signature.sign(ctx.message(), ctx.body(), MessageSignature.UP, kioskId, key);
        ctx.next();
    }

    private <T> void inbound(DeliveryContext<T> ctx) {
        Message<T> message = ctx.message();
        if (!WireMessages.fromOtherNode(message)) {
            ctx.next();
            return;
        }
        if (!kioskId.equals(ClusterAddresses.kioskOf(message.address()))) {
            drops.dropped(message.address(), "not an address of kiosk " + kioskId);
            return;
        }
        String refused = signature.verify(message, MessageSignature.DOWN, kioskId, key);
        if (refused != null) {
            drops.dropped(message.address(), refused);
            return;
        }
        ctx.next();
    }
}
