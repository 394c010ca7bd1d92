package org.clinickiosk.web;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CSPHandler;
import io.vertx.ext.web.handler.SessionHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.handler.XFrameHandler;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.ext.web.sstore.SessionStore;
import io.vertx.openapi.contract.OpenAPIContract;
import org.clinickiosk.admin.AdminRoutes;
import org.clinickiosk.appointment.AppointmentRoutes;
import org.clinickiosk.bp.BpRoutes;
import org.clinickiosk.config.ClinicConfig;
import org.clinickiosk.lab.LabRoutes;
import org.clinickiosk.kiosk.KioskRoutes;
import org.clinickiosk.queue.QueueRoutes;
import org.clinickiosk.resident.ResidentRoutes;
import org.clinickiosk.staff.SessionRoutes;
import org.clinickiosk.stats.StatsRoutes;
import org.clinickiosk.stream.DisplayStream;
import org.clinickiosk.stream.KioskStream;
import org.clinickiosk.stream.RoomStream;
import org.clinickiosk.nurse.NurseRoutes;
import org.clinickiosk.voice.VoiceRoutes;

/**
 * Every route of the server, in one place. API paths, methods and request schemas come from the OpenAPI contract
 * (src/main/resources/api/openapi.yaml), against which {@link ContractValidation} validates each request before its
 * handler runs; this class binds each operation to its guard and handler.
 */
public final class HttpApi {
    private static final long BODY_LIMIT_BYTES = 64 * 1024;

    public record Handlers(QueueRoutes queue, SessionRoutes session, ResidentRoutes residents,
                           AppointmentRoutes appointments, Handler<RoutingContext> health, DisplayStream display,
                           RoomStream rooms, KioskStream kiosks, AdminRoutes admin,
                           // ---- lab results (issue 7) ----
                           LabRoutes lab,
                           // ---- statistics (issue 8) ----
                           StatsRoutes stats,
                           // ---- blood pressure (issue 6) ----
                           BpRoutes bp,
                           // nurse station and lobby display (issue 5)
                           NurseRoutes nurse, VoiceRoutes voice,
                           // ---- resident kiosk session (issue 4) ----
                           KioskRoutes kioskSession) {}

    private HttpApi() {}

