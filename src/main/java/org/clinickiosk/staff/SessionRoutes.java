package org.clinickiosk.staff;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import org.clinickiosk.audit.AuditLog;
import org.clinickiosk.common.FailureThrottle;
import org.clinickiosk.web.Access;
import org.clinickiosk.web.Actor;
import org.clinickiosk.web.ApiException;
import org.clinickiosk.web.ErrorHandler;
import org.clinickiosk.web.Responses;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Staff login and logout. Logins are audited and get a fresh session id and CSRF token; failed ones are limited per
 * account and per address (a success clears the account's count, not the address's: one address guessing many
 * accounts stays limited).
 */
public final class SessionRoutes {
    /** Failed logins allowed per account and per address within {@link #FAILURE_WINDOW_MILLIS}. */
    public static final int MAX_FAILURES = 5;
    public static final long FAILURE_WINDOW_MILLIS = 15 * 60 * 1000;

    private final StaffService staff;
    private final FailureThrottle throttle;
    private final AuditLog audit;
    private final SecureRandom random = new SecureRandom();

    public SessionRoutes(StaffService staff, java.time.Clock clock, AuditLog audit) {
        this.staff = staff;
        this.throttle = new FailureThrottle(clock, MAX_FAILURES, FAILURE_WINDOW_MILLIS);
        this.audit = audit;
    }

    public void login(RoutingContext ctx) {
        JsonObject body = Responses.body(ctx);
        String username = body.getString("username").trim().toLowerCase();
        String password = body.getString("password");
        Actor anonymous = Access.actor(ctx);
        long wait = throttle.retryAfterSeconds("user:" + username, "addr:" + anonymous.address());
        if (wait > 0) {
            audit.record(new Actor(null, username, null, null, anonymous.address()), "session.login", "staff " + username,
                    "throttled").onComplete(v -> ctx.fail(new ErrorHandler.RetryLater(wait,
                    "too many failed logins; try again in " + (wait + 59) / 60 + " minute(s)")));
            return;
        }
        staff.verify(username, password).onSuccess(account -> {
            if (account.isEmpty()) {
                throttle.failed("user:" + username, "addr:" + anonymous.address());
                audit.record(new Actor(null, username, null, null, anonymous.address()), "session.login",
                        "staff " + username, "wrong_credentials").onComplete(v -> ctx.fail(
                        new ApiException(401, "wrong_credentials", "wrong username or password")));
                return;
            }
            throttle.cleared("user:" + username);
            StaffService.Account a = account.get();
            Session session = ctx.session().regenerateId();
            String csrf = newToken();
            session.put(Access.SESSION_STAFF_ID, a.id());
            session.put(Access.SESSION_CSRF, csrf);
            audit.record(Actor.staff(a.id(), a.username(), a.role(), anonymous.address()), "session.login",
                    "staff " + a.username(), "ok").onComplete(v -> Responses.json(ctx, 200, sessionJson(a.id(),
                    a.username(), a.displayName(), a.role(), csrf)));
        }).onFailure(ctx::fail);
    }

    public void logout(RoutingContext ctx) {
        Actor actor = Access.actor(ctx);
        if (ctx.session() != null) ctx.session().destroy();
        if (!actor.isStaff()) {
            ctx.response().setStatusCode(204).end();
            return;
        }
        audit.record(actor, "session.logout", "staff " + actor.username(), "ok")
                .onComplete(v -> ctx.response().setStatusCode(204).end());
    }

    public void getSession(RoutingContext ctx) {
        Actor actor = Access.actor(ctx);
        if (!actor.isStaff()) {
            ctx.fail(new ApiException(401, "login_required", "not logged in"));
            return;
        }
        staff.account(actor.staffId()).onSuccess(account -> {
            if (account.isEmpty() || account.get().disabled()) {
                ctx.session().destroy();
                ctx.fail(new ApiException(401, "login_required", "this account is disabled"));
                return;
            }
            StaffService.Account a = account.get();
            Responses.json(ctx, 200, sessionJson(a.id(), a.username(), a.displayName(), a.role(),
                    ctx.session().get(Access.SESSION_CSRF)));
        }).onFailure(ctx::fail);
    }

    private static JsonObject sessionJson(long id, String username, String displayName, String role, String csrf) {
        return new JsonObject().put("staffId", id).put("username", username).put("displayName", displayName)
                .put("role", role).put("csrfToken", csrf);
    }

    private String newToken() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
