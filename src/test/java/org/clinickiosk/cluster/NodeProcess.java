package org.clinickiosk.cluster;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One cluster node in a child JVM, started like durability/ChildServer does (this JVM's class path, output appended
 * to a log file, killed by a shutdown hook if the test JVM exits first). Standard input stays open for the commands
 * of {@link TestNodeMain}.
 */
final class NodeProcess implements AutoCloseable {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static final List<String> JVM = List.of("-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Djava.net.preferIPv4Stack=true");

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "kill-nodes"));
    }

    private final String name;
    private final Path log;
    private final List<String> mainAndArgs;
    private Process process;
    private Writer stdin;

    /** @param mainAndArgs the main class and its arguments */
    NodeProcess(String name, Path log, String... mainAndArgs) {
        this.name = name;
        this.log = log;
        this.mainAndArgs = List.of(mainAndArgs);
    }

    void start() throws IOException {
        if (process != null && process.isAlive()) throw new IllegalStateException(name + " is already running");
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.addAll(mainAndArgs);
        Files.writeString(log, "---- start " + name + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        LIVE.add(process);
    }

    /** Waits for a log line of this run containing {@code text}; fails at once if the node exits. */
    String awaitLog(String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<String> line = linesOfThisRun().stream().filter(l -> l.contains(text)).findFirst();
            if (line.isPresent()) return line.get();
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + " before logging \"" + text
                        + "\"; log:\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " did not log \"" + text + "\" within " + timeout + "; log:\n" + tail());
            }
            Thread.sleep(50); // poll interval
        }
    }

    boolean logged(String text) throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8).contains(text);
    }

    /** One command line for {@link TestNodeMain}. */
    void command(String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    /** SIGKILL: no shutdown hook, the node vanishes from the cluster without a word. */
    void kill() throws InterruptedException {
        if (process == null) return;
        process.destroyForcibly();
        process.waitFor();
        LIVE.remove(process);
    }

    /** SIGTERM: the node leaves the cluster; SIGKILL after 20 s. */
    void stop() throws InterruptedException {
        if (process == null || !process.isAlive()) return;
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        LIVE.remove(process);
    }

    String tail() {
        List<String> lines = linesOfThisRun();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    private List<String> linesOfThisRun() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            int start = 0;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).equals("---- start " + name)) start = i;
            }
            return lines.subList(start, lines.size());
        } catch (IOException e) {
            return List.of("(no log: " + e.getMessage() + ")");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) kill();
    }
}
