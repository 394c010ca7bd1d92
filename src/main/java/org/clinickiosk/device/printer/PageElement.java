package org.clinickiosk.device.printer;

/** One thing a printer puts on paper, as the interpreter understood it. */
public sealed interface PageElement {

    /** A printed line (an empty text is a blank line); width/height are the GS ! multipliers 1–8. */
    record TextLine(String text, int width, int height, Alignment alignment, boolean bold) implements PageElement {}

    /** A native QR symbol; the payload bytes are kept one char per byte (ISO-8859-1). */
    record QrCode(String payload, int moduleSize, QrErrorCorrection errorCorrection, Alignment alignment)
            implements PageElement {}

    record Cut(boolean partial) implements PageElement {}
}
