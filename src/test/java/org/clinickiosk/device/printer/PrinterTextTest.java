package org.clinickiosk.device.printer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PrinterTextTest {

    @Test
    void chineseIsEncodedAsTwoByteGb18030() {
        assertArrayEquals(Golden.parse("C8 A1 BA C5"), PrinterText.encode("取号"));
        assertArrayEquals(Golden.parse("41 30 32 33"), PrinterText.encode("A023"));
    }

    @Test
    void yenSignUsesTheFullWidthFormThePrinterHas() {
        assertArrayEquals(PrinterText.encode("￥"), PrinterText.encode("¥"));
        assertEquals(2, PrinterText.encode("¥").length);
    }

    @Test
    void charactersOutsideGbkBecomeQuestionMarks() {
        assertArrayEquals(Golden.parse("D5 C5 3F"), PrinterText.encode("张\uD842\uDFB7")); // 𠮷 needs 4 bytes
        assertArrayEquals(Golden.parse("3F"), PrinterText.encode("😀"));
    }

    @Test
    void controlCharactersCannotSmuggleCommands() {
        assertArrayEquals(Golden.parse("41 20 56 20 42"), PrinterText.encode("A\u001DV\nB"));
    }
}
