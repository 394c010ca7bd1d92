package org.clinickiosk.kiosk;

import io.vertx.core.json.JsonObject;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import org.clinickiosk.web.Access;
import org.clinickiosk.web.Responses;

/**
 * HTTP handlers of the resident kiosk's session (/api/kiosks/{kioskId}/session...). Every route is guarded by
 * Access.requireOwnKiosk, so a kiosk reaches only its own session.
 */
public final class KioskRoutes {
    private final KioskSessions sessions;
    private final String publicBaseUrl;

    /** @param publicBaseUrl start of the ticket QR's link; null: the address the kiosk page was loaded from */
    public KioskRoutes(KioskSessions sessions, String publicBaseUrl) {
        this.sessions = sessions;
        this.publicBaseUrl = publicBaseUrl;
    }

    public void describe(RoutingContext ctx) {
        Responses.json(ctx, 200, sessions.describe(kioskId(ctx)));
    }

    public void end(RoutingContext ctx) {
        sessions.end(kioskId(ctx), "ended");
        ctx.response().setStatusCode(204).end();
    }

    public void activity(RoutingContext ctx) {
        sessions.activity(kioskId(ctx));
        ctx.response().setStatusCode(204).end();
    }

    public void identify(RoutingContext ctx) {
        Responses.respond(ctx, 200, sessions.identifyManually(kioskId(ctx), Responses.body(ctx).getString("idNumber")));
    }

    public void register(RoutingContext ctx) {
        JsonObject body = Responses.body(ctx);
        Responses.respond(ctx, 201, sessions.register(kioskId(ctx), body.getString("phone"),
                Boolean.TRUE.equals(body.getBoolean("healthDataConsent")), Access.actor(ctx)));
    }

    public void takeTicket(RoutingContext ctx) {
        JsonObject body = Responses.body(ctx);
        Responses.respond(ctx, 201, sessions.takeTicket(kioskId(ctx), body.getString("serviceId"),
                body.getString("priority"), ctx.request().getHeader("Idempotency-Key"), baseUrl(ctx),
                Access.actor(ctx)));
    }

    public void checkIn(RoutingContext ctx) {
        Responses.respond(ctx, 200, sessions.checkIn(kioskId(ctx), Responses.longParam(ctx, "appointmentId"),
                baseUrl(ctx), Access.actor(ctx)));
    }

    public void reprint(RoutingContext ctx) {
        Responses.respond(ctx, 200, sessions.reprint(kioskId(ctx)));
    }

    public void bindHealthCard(RoutingContext ctx) {
        Responses.respond(ctx, 200, sessions.bindHealthCard(kioskId(ctx), Access.actor(ctx)));
    }

    public void simulate(RoutingContext ctx) {
        JsonObject body = Responses.body(ctx);
        sessions.simulate(kioskId(ctx), body.getString("kind"), body.getString("behaviour"), body.getJsonObject("args"))
                .onSuccess(v -> ctx.response().setStatusCode(204).end())
                .onFailure(ctx::fail);
    }

    private static String kioskId(RoutingContext ctx) {
        return ctx.pathParam("kioskId");
    }

    private String baseUrl(RoutingContext ctx) {
        return baseUrl(ctx, publicBaseUrl);
    }

    /** Where a ticket's QR link starts: the configured public address, else the one the kiosk page came from. */
    public static String baseUrl(RoutingContext ctx, String publicBaseUrl) {
        if (publicBaseUrl != null) return publicBaseUrl;
        HostAndPort authority = ctx.request().authority();
        String scheme = ctx.request().scheme() == null ? "http" : ctx.request().scheme();
        if (authority == null) return scheme + "://localhost";
        return scheme + "://" + authority.host() + (authority.port() > 0 ? ":" + authority.port() : "");
    }
}
