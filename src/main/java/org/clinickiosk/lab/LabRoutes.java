package org.clinickiosk.lab;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.clinickiosk.common.FailureThrottle;
import org.clinickiosk.kiosk.KioskSessions;
import org.clinickiosk.web.ErrorHandler;
import org.clinickiosk.web.Access;
import org.clinickiosk.web.Actor;
import org.clinickiosk.web.ApiException;
import org.clinickiosk.web.Responses;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** HTTP handlers of the lab results: the lab system's FHIR import, staff quarantine, kiosk lists and printing. */
public final class LabRoutes {
    private final LabService lab;
    private final LabPrinting printing;
    private final FhirBundles fhir;
    private final String labToken;
    private final KioskSessions kioskSessions;
    /**
     * A specimen receipt's barcode plus a guessed birth date would open someone's results: a few wrong dates per
     * barcode, and a few dozen wrong lookups per kiosk, within 15 minutes, then a pause. Residents who mistype once
     * or twice never meet it; guessing through ~36,500 birth dates becomes hopeless.
     */
    private final FailureThrottle wrongBirthDates;
    private final FailureThrottle wrongLookups;
    static final int MAX_WRONG_PER_BARCODE = 5;
    static final int MAX_WRONG_PER_CALLER = 30;
    static final long LOOKUP_WINDOW_MILLIS = 15 * 60 * 1000;

    public LabRoutes(LabService lab, LabPrinting printing, FhirBundles fhir, String labToken,
                     KioskSessions kioskSessions, java.time.Clock clock) {
        this.lab = lab;
        this.printing = printing;
        this.fhir = fhir;
        this.labToken = labToken;
        this.kioskSessions = kioskSessions;
        this.wrongBirthDates = new FailureThrottle(clock, MAX_WRONG_PER_BARCODE, LOOKUP_WINDOW_MILLIS);
        this.wrongLookups = new FailureThrottle(clock, MAX_WRONG_PER_CALLER, LOOKUP_WINDOW_MILLIS);
    }

    /**
     * A kiosk sees lab reports only of the resident identified in its own session (card, QR, typed ID number, or
     * the specimen receipt confirmed with the birth date); staff see any, audited.
     */
    private void requireResidentAtKiosk(Actor actor, long residentId) {
        if (!actor.isKiosk()) return;
        if (!kioskSessions.residentAt(actor.kioskId()).map(id -> id == residentId).orElse(false)) {
            throw new ApiException(403, "not_identified_here",
                    "identify the resident at this kiosk first (card, QR code, ID number or specimen receipt)");
        }
    }

    /** Guard of the import: {@code Authorization: Bearer <lab.token>}; without lab.token the import is off. */
    public void requireLabToken(RoutingContext ctx) {
        if (labToken == null) {
            ctx.fail(new ApiException(503, "lab_import_off", "the FHIR import is not configured (lab.token)"));
            return;
        }
        String header = ctx.request().getHeader("Authorization");
        String given = header != null && header.startsWith("Bearer ") ? header.substring(7).strip() : "";
        if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), labToken.getBytes(StandardCharsets.UTF_8))) {
            ctx.fail(new ApiException(401, "bad_lab_token", "send the lab token as Authorization: Bearer <lab.token>"));
            return;
        }
        ctx.next();
    }

    public void importReports(RoutingContext ctx) {
        JsonObject bundle = Responses.body(ctx);
        FhirBundles.Parsed parsed;
        try {
            parsed = fhir.parse(bundle);
        } catch (LabImportException e) {
            ctx.fail(new ApiException(422, "invalid_bundle", e.getMessage()));
            return;
        }
        lab.importReports(LabService.Source.FHIR, "fhir", parsed.bundleId(), parsed.reports())
                .onSuccess(summary -> Responses.json(ctx, summary.duplicate() ? 200 : 201, summary.toJson()))
                .onFailure(e -> ctx.fail(e instanceof LabImportException invalid
                        ? new ApiException(422, "invalid_bundle", invalid.getMessage()) : e));
    }

    public void listQuarantine(RoutingContext ctx) {
        Responses.respond(ctx, 200, lab.quarantine(Access.actor(ctx)));
    }

    public void assignQuarantined(RoutingContext ctx) {
        Responses.respond(ctx, 200, lab.assign(Responses.longParam(ctx, "reportId"),
                Responses.body(ctx).getLong("residentId"), Access.actor(ctx)));
    }

    public void listResidentReports(RoutingContext ctx) {
        long residentId = Responses.longParam(ctx, "residentId");
        requireResidentAtKiosk(Access.actor(ctx), residentId);
        Responses.respond(ctx, 200, lab.listForResident(residentId, Access.actor(ctx)));
    }

    /** At a kiosk a successful lookup identifies the resident in that kiosk's session. */
    public void lookupReports(RoutingContext ctx) {
        JsonObject body = Responses.body(ctx);
        Actor actor = Access.actor(ctx);
        String barcode = body.getString("specimenBarcode").strip();
        String caller = actor.isKiosk() ? "kiosk:" + actor.kioskId() : "staff:" + actor.staffId();
        long wait = Math.max(wrongBirthDates.retryAfterSeconds(barcode), wrongLookups.retryAfterSeconds(caller));
        if (wait > 0) {
            ctx.fail(new ErrorHandler.RetryLater(wait, "too many wrong birth dates; ask the staff or try again in "
                    + (wait + 59) / 60 + " minute(s)"));
            return;
        }
        Responses.respond(ctx, 200, lab.lookup(barcode, body.getString("birthDate"), actor)
                .onFailure(e -> {
                    if (e instanceof ApiException api && api.status() == 404) {
                        wrongBirthDates.failed(barcode);
                        wrongLookups.failed(caller);
                    }
                })
                .compose(found -> !actor.isKiosk() ? Future.succeededFuture(found)
                        : kioskSessions.identifyByLabSlip(actor.kioskId(), found.getJsonObject("resident").getLong("id"))
                                .map(session -> found)));
    }

    public void printReport(RoutingContext ctx) {
        Actor actor = Access.actor(ctx);
        long reportId = Responses.longParam(ctx, "reportId");
        String kioskId = actor.isKiosk() ? actor.kioskId() : Responses.body(ctx).getString("kioskId");
        Future<Void> allowed = !actor.isKiosk() ? Future.succeededFuture()
                : lab.residentOf(reportId).map(residentId -> {
                    requireResidentAtKiosk(actor, residentId.orElse(-1L));
                    return null;
                });
        Responses.respond(ctx, 200, allowed.compose(v -> printing.print(reportId, kioskId, actor)));
    }
}
