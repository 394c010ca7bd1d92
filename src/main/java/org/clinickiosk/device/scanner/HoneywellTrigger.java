package org.clinickiosk.device.scanner;

/** Honeywell-style host trigger commands for scanners in serial mode: SYN 'T' CR starts, SYN 'U' CR stops. */
public final class HoneywellTrigger {
    private HoneywellTrigger() {}

    public static byte[] start() {
        return new byte[] {0x16, 0x54, 0x0D};
    }

    public static byte[] stop() {
        return new byte[] {0x16, 0x55, 0x0D};
    }
}
