package org.clinickiosk.device.port;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.clinickiosk.device.DeviceAddresses;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Records a kiosk's device events from the bus and lets a test await them in order: each {@link #next} matches
 * only events after the one the previous call matched. Subscribe before deploying, so no event is missed.
 */
final class DeviceEvents {

    /** An event and when it arrived ({@link System#nanoTime}). */
    record Received(JsonObject event, long nanos) {}

    private record Waiter(Predicate<JsonObject> match, Promise<Received> promise, String description) {}

    private final Vertx vertx;
    private final MessageConsumer<JsonObject> consumer;
    private final List<Received> received = new ArrayList<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private int cursor;

    private DeviceEvents(Vertx vertx, String kioskId) {
        this.vertx = vertx;
        this.consumer = vertx.eventBus().consumer(DeviceAddresses.events(kioskId), message -> add(message.body()));
    }

    static Future<DeviceEvents> subscribe(Vertx vertx, String kioskId) {
        DeviceEvents events = new DeviceEvents(vertx, kioskId);
        return events.consumer.completion().map(events);
    }

    static Predicate<JsonObject> state(String kind, String status) {
        return event -> "state".equals(event.getString("type")) && kind.equals(event.getString("kind"))
                && status.equals(event.getString("status"));
    }

    static Predicate<JsonObject> line(String text) {
        return event -> "line".equals(event.getString("type")) && text.equals(event.getString("text"));
    }

    /** The next matching event, failing after {@code timeoutMs}. */
    synchronized Future<Received> next(Predicate<JsonObject> match, long timeoutMs, String description) {
        Promise<Received> promise = Promise.promise();
        Waiter waiter = new Waiter(match, promise, description);
        if (!tryMatch(waiter)) {
            waiters.add(waiter);
            vertx.setTimer(timeoutMs, id -> expire(waiter, timeoutMs));
        }
        return promise.future();
    }

    synchronized List<JsonObject> all() {
        return received.stream().map(Received::event).toList();
    }

    private synchronized void add(JsonObject event) {
        received.add(new Received(event, System.nanoTime()));
        waiters.removeIf(this::tryMatch);
    }

    private boolean tryMatch(Waiter waiter) {
        for (int i = cursor; i < received.size(); i++) {
            if (waiter.match().test(received.get(i).event())) {
                cursor = i + 1;
                waiter.promise().complete(received.get(i));
                return true;
            }
        }
        return false;
    }

    private synchronized void expire(Waiter waiter, long timeoutMs) {
        if (waiters.remove(waiter)) {
            waiter.promise().fail(new TimeoutException("no " + waiter.description() + " within " + timeoutMs
                    + " ms; events so far: " + received.stream().map(r -> r.event().encode()).toList()));
        }
    }
}
