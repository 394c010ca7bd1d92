package org.clinickiosk.kiosk;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.UUID;

/**
 * One resident's visit at one kiosk, kept only in the server's memory: from the card read (or typed ID number) until
 * the resident leaves, asks to go home, or stops touching the screen. The full card data stays here and is used
 * only to create the health record; the page gets {@link KioskSessions#view masked views}.
 */
final class KioskSession {
    enum Via { ID_CARD, HEALTH_CARD_READER, HEALTH_CARD_QR, APPOINTMENT_QR, MANUAL, LAB_SLIP }

    final String id = UUID.randomUUID().toString();
    final Via via;
    /** The identified event of the card, unmasked: only for creating the record. Null when not from a card. */
    final JsonObject card;
    /** The ID number from the card or typed in; null when identified by health card or appointment QR. */
    final String idNumber;

    /** ResidentService.masked view; null while the resident has no record or is being looked up. */
    JsonObject resident;
    boolean lookedUp;
    JsonArray appointments = new JsonArray();
    Long focusAppointmentId;
    /** A health-card QR the resident may agree to bind to the record (card identified in this session). */
    String healthCardToBind;
    boolean healthCardBound;

    /** The last ticket taken in this session (queue view, with timing for a check-in) and its print outcome. */
    JsonObject ticket;
    /** What went to the printer for that ticket, kept for the one reprint. */
    JsonObject printBody;
    JsonObject print;
    boolean reprinted;
    int version;

    KioskSession(Via via, JsonObject card, String idNumber) {
        this.via = via;
        this.card = card;
        this.idNumber = idNumber;
    }

    Long residentId() {
        return resident == null ? null : resident.getLong("id");
    }

    /** A card in this session proves the resident is present: enough to create a record or bind a health card. */
    boolean cardPresented() {
        return via == Via.ID_CARD || via == Via.HEALTH_CARD_READER;
    }
}
