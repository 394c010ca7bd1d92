package org.clinickiosk.device.printer;

import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;

/**
 * Queue ticket → ESC/POS job. Centred: clinic, service, room, the number in large print, people ahead, masked name,
 * time, QR; then feed and cut. Native QR commands keep a ticket well under {@link #MAX_TICKET_BYTES}, so it prints
 * without a visible delay even at 9600 bps.
 */
public final class TicketRenderer {
    public static final int MAX_TICKET_BYTES = 1024;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private TicketRenderer() {}

    /** @throws IllegalArgumentException if the job would exceed {@link #MAX_TICKET_BYTES} */
    public static byte[] render(TicketData t) {
        PaperWidth w = t.paperWidth();
        EscPosWriter job = new EscPosWriter()
                .align(Alignment.CENTRE)
                .size(w.headingSize()).bold(true).line(t.clinicName())
                .size(0).bold(false).line(t.serviceName());
        if (t.roomHint() != null && !t.roomHint().isBlank()) job.line(t.roomHint());
        job.line("")
                .size(w.numberSize()).bold(true).line(t.ticketNumber())
                .size(0).bold(false).line("")
                .line("前面还有 " + t.peopleAhead() + " 人");
        if (t.maskedName() != null) job.line(t.maskedName());
        job.line("取号时间 " + TIME.format(t.issuedAt()));
        if (t.qrText() != null) {
            job.qr(t.qrText().getBytes(StandardCharsets.US_ASCII), w.qrModuleSize(), QrErrorCorrection.M);
        }
        byte[] bytes = job.line("请留意屏幕和语音叫号").feedAndCut();
        if (bytes.length > MAX_TICKET_BYTES) {
            throw new IllegalArgumentException("ticket job is " + bytes.length + " bytes, more than "
                    + MAX_TICKET_BYTES + ": shorten the texts");
        }
        return bytes;
    }
}