    public static Router create(Vertx vertx, OpenAPIContract contract, ClinicConfig config, Access access,
                                SessionStore sessions, Handlers h) {
        RouterBuilder builder = RouterBuilder.create(vertx, contract);
        // Every operation's first handler validates the request against the contract: our ContractValidation
        // instead of the library's (same checks and answers, but on the event loop with validators built once).
        ContractValidation validation = new ContractValidation(contract);
        for (OpenAPIRoute route : builder.getRoutes()) {
            route.setDoValidation(false).addHandler(validation.forOperation(route.getOperation().getOperationId()));
        }
        // Vert.x Web runs handlers by kind: platform (sessions), security policy, body, then ours.
        builder.rootHandler(SessionHandler.create(sessions)
                .setSessionCookieName(Access.SESSION_COOKIE)
                .setCookieHttpOnlyFlag(true)
                .setCookieSameSite(CookieSameSite.STRICT)
                .setCookieSecureFlag(config.http().secureCookies())
                .setSessionTimeout(Math.round(config.http().sessionIdleMinutes() * 60_000))
                .setLazySession(true)
                .setNagHttps(false));
        builder.rootHandler(CSPHandler.create()
                .setDirective("default-src", "'self'")
                .addDirective("img-src", "'self' data: blob:")
                .addDirective("media-src", "'self' data: blob:")
                .addDirective("frame-ancestors", "'none'")
                .addDirective("form-action", "'self'"));
        builder.rootHandler(XFrameHandler.create(XFrameHandler.DENY));
        builder.rootHandler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES));
        builder.rootHandler(HttpApi::securityHeaders);
        builder.rootHandler(access::identify);

        // public
        bind(builder, "getHealth", h.health());
        bind(builder, "listServices", h.queue()::listServices);
        bind(builder, "listRooms", h.queue()::listRooms);
        bind(builder, "getPublicTicket", h.queue()::getPublicTicket);
        bind(builder, "displayStream", h.display()::handle);
        bind(builder, "login", h.session()::login);
        bind(builder, "logout", h.session()::logout);
        bind(builder, "getSession", h.session()::getSession);

        // kiosk or staff
        bind(builder, "issueTicket", access::requireKioskOrStaff, h.queue()::issueTicket);
        bind(builder, "getTicket", access::requireKioskOrStaff, h.queue()::getTicket);
        bind(builder, "createResident", access::requireKioskOrStaff, h.residents()::createResident);
        bind(builder, "bookAppointment", access::requireKioskOrStaff, h.appointments()::bookAppointment);
        bind(builder, "checkInAppointment", access::requireKioskOrStaff, h.appointments()::checkInAppointment);
        bind(builder, "kioskStream", ctx -> access.requireOwnKiosk(ctx, ctx.pathParam("kioskId")),
                ctx -> h.kiosks().handle(ctx, ctx.pathParam("kioskId")));

        // staff
        bind(builder, "getResident", access::requireStaff, h.residents()::getResident);
        bind(builder, "roomStream", access::requireStaff, ctx -> h.rooms().handle(ctx, ctx.pathParam("roomId")));
        bind(builder, "callNext", access::requireStaff, h.queue()::callNext);
        bind(builder, "callTicket", access::requireStaff, h.queue()::callTicket);
        bind(builder, "recallTicket", access::requireStaff, h.queue()::recallTicket);
        bind(builder, "startTicket", access::requireStaff, h.queue()::startTicket);
        bind(builder, "finishTicket", access::requireStaff, h.queue()::finishTicket);
        bind(builder, "noShowTicket", access::requireStaff, h.queue()::noShowTicket);
        bind(builder, "requeueTicket", access::requireStaff, h.queue()::requeueTicket);
        bind(builder, "cancelTicket", access::requireStaff, h.queue()::cancelTicket);
        bind(builder, "transferTicket", access::requireStaff, h.queue()::transferTicket);
        bind(builder, "pauseRoom", access::requireStaff, h.queue()::pauseRoom);
        bind(builder, "resumeRoom", access::requireStaff, h.queue()::resumeRoom);

        // admin
        bind(builder, "listAdminServices", access::requireAdmin, h.admin()::listAdminServices);
        bind(builder, "createService", access::requireAdmin, h.admin()::createService);
        bind(builder, "updateService", access::requireAdmin, h.admin()::updateService);
        bind(builder, "listAdminRooms", access::requireAdmin, h.admin()::listAdminRooms);
        bind(builder, "createRoom", access::requireAdmin, h.admin()::createRoom);
        bind(builder, "updateRoom", access::requireAdmin, h.admin()::updateRoom);
        bind(builder, "listStaff", access::requireAdmin, h.admin()::listStaff);
        bind(builder, "createStaff", access::requireAdmin, h.admin()::createStaff);
        bind(builder, "updateStaff", access::requireAdmin, h.admin()::updateStaff);
        bind(builder, "setStaffPassword", access::requireAdmin, h.admin()::setStaffPassword);
        bind(builder, "listKiosks", access::requireAdmin, h.admin()::listKiosks);
        bind(builder, "rotateKioskToken", access::requireAdmin, h.admin()::rotateKioskToken);
        bind(builder, "setKioskMaintenance", access::requireAdmin, h.admin()::setKioskMaintenance);
        bind(builder, "getQueueRules", access::requireAdmin, h.admin()::getQueueRules);
        bind(builder, "updateQueueRules", access::requireAdmin, h.admin()::updateQueueRules);
        bind(builder, "listSlots", access::requireAdmin, h.admin()::listSlots);
        bind(builder, "openSlot", access::requireAdmin, h.admin()::openSlot);
        bind(builder, "closeSlot", access::requireAdmin, h.admin()::closeSlot);
        // ---- lab results (issue 7) ----
        bind(builder, "importLabReports", h.lab()::requireLabToken, h.lab()::importReports);
        bind(builder, "listLabQuarantine", access::requireStaff, h.lab()::listQuarantine);
        bind(builder, "assignLabReport", access::requireStaff, h.lab()::assignQuarantined);
        bind(builder, "listResidentLabReports", access::requireKioskOrStaff, h.lab()::listResidentReports);
        bind(builder, "lookupLabReports", access::requireKioskOrStaff, h.lab()::lookupReports);
        bind(builder, "printLabReport", access::requireKioskOrStaff, h.lab()::printReport);

        // ---- statistics (issue 8): admin only ----
        bind(builder, "getStats", access::requireAdmin, h.stats()::getStats);
        bind(builder, "exportStats", access::requireAdmin, h.stats()::exportStats);

        // ---- blood pressure (issue 6): the kiosk's own screens; staff reads are audited ----
        bind(builder, "getKioskBp", ctx -> access.requireOwnKiosk(ctx, ctx.pathParam("kioskId")), h.bp()::kioskState);
        bind(builder, "startBpMeasurement", ctx -> access.requireOwnKiosk(ctx, ctx.pathParam("kioskId")), h.bp()::start);
        bind(builder, "claimBpReading", ctx -> access.requireOwnKiosk(ctx, ctx.pathParam("kioskId")), h.bp()::claim);
        bind(builder, "printBpSlip", ctx -> access.requireOwnKiosk(ctx, ctx.pathParam("kioskId")), h.bp()::print);
        bind(builder, "takeBpTicket", ctx -> access.requireOwnKiosk(ctx, ctx.pathParam("kioskId")), h.bp()::ticket);
        bind(builder, "getResidentBp", access::requireStaff, h.bp()::residentReadings);
        bind(builder, "getResidentObservations", access::requireStaff, h.bp()::residentObservations);

        // ---- nurse station and lobby display (issue 5) ----
        bind(builder, "getResidentPanel", access::requireStaff, h.nurse()::residentPanel);
        bind(builder, "acknowledgeAlert", access::requireStaff, h.nurse()::acknowledgeAlert);
        bind(builder, "getCallAudio", h.voice()::callAudio);
        // ---- resident kiosk session (issue 4): each kiosk reaches only its own session ----
        Handler<RoutingContext> ownKiosk = ctx -> access.requireOwnKiosk(ctx, ctx.pathParam("kioskId"));
        bind(builder, "getKioskSession", ownKiosk, h.kioskSession()::describe);
        bind(builder, "endKioskSession", ownKiosk, h.kioskSession()::end);
        bind(builder, "kioskSessionActivity", ownKiosk, h.kioskSession()::activity);
        bind(builder, "identifyAtKiosk", ownKiosk, h.kioskSession()::identify);
        bind(builder, "registerAtKiosk", ownKiosk, h.kioskSession()::register);
        bind(builder, "takeKioskTicket", ownKiosk, h.kioskSession()::takeTicket);
        bind(builder, "checkInAtKiosk", ownKiosk, h.kioskSession()::checkIn);
        bind(builder, "reprintKioskTicket", ownKiosk, h.kioskSession()::reprint);
        bind(builder, "bindHealthCardAtKiosk", ownKiosk, h.kioskSession()::bindHealthCard);
        bind(builder, "simulateKioskDevice", ownKiosk, h.kioskSession()::simulate);
        // ---- end resident kiosk session ----
        for (OpenAPIRoute route : builder.getRoutes()) {
            // Only the validation: the library would have answered 503; refuse to start instead.
            if (route.getHandlers().size() < 2) {
                throw new IllegalStateException("operation " + route.getOperation().getOperationId()
                        + " is in the contract but has no handler");
            }
        }

        Router router = builder.createRouter();
        router.get("/api/openapi.yaml").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "application/yaml; charset=utf-8").sendFile("api/openapi.yaml"));
        router.route("/api/*").handler(ctx -> ctx.fail(404));
        router.get("/").handler(ctx -> ctx.redirect("/index.html"));
        // ---- resident kiosk (issue 4): the phone page behind a ticket's QR code, /t/{token} ----
        router.getWithRegex("/t/[A-Za-z0-9_-]{8,64}").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "text/html; charset=utf-8").sendFile("webroot/t/index.html")
                .onFailure(ctx::fail));
        // ---- end resident kiosk ----
        router.route().handler(StaticHandler.create("webroot").setCachingEnabled(false));
        router.route().failureHandler(ErrorHandler::handle);
        return router;
    }

    @SafeVarargs
    private static void bind(RouterBuilder builder, String operationId, Handler<RoutingContext>... handlers) {
        var route = builder.getRoute(operationId);
        if (route == null) throw new IllegalStateException("operation " + operationId + " is not in the contract");
        for (Handler<RoutingContext> handler : handlers) route.addHandler(handler);
    }

    private static void securityHeaders(RoutingContext ctx) {
        ctx.response().putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
        ctx.next();
    }
}
