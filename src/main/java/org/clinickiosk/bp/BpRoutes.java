package org.clinickiosk.bp;

import io.vertx.ext.web.RoutingContext;
import org.clinickiosk.kiosk.KioskRoutes;
import org.clinickiosk.web.Access;
import org.clinickiosk.web.Responses;

/**
 * HTTP handlers of the blood-pressure flow: the kiosk page's screens under /api/kiosks/{kioskId}/bp (that kiosk's
 * token only) and the staff reads of a resident's readings (audited).
 */
public final class BpRoutes {
    private final BpService bp;
    private final String publicBaseUrl;

    /** @param publicBaseUrl start of the printed ticket's QR link; null: the address the kiosk page came from */
    public BpRoutes(BpService bp, String publicBaseUrl) {
        this.bp = bp;
        this.publicBaseUrl = publicBaseUrl;
    }

    public void kioskState(RoutingContext ctx) {
        Responses.respond(ctx, 200, bp.kioskState(ctx.pathParam("kioskId")));
    }

    public void start(RoutingContext ctx) {
        Responses.respond(ctx, 200, bp.start(ctx.pathParam("kioskId")));
    }

    public void claim(RoutingContext ctx) {
        Responses.respond(ctx, 200, bp.claim(ctx.pathParam("kioskId"), Responses.longParam(ctx, "readingId")));
    }

    public void print(RoutingContext ctx) {
        Responses.respond(ctx, 200, bp.print(ctx.pathParam("kioskId"), Responses.longParam(ctx, "readingId"),
                Responses.body(ctx).getString("language", BpTexts.ZH)));
    }

    public void ticket(RoutingContext ctx) {
        bp.ticket(ctx.pathParam("kioskId"), Responses.longParam(ctx, "readingId"), Access.actor(ctx),
                        KioskRoutes.baseUrl(ctx, publicBaseUrl))
                .onSuccess(result -> Responses.json(ctx, result.getBoolean("repeated") ? 200 : 201, result))
                .onFailure(ctx::fail);
    }

    public void residentReadings(RoutingContext ctx) {
        Responses.respond(ctx, 200, bp.readingsForStaff(Responses.longParam(ctx, "residentId"), Access.actor(ctx)));
    }

    public void residentObservations(RoutingContext ctx) {
        bp.observationsForStaff(Responses.longParam(ctx, "residentId"), Access.actor(ctx))
                .onSuccess(bundle -> ctx.response().setStatusCode(200)
                        .putHeader("Content-Type", "application/fhir+json; charset=utf-8").end(bundle.encode()))
                .onFailure(ctx::fail);
    }
}
