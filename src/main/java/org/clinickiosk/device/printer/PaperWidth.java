package org.clinickiosk.device.printer;

/** Printable width at 8 dots/mm; the sizes picked for tickets keep each layout inside it. */
public enum PaperWidth {
    MM58(58, 384, 0x01, 0x55, 5),
    MM80(80, 576, 0x11, 0x77, 6);

    private final int millimetres;
    private final int dots;
    private final int headingSize;
    private final int numberSize;
    private final int qrModuleSize;

    PaperWidth(int millimetres, int dots, int headingSize, int numberSize, int qrModuleSize) {
        this.millimetres = millimetres;
        this.dots = dots;
        this.headingSize = headingSize;
        this.numberSize = numberSize;
        this.qrModuleSize = qrModuleSize;
    }

    public int millimetres() { return millimetres; }

    public int dots() { return dots; }

    /** GS ! value for headings: 58 mm double height only, so a clinic name of 16 characters still fits a line. */
    int headingSize() { return headingSize; }

    /** GS ! value for the ticket number: 6× (58 mm) or 8× (80 mm), four characters wide at most the paper. */
    int numberSize() { return numberSize; }

    int qrModuleSize() { return qrModuleSize; }

    public static PaperWidth ofMillimetres(int mm) {
        for (PaperWidth w : values()) {
            if (w.millimetres == mm) return w;
        }
        throw new IllegalArgumentException("paper width must be 58 or 80 mm, not " + mm);
    }
}
