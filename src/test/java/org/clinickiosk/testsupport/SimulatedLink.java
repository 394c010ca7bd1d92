package org.clinickiosk.testsupport;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.clinickiosk.device.DeviceDriver;
import org.clinickiosk.device.DeviceLink;
import org.clinickiosk.device.DeviceSimulator;
import org.clinickiosk.device.DeviceState;

/**
 * An in-memory port: the driver's writes go to a simulator (or nowhere), the simulator's replies come back to the
 * driver asynchronously on the driver's context, as from a real port.
 */
public final class SimulatedLink implements DeviceLink {
    public final List<JsonObject> events = new CopyOnWriteArrayList<>();
    public final List<byte[]> sent = new CopyOnWriteArrayList<>();
    public final List<DeviceState> states = new CopyOnWriteArrayList<>();
    private final Vertx vertx;
    private final Context context;
    private final DeviceDriver driver;
    private final DeviceSimulator simulator;

    /** @param simulator null for a device that never answers */
    public SimulatedLink(Vertx vertx, DeviceDriver driver, DeviceSimulator simulator) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.driver = driver;
        this.simulator = simulator;
        if (simulator != null) simulator.connect(bytes -> context.runOnContext(v -> driver.received(bytes)));
        call(() -> {
            driver.opened(this);
            return Future.succeededFuture();
        });
    }

    /** Runs on the driver's context and waits for the outcome; a failed future becomes an exception. */
    public <T> T call(Supplier<Future<T>> action) {
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(v -> action.get().onComplete(ar -> {
            if (ar.succeeded()) result.complete(ar.result());
            else result.completeExceptionally(ar.cause());
        }));
        try {
            return result.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e.getCause() != null ? e.getCause().getMessage() : e.toString(), e);
        }
    }

    /** Lets already queued deliveries reach the driver before the test looks at the events. */
    public void settle() {
        call(() -> Future.succeededFuture());
    }

    @Override
    public void send(byte[] bytes) {
        sent.add(bytes.clone());
        if (simulator != null) simulator.fromHost(bytes);
    }

    @Override
    public void publish(String type, JsonObject event) {
        events.add(new JsonObject().put("type", type).put("event", event));
    }

    @Override
    public void state(DeviceState state) {
        states.add(state);
    }

    @Override
    public Vertx vertx() { return vertx; }

    @Override
    public String kioskId() { return "k1"; }
}
