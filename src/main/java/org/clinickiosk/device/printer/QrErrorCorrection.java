package org.clinickiosk.device.printer;

/** GS ( k ... 31 45 n: n = 48 L, 49 M, 50 Q, 51 H. */
public enum QrErrorCorrection {
    L, M, Q, H;

    public int code() { return 48 + ordinal(); }

    static QrErrorCorrection fromCode(int n) {
        return n >= 48 && n <= 51 ? values()[n - 48] : null;
    }
}
