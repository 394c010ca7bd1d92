package org.clinickiosk.device.port;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.clinickiosk.device.DeviceSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.clinickiosk.device.port.DeviceEvents.line;
import static org.clinickiosk.device.port.DeviceEvents.state;
import static org.clinickiosk.device.port.PortSteps.KIOSK;
import static org.clinickiosk.device.port.PortSteps.deploy;
import static org.clinickiosk.device.port.PortSteps.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The simulate-devices command, driven through its standard input like a person or a script would. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class SimulatorLauncherTest {

    private static final Map<String, Supplier<DeviceSimulator>> SIMULATORS = Map.of("scanner", LineSimulator::new);

    private final BlockingQueue<String> output = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();
    private PrintStream input;
    private Path dir;

    @BeforeEach
    void launch() throws IOException {
        dir = Files.createTempDirectory("simulated-devices-");
        PipedInputStream stdin = new PipedInputStream();
        input = new PrintStream(new PipedOutputStream(stdin), true, StandardCharsets.UTF_8);
        PrintStream stdout = new PrintStream(new LineCollector(output), true, StandardCharsets.UTF_8);
        Thread launcher = new Thread(() -> exitCode.complete(new SimulatorLauncher(SIMULATORS).run(
                List.of("--dir", dir.toString(), "--kiosk", KIOSK, "scanner"),
                new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)), stdout)), "launcher");
        launcher.setDaemon(true);
        launcher.start();
    }

    @AfterEach
    void quit() throws Exception {
        input.close();
        exitCode.get(5, TimeUnit.SECONDS);
        Files.deleteIfExists(dir);
    }

    /** The next output line, waiting at most 5 s. */
    private String nextLine() throws InterruptedException {
        String line = output.poll(5, TimeUnit.SECONDS);
        if (line == null) throw new AssertionError("the launcher said nothing more");
        return line;
    }

    private JsonObject readyConfig() throws InterruptedException {
        StringBuilder json = new StringBuilder();
        String line = nextLine();
        while (!line.equals("config:")) line = nextLine();
        for (line = nextLine(); !line.startsWith("ready:"); line = nextLine()) json.append(line).append('\n');
        return new JsonObject(json.toString());
    }

    private Future<String> command(Vertx vertx, String command) {
        return vertx.executeBlocking(() -> {
            input.println(command);
            return nextLine();
        }, false);
    }

    @Test
    void printsAReadyConfigAndPerformsScriptedBehaviours(Vertx vertx, VertxTestContext test) throws Exception {
        JsonObject config = readyConfig();
        JsonObject kiosk = config.getJsonArray("kiosks").getJsonObject(0);
        assertEquals(KIOSK, kiosk.getString("id"));
        JsonObject scanner = kiosk.getJsonObject("devices").getJsonObject("scanner");
        assertEquals(dir.resolve("scanner").toString(), scanner.getString("port"));

        DeviceEvents.subscribe(vertx, KIOSK).compose(events -> deploy(vertx, scanner, new LineDriver("scanner"), null,
                        new DeviceRegistry())
                        .compose(v -> events.next(state("scanner", "connected"), 2_000, "connected"))
                        .compose(v -> command(vertx, "scanner say text=6901234567892"))
                        .compose(reply -> {
                            assertEquals("ok", reply);
                            return events.next(line("6901234567892"), 2_000, "the scanned code");
                        })
                        .compose(v -> command(vertx, "scanner dance"))
                        .compose(reply -> {
                            assertEquals("error: unknown behaviour 'dance'", reply);
                            return command(vertx, "printer paper-out");
                        })
                        .compose(reply -> {
                            assertTrue(reply.startsWith("error: no simulated device 'printer'"), reply);
                            return command(vertx, "scanner unplug");
                        })
                        .compose(reply -> {
                            assertEquals("ok: scanner unplugged", reply);
                            return events.next(state("scanner", "disconnected"), 1_000, "disconnected");
                        })
                        .compose(v -> command(vertx, "scanner replug"))
                        .compose(reply -> events.next(state("scanner", "connected"), 2_000, "connected again"))
                        .compose(v -> request(vertx, "scanner", "say", new JsonObject().put("text", "still there?")))
                        .compose(reply -> {
                            assertEquals("echo:still there?", reply.getString("reply"));
                            return vertx.executeBlocking(() -> {
                                input.println("quit");
                                return exitCode.get(5, TimeUnit.SECONDS);
                            }, false);
                        })
                        .map(code -> {
                            assertEquals(0, code);
                            assertFalse(Files.exists(dir.resolve("scanner")), "links removed on quit");
                            return null;
                        }))
                .onComplete(test.succeedingThenComplete());
    }

    @Test
    void rejectsAnUnknownKind() throws Exception {
        SimulatorLauncher launcher = new SimulatorLauncher(SIMULATORS);
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        int code = launcher.run(List.of("--dir", dir.toString(), "printer"),
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
                new PrintStream(new LineCollector(lines), true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        assertEquals("error: no simulator for 'printer'; available: scanner", lines.poll());
    }

    /** Turns printed text into lines. */
    private static final class LineCollector extends OutputStream {
        private final BlockingQueue<String> lines;
        private final ByteArrayOutputStream current = new ByteArrayOutputStream();

        LineCollector(BlockingQueue<String> lines) { this.lines = lines; }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                lines.add(current.toString(StandardCharsets.UTF_8));
                current.reset();
            } else {
                current.write(b);
            }
        }
    }
}
