package org.clinickiosk.device.printer;

import java.io.ByteArrayOutputStream;

/** Builds one print job: start in Chinese mode, add formatted lines, end with feed and cut. */
final class EscPosWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(512);

    EscPosWriter() {
        out.writeBytes(EscPos.initialise());
        out.writeBytes(EscPos.chineseModeOn());
    }

    EscPosWriter align(Alignment a) {
        out.writeBytes(EscPos.align(a));
        return this;
    }

    /** GS ! value as packed in {@link PaperWidth}: high nibble width−1, low nibble height−1. */
    EscPosWriter size(int packed) {
        out.writeBytes(EscPos.characterSize((packed >> 4) + 1, (packed & 0x0F) + 1));
        return this;
    }

    EscPosWriter bold(boolean on) {
        out.writeBytes(EscPos.bold(on));
        return this;
    }

    EscPosWriter line(String text) {
        out.writeBytes(PrinterText.encode(text));
        out.write(EscPos.LF);
        return this;
    }

    EscPosWriter qr(byte[] data, int moduleSize, QrErrorCorrection level) {
        out.writeBytes(EscPos.qrModel2());
        out.writeBytes(EscPos.qrModuleSize(moduleSize));
        out.writeBytes(EscPos.qrErrorCorrection(level));
        out.writeBytes(EscPos.qrStore(data));
        out.writeBytes(EscPos.qrPrint());
        out.write(EscPos.LF);
        return this;
    }

    byte[] feedAndCut() {
        out.writeBytes(EscPos.feedAndCut(0));
        return out.toByteArray();
    }
}
