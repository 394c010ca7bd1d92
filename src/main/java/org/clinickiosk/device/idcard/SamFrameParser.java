package org.clinickiosk.device.idcard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Incremental parser for SAM frames, fed whatever chunks the port delivers. It never throws on input: it hunts for
 * the preamble, skips garbage between frames, and reports a bad checksum, an impossible length or a frame cut short
 * as a {@link Failure}. After a failure it rescans the failed frame's bytes, so a frame that started inside a cut-off
 * one is still found. Memory is bounded by the largest accepted frame.
 */
public final class SamFrameParser {

    /** A complete frame with a good checksum; body is everything between LEN and CHK. */
    public record Frame(byte[] body) implements Result {}

    /** A frame that must not be used. */
    public record Failure(FrameError error, String detail) implements Result {}

    public sealed interface Result permits Frame, Failure {}

    public enum FrameError {
        BAD_CHECKSUM("the frame's checksum does not match"),
        LENGTH("the frame's length field is impossible"),
        TRUNCATED("the frame was cut short");

        private final String reason;

        FrameError(String reason) { this.reason = reason; }

        public String reason() { return reason; }
    }

    /** Largest LEN a reply may have: the fingerprint read (2314) with room to spare. */
    public static final int DEFAULT_MAX_LENGTH = 4096;

    private final int minLength;
    private final int maxLength;
    /** LEN_H LEN_L body CHK of the frame being collected. */
    private final byte[] frame;
    private int preambleMatched;
    private int collected;
    private int expected = -1;
    private long skippedBytes;

    /**
     * @param minLength smallest LEN accepted (3 for commands: CMD PARA CHK; 4 for replies: SW1 SW2 SW3 CHK)
     * @param maxLength largest LEN accepted; anything larger is a length error
     */
    public SamFrameParser(int minLength, int maxLength) {
        if (minLength < 1 || maxLength < minLength || maxLength > 0xFFFF) {
            throw new IllegalArgumentException("bad frame length bounds " + minLength + ".." + maxLength);
        }
        this.minLength = minLength;
        this.maxLength = maxLength;
        this.frame = new byte[2 + maxLength];
    }

    /** For a host reading reader replies. */
    public static SamFrameParser forReplies(int maxLength) {
        return new SamFrameParser(4, maxLength);
    }

    /** For a simulated reader reading host commands. */
    public static SamFrameParser forCommands() {
        return new SamFrameParser(3, 256);
    }

    public List<Result> feed(byte[] chunk) {
        List<Result> results = new ArrayList<>();
        byte[] pending = chunk;
        int pos = 0;
        while (pos < pending.length) {
            byte b = pending[pos++];
            if (preambleMatched < SamFrame.PREAMBLE.length) {
                hunt(b);
                continue;
            }
            frame[collected++] = b;
            if (collected == 2) {
                int len = ((frame[0] & 0xFF) << 8) | (frame[1] & 0xFF);
                if (len < minLength || len > maxLength) {
                    results.add(new Failure(FrameError.LENGTH,
                            "LEN " + len + " outside " + minLength + ".." + maxLength));
                    pending = rescan(pending, pos);
                    pos = 0;
                    continue;
                }
                expected = len + 2;
            }
            if (collected == expected) {
                byte chk = SamFrame.checksum(frame, 0, collected - 1);
                if (chk == frame[collected - 1]) {
                    results.add(new Frame(Arrays.copyOfRange(frame, 2, collected - 1)));
                    reset();
                } else {
                    results.add(containsPreamble(frame, 2, collected)
                            ? new Failure(FrameError.TRUNCATED, "a new frame started inside this one")
                            : new Failure(FrameError.BAD_CHECKSUM,
                                    String.format("CHK %02X, computed %02X", frame[collected - 1], chk)));
                    pending = rescan(pending, pos);
                    pos = 0;
                }
            }
        }
        return results;
    }

    /**
     * No more bytes will come for now (reply time-out, end of a capture): a frame still being collected is reported
     * as cut short, frames that started inside it are still delivered, and the parser starts afresh.
     */
    public List<Result> flush() {
        List<Result> results = new ArrayList<>();
        // each round drops one preamble, so this ends
        while (preambleMatched == SamFrame.PREAMBLE.length) {
            results.add(new Failure(FrameError.TRUNCATED, "got " + collected + " bytes after the preamble"
                    + (expected > 0 ? ", expected " + expected : "")));
            byte[] rest = Arrays.copyOf(frame, collected);
            reset();
            results.addAll(feed(rest));
        }
        skippedBytes += preambleMatched;
        reset();
        return results;
    }

    /** Bytes held for an incomplete frame. */
    public int bufferedBytes() {
        return preambleMatched + collected;
    }

    /** Bytes thrown away while hunting for a preamble, including rescanned bytes of failed frames. */
    public long skippedBytes() {
        return skippedBytes;
    }

    /** Advances the preamble match; "AA AA AA AA 96 69" must still match, so an extra AA keeps three matched. */
    private void hunt(byte b) {
        byte[] p = SamFrame.PREAMBLE;
        if (b == p[preambleMatched]) {
            preambleMatched++;
            return;
        }
        int before = preambleMatched;
        if (b == (byte) 0xAA) {
            preambleMatched = preambleMatched == 3 ? 3 : 1;
        } else {
            preambleMatched = 0;
        }
        skippedBytes += before + 1 - preambleMatched;
    }

    /** Drops the failed frame's preamble and queues its other bytes ahead of the rest of the chunk. */
    private byte[] rescan(byte[] pending, int pos) {
        byte[] again = new byte[collected + pending.length - pos];
        System.arraycopy(frame, 0, again, 0, collected);
        System.arraycopy(pending, pos, again, collected, pending.length - pos);
        reset();
        return again;
    }

    private void reset() {
        preambleMatched = 0;
        collected = 0;
        expected = -1;
    }

    private static boolean containsPreamble(byte[] bytes, int from, int to) {
        byte[] p = SamFrame.PREAMBLE;
        outer:
        for (int i = from; i + p.length <= to; i++) {
            for (int j = 0; j < p.length; j++) {
                if (bytes[i + j] != p[j]) continue outer;
            }
            return true;
        }
        return false;
    }
}
