package org.clinickiosk.device.printer;

import java.util.List;

/**
 * The ticket as the kiosk screen shows it: the very bytes sent to the printer, interpreted and drawn, so screen and
 * paper cannot drift apart.
 */
public final class TicketPreview {
    private TicketPreview() {}

    public static PrintedPage page(TicketData ticket) {
        List<EscPosInterpreter.Output> out = new EscPosInterpreter().feed(TicketRenderer.render(ticket));
        return out.stream().filter(o -> o instanceof EscPosInterpreter.PageCut)
                .map(o -> ((EscPosInterpreter.PageCut) o).page()).findFirst()
                .orElseThrow(() -> new IllegalStateException("ticket job did not end in a cut"));
    }

    public static byte[] png(TicketData ticket) {
        return PageImageRenderer.png(page(ticket), ticket.paperWidth());
    }
}
