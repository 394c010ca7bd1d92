package org.clinickiosk.device.bp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shared part of the Omron decoders, whose records are ASCII lines ending in CR LF. A line may carry noise before
 * the record (a half record from before a replug, line garbage): the record is taken from the last place in the
 * line where a record can start, the rest is discarded.
 */
abstract class LineRecordParser implements BpRecordParser {
    /** Several times the longest record, so a record after a burst of noise still fits in the window. */
    private static final int WINDOW = 256;

    private final byte[] line = new byte[WINDOW];
    private int length;

    /** Where a record may begin inside a line. */
    protected abstract Pattern recordStart();

    /** Decodes one record text (start found, line ending removed). */
    protected abstract BpEvent decode(String record);

    @Override
    public List<BpEvent> feed(byte[] chunk) {
        List<BpEvent> events = new ArrayList<>();
        for (byte b : chunk) {
            if (b == '\n') {
                endOfLine(events);
            } else {
                if (length == WINDOW) slideWindow();
                line[length++] = b;
            }
        }
        return events;
    }

    /** Keeps the newer half: a record is shorter than half the window, so a record still arriving is kept whole. */
    private void slideWindow() {
        int keep = WINDOW / 2;
        System.arraycopy(line, WINDOW - keep, line, 0, keep);
        length = keep;
    }

    private void endOfLine(List<BpEvent> events) {
        int end = length;
        if (end > 0 && line[end - 1] == '\r') end--;
        // ISO-8859-1 maps every byte to one char, so offsets stay byte offsets and nothing is rejected.
        String text = new String(line, 0, end, StandardCharsets.ISO_8859_1);
        length = 0;
        Matcher m = recordStart().matcher(text);
        int start = -1;
        while (m.find()) start = m.start();
        if (start >= 0) events.add(decode(text.substring(start)));
    }

    @Override
    public int bufferedBytes() { return length; }

    @Override
    public int maxBufferedBytes() { return WINDOW; }

    /** The value of exactly {@code width} ASCII digits (width 1–9); -1 for anything else. */
    static int fixedDigits(String s, int width) {
        return s.length() == width && width >= 1 && width <= 9 && allDigits(s) ? Integer.parseInt(s) : -1;
    }

    static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return false;
        }
        return true;
    }
}
