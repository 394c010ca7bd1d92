package org.clinickiosk.device.printer;

/** ESC a n. */
public enum Alignment {
    LEFT, CENTRE, RIGHT;

    /** n for ESC a; printers accept 0–2 and their ASCII digits '0'–'2'. */
    public int code() { return ordinal(); }

    static Alignment fromCode(int n) {
        int k = n >= '0' ? n - '0' : n;
        return k >= 0 && k < 3 ? values()[k] : null;
    }
}
