package org.clinickiosk.web;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import org.clinickiosk.clinic.KioskDirectory;
import org.clinickiosk.staff.StaffDirectory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Who the caller is, and route guards. Staff are identified by their session, kiosks by the X-Kiosk-Token header.
 * State-changing staff calls must echo the session's CSRF token in X-CSRF-Token (a header a cross-site form cannot
 * set); a kiosk's header token is not sent by browsers on their own, so it needs none.
 */
public final class Access {
    public static final String SESSION_COOKIE = "ck_session";
    public static final String SESSION_STAFF_ID = "staffId";
    public static final String SESSION_CSRF = "csrf";
    private static final String ACTOR_KEY = "actor";

    private final KioskDirectory kiosks;
    private final StaffDirectory staff;

    public Access(KioskDirectory kiosks, StaffDirectory staff) {
        this.kiosks = kiosks;
        this.staff = staff;
    }

    /** Root handler: resolves the actor once per request. A wrong kiosk token is refused outright. */
    public void identify(RoutingContext ctx) {
        String address = ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
        // Touch the session only when the client sent one, so anonymous visitors (kiosks, displays) get no cookie.
        Session session = ctx.request().getCookie(SESSION_COOKIE) == null ? null : ctx.session();
        Long staffId = session == null ? null : session.get(SESSION_STAFF_ID);
        Optional<StaffDirectory.Entry> account = staffId == null ? Optional.empty() : staff.active(staffId);
        if (staffId != null && account.isEmpty()) {
            session.destroy(); // the account was disabled or removed since this session began
        }
        Actor actor;
        if (account.isPresent()) {
            actor = Actor.staff(staffId, account.get().username(), account.get().role(), address);
        } else {
            String token = ctx.request().getHeader("X-Kiosk-Token");
            if (token != null) {
                Optional<KioskDirectory.Kiosk> kiosk = kiosks.byToken(token);
                if (kiosk.isEmpty()) {
                    ctx.fail(new ApiException(401, "bad_kiosk_token", "the kiosk token is not valid"));
                    return;
                }
                actor = Actor.kiosk(kiosk.get().id(), address);
            } else {
                actor = Actor.anonymous(address);
            }
        }
        ctx.put(ACTOR_KEY, actor);
        ctx.next();
    }

    public static Actor actor(RoutingContext ctx) {
        return ctx.get(ACTOR_KEY);
    }

    public void requireStaff(RoutingContext ctx) {
        Actor actor = actor(ctx);
        if (!actor.isStaff()) {
            ctx.fail(new ApiException(401, "login_required", "log in as staff first"));
            return;
        }
        if (!checkCsrf(ctx)) return;
        ctx.next();
    }

    public void requireAdmin(RoutingContext ctx) {
        Actor actor = actor(ctx);
        if (actor.isStaff() && !actor.isAdmin()) {
            ctx.fail(new ApiException(403, "admin_only", "this needs an administrator account"));
            return;
        }
        requireStaff(ctx);
    }

    public void requireKioskOrStaff(RoutingContext ctx) {
        Actor actor = actor(ctx);
        if (actor.isKiosk()) {
            ctx.next();
            return;
        }
        requireStaff(ctx);
    }

    /** For a kiosk-scoped path: only that kiosk's token (or staff) may use it. */
    public void requireOwnKiosk(RoutingContext ctx, String kioskId) {
        Actor actor = actor(ctx);
        if (kiosks.byId(kioskId).isEmpty()) {
            ctx.fail(ApiException.notFound("kiosk '" + kioskId + "'"));
        } else if (actor.isKiosk() && actor.kioskId().equals(kioskId)) {
            ctx.next();
        } else {
            ctx.fail(new ApiException(401, "kiosk_token_required", "send this kiosk's token in X-Kiosk-Token"));
        }
    }

    private boolean checkCsrf(RoutingContext ctx) {
        if (ctx.request().method().name().equals("GET")) return true;
        String expected = ctx.session().get(SESSION_CSRF);
        String given = ctx.request().getHeader("X-CSRF-Token");
        if (expected == null || given == null || !constantTimeEquals(expected, given)) {
            ctx.fail(new ApiException(403, "csrf_failed", "missing or wrong X-CSRF-Token header; reload the page"));
            return false;
        }
        return true;
    }

    static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
