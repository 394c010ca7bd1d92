package org.clinickiosk.device.printer;

import java.time.LocalDateTime;
import java.util.Objects;

/**
 * What a queue ticket shows — and, by the clinic rules, all it may show: number, service/room, time issued, people
 * ahead and at most a masked name. The QR carries a short link or token, never personal data.
 *
 * @param roomHint   null when the room is not known yet
 * @param maskedName null, or a name already masked on the server (张*, 张*三): a name without '*' is refused
 * @param qrText     null for no QR; printable ASCII only, so every scanner reads the same text
 */
public record TicketData(String clinicName, String serviceName, String ticketNumber, String roomHint,
                         LocalDateTime issuedAt, int peopleAhead, String maskedName, String qrText,
                         PaperWidth paperWidth) {
    static final int MAX_QR_TEXT = 200;

    public TicketData {
        requireText(clinicName, "clinicName");
        requireText(serviceName, "serviceName");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(paperWidth, "paperWidth");
        if (ticketNumber == null || !ticketNumber.matches("[A-Z0-9-]{1,8}")) {
            throw new IllegalArgumentException("ticketNumber must be 1–8 of A–Z, 0–9, '-' (e.g. A023)");
        }
        if (peopleAhead < 0) throw new IllegalArgumentException("peopleAhead must not be negative");
        if (maskedName != null && !maskedName.contains("*")) {
            throw new IllegalArgumentException("maskedName must be masked on the server first (e.g. 张*)");
        }
        if (qrText != null && !qrText.matches("[\\x20-\\x7E]{1," + MAX_QR_TEXT + "}")) {
            throw new IllegalArgumentException("qrText must be 1–" + MAX_QR_TEXT + " printable ASCII characters");
        }
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank() || value.length() > 40) {
            throw new IllegalArgumentException(name + " must be 1–40 characters");
        }
    }
}
