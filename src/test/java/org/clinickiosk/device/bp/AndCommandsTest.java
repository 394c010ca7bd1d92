package org.clinickiosk.device.bp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** The golden command bytes are the ones printed in bp-monitors.md. */
class AndCommandsTest {

    @Test
    void startCommandIsTheDocumentedFrame() {
        assertArrayEquals(hex("16 16 01 30 30 02 53 54 03 07"), AndCommands.start());
    }

    @Test
    void stopCommandIsTheDocumentedFrame() {
        assertArrayEquals(hex("16 16 01 30 30 02 53 50 03 03"), AndCommands.stop());
    }

    static byte[] hex(String spaced) {
        String[] parts = spaced.split(" ");
        byte[] out = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) out[i] = (byte) Integer.parseInt(parts[i], 16);
        return out;
    }
}
