package org.clinickiosk.common;

import io.vertx.core.Future;
import io.vertx.core.eventbus.MessageConsumer;

import java.util.ArrayList;
import java.util.List;

/**
 * The event-bus consumers a component registered, so it can unregister them all when the server closes; otherwise a
 * server restarted inside the same Vert.x (tests, the cluster's kiosk node) would keep feeding the old instance.
 */
public final class Subscriptions {
    private final List<MessageConsumer<?>> consumers = new ArrayList<>();

    public synchronized <T> MessageConsumer<T> add(MessageConsumer<T> consumer) {
        consumers.add(consumer);
        return consumer;
    }

    public synchronized Future<Void> close() {
        List<Future<Void>> done = consumers.stream().map(MessageConsumer::unregister).toList();
        consumers.clear();
        return Future.join(done).mapEmpty();
    }
}
