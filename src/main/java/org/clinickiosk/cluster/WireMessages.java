package org.clinickiosk.cluster;

import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.impl.clustered.ClusteredMessage;

/** Tells messages that came from another node apart from this node's own. */
final class WireMessages {
    private WireMessages() {}

    /**
     * Vert.x has no public flag for this; its clustered message class has one. Anything not known to be local counts
     * as from the wire, so a Vert.x upgrade that changes the class fails closed (messages refused), not open.
     */
    static boolean fromOtherNode(Message<?> message) {
        return !(message instanceof ClusteredMessage<?, ?> clustered) || clustered.isFromWire();
    }
}
