package org.clinickiosk.device.printer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every job layout we send, byte for byte against devices/printer/golden. */
class TicketGoldenTest {

    @ParameterizedTest
    @EnumSource(PaperWidth.class)
    void ticketMatchesGoldenBytes(PaperWidth width) {
        byte[] job = TicketRenderer.render(Tickets.sample(width));
        String name = "ticket-" + width.millimetres() + "mm";
        Golden.assertMatches(name, "Queue ticket A023, " + width.millimetres() + " mm paper (Tickets.sample)", job);
        Golden.writePreview(name + ".png", TicketPreview.png(Tickets.sample(width)));
        assertTrue(job.length <= TicketRenderer.MAX_TICKET_BYTES, job.length + " bytes");
    }

    @ParameterizedTest
    @EnumSource(PaperWidth.class)
    void textSlipMatchesGoldenBytes(PaperWidth width) {
        byte[] job = TextSlipRenderer.render("血压测量结果",
                List.of("收缩压 128 mmHg", "舒张压 84 mmHg", "脉搏 66 次/分", "2026-07-11 09:05"), width);
        String name = "slip-" + width.millimetres() + "mm";
        Golden.assertMatches(name, "BP result slip, " + width.millimetres() + " mm paper", job);
    }

    @Test
    void ticketStartsInChineseModeAndEndsWithFeedAndCut() {
        byte[] job = TicketRenderer.render(Tickets.sample(PaperWidth.MM58));
        assertArrayEquals(new byte[] {0x1B, 0x40, 0x1C, 0x26}, java.util.Arrays.copyOf(job, 4));
        assertArrayEquals(new byte[] {0x1D, 0x56, 0x41, 0x00},
                java.util.Arrays.copyOfRange(job, job.length - 4, job.length));
    }

    @Test
    void longestAllowedTicketStaysWithinOneKilobyte() {
        TicketData longest = new TicketData("社".repeat(40), "务".repeat(40), "ABCDEFGH", "室".repeat(60),
                Tickets.sample(PaperWidth.MM80).issuedAt(), 9999, "欧" + "*".repeat(20) + "锋", "x".repeat(200),
                PaperWidth.MM80);
        byte[] job = TicketRenderer.render(longest);
        assertTrue(job.length <= TicketRenderer.MAX_TICKET_BYTES, job.length + " bytes");
    }

    @Test
    void oversizedTicketIsRefusedNotTruncated() {
        TicketData huge = new TicketData("社", "务", "A1", "室".repeat(600), Tickets.sample(PaperWidth.MM80).issuedAt(),
                0, null, null, PaperWidth.MM80);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TicketRenderer.render(huge));
        assertTrue(e.getMessage().contains("more than 1024"), e.getMessage());
    }

    @Test
    void ticketRefusesAnUnmaskedNameAndPersonalDataFields() {
        assertThrows(IllegalArgumentException.class, () -> new TicketData("c", "s", "A1", null,
                Tickets.sample(PaperWidth.MM58).issuedAt(), 0, "张三", null, PaperWidth.MM58));
        assertThrows(IllegalArgumentException.class, () -> new TicketData("c", "s", "a 1", null,
                Tickets.sample(PaperWidth.MM58).issuedAt(), 0, null, null, PaperWidth.MM58));
        assertThrows(IllegalArgumentException.class, () -> new TicketData("c", "s", "A1", null,
                Tickets.sample(PaperWidth.MM58).issuedAt(), 0, null, "二维码", PaperWidth.MM58));
        assertEquals(4, Tickets.sample(PaperWidth.MM58).peopleAhead());
    }
}
