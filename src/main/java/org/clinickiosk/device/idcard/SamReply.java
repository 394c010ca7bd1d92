package org.clinickiosk.device.idcard;

import java.util.Arrays;

/** A decoded reply body: status words and data. */
public record SamReply(int sw1, int sw2, int sw3, byte[] data) {

    /** Decodes a reply body (SW1 SW2 SW3 DATA, as the parser hands it out); null if shorter than the status words. */
    public static SamReply decode(byte[] body) {
        if (body.length < 3) return null;
        return new SamReply(body[0] & 0xFF, body[1] & 0xFF, body[2] & 0xFF, Arrays.copyOfRange(body, 3, body.length));
    }

    public SamStatus status() {
        return SamStatus.of(sw3);
    }

    /** The reason with the raw code, which matters when the code is unrecognised. */
    public String describeStatus() {
        return String.format("%s (SW3 %02X)", status().reason(), sw3);
    }

    @Override
    public String toString() {
        // data may hold personal text: show only its size
        return String.format("SamReply[%02X %02X %02X, %d data bytes]", sw1, sw2, sw3, data.length);
    }
}
