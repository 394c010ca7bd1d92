package org.clinickiosk.device.idcard;

import java.util.Arrays;

/**
 * The standard SAM serial frame: {@code AA AA AA 96 69 | LEN_H LEN_L | body | CHK}. LEN counts body plus CHK; CHK is
 * the XOR of LEN and body. In a command the body is CMD PARA DATA, in a reply SW1 SW2 SW3 DATA.
 */
public final class SamFrame {
    private SamFrame() {}

    public static final byte[] PREAMBLE = {(byte) 0xAA, (byte) 0xAA, (byte) 0xAA, (byte) 0x96, (byte) 0x69};

    /** Preamble plus the two length bytes. */
    public static final int HEADER_LENGTH = PREAMBLE.length + 2;

    /** Wraps a body (command or reply) into a complete frame. */
    public static byte[] encode(byte[] body) {
        int len = body.length + 1;
        if (len > 0xFFFF) throw new IllegalArgumentException("frame body too long: " + body.length);
        byte[] frame = Arrays.copyOf(PREAMBLE, HEADER_LENGTH + len);
        frame[5] = (byte) (len >> 8);
        frame[6] = (byte) len;
        System.arraycopy(body, 0, frame, HEADER_LENGTH, body.length);
        frame[frame.length - 1] = checksum(frame, PREAMBLE.length, frame.length - 1);
        return frame;
    }

    /** A reply as a reader sends it: SW1 = SW2 = 00, SW3 = status, then the data. */
    public static byte[] reply(int sw3, byte[] data) {
        byte[] body = new byte[3 + data.length];
        body[2] = (byte) sw3;
        System.arraycopy(data, 0, body, 3, data.length);
        return encode(body);
    }

    /** XOR of {@code bytes[from..to)}. */
    public static byte checksum(byte[] bytes, int from, int to) {
        byte chk = 0;
        for (int i = from; i < to; i++) chk ^= bytes[i];
        return chk;
    }
}
