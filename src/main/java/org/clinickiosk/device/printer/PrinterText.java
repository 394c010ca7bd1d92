package org.clinickiosk.device.printer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.util.Map;

/**
 * Text for a printer in Chinese double-byte mode: GB18030, restricted to its one- and two-byte (GBK) part, which is
 * all that prints reliably. Control characters never reach the printer, so no field can smuggle in a command.
 */
public final class PrinterText {
    static final Charset GB18030 = Charset.forName("GB18030");
    /** Characters whose common form is outside GBK but whose full-width twin is inside (escpos.md). */
    private static final Map<Integer, Integer> GBK_TWINS = Map.of(0xA5, 0xFFE5);
    private static final byte[] REPLACEMENT = {'?'};

    private PrinterText() {}

    public static byte[] encode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() * 2);
        text.codePoints().forEach(cp -> out.writeBytes(encode(cp)));
        return out.toByteArray();
    }

    private static byte[] encode(int cp) {
        if (cp < 0x20 || cp == 0x7F) return new byte[] {' '};
        int printable = GBK_TWINS.getOrDefault(cp, cp);
        byte[] b = new String(Character.toChars(printable)).getBytes(GB18030);
        // four-byte GB18030 sequences (rare characters, emoji) are not in the printers' fonts
        return b.length <= 2 ? b : REPLACEMENT;
    }
}
