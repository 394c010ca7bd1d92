package org.clinickiosk.device.port;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.clinickiosk.device.DeviceAddresses;
import org.clinickiosk.device.DeviceSimulator;

import java.util.function.Supplier;

/** Small steps the port tests chain together. */
final class PortSteps {

    static final String KIOSK = "K1";

    interface BlockingStep {
        void run() throws Exception;
    }

    private PortSteps() {}

    /** Runs blocking test code (killing socat, file I/O) on a worker, never on the event loop. */
    static Future<Void> blocking(Vertx vertx, BlockingStep step) {
        return vertx.executeBlocking(() -> {
            step.run();
            return null;
        }, false);
    }

    /** Sends {@code {action, body}} to a device of kiosk K1 and returns the reply body. */
    static Future<JsonObject> request(Vertx vertx, String kind, String action, JsonObject body) {
        return vertx.eventBus().<JsonObject>request(DeviceAddresses.requests(KIOSK, kind),
                new JsonObject().put("action", action).put("body", body)).map(reply -> reply.body());
    }

    static Future<DevicePortVerticle> deploy(Vertx vertx, JsonObject portConfig, LineDriver driver,
                                             Supplier<DeviceSimulator> simulator,
                                             DeviceRegistry registry) {
        DevicePortVerticle verticle = new DevicePortVerticle(KIOSK, PortConfig.parse("devices." + driver.kind(),
                portConfig), driver, simulator, registry);
        return vertx.deployVerticle(verticle).map(verticle);
    }

    static long millisSince(long nanos, long laterNanos) {
        return (laterNanos - nanos) / 1_000_000;
    }

    static void check(boolean condition, String failure) {
        if (!condition) throw new AssertionError(failure);
    }
}
