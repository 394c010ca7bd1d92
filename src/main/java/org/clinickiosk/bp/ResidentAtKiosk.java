package org.clinickiosk.bp;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.Optional;

/**
 * Who is at a kiosk now: the resident identified in that kiosk's session (card, health card or typed ID number), or
 * empty when nobody is. The blood-pressure flow asks this when a reading arrives and on every kiosk call, and tells
 * it about activity so a resident resting before a measurement is not logged out for being idle, and has it print
 * the referral ticket on that kiosk's ticket printer.
 *
 * <p>The kiosk session (org.clinickiosk.kiosk.KioskSessions) is the real source: in ClinicServer, pass an adapter
 * whose {@code residentAt} returns that kiosk session's resident id and whose {@code activity} calls
 * {@code KioskSessions.activity(kioskId)} (see docs/bp.md).
 */
public interface ResidentAtKiosk {

    /** The health-record id of the resident identified at this kiosk now; empty when nobody is identified. */
    Optional<Long> residentAt(String kioskId);

    /** The resident did something on the blood-pressure screens of this kiosk. */
    void activity(String kioskId);

    /**
     * Prints a ticket (the API view of a queue ticket) on this kiosk's ticket printer as the queue screens print
     * theirs; completes with {status: printed | failed | no-printer, code?}, never fails.
     */
    Future<JsonObject> printTicket(String kioskId, JsonObject ticketView, String baseUrl);
}
