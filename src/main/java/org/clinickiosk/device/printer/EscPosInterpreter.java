package org.clinickiosk.device.printer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads an ESC/POS byte stream the way a ticket printer would, for the printer simulator and for tests: text lines
 * with their size and alignment, QR symbols, cuts, and real-time status requests. Fed in arbitrary chunks; never
 * throws on bad input (unknown commands become page notes) and holds at most {@link #MAX_PENDING} bytes of an
 * unfinished command.
 */
public final class EscPosInterpreter {
    /** Room for the largest QR store command (7089 data bytes + header). */
    public static final int MAX_PENDING = 8192;
    static final int MAX_LINE_BYTES = 512;
    static final int MAX_ELEMENTS = 500;
    static final int MAX_NOTES = 50;
    private static final Charset SINGLE_BYTE = StandardCharsets.ISO_8859_1;

    /** What the stream asked of the printer, in order. */
    public sealed interface Output {}

    /** DLE EOT n: the printer must answer with one status byte now. */
    public record StatusRequest(int n) implements Output {}

    /** A cut ended a page. */
    public record PageCut(PrintedPage page) implements Output {}

    private byte[] pending = new byte[256];
    private int pendingLength;
    private long skipRemaining;

    // printer state, reset by ESC @
    private boolean chinese;
    private int width = 1, height = 1;
    private boolean bold;
    private Alignment alignment = Alignment.LEFT;
    private int qrModule = 3;
    private QrErrorCorrection qrLevel = QrErrorCorrection.L;
    private byte[] qrData;

    // the page being printed
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private boolean lineChinese;
    private final List<PageElement> elements = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private List<Output> outputs;

    public List<Output> feed(byte[] chunk) {
        outputs = new ArrayList<>();
        int from = 0;
        while (from < chunk.length) {
            if (skipRemaining > 0) {
                int n = (int) Math.min(skipRemaining, chunk.length - from);
                skipRemaining -= n;
                from += n;
                continue;
            }
            int n = Math.min(chunk.length - from, MAX_PENDING - pendingLength);
            append(chunk, from, n);
            from += n;
            interpretPending();
        }
        return outputs;
    }

    /** Bytes of an unfinished command held back; at most {@link #MAX_PENDING}. */
    public int pendingBytes() { return pendingLength; }

    private void append(byte[] src, int from, int n) {
        if (pendingLength + n > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pendingLength + n, pending.length * 2));
        }
        System.arraycopy(src, from, pending, pendingLength, n);
        pendingLength += n;
    }

    private void interpretPending() {
        int pos = 0;
        while (pos < pendingLength) {
            int used = step(pos);
            if (used == 0) break;
            pos += used;
        }
        System.arraycopy(pending, pos, pending, 0, pendingLength - pos);
        pendingLength -= pos;
    }

    private int at(int i) { return pending[i] & 0xFF; }

    /** Interprets the command at pos; returns the bytes it used, 0 when more bytes are needed. */
    private int step(int pos) {
        int avail = pendingLength - pos;
        int b = at(pos);
        switch (b) {
            case EscPos.LF -> {
                endLine(true);
                return 1;
            }
            case EscPos.DLE -> {
                if (avail < 3) return 0;
                if (at(pos + 1) == EscPos.EOT && at(pos + 2) >= 1 && at(pos + 2) <= 4) {
                    outputs.add(new StatusRequest(at(pos + 2)));
                    return 3;
                }
                note("unknown DLE command");
                return 1;
            }
            case EscPos.ESC -> {
                return avail < 2 ? 0 : esc(pos, avail);
            }
            case EscPos.FS -> {
                if (avail < 2) return 0;
                if (at(pos + 1) == '&') chinese = true;
                else if (at(pos + 1) == '.') chinese = false;
                else note(String.format("unknown command FS %02X", at(pos + 1)));
                return 2;
            }
            case EscPos.GS -> {
                return avail < 2 ? 0 : gs(pos, avail);
            }
            default -> {
                if (b < 0x20 || b == 0x7F) return 1; // CR, HT and other controls print nothing here
                if (chinese && b >= 0x81 && b <= 0xFE) {
                    if (avail < 2) return 0;
                    text(pos, 2);
                    return 2;
                }
                text(pos, 1);
                return 1;
            }
        }
    }

    private int esc(int pos, int avail) {
        int cmd = at(pos + 1);
        if (cmd == '@') {
            resetPrinter();
            return 2;
        }
        if (cmd == 'E' || cmd == '-' || cmd == 'a') {
            if (avail < 3) return 0;
            int n = at(pos + 2);
            if (cmd == 'E') bold = (n & 1) == 1;
            else if (cmd == 'a') {
                Alignment a = Alignment.fromCode(n);
                if (a == null) note("bad alignment " + n);
                else alignment = a;
            } // ESC - (underline) changes nothing we draw
            return 3;
        }
        note(String.format("unknown command ESC %02X", cmd));
        return 2;
    }

    private int gs(int pos, int avail) {
        int cmd = at(pos + 1);
        switch (cmd) {
            case '!' -> {
                if (avail < 3) return 0;
                width = (at(pos + 2) >> 4 & 7) + 1;
                height = (at(pos + 2) & 7) + 1;
                return 3;
            }
            case 'H', 'h', 'w' -> {
                return avail < 3 ? 0 : 3; // barcode text position, height, width
            }
            case 'V' -> {
                if (avail < 3) return 0;
                int m = at(pos + 2);
                int length = m == 0x41 || m == 0x42 ? 4 : 3;
                if (avail < length) return 0;
                cut(m == 1 || m == '1' || m == 0x42); // 0/'0'/0x41 full cut, 1/'1'/0x42 partial
                return length;
            }
            case '(' -> {
                if (avail < 5) return 0;
                long total = 5L + at(pos + 3) + 256L * at(pos + 4);
                return lengthPrefixed(pos, avail, total, () -> function(at(pos + 2), pos + 5, (int) total - 5));
            }
            case 'v' -> {
                if (avail < 8) return 0;
                long total = 8L + (at(pos + 4) + 256L * at(pos + 5)) * (at(pos + 6) + 256L * at(pos + 7));
                return lengthPrefixed(pos, avail, total, () -> note("raster image not drawn"));
            }
            case 'k' -> {
                return barcode(pos, avail);
            }
            default -> {
                note(String.format("unknown command GS %02X", cmd));
                return 2;
            }
        }
    }

    /**
     * A command whose length is in its header: interpreted once complete; one too large for the pending buffer is
     * skipped as it streams past.
     */
    private int lengthPrefixed(int pos, int avail, long total, Runnable interpret) {
        if (total > MAX_PENDING) {
            note("command of " + total + " bytes skipped");
            skipRemaining = total - avail;
            return avail;
        }
        if (avail < total) return 0;
        interpret.run();
        return (int) total;
    }

    /** GS ( fn pL pH data: QR (fn 'k', cn 0x31); other functions are noted and skipped. */
    private void function(int fn, int dataPos, int dataLength) {
        if (fn != 'k' || dataLength < 2 || at(dataPos) != EscPos.QR) {
            note(String.format("unsupported GS ( %c function", (char) fn));
            return;
        }
        int code = at(dataPos + 1);
        int param = dataLength >= 3 ? at(dataPos + 2) : -1;
        switch (code) {
            case EscPos.QR_MODEL -> {
                if (param != EscPos.QR_MODEL_2) note("QR model " + param + " drawn as model 2");
            }
            case EscPos.QR_MODULE -> {
                if (param >= 1 && param <= 16) qrModule = param;
                else note("bad QR module size " + param);
            }
            case EscPos.QR_EC -> {
                QrErrorCorrection level = QrErrorCorrection.fromCode(param);
                if (level == null) note("bad QR error correction " + param);
                else qrLevel = level;
            }
            case EscPos.QR_STORE -> qrData = dataLength > 3
                    ? Arrays.copyOfRange(pending, dataPos + 3, dataPos + dataLength) : null;
            case EscPos.QR_PRINT -> {
                endLine(false);
                if (qrData == null) note("QR print without stored data");
                else add(new PageElement.QrCode(new String(qrData, SINGLE_BYTE), qrModule, qrLevel, alignment));
            }
            default -> note(String.format("unsupported QR function %02X", code));
        }
    }

    /** GS k m: format A (m 0–6) ends in NUL, format B (m ≥ 65) has a length byte. Not drawn, only noted. */
    private int barcode(int pos, int avail) {
        if (avail < 3) return 0;
        int m = at(pos + 2);
        if (m >= 65) {
            if (avail < 4) return 0;
            int total = 4 + at(pos + 3);
            if (avail < total) return 0;
            note("barcode not drawn");
            return total;
        }
        for (int i = pos + 3; i < pendingLength && i - pos < 260; i++) {
            if (pending[i] == 0) {
                note("barcode not drawn");
                return i - pos + 1;
            }
        }
        if (avail < 260) return 0;
        note("barcode without end skipped");
        return 3;
    }

    private void text(int pos, int n) {
        if (line.size() == 0) lineChinese = chinese;
        line.write(pending, pos, n);
        if (line.size() >= MAX_LINE_BYTES) endLine(false); // the printer wraps long lines itself
    }

    /** LF prints the line (a blank one if empty); a QR or cut prints only what is already there. */
    private void endLine(boolean blankToo) {
        if (line.size() == 0 && !blankToo) return;
        String text = new String(line.toByteArray(), lineChinese ? PrinterText.GB18030 : SINGLE_BYTE);
        add(new PageElement.TextLine(text, width, height, alignment, bold));
        line.reset();
    }

    private void cut(boolean partial) {
        endLine(false);
        add(new PageElement.Cut(partial));
        outputs.add(new PageCut(new PrintedPage(elements, notes)));
        elements.clear();
        notes.clear();
    }

    private void add(PageElement e) {
        if (elements.size() < MAX_ELEMENTS) elements.add(e);
        else note("page too long, element dropped");
    }

    private void note(String text) {
        if (notes.size() < MAX_NOTES) notes.add(text);
    }

    /** ESC @: formatting back to defaults and the unprinted line discarded, as on the printer. */
    private void resetPrinter() {
        chinese = false;
        width = height = 1;
        bold = false;
        alignment = Alignment.LEFT;
        qrModule = 3;
        qrLevel = QrErrorCorrection.L;
        qrData = null;
        line.reset();
    }
}
