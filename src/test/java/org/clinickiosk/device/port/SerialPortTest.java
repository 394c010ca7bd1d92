package org.clinickiosk.device.port;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.clinickiosk.device.DeviceAddresses;
import org.clinickiosk.device.DeviceState;
import org.clinickiosk.testsupport.PtyPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.clinickiosk.device.port.DeviceEvents.line;
import static org.clinickiosk.device.port.DeviceEvents.state;
import static org.clinickiosk.device.port.PortSteps.KIOSK;
import static org.clinickiosk.device.port.PortSteps.blocking;
import static org.clinickiosk.device.port.PortSteps.deploy;
import static org.clinickiosk.device.port.PortSteps.millisSince;
import static org.clinickiosk.device.port.PortSteps.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** The serial transport and the port verticle over real jSerialComm on socat pseudo-terminals. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class SerialPortTest {

    private static final String KIND = "scanner";

    private final DeviceRegistry registry = new DeviceRegistry();
    private final LineDriver driver = new LineDriver(KIND);
    private PtyPair pty;
    private SimulatorOnPty device;

    @BeforeEach
    void plugIn() throws IOException {
        pty = PtyPair.open();
        device = new SimulatorOnPty(new LineSimulator(), pty.b());
        device.attach();
    }

    @AfterEach
    void cleanUp() {
        device.close();
        pty.close();
    }

    private Future<DeviceEvents> start(Vertx vertx, JsonObject portConfig) {
        return DeviceEvents.subscribe(vertx, KIOSK)
                .compose(events -> deploy(vertx, portConfig, driver, null, registry).map(events));
    }

    private static JsonObject serial(Path port, int baud) {
        return new JsonObject().put("port", port.toString()).put("baud", baud);
    }

    @ParameterizedTest(name = "{0} baud")
    @ValueSource(ints = {9600, 115200})
    void bytesFlowBothWays(int baud, Vertx vertx, VertxTestContext test) {
        start(vertx, serial(pty.a(), baud)).compose(events -> events.next(state(KIND, "connected"), 2_000, "connected")
                        .compose(connected -> request(vertx, KIND, "say", new JsonObject().put("text", "hello at " + baud)))
                        .compose(reply -> {
                            assertEquals("echo:hello at " + baud, reply.getString("reply"), "host → device → host");
                            return blocking(vertx, () -> device.perform("say", Map.of("text", "unasked")));
                        })
                        .compose(v -> events.next(line("unasked"), 2_000, "line sent by the device")))
                .onComplete(test.succeedingThenComplete());
    }

    @Test
    void arbitrarilyChunkedBytesReachTheDriverIntact(Vertx vertx, VertxTestContext test) {
        List<String> expected = LineSimulator.burstLines(3_000);
        start(vertx, serial(pty.a(), 115200)).compose(events -> events.next(state(KIND, "connected"), 2_000, "connected")
                        .compose(connected -> blocking(vertx, () -> device.perform("burst",
                                Map.of("lines", "3000", "seed", "7"))))
                        .compose(v -> events.next(line(expected.get(expected.size() - 1)), 10_000, "last burst line"))
                        .map(last -> {
                            List<String> lines = events.all().stream()
                                    .filter(event -> "line".equals(event.getString("type")))
                                    .map(event -> event.getString("text")).toList();
                            assertEquals(expected, lines, "every byte, in order, whatever the chunking");
                            assertTrue(driver.chunks.get() > 1, "delivered in several chunks: " + driver.chunks);
                            return null;
                        }))
                .onComplete(test.succeedingThenComplete());
    }

    /** Bytes waiting when the port opens (a device that greets at power-on) reach the driver after opened(). */
    @Test
    void bytesSentBeforeThePortOpensAreNotLost(Vertx vertx, VertxTestContext test) {
        blocking(vertx, () -> device.perform("say", Map.of("text", "READY")))
                .compose(v -> start(vertx, serial(pty.a(), 9600)))
                .compose(events -> events.next(state(KIND, "connected"), 2_000, "connected")
                        .compose(connected -> events.next(line("READY"), 2_000, "the greeting")))
                .onComplete(test.succeedingThenComplete());
    }

    @Test
    void unplugIsNoticedAtOnceAndAReplugWithinTwoSeconds(Vertx vertx, VertxTestContext test) {
        long[] unpluggedAt = new long[1];
        long[] repluggedAt = new long[1];
        start(vertx, serial(pty.a(), 9600)).compose(events -> events.next(state(KIND, "connected"), 2_000, "connected")
                        .compose(connected -> blocking(vertx, () -> {
                            device.detach();
                            unpluggedAt[0] = System.nanoTime();
                            pty.unplug();
                        }))
                        .compose(v -> events.next(state(KIND, "disconnected"), 1_000, "disconnected"))
                        .compose(disconnected -> {
                            assertTrue(millisSince(unpluggedAt[0], disconnected.nanos()) <= 1_000);
                            assertEquals("unplugged or powered off", disconnected.event().getString("reason"));
                            assertEquals(DeviceState.Status.DISCONNECTED, registry.state(KIOSK, KIND).orElseThrow().status());
                            return blocking(vertx, () -> {
                                repluggedAt[0] = System.nanoTime();
                                pty.replug();
                                device.attach();
                            });
                        })
                        .compose(v -> events.next(state(KIND, "connected"), 2_000, "connected after replug"))
                        .compose(connected -> {
                            assertTrue(millisSince(repluggedAt[0], connected.nanos()) <= 2_000);
                            return request(vertx, KIND, "say", new JsonObject().put("text", "back again"));
                        })
                        .map(reply -> {
                            assertEquals("echo:back again", reply.getString("reply"));
                            return null;
                        }))
                .onComplete(test.succeedingThenComplete());
    }

    /** Like /dev/serial/by-id/...: udev re-points the link when the adapter comes back as another ttyUSBn. */
    @Test
    void aLinkResolvedAgainOnEveryOpenFindsTheDeviceUnderItsNewName(Vertx vertx, VertxTestContext test)
            throws IOException {
        Path byId = pty.dir().resolve("usb-Clinic_Scanner_1234-if00-port0");
        Files.createSymbolicLink(byId, pty.realA());
        Path firstNode = pty.realA();
        PtyPair other = PtyPair.open();
        SimulatorOnPty otherDevice = new SimulatorOnPty(new LineSimulator(), other.b());
        start(vertx, serial(byId, 9600)).compose(events -> events.next(state(KIND, "connected"), 2_000, "connected")
                        .compose(connected -> blocking(vertx, () -> {
                            device.detach();
                            pty.unplug();
                        }))
                        .compose(v -> events.next(state(KIND, "disconnected"), 1_000, "disconnected"))
                        .compose(disconnected -> blocking(vertx, () -> {
                            otherDevice.attach();
                            Path next = byId.resolveSibling("next-link");
                            Files.createSymbolicLink(next, other.realA());
                            Files.move(next, byId, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                        }))
                        .compose(v -> events.next(state(KIND, "connected"), 2_000, "connected under the new name"))
                        .compose(connected -> request(vertx, KIND, "say", new JsonObject().put("text", "new node")))
                        .map(reply -> {
                            assertEquals("echo:new node", reply.getString("reply"));
                            assertNotEquals(firstNode, other.realA(), "really another /dev/pts node");
                            return null;
                        }))
                .eventually(() -> blocking(vertx, () -> {
                    otherDevice.close();
                    other.close();
                }))
                .onComplete(test.succeedingThenComplete());
    }

    @Test
    void aMissingDeviceIsAnErrorWithReasonUntilItIsPluggedIn(Vertx vertx, VertxTestContext test) {
        Path missing = pty.dir().resolve("usb-Not_Plugged_In-if00");
        start(vertx, serial(missing, 9600)).compose(events -> events.next(state(KIND, "error"), 2_000, "error")
                        .compose(error -> {
                            String reason = error.event().getString("reason");
                            assertTrue(reason.contains(missing + " not found"), reason);
                            assertTrue(reason.contains("unplugged or powered off"), reason);
                            assertEquals("error", registry.states(KIOSK).getJsonObject(KIND).getString("status"));
                            return blocking(vertx, () -> Files.createSymbolicLink(missing, pty.realA()));
                        })
                        .compose(v -> events.next(state(KIND, "connected"), 2_000, "connected once plugged in")))
                .onComplete(test.succeedingThenComplete());
    }

    @Test
    void somethingThatIsNoSerialPortIsAnErrorWithReason(Vertx vertx, VertxTestContext test) throws IOException {
        Path notATty = Files.createFile(pty.dir().resolve("notes.txt"));
        start(vertx, serial(notATty, 9600)).compose(events -> events.next(state(KIND, "error"), 2_000, "error"))
                .map(error -> {
                    assertEquals(notATty + " is not a serial port; check the 'port' setting",
                            error.event().getString("reason"));
                    return null;
                })
                .onComplete(test.succeedingThenComplete());
    }

    @Test
    void permissionDeniedNamesTheDialoutGroup(Vertx vertx, VertxTestContext test) throws IOException {
        assumeFalse("root".equals(System.getProperty("user.name")), "root may open any device");
        Files.setPosixFilePermissions(pty.realA(), Set.of());
        start(vertx, serial(pty.a(), 9600)).compose(events -> events.next(state(KIND, "error"), 2_000, "error"))
                .map(error -> {
                    String reason = error.event().getString("reason");
                    assertTrue(reason.startsWith("permission denied on " + pty.a()), reason);
                    assertTrue(reason.contains("'dialout' group"), reason);
                    return null;
                })
                .onComplete(test.succeedingThenComplete());
    }

    @Test
    void openFailuresAreExplainedByErrno() {
        assertTrue(SerialPortTransport.openFailure("/dev/ttyUSB0", 13).getMessage()
                .contains("add the kiosk's user to the 'dialout' group"));
        assertTrue(SerialPortTransport.openFailure("/dev/ttyUSB0", 16).getMessage().contains("in use"));
        assertTrue(SerialPortTransport.openFailure("/dev/ttyUSB0", 2).deviceAbsent());
        assertTrue(!SerialPortTransport.openFailure("/dev/ttyUSB0", 13).deviceAbsent());
    }

    @Test
    void requestsAreServedOverTheBus(Vertx vertx, VertxTestContext test) {
        start(vertx, serial(pty.a(), 9600)).compose(events -> events.next(state(KIND, "connected"), 2_000, "connected")
                        .compose(connected -> request(vertx, KIND, "dance", new JsonObject()))
                        .transform(unsupported -> {
                            assertFailure(unsupported, DevicePortVerticle.REQUEST_FAILED, "scanner does not support 'dance'");
                            return vertx.eventBus().request(DeviceAddresses.requests(KIOSK, KIND),
                                    new JsonObject().put("body", new JsonObject()));
                        })
                        .transform(noAction -> {
                            assertFailure(noAction, DevicePortVerticle.BAD_REQUEST, "a device request needs an 'action'");
                            return request(vertx, KIND, "fault", new JsonObject().put("reason", "paper jam"));
                        })
                        .compose(v -> events.next(state(KIND, "error"), 1_000, "driver's error state"))
                        .map(error -> {
                            assertEquals("paper jam", error.event().getString("reason"));
                            assertEquals(KIOSK, error.event().getString("kioskId"));
                            assertTrue(error.event().containsKey("timestamp"));
                            assertEquals("paper jam", registry.state(KIOSK, KIND).orElseThrow().reason());
                            return null;
                        }))
                .onComplete(test.succeedingThenComplete());
    }

    @Test
    void requestsToAnUnpluggedDeviceFailWithTheReason(Vertx vertx, VertxTestContext test) {
        start(vertx, serial(pty.a(), 9600)).compose(events -> events.next(state(KIND, "connected"), 2_000, "connected")
                        .compose(connected -> blocking(vertx, () -> {
                            device.detach();
                            pty.unplug();
                        }))
                        .compose(v -> events.next(state(KIND, "disconnected"), 1_000, "disconnected"))
                        .compose(v -> request(vertx, KIND, "say", new JsonObject().put("text", "anyone?")))
                        .transform(result -> {
                            assertFailure(result, DevicePortVerticle.DEVICE_UNAVAILABLE,
                                    "scanner is not available: unplugged or powered off");
                            return Future.<Void>succeededFuture();
                        }))
                .onComplete(test.succeedingThenComplete());
    }

    @Test
    void undeployClosesThePort(Vertx vertx, VertxTestContext test) {
        Path node = pty.realA();
        start(vertx, serial(pty.a(), 9600)).compose(events -> events.next(state(KIND, "connected"), 2_000, "connected")
                        .compose(connected -> blocking(vertx, () ->
                                assertEquals(1, openDescriptors(node), "the verticle holds the port open")))
                        .compose(v -> vertx.undeploy(vertx.deploymentIDs().iterator().next()))
                        .compose(v -> blocking(vertx, () -> {
                            assertEquals(0, openDescriptors(node), "closed on undeploy");
                            assertTrue(registry.states(KIOSK).isEmpty(), "no longer listed for /api/health");
                        })))
                .onComplete(test.succeedingThenComplete());
    }

    private static void assertFailure(AsyncResult<?> result, int code, String message) {
        assertTrue(result.failed(), "expected a failure, got " + result.result());
        ReplyException failure = (ReplyException) result.cause();
        assertEquals(code, failure.failureCode());
        assertEquals(message, failure.getMessage());
    }

    /** File descriptors of this JVM open on a device node. */
    private static long openDescriptors(Path node) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(node);
                } catch (IOException e) {
                    return false;
                }
            }).count();
        }
    }
}
