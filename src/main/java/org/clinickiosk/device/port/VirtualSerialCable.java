package org.clinickiosk.device.port;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Two pseudo-terminals wired to each other by socat, reached through two symbolic links: the host end (what the
 * kiosk opens as its serial port) and the device end (where a simulator talks). {@link #unplug()} makes both ends
 * vanish like an unplugged USB adapter; {@link #plug()} brings them back behind the same links, usually on other
 * /dev/pts numbers, like an adapter returning as another ttyUSBn.
 */
public final class VirtualSerialCable implements AutoCloseable {

    private static final long START_TIMEOUT_MS = 5_000;
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        // no socat may outlive the JVM, even after Ctrl-C or a failing test run
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroy), "socat-cleanup"));
    }

    private final Path hostEnd;
    private final Path deviceEnd;
    private Process socat;

    public VirtualSerialCable(Path hostEnd, Path deviceEnd) {
        this.hostEnd = hostEnd.toAbsolutePath();
        this.deviceEnd = deviceEnd.toAbsolutePath();
    }

    public Path hostEnd() { return hostEnd; }

    public Path deviceEnd() { return deviceEnd; }

    public synchronized boolean plugged() { return socat != null && socat.isAlive(); }

    /** Starts socat and returns once both links exist. */
    public synchronized void plug() throws IOException {
        if (plugged()) return;
        removeLinks();
        StringBuilder log = new StringBuilder();
        Process started;
        try {
            started = new ProcessBuilder("socat", "-d", "-d",
                    "pty,raw,echo=0,link=" + hostEnd, "pty,raw,echo=0,link=" + deviceEnd)
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("cannot start socat (sudo apt-get install socat): " + e.getMessage(), e);
        }
        RUNNING.add(started);
        drain(started, log);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
        while (!(Files.exists(hostEnd) && Files.exists(deviceEnd))) {
            if (!started.isAlive() || System.nanoTime() > deadline) {
                stop(started);
                synchronized (log) {
                    throw new IOException("socat did not create " + hostEnd + " and " + deviceEnd + ": " + log);
                }
            }
            pause();
        }
        socat = started;
    }

    /** Stops socat: both ends disappear. */
    public synchronized void unplug() {
        if (socat == null) return;
        stop(socat);
        socat = null;
        removeLinks();
    }

    @Override
    public void close() { unplug(); }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        RUNNING.remove(process);
    }

    /** socat removes its links on SIGTERM; this covers a socat that was killed harder or never started. */
    private void removeLinks() {
        for (Path link : new Path[]{hostEnd, deviceEnd}) {
            try {
                if (Files.isSymbolicLink(link)) Files.delete(link);
            } catch (IOException ignored) {
                // socat's own clean-up may have won the race
            }
        }
    }

    /** Keeps socat's pipe from filling up and remembers its output for error messages. */
    private static void drain(Process process, StringBuilder log) {
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    synchronized (log) {
                        if (log.length() < 4_000) log.append(line).append('\n');
                    }
                }
            } catch (IOException ignored) {
                // socat ended
            }
        }, "socat-output");
        reader.setDaemon(true);
        reader.start();
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
