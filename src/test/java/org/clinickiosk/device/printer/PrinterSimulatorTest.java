package org.clinickiosk.device.printer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrinterSimulatorTest {
    @TempDir
    Path output;

    private static byte[] answers(PrinterSimulator printer, String behaviour) {
        ByteArrayOutputStream replies = new ByteArrayOutputStream();
        printer.connect(replies::writeBytes);
        assertNull(printer.perform(behaviour, Map.of()));
        for (int n = 1; n <= 4; n++) printer.fromHost(EscPos.realTimeStatus(n));
        return replies.toByteArray();
    }

    @Test
    void answersStatusQueriesPerScriptedState() {
        assertArrayEquals(Golden.parse("12 12 12 12"), answers(new PrinterSimulator(output, PaperWidth.MM80), "paper-ok"));
        assertArrayEquals(Golden.parse("1A 32 12 7E"), answers(new PrinterSimulator(output, PaperWidth.MM80), "paper-out"));
        assertArrayEquals(Golden.parse("12 12 12 1E"),
                answers(new PrinterSimulator(output, PaperWidth.MM80), "paper-near-end"));
        assertArrayEquals(new byte[0], answers(new PrinterSimulator(output, PaperWidth.MM80), "no-reply"));
        for (String b : new PrinterSimulator(output, PaperWidth.MM80).behaviours()) {
            PrinterSimulator p = new PrinterSimulator(output, PaperWidth.MM80);
            byte[] replies = answers(p, b);
            PrinterStatus s = replies.length == 4 ? PrinterStatus.fromReplies(replies) : null;
            boolean expectClean = b.equals("paper-ok") || b.equals("paper-out-during-job");
            if (s != null) assertEquals(expectClean, s.clean(), b + " -> " + s.reason());
        }
    }

    @Test
    void savesEachPrintedPageAsPngAndTranscript() throws Exception {
        PrinterSimulator printer = new PrinterSimulator(output.resolve("jobs"), PaperWidth.MM58);
        printer.connect(bytes -> { });
        printer.fromHost(TicketRenderer.render(Tickets.sample(PaperWidth.MM58)));
        Path png = output.resolve("jobs/job-0001.png");
        String text = Files.readString(output.resolve("jobs/job-0001.txt"), StandardCharsets.UTF_8);
        assertEquals(384, ImageIO.read(png.toFile()).getWidth());
        assertTrue(text.contains("A023") && text.contains(Tickets.QR), text);
        assertEquals(Tickets.QR, TicketImageTest.decodeQr(ImageIO.read(png.toFile())));
    }

    @Test
    void printsNothingWhileNotReady() {
        PrinterSimulator printer = new PrinterSimulator(output, PaperWidth.MM58);
        printer.connect(bytes -> { });
        printer.perform("cover-open", Map.of());
        printer.fromHost(TicketRenderer.render(Tickets.sample(PaperWidth.MM58)));
        assertTrue(printer.printedPages().isEmpty());
        assertTrue(printer.perform("jam", Map.of()).contains("unknown behaviour"));
    }
}
