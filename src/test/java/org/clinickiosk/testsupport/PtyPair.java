package org.clinickiosk.testsupport;

import org.clinickiosk.device.port.VirtualSerialCable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Two connected pseudo-terminals for tests, made by {@code socat -d -d pty,raw,echo=0,link=DIR/a pty,...,link=DIR/b}
 * in a fresh temporary folder: open {@link #a()} as the kiosk's serial port and {@link #b()} as the device's (e.g.
 * with {@link org.clinickiosk.device.port.SimulatorOnPty}). {@link #unplug()} kills socat so both ends vanish;
 * {@link #replug()} starts it again behind the same links, usually on new /dev/pts numbers. Always close it:
 * {@code try (PtyPair pty = PtyPair.open()) {...}} or in an {@code @AfterEach}.
 */
public final class PtyPair implements AutoCloseable {

    private final Path dir;
    private final VirtualSerialCable cable;

    private PtyPair(Path dir) {
        this.dir = dir;
        this.cable = new VirtualSerialCable(dir.resolve("a"), dir.resolve("b"));
    }

    /** Starts socat and returns once both links exist. */
    public static PtyPair open() throws IOException {
        PtyPair pair = new PtyPair(Files.createTempDirectory("pty-pair-"));
        try {
            pair.cable.plug();
        } catch (IOException e) {
            pair.close();
            throw e;
        }
        return pair;
    }

    /** The kiosk's end, a symbolic link to /dev/pts/N. */
    public Path a() { return cable.hostEnd(); }

    /** The device's end. */
    public Path b() { return cable.deviceEnd(); }

    /** The folder holding both links; put further links here (it is removed on close). */
    public Path dir() { return dir; }

    /** The /dev/pts node behind {@link #a()} now. */
    public Path realA() {
        try {
            return a().toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills socat: both ends vanish, like an unplugged USB adapter. */
    public void unplug() { cable.unplug(); }

    /** Starts socat again with the same link names. */
    public void replug() throws IOException { cable.plug(); }

    @Override
    public void close() {
        cable.close();
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // already gone
        }
    }
}
