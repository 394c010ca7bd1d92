package org.clinickiosk.device.port;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.clinickiosk.device.port.DeviceEvents.state;
import static org.clinickiosk.device.port.PortSteps.KIOSK;
import static org.clinickiosk.device.port.PortSteps.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class KioskDevicesTest {

    private final DeviceRegistry registry = new DeviceRegistry();

    private KioskDevices devices(Vertx vertx) {
        return new KioskDevices(vertx, registry, (kind, config) -> new LineDriver(kind),
                (kind, config) -> new LineSimulator());
    }

    @Test
    void deploysOneVerticlePerConfiguredDevice(Vertx vertx, VertxTestContext test) {
        JsonObject config = new JsonObject()
                .put("printer", new JsonObject().put("port", "simulated"))
                .put("scanner", new JsonObject().put("port", "simulated").put("model", "HS-7"));
        Predicate<JsonObject> anyConnected = state("printer", "connected").or(state("scanner", "connected"));
        DeviceEvents.subscribe(vertx, KIOSK).compose(events -> devices(vertx).deploy(KIOSK, config)
                        .compose(ids -> {
                            assertEquals(2, ids.size());
                            // the two devices connect in either order
                            return events.next(anyConnected, 1_000, "a device connected");
                        })
                        .compose(first -> events.next(anyConnected, 1_000, "another device connected")
                                .map(second -> Set.of(first.event().getString("kind"), second.event().getString("kind"))))
                        .compose(connected -> {
                            assertEquals(Set.of("printer", "scanner"), connected);
                            return request(vertx, "scanner", "say", new JsonObject().put("text", "hi"));
                        })
                        .map(reply -> {
                            assertEquals("echo:hi", reply.getString("reply"));
                            JsonObject health = registry.states(KIOSK);
                            assertEquals(2, health.size(), health.encode());
                            assertEquals("connected", health.getJsonObject("printer").getString("status"));
                            assertEquals(new JsonObject(), registry.states("another kiosk"));
                            return null;
                        }))
                .onComplete(test.succeedingThenComplete());
    }

    @Test
    void aWrongConfigDeploysNothingAndNamesTheKey(Vertx vertx, VertxTestContext test) {
        JsonObject config = new JsonObject()
                .put("printer", new JsonObject().put("port", "simulated"))
                .put("scanner", new JsonObject().put("port", "/dev/ttyUSB0").put("baud", "fast"));
        devices(vertx).deploy(KIOSK, config)
                .transform(badBaud -> {
                    assertEquals("devices.scanner.baud must be a positive whole number, got fast",
                            badBaud.cause().getMessage());
                    return devices(vertx).deploy(KIOSK, new JsonObject().put("fingerprintReader",
                            new JsonObject().put("port", "simulated")));
                })
                .transform(unknownKind -> {
                    assertTrue(unknownKind.cause().getMessage().startsWith("devices.fingerprintReader: unknown device kind"));
                    return new KioskDevices(vertx, registry, (kind, c) -> new LineDriver(kind), null)
                            .deploy(KIOSK, new JsonObject().put("printer", new JsonObject().put("port", "simulated")));
                })
                .transform(noSimulator -> {
                    assertEquals("devices.printer.port is \"simulated\" but there is no simulator for printer",
                            noSimulator.cause().getMessage());
                    assertTrue(vertx.deploymentIDs().isEmpty(), "nothing deployed");
                    return Future.succeededFuture();
                })
                .onComplete(test.succeedingThenComplete());
    }
}
