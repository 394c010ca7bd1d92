package org.clinickiosk.device.printer;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.clinickiosk.device.DeviceSimulator;

/**
 * A ticket printer speaking ESC/POS: answers DLE EOT n from its scripted state and saves every printed page as
 * {@code job-NNNN.png} and {@code job-NNNN.txt} in the output directory. While not ready (paper out, cover open,
 * offline) it prints nothing, as the real printer would not.
 *
 * <p>Behaviours: paper-ok, paper-near-end, paper-out, cover-open, offline, paper-out-during-job (the next job prints,
 * then the paper is out), no-reply (status queries go unanswered, as with a dead or one-way connection).
 */
public final class PrinterSimulator implements DeviceSimulator {
    private static final System.Logger LOG = System.getLogger(PrinterSimulator.class.getName());

    /** Reply bytes to DLE EOT 1..4 per state; the paper-out bytes are escpos.md's example. */
    private enum State {
        PAPER_OK("paper-ok", 0x12, 0x12, 0x12, 0x12),
        PAPER_NEAR_END("paper-near-end", 0x12, 0x12, 0x12, 0x1E),
        PAPER_OUT("paper-out", 0x1A, 0x32, 0x12, 0x7E),
        COVER_OPEN("cover-open", 0x1A, 0x16, 0x12, 0x12),
        OFFLINE("offline", 0x1A, 0x12, 0x12, 0x12),
        PAPER_OUT_DURING_JOB("paper-out-during-job", 0x12, 0x12, 0x12, 0x12),
        NO_REPLY("no-reply");

        final String behaviour;
        final int[] replies;

        State(String behaviour, int... replies) {
            this.behaviour = behaviour;
            this.replies = replies;
        }

        boolean prints() { return this == PAPER_OK || this == PAPER_NEAR_END || this == PAPER_OUT_DURING_JOB; }
    }

    private final Path outputDirectory;
    private final PaperWidth paper;
    private final EscPosInterpreter interpreter = new EscPosInterpreter();
    private final List<PrintedPage> printed = new ArrayList<>();
    private Consumer<byte[]> toHost;
    private State state = State.PAPER_OK;
    private int jobNumber;

    /** @param outputDirectory where job images and transcripts go; created when missing */
    public PrinterSimulator(Path outputDirectory, PaperWidth paper) {
        this.outputDirectory = outputDirectory;
        this.paper = paper;
    }

    @Override
    public synchronized void connect(Consumer<byte[]> toHost) {
        this.toHost = toHost;
    }

    @Override
    public synchronized void fromHost(byte[] data) {
        for (EscPosInterpreter.Output out : interpreter.feed(data)) {
            if (out instanceof EscPosInterpreter.StatusRequest r) {
                if (state != State.NO_REPLY) toHost.accept(new byte[] {(byte) state.replies[r.n() - 1]});
            } else if (out instanceof EscPosInterpreter.PageCut cut) {
                printPage(cut.page());
            }
        }
    }

    private void printPage(PrintedPage page) {
        if (!state.prints()) {
            LOG.log(Level.INFO, "simulated printer is {0}: page not printed", state.behaviour);
            return;
        }
        printed.add(page);
        if (state == State.PAPER_OUT_DURING_JOB) state = State.PAPER_OUT;
        save(page, String.format("job-%04d", ++jobNumber));
    }

    /** A failed save is logged, not thrown: the simulated printer has printed either way. */
    private void save(PrintedPage page, String name) {
        try {
            Files.createDirectories(outputDirectory);
            Files.writeString(outputDirectory.resolve(name + ".txt"), page.toText(), StandardCharsets.UTF_8);
            Files.write(outputDirectory.resolve(name + ".png"), PageImageRenderer.png(page, paper));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "could not save simulated print " + name + ": " + e.getMessage());
        }
    }

    @Override
    public synchronized String perform(String behaviour, Map<String, String> args) {
        for (State s : State.values()) {
            if (s.behaviour.equals(behaviour)) {
                state = s;
                return null;
            }
        }
        return "unknown behaviour '" + behaviour + "', known: " + behaviours();
    }

    @Override
    public List<String> behaviours() {
        return Arrays.stream(State.values()).map(s -> s.behaviour).toList();
    }

    /** Pages printed so far, oldest first. */
    public synchronized List<PrintedPage> printedPages() {
        return List.copyOf(printed);
    }
}
