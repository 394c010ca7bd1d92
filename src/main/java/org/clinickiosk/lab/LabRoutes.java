package org.clinickiosk.lab;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
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

    public LabRoutes(LabService lab, LabPrinting printing, FhirBundles fhir, String labToken) {
        this.lab = lab;
        this.printing = printing;
        this.fhir = fhir;
        this.labToken = labToken;
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
        Responses.respond(ctx, 200, lab.listForResident(Responses.longParam(ctx, "residentId"), Access.actor(ctx)));
    }

    public void lookupReports(RoutingContext ctx) {
        JsonObject body = Responses.body(ctx);
        Responses.respond(ctx, 200, lab.lookup(body.getString("specimenBarcode").strip(), body.getString("birthDate"),
                Access.actor(ctx)));
    }

    public void printReport(RoutingContext ctx) {
        Actor actor = Access.actor(ctx);
        String kioskId = actor.isKiosk() ? actor.kioskId() : Responses.body(ctx).getString("kioskId");
        Future<JsonObject> printed = printing.print(Responses.longParam(ctx, "reportId"), kioskId, actor);
        Responses.respond(ctx, 200, printed);
    }
}
