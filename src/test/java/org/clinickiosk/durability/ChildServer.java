package org.clinickiosk.durability;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The real server in a child JVM ({@code java -cp <this JVM's class path> org.clinickiosk.Main --config FILE}), with
 * its output appended to a log file. Every child still alive when the test JVM exits is killed by a shutdown hook.
 */
final class ChildServer implements AutoCloseable {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
                "kill-child-servers"));
    }

    private final Path config;
    private final Path log;
    private final int port;
    private final List<String> jvmOptions;
    private Process process;

    ChildServer(Path config, Path log, int port, List<String> jvmOptions) {
        this.config = config;
        this.log = log;
        this.port = port;
        this.jvmOptions = jvmOptions;
    }

    /** A port that was free a moment ago on the loopback address. */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    void start() throws IOException {
        if (isAlive()) throw new IllegalStateException("already running");
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("org.clinickiosk.Main");
        command.add("--config");
        command.add(config.toString());
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        LIVE.add(process);
    }

    /**
     * Polls GET /api/health until it answers 200. Fails at once if the child exits, and after {@code timeout}.
     * Returns the time from the call until the first 200.
     */
    Duration awaitReady(WebClient client, Duration timeout) throws Exception {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue() + "; log:\n" + logTail());
            }
            try {
                HttpResponse<Buffer> r = client.get(port, "127.0.0.1", "/api/health").timeout(2000).send()
                        .await(5, TimeUnit.SECONDS);
                if (r.statusCode() == 200) return Duration.ofNanos(System.nanoTime() - start);
            } catch (Exception notYet) {
                // connection refused while the child is still starting
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the server did not become ready in " + timeout + "; log:\n" + logTail());
            }
            Thread.sleep(20); // poll interval
        }
    }

    /** SIGKILL (destroyForcibly is SIGKILL on Linux): no shutdown hook, no flush, no checkpoint. */
    void kill() throws InterruptedException {
        if (process == null) return;
        process.destroyForcibly();
        process.waitFor();
        LIVE.remove(process);
    }

    /** SIGTERM, the server's shutdown hook closes the store; SIGKILL if it takes longer than 20 s. */
    void stop() throws InterruptedException {
        if (process == null) return;
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        LIVE.remove(process);
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) kill();
    }
}
