package org.clinickiosk.device.port;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;

import static org.clinickiosk.device.port.DeviceEvents.line;
import static org.clinickiosk.device.port.DeviceEvents.state;
import static org.clinickiosk.device.port.PortSteps.KIOSK;
import static org.clinickiosk.device.port.PortSteps.deploy;
import static org.clinickiosk.device.port.PortSteps.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ports configured as {@code simulated}: the simulator runs in-process behind the same verticle. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class SimulatedPortTransportTest {

    private static final String KIND = "bpMonitor";

    private final DeviceRegistry registry = new DeviceRegistry();
    private final LineDriver driver = new LineDriver(KIND);

    private Future<DeviceEvents> start(Vertx vertx) {
        return DeviceEvents.subscribe(vertx, KIOSK).compose(events -> deploy(vertx,
                new JsonObject().put("port", "simulated"), driver, LineSimulator::new, registry).map(events));
    }

    @Test
    void bytesTravelAsynchronouslyBothWays(Vertx vertx, VertxTestContext test) {
        start(vertx).compose(events -> events.next(state(KIND, "connected"), 1_000, "connected")
                        .compose(connected -> request(vertx, KIND, "say", new JsonObject().put("text", "measure")))
                        .map(reply -> {
                            assertEquals("echo:measure", reply.getString("reply"));
                            assertEquals(0, driver.deliveriesInsideSend.get(), "a reply must not arrive inside send");
                            assertEquals("connected", registry.states(KIOSK).getJsonObject(KIND).getString("status"));
                            assertEquals("simulated", registry.states(KIOSK).getJsonObject(KIND).getString("port"));
                            return null;
                        }))
                .onComplete(test.succeedingThenComplete());
    }

    @Test
    void behavioursArePerformedThroughTheRequestAddress(Vertx vertx, VertxTestContext test) {
        JsonObject say = new JsonObject().put("behaviour", "say").put("args", new JsonObject().put("text", "150/95"));
        start(vertx).compose(events -> events.next(state(KIND, "connected"), 1_000, "connected")
                        .compose(connected -> request(vertx, KIND, DevicePortVerticle.SIMULATE_ACTION, say))
                        .compose(done -> events.next(line("150/95"), 1_000, "the simulated reading"))
                        .compose(reading -> request(vertx, KIND, DevicePortVerticle.SIMULATE_ACTION,
                                new JsonObject().put("behaviour", "explode")))
                        .transform(unknown -> {
                            assertTrue(unknown.failed(), "an unknown behaviour fails");
                            ReplyException failure = (ReplyException) unknown.cause();
                            assertEquals(DevicePortVerticle.BAD_REQUEST, failure.failureCode());
                            assertEquals("unknown behaviour 'explode'", failure.getMessage());
                            return Future.succeededFuture();
                        }))
                .onComplete(test.succeedingThenComplete());
    }
}
