package org.clinickiosk.lab;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * MLLP framing ({@code VT message FS CR}) over a byte stream that arrives in arbitrary chunks: several messages in
 * one chunk, one message over many. Pure; one instance per connection.
 *
 * <p>Bad framing never costs a good message: bytes between frames are skipped, a frame cut off by a new VT is
 * dropped (its sender gets no ACK and resends), a frame larger than the limit is dropped up to its end and reported
 * so it can be answered. A missing CR after FS is tolerated.
 */
public final class MllpFramer {
    public static final byte VT = 0x0B;
    public static final byte FS = 0x1C;
    public static final byte CR = 0x0D;

    /** What the stream held: a whole message, or a problem worth logging or answering. */
    public sealed interface Piece permits Frame, Oversized, Skipped {}

    /** The bytes between VT and FS. */
    public record Frame(byte[] payload) implements Piece {}

    /** A frame over the size limit, dropped; it deserves a reject so the sender does not wait. */
    public record Oversized(long bytes) implements Piece {}

    /** Bytes outside any frame, or a frame abandoned when a new VT started before its FS. */
    public record Skipped(long bytes, String why) implements Piece {}

    private final int maxFrameBytes;
    private ByteArrayOutputStream frame;
    private long oversizedBytes = -1;
    private long garbage;
    private boolean afterFs;

    public MllpFramer(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    public List<Piece> feed(byte[] chunk) {
        List<Piece> out = new ArrayList<>();
        for (byte b : chunk) {
            if (afterFs) {
                afterFs = false;
                if (b == CR) continue;
            }
            if (b == VT) {
                flushGarbage(out);
                if (frame != null) out.add(new Skipped(frame.size() + 1, "frame started again before it ended (no FS)"));
                if (oversizedBytes >= 0) out.add(new Skipped(oversizedBytes + 1, "oversized frame without FS"));
                frame = new ByteArrayOutputStream();
                oversizedBytes = -1;
            } else if (b == FS && (frame != null || oversizedBytes >= 0)) {
                if (frame != null) out.add(new Frame(frame.toByteArray()));
                else out.add(new Oversized(oversizedBytes));
                frame = null;
                oversizedBytes = -1;
                afterFs = true;
            } else if (frame != null) {
                if (frame.size() >= maxFrameBytes) {
                    oversizedBytes = frame.size() + 1L;
                    frame = null;
                } else {
                    frame.write(b);
                }
            } else if (oversizedBytes >= 0) {
                oversizedBytes++;
            } else {
                garbage++;
            }
        }
        flushGarbage(out);
        return out;
    }

    private void flushGarbage(List<Piece> out) {
        if (garbage > 0) out.add(new Skipped(garbage, "bytes outside a frame"));
        garbage = 0;
    }

    /** Wraps a reply for sending. */
    public static byte[] wrap(byte[] payload) {
        byte[] out = new byte[payload.length + 3];
        out[0] = VT;
        System.arraycopy(payload, 0, out, 1, payload.length);
        out[out.length - 2] = FS;
        out[out.length - 1] = CR;
        return out;
    }
}
