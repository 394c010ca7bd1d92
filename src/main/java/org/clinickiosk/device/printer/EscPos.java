package org.clinickiosk.device.printer;

/** The ESC/POS commands we send, byte for byte as in escpos.md. */
public final class EscPos {
    static final int ESC = 0x1B, GS = 0x1D, FS = 0x1C, DLE = 0x10, EOT = 0x04, LF = 0x0A;
    /** GS ( k function codes for QR (cn = 0x31). */
    static final int QR = 0x31, QR_MODEL = 0x41, QR_MODULE = 0x43, QR_EC = 0x45, QR_STORE = 0x50, QR_PRINT = 0x51;
    static final int QR_MODEL_2 = 50;
    /** Largest QR payload a model 2 symbol holds (numeric mode); byte-mode data fits far less. */
    static final int QR_MAX_DATA = 7089;

    private EscPos() {}

    public static byte[] initialise() { return bytes(ESC, '@'); }

    public static byte[] chineseModeOn() { return bytes(FS, '&'); }

    /** GS ! n with n = (width−1)<<4 | (height−1), each multiplier 1–8. */
    public static byte[] characterSize(int width, int height) {
        if (width < 1 || width > 8 || height < 1 || height > 8) {
            throw new IllegalArgumentException("character size multipliers are 1–8");
        }
        return bytes(GS, '!', (width - 1) << 4 | (height - 1));
    }

    public static byte[] bold(boolean on) { return bytes(ESC, 'E', on ? 1 : 0); }

    public static byte[] align(Alignment a) { return bytes(ESC, 'a', a.code()); }

    public static byte[] qrModel2() { return bytes(GS, '(', 'k', 4, 0, QR, QR_MODEL, QR_MODEL_2, 0); }

    public static byte[] qrModuleSize(int n) {
        if (n < 1 || n > 16) throw new IllegalArgumentException("QR module size is 1–16");
        return bytes(GS, '(', 'k', 3, 0, QR, QR_MODULE, n);
    }

    public static byte[] qrErrorCorrection(QrErrorCorrection level) {
        return bytes(GS, '(', 'k', 3, 0, QR, QR_EC, level.code());
    }

    /** GS ( k pL pH 31 50 30 data, pL + 256·pH = data length + 3. */
    public static byte[] qrStore(byte[] data) {
        if (data.length == 0 || data.length > QR_MAX_DATA) {
            throw new IllegalArgumentException("QR data must be 1–" + QR_MAX_DATA + " bytes");
        }
        int len = data.length + 3;
        byte[] out = new byte[8 + data.length];
        byte[] head = bytes(GS, '(', 'k', len & 0xFF, len >> 8, QR, QR_STORE, '0');
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(data, 0, out, head.length, data.length);
        return out;
    }

    public static byte[] qrPrint() { return bytes(GS, '(', 'k', 3, 0, QR, QR_PRINT, '0'); }

    /** GS V 41 n: feed to the cutting position (+ n motion units), then cut (partly, on printers that cannot fully). */
    public static byte[] feedAndCut(int n) { return bytes(GS, 'V', 0x41, n); }

    /** DLE EOT n, answered at once with one status byte even while the printer is busy. */
    public static byte[] realTimeStatus(int n) {
        if (n < 1 || n > 4) throw new IllegalArgumentException("real-time status n is 1–4");
        return bytes(DLE, EOT, n);
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) out[i] = (byte) values[i];
        return out;
    }
}
