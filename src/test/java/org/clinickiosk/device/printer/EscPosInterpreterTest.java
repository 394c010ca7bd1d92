package org.clinickiosk.device.printer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EscPosInterpreterTest {

    private static List<EscPosInterpreter.Output> feedInChunks(byte[] bytes, long seed) {
        EscPosInterpreter interpreter = new EscPosInterpreter();
        Random random = new Random(seed);
        List<EscPosInterpreter.Output> out = new ArrayList<>();
        for (int at = 0; at < bytes.length; ) {
            int end = Math.min(bytes.length, at + 1 + random.nextInt(7));
            out.addAll(interpreter.feed(Arrays.copyOfRange(bytes, at, end)));
            at = end;
        }
        return out;
    }

    @Test
    void ticketReadsBackAsItsLayoutInAnyChunking() {
        byte[] job = TicketRenderer.render(Tickets.sample(PaperWidth.MM80));
        for (long seed = 0; seed < 5; seed++) {
            List<EscPosInterpreter.Output> out = feedInChunks(job, seed);
            assertEquals(1, out.size());
            PrintedPage page = assertInstanceOf(EscPosInterpreter.PageCut.class, out.get(0)).page();
            assertEquals(List.of("清河社区卫生服务中心", "全科门诊", "2楼 3号诊室", "", "A023", "", "前面还有 4 人", "张*三",
                    "取号时间 2026-07-11 09:05", "", "请留意屏幕和语音叫号"), page.textLines()); // QR, then a blank line
            assertEquals(List.of(Tickets.QR), page.qrPayloads());
            assertTrue(page.notes().isEmpty(), page.notes().toString());
        }
    }

    @Test
    void formattingIsCarriedOnEachLine() {
        PrintedPage page = TicketPreview.page(Tickets.sample(PaperWidth.MM58));
        PageElement.TextLine number = page.elements().stream()
                .filter(e -> e instanceof PageElement.TextLine t && t.text().equals("A023"))
                .map(e -> (PageElement.TextLine) e).findFirst().orElseThrow();
        assertEquals(new PageElement.TextLine("A023", 6, 6, Alignment.CENTRE, true), number);
        PageElement.QrCode qr = page.elements().stream().filter(e -> e instanceof PageElement.QrCode)
                .map(e -> (PageElement.QrCode) e).findFirst().orElseThrow();
        assertEquals(new PageElement.QrCode(Tickets.QR, 5, QrErrorCorrection.M, Alignment.CENTRE), qr);
        assertEquals(new PageElement.Cut(false), page.elements().get(page.elements().size() - 1));
        assertTrue(page.toText().contains("[text centre 6x6 bold] A023"), page.toText());
    }

    @Test
    void statusRequestsAreReportedInOrderBetweenPages() {
        byte[] stream = concat(EscPos.realTimeStatus(1), TextSlipRenderer.render("T", List.of("a"), PaperWidth.MM58),
                EscPos.realTimeStatus(4));
        List<EscPosInterpreter.Output> out = feedInChunks(stream, 1);
        assertEquals(new EscPosInterpreter.StatusRequest(1), out.get(0));
        assertInstanceOf(EscPosInterpreter.PageCut.class, out.get(1));
        assertEquals(new EscPosInterpreter.StatusRequest(4), out.get(2));
    }

    @Test
    void unknownCommandsAndImagesAreNotedNotFatal() {
        byte[] raster = {0x1D, 0x76, 0x30, 0x00, 0x02, 0x00, 0x02, 0x00, 1, 2, 3, 4};
        byte[] stream = concat(new byte[] {0x1B, 0x7A}, raster, "ok\n".getBytes(), EscPos.feedAndCut(0));
        PrintedPage page = ((EscPosInterpreter.PageCut) new EscPosInterpreter().feed(stream).get(0)).page();
        assertEquals(List.of("ok"), page.textLines());
        assertEquals(List.of("unknown command ESC 7A", "raster image not drawn"), page.notes());
    }

    @Test
    void imageLargerThanTheBufferIsSkippedAsItStreamsPast() {
        EscPosInterpreter interpreter = new EscPosInterpreter();
        // 72 bytes × 400 rows = 28 800 data bytes, more than the pending buffer holds
        interpreter.feed(new byte[] {0x1D, 0x76, 0x30, 0x00, 72, 0x00, (byte) 0x90, 0x01});
        for (int i = 0; i < 30; i++) {
            interpreter.feed(new byte[960]);
            assertTrue(interpreter.pendingBytes() <= EscPosInterpreter.MAX_PENDING);
        }
        List<EscPosInterpreter.Output> out = interpreter.feed(concat("after\n".getBytes(), EscPos.feedAndCut(0)));
        PrintedPage page = ((EscPosInterpreter.PageCut) out.get(0)).page();
        assertEquals(List.of("after"), page.textLines());
        assertTrue(page.notes().get(0).contains("skipped"), page.notes().toString());
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
