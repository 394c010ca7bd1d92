package org.clinickiosk.device.scanner;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a scanner's byte stream into scans. Vendors end a scan with CR, LF or CR LF; a CR LF split across two chunks
 * is still one terminator, and empty lines are not scans. Configured prefix/suffix (e.g. an AIM id) are stripped.
 * A scan longer than maxLength bytes is dropped and reported, so a stuck scanner cannot grow the buffer.
 */
public final class ScanFramer {

    public sealed interface Result permits Scan, Overlong {}

    public record Scan(String text) implements Result {}

    /** A scan exceeded the limit and was dropped; discardedBytes counts its bytes. */
    public record Overlong(int discardedBytes) implements Result {}

    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private final Charset charset;
    private final String prefix;
    private final String suffix;
    private final byte[] buffer;
    private int length;
    private boolean afterCr;
    private int discarding;

    public ScanFramer(Charset charset, String prefix, String suffix, int maxLength) {
        if (maxLength < 1) throw new IllegalArgumentException("maxLength must be positive");
        this.charset = charset;
        this.prefix = prefix;
        this.suffix = suffix;
        this.buffer = new byte[maxLength];
    }

    public List<Result> feed(byte[] chunk) {
        List<Result> results = new ArrayList<>();
        for (byte b : chunk) {
            boolean lfOfCrLf = afterCr && b == LF;
            afterCr = b == CR;
            if (lfOfCrLf) continue;
            if (b == CR || b == LF) {
                endOfScan(results);
            } else if (discarding > 0) {
                discarding++;
            } else if (length == buffer.length) {
                discarding = length + 1;
                length = 0;
            } else {
                buffer[length++] = b;
            }
        }
        return results;
    }

    /** Bytes held for a scan whose terminator has not come yet. */
    public int bufferedBytes() {
        return length;
    }

    private void endOfScan(List<Result> results) {
        if (discarding > 0) {
            results.add(new Overlong(discarding));
            discarding = 0;
            return;
        }
        if (length == 0) return;
        String text = new String(buffer, 0, length, charset);
        length = 0;
        if (!prefix.isEmpty() && text.startsWith(prefix)) text = text.substring(prefix.length());
        if (!suffix.isEmpty() && text.endsWith(suffix)) text = text.substring(0, text.length() - suffix.length());
        if (!text.isEmpty()) results.add(new Scan(text));
    }
}
