package org.clinickiosk.device.printer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Each command against the bytes printed in escpos.md. */
class EscPosCommandsTest {

    @Test
    void setupCommands() {
        assertArrayEquals(Golden.parse("1B 40"), EscPos.initialise());
        assertArrayEquals(Golden.parse("1C 26"), EscPos.chineseModeOn());
        assertArrayEquals(Golden.parse("1B 61 01"), EscPos.align(Alignment.CENTRE));
        assertArrayEquals(Golden.parse("1B 45 01"), EscPos.bold(true));
    }

    @Test
    void characterSizePacksWidthAndHeight() {
        assertArrayEquals(Golden.parse("1D 21 00"), EscPos.characterSize(1, 1));
        assertArrayEquals(Golden.parse("1D 21 11"), EscPos.characterSize(2, 2));
        assertArrayEquals(Golden.parse("1D 21 77"), EscPos.characterSize(8, 8));
        assertArrayEquals(Golden.parse("1D 21 01"), EscPos.characterSize(1, 2));
        assertThrows(IllegalArgumentException.class, () -> EscPos.characterSize(9, 1));
    }

    @Test
    void qrCommands() {
        assertArrayEquals(Golden.parse("1D 28 6B 04 00 31 41 32 00"), EscPos.qrModel2());
        assertArrayEquals(Golden.parse("1D 28 6B 03 00 31 43 06"), EscPos.qrModuleSize(6));
        assertArrayEquals(Golden.parse("1D 28 6B 03 00 31 45 31"), EscPos.qrErrorCorrection(QrErrorCorrection.M));
        assertArrayEquals(Golden.parse("1D 28 6B 06 00 31 50 30 41 42 43"),
                EscPos.qrStore("ABC".getBytes(StandardCharsets.US_ASCII)));
        assertArrayEquals(Golden.parse("1D 28 6B 03 00 31 51 30"), EscPos.qrPrint());
    }

    @Test
    void qrStoreLengthUsesTheHighByteAbove252DataBytes() {
        byte[] store = EscPos.qrStore(new byte[300]);
        assertArrayEquals(Golden.parse("1D 28 6B 2F 01 31 50 30"), java.util.Arrays.copyOf(store, 8)); // 303 = 0x12F
    }

    @Test
    void cutAndStatusQueries() {
        assertArrayEquals(Golden.parse("1D 56 41 00"), EscPos.feedAndCut(0));
        for (int n = 1; n <= 4; n++) assertArrayEquals(new byte[] {0x10, 0x04, (byte) n}, EscPos.realTimeStatus(n));
        assertThrows(IllegalArgumentException.class, () -> EscPos.realTimeStatus(5));
    }
}
