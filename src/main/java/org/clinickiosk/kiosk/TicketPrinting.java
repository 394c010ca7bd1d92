package org.clinickiosk.kiosk;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import org.clinickiosk.device.DeviceAddresses;

import java.time.Clock;
import java.util.UUID;

/**
 * Prints a queue ticket on a kiosk's printer through the event bus ({action: "print", body: ticket}) and reports
 * the outcome as {status: printed | failed | no-printer, code?}. A failed print on a kiosk that has a printer raises
 * a staff alert on {@link #STAFF_ALERTS}, so a nurse can help the resident and refill the paper.
 */
final class TicketPrinting {
    /** Published: {alertId, type: "printer", kioskId, code, reason, ticketNumber, at}. */
    static final String STAFF_ALERTS = "staff.alerts";
    static final String KIND = "printer";
    /** The printer checks its status before and after a job (4 queries each, up to 1 s apiece) and waits in between. */
    private static final long PRINT_TIMEOUT_MS = 15_000;

    static final String PRINTED = "printed";
    static final String FAILED = "failed";
    static final String NO_PRINTER = "no-printer";

    private final Vertx vertx;
    private final Clock clock;

    TicketPrinting(Vertx vertx, Clock clock) {
        this.vertx = vertx;
        this.clock = clock;
    }

    /**
     * Never fails: every outcome is a status the page can show. A kiosk configured without a printer whose request
     * finds no printer service gets no-printer (nothing to alert about); a configured one that does not print, failed.
     */
    Future<JsonObject> print(String kioskId, boolean printerConfigured, JsonObject ticketBody) {
        JsonObject request = new JsonObject().put("action", "print").put("body", ticketBody);
        return vertx.eventBus().<JsonObject>request(DeviceAddresses.requests(kioskId, KIND), request,
                        new DeliveryOptions().setSendTimeout(PRINT_TIMEOUT_MS))
                .map(reply -> {
                    JsonObject outcome = reply.body() == null ? new JsonObject() : reply.body();
                    if (outcome.getBoolean("printed", false)) return new JsonObject().put("status", PRINTED);
                    return failed(outcome.getString("code", "printer-error"),
                            outcome.getString("reason", "the printer did not print"));
                })
                .otherwise(e -> !printerConfigured && e instanceof ReplyException r
                        && r.failureType() == ReplyFailure.NO_HANDLERS
                        ? new JsonObject().put("status", NO_PRINTER) : failure(e))
                .onSuccess(outcome -> {
                    if (FAILED.equals(outcome.getString("status"))) alertStaff(kioskId, outcome, ticketBody);
                });
    }

    private static JsonObject failure(Throwable e) {
        if (e instanceof ReplyException reply) {
            if (reply.failureType() == ReplyFailure.TIMEOUT) return failed("no-reply", "the printer did not answer in time");
            if (reply.failureType() == ReplyFailure.NO_HANDLERS) return failed("printer-unavailable", "the printer service is not running");
            return failed("printer-unavailable", String.valueOf(reply.getMessage()));
        }
        return failed("printer-error", String.valueOf(e.getMessage()));
    }

    private static JsonObject failed(String code, String reason) {
        return new JsonObject().put("status", FAILED).put("code", code).put("reason", reason);
    }

    private void alertStaff(String kioskId, JsonObject outcome, JsonObject ticketBody) {
        vertx.eventBus().publish(STAFF_ALERTS, new JsonObject()
                .put("alertId", UUID.randomUUID().toString())
                .put("type", KIND)
                .put("kioskId", kioskId)
                .put("code", outcome.getString("code"))
                .put("reason", outcome.getString("reason"))
                .put("ticketNumber", ticketBody.getString("ticketNumber"))
                .put("at", clock.instant().toString()));
    }
}
