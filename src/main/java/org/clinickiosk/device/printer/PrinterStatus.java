package org.clinickiosk.device.printer;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The printer's state from its answers to DLE EOT 1, 2, 3 and 4. Clean means no problem at all: a ticket counts as
 * printed only when the printer is clean before and after the job — even "paper nearly used up" is a reason to tell
 * staff.
 *
 * @param replies the four reply bytes as hex ("12 12 12 12"), for logs
 */
public record PrinterStatus(Set<PrinterProblem> problems, String replies) {
    /** Bits 1 and 4 are set in every real-time status byte; a byte without them is not a status reply. */
    static final int FIXED_BITS = 0x12;

    public PrinterStatus {
        problems = problems.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(problems));
    }

    /** Decodes the answers; {@code replies[i]} answers DLE EOT i+1. */
    public static PrinterStatus fromReplies(byte[] replies) {
        if (replies.length != 4) throw new IllegalArgumentException("need the replies to n = 1, 2, 3 and 4");
        EnumSet<PrinterProblem> found = EnumSet.noneOf(PrinterProblem.class);
        for (int i = 0; i < 4; i++) {
            found.addAll(problems(i + 1, replies[i] & 0xFF));
        }
        StringBuilder hex = new StringBuilder();
        for (byte b : replies) hex.append(hex.length() == 0 ? "" : " ").append(String.format("%02X", b & 0xFF));
        return new PrinterStatus(found, hex.toString());
    }

    /** What one reply byte to DLE EOT n says; bits escpos.md does not list are ignored. */
    static Set<PrinterProblem> problems(int n, int b) {
        EnumSet<PrinterProblem> p = EnumSet.noneOf(PrinterProblem.class);
        if ((b & FIXED_BITS) != FIXED_BITS) {
            p.add(PrinterProblem.BAD_REPLY);
            return p;
        }
        switch (n) {
            case 1 -> {
                if (bit(b, 3) || bit(b, 5)) p.add(PrinterProblem.OFFLINE);
                // the feed button held down stops printing just like a fault
                if (bit(b, 6)) p.add(PrinterProblem.OTHER_ERROR);
            }
            case 2 -> {
                if (bit(b, 2)) p.add(PrinterProblem.COVER_OPEN);
                if (bit(b, 3)) p.add(PrinterProblem.OFFLINE);
                if (bit(b, 5)) p.add(PrinterProblem.PAPER_OUT);
                if (bit(b, 6)) p.add(PrinterProblem.OTHER_ERROR);
            }
            case 3 -> {
                if (bit(b, 3)) p.add(PrinterProblem.CUTTER_ERROR);
                if (bit(b, 2) || bit(b, 5) || bit(b, 6)) p.add(PrinterProblem.OTHER_ERROR);
            }
            case 4 -> {
                if ((b & 0x60) != 0) p.add(PrinterProblem.PAPER_OUT);
                else if ((b & 0x0C) != 0) p.add(PrinterProblem.PAPER_NEAR_END);
            }
            default -> throw new IllegalArgumentException("real-time status n is 1–4");
        }
        return p;
    }

    private static boolean bit(int b, int bit) {
        return (b >> bit & 1) == 1;
    }

    public boolean clean() { return problems.isEmpty(); }

    public boolean paperOut() { return problems.contains(PrinterProblem.PAPER_OUT); }

    public boolean paperNearEnd() { return problems.contains(PrinterProblem.PAPER_NEAR_END); }

    public boolean coverOpen() { return problems.contains(PrinterProblem.COVER_OPEN); }

    public boolean offline() { return problems.contains(PrinterProblem.OFFLINE); }

    public boolean cutterError() { return problems.contains(PrinterProblem.CUTTER_ERROR); }

    public boolean otherError() {
        return problems.contains(PrinterProblem.OTHER_ERROR) || problems.contains(PrinterProblem.BAD_REPLY);
    }

    /** The most pressing problem's key, "ok" when clean. */
    public String code() {
        return problems.stream().sorted().findFirst().map(PrinterProblem::key).orElse("ok");
    }

    /** Every problem in plain words, most pressing first; "OK" when clean. */
    public String reason() {
        return clean() ? "OK" : problems.stream().sorted().map(PrinterProblem::text).collect(Collectors.joining("; "));
    }
}
