package org.clinickiosk.device.bp;

/**
 * Commands to the A&D TM-2655P/2657P: {@code SYN SYN SOH '0' '0' STX c1 c2 ETX BCC}, BCC = XOR of SOH..ETX.
 */
public final class AndCommands {
    static final byte SYN = 0x16, SOH = 0x01, STX = 0x02, ETX = 0x03, ACK = 0x06, RS = 0x1E;

    private AndCommands() {}

    /** Starts a measurement: 16 16 01 30 30 02 53 54 03 07. */
    public static byte[] start() { return command('S', 'T'); }

    /** Stops (deflates) a running measurement: 16 16 01 30 30 02 53 50 03 03. */
    public static byte[] stop() { return command('S', 'P'); }

    static byte[] command(char c1, char c2) {
        byte[] frame = {SYN, SYN, SOH, '0', '0', STX, (byte) c1, (byte) c2, ETX, 0};
        frame[frame.length - 1] = bcc(frame, 2, frame.length - 1);
        return frame;
    }

    /** XOR of {@code bytes[from..to)}. */
    static byte bcc(byte[] bytes, int from, int to) {
        byte x = 0;
        for (int i = from; i < to; i++) x ^= bytes[i];
        return x;
    }
}
