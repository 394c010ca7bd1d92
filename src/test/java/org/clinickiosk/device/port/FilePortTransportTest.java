package org.clinickiosk.device.port;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.clinickiosk.device.port.DeviceEvents.state;
import static org.clinickiosk.device.port.PortSteps.KIOSK;
import static org.clinickiosk.device.port.PortSteps.blocking;
import static org.clinickiosk.device.port.PortSteps.deploy;
import static org.clinickiosk.device.port.PortSteps.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The /dev/usb/lp transport, with a FIFO standing in for the printer node: the test reads what the kiosk prints,
 * and removing the FIFO is the printer being unplugged.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class FilePortTransportTest {

    private static final String KIND = "printer";

    private final DeviceRegistry registry = new DeviceRegistry();
    private Path dir;
    private Path lp;
    private FileChannel printer;

    @BeforeEach
    void makeFolder() throws IOException {
        dir = Files.createTempDirectory("usb-lp-");
        lp = dir.resolve("lp0");
    }

    @AfterEach
    void cleanUp() throws IOException {
        if (printer != null) printer.close();
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    /** Creates the FIFO and opens its reading side (read-write, so neither side's open blocks). */
    private void plugInPrinter() throws Exception {
        Process mkfifo = new ProcessBuilder("mkfifo", lp.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor(), "mkfifo");
        if (printer != null) printer.close();
        printer = FileChannel.open(lp, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    private String printed(int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) printer.read(buffer);
        return new String(buffer.array(), StandardCharsets.UTF_8);
    }

    private Future<DeviceEvents> start(Vertx vertx) {
        JsonObject config = new JsonObject().put("port", lp.toString()).put("transport", "file");
        return DeviceEvents.subscribe(vertx, KIOSK)
                .compose(events -> deploy(vertx, config, new LineDriver(KIND), null, registry).map(events));
    }

    @Test
    void writesReachThePrinterAndAnUnplugIsNoticed(Vertx vertx, VertxTestContext test) {
        blocking(vertx, this::plugInPrinter)
                .compose(v -> start(vertx))
                .compose(events -> events.next(state(KIND, "connected"), 2_000, "connected")
                        .compose(connected -> request(vertx, KIND, "send", new JsonObject().put("text", "ticket A017")))
                        .compose(sent -> vertx.executeBlocking(() -> printed("ticket A017\n".length()), false))
                        .compose(printed -> {
                            assertEquals("ticket A017\n", printed);
                            return blocking(vertx, () -> Files.delete(lp));
                        })
                        .compose(v -> events.next(state(KIND, "disconnected"), 1_000, "disconnected"))
                        .compose(disconnected -> blocking(vertx, this::plugInPrinter))
                        .compose(v -> events.next(state(KIND, "connected"), 2_000, "connected again"))
                        .compose(connected -> request(vertx, KIND, "send", new JsonObject().put("text", "ticket A018")))
                        .compose(sent -> vertx.executeBlocking(() -> printed("ticket A018\n".length()), false))
                        .map(printed -> {
                            assertEquals("ticket A018\n", printed);
                            return null;
                        }))
                .onComplete(test.succeedingThenComplete());
    }

    @Test
    void aMissingPrinterNodeIsAnErrorWithReason(Vertx vertx, VertxTestContext test) {
        start(vertx).compose(events -> events.next(state(KIND, "error"), 2_000, "error"))
                .map(error -> {
                    String reason = error.event().getString("reason");
                    assertEquals(lp + " not found: unplugged or powered off?", reason);
                    assertTrue(registry.states(KIOSK).getJsonObject(KIND).getString("reason").contains("not found"));
                    return null;
                })
                .onComplete(test.succeedingThenComplete());
    }

    @Test
    void usbPrinterNodesAreWrittenAsFiles() {
        assertEquals(PortConfig.Transport.FILE,
                PortConfig.parse("devices.printer", new JsonObject().put("port", "/dev/usb/lp0")).transport());
    }
}
