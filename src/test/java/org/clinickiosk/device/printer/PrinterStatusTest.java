package org.clinickiosk.device.printer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrinterStatusTest {

    private static PrinterStatus status(int n1, int n2, int n3, int n4) {
        return PrinterStatus.fromReplies(new byte[] {(byte) n1, (byte) n2, (byte) n3, (byte) n4});
    }

    @Test
    void idlePrinterIsClean() {
        PrinterStatus s = status(0x12, 0x12, 0x12, 0x12);
        assertTrue(s.clean());
        assertEquals("ok", s.code());
        assertEquals("OK", s.reason());
        assertEquals("12 12 12 12", s.replies());
    }

    @Test
    void documentedPaperOutAnswers() {
        // escpos.md: paper out answers 0x1A / 0x32 / 0x7E for n = 1 / 2 / 4
        PrinterStatus s = status(0x1A, 0x32, 0x12, 0x7E);
        assertFalse(s.clean());
        assertTrue(s.paperOut());
        assertTrue(s.offline());
        assertFalse(s.paperNearEnd(), "out supersedes near end");
        assertEquals("paper-out", s.code());
        assertTrue(s.reason().startsWith("The printer is out of paper"), s.reason());
    }

    @ParameterizedTest(name = "n={0} byte {1} -> {2}")
    @CsvSource({
            "1, 0x1A, offline", "1, 0x32, offline", "1, 0x52, printer-error",
            "2, 0x16, cover-open", "2, 0x1A, offline", "2, 0x32, paper-out", "2, 0x52, printer-error",
            "3, 0x16, printer-error", "3, 0x1A, cutter-error", "3, 0x32, printer-error", "3, 0x52, printer-error",
            "4, 0x1E, paper-near-end", "4, 0x7E, paper-out", "4, 0x72, paper-out",
            // either sensor bit alone counts: better a false alarm than a ticket printed into an empty roll
            "4, 0x16, paper-near-end", "4, 0x1A, paper-near-end", "4, 0x32, paper-out", "4, 0x52, paper-out",
            "1, 0x00, bad-reply", "4, 0xFF, paper-out"})
    void eachDocumentedBitMapsToItsProblem(int n, String hex, String code) {
        int b = Integer.decode(hex);
        Set<PrinterProblem> problems = PrinterStatus.problems(n, b);
        assertEquals(code, problems.stream().sorted().findFirst().map(PrinterProblem::key).orElse("ok"));
    }

    @Test
    void nearEndAloneIsNotClean() {
        PrinterStatus s = status(0x12, 0x12, 0x12, 0x1E);
        assertFalse(s.clean());
        assertTrue(s.paperNearEnd());
        assertEquals("paper-near-end", s.code());
    }

    @Test
    void coverOpenNamesTheCoverFirst() {
        PrinterStatus s = status(0x1A, 0x16, 0x12, 0x12);
        assertTrue(s.coverOpen());
        assertTrue(s.offline());
        assertEquals("The printer cover is open; The printer is offline", s.reason());
    }
}
