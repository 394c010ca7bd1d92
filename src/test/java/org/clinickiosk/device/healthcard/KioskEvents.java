package org.clinickiosk.device.healthcard;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.clinickiosk.device.DeviceAddresses;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Records a kiosk's device events so a blocking test can wait for the next matching one. */
final class KioskEvents {
    private final LinkedBlockingQueue<JsonObject> queue = new LinkedBlockingQueue<>();
    private final List<JsonObject> seen = new ArrayList<>();

    KioskEvents(Vertx vertx, String kioskId) {
        vertx.eventBus().<JsonObject>consumer(DeviceAddresses.events(kioskId), m -> queue.add(m.body()))
                .completion().await();
    }

    static Predicate<JsonObject> type(String type) {
        return e -> type.equals(e.getString("type"));
    }

    static Predicate<JsonObject> state(String status) {
        return e -> "state".equals(e.getString("type")) && status.equals(e.getString("status"));
    }

    /** The next event matching, skipping others; fails naming what was seen meanwhile. */
    JsonObject next(Predicate<JsonObject> wanted, long timeoutMs, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (true) {
            long left = deadline - System.currentTimeMillis();
            JsonObject event = left <= 0 ? null : queue.poll(left, TimeUnit.MILLISECONDS);
            if (event == null) throw new AssertionError("no " + what + " within " + timeoutMs + " ms; saw " + seen);
            seen.add(event);
            if (wanted.test(event)) return event;
        }
    }

    /** Events that arrive within {@code ms}. */
    List<JsonObject> during(long ms) throws InterruptedException {
        List<JsonObject> out = new ArrayList<>();
        long deadline = System.currentTimeMillis() + ms;
        for (long left = ms; left > 0; left = deadline - System.currentTimeMillis()) {
            JsonObject event = queue.poll(left, TimeUnit.MILLISECONDS);
            if (event != null) out.add(event);
        }
        return out;
    }
}
