package org.clinickiosk.healthcard;

import io.vertx.core.Future;
import org.clinickiosk.audit.AuditLog;
import org.clinickiosk.store.Database;
import org.clinickiosk.store.Sql;
import org.clinickiosk.web.Actor;
import org.clinickiosk.web.ApiException;

import java.time.Clock;
import java.util.Optional;

/**
 * The local binding table: token hash → resident, made at the kiosk with the resident's consent after an ID card
 * identification. A token belongs to at most one resident; a resident may have several (a reissued card).
 */
public final class HealthCardBindings {

    private enum Outcome { BOUND, ALREADY_BOUND, BOUND_TO_OTHER, NO_SUCH_RESIDENT }

    private final Database db;
    private final AuditLog audit;
    private final Clock clock;

    public HealthCardBindings(Database db, AuditLog audit, Clock clock) {
        this.db = db;
        this.audit = audit;
        this.clock = clock;
    }

    /** The bound resident, or empty when the token is not bound here (or cannot be a token at all). */
    public Future<Optional<Long>> residentFor(String scanned) {
        if (HealthCardToken.problem(scanned) != null) return Future.succeededFuture(Optional.empty());
        String hash = HealthCardToken.hash(HealthCardToken.normalize(scanned));
        return db.read(c -> Sql.one(c, "SELECT resident_id FROM health_card_bindings WHERE token_hash = ?",
                rs -> rs.getLong(1), hash));
    }

    /**
     * Binds the token to the resident. Binding it again to the same resident succeeds without change; a token bound
     * to someone else, an unknown resident or an unusable token fail with an {@link ApiException} saying why. Every
     * attempt on a usable token is audited in the same transaction (target: the resident's id).
     */
    public Future<Void> bind(String scanned, long residentId, Actor actor) {
        String problem = HealthCardToken.problem(scanned);
        if (problem != null) return Future.failedFuture(ApiException.badRequest("invalid_health_card", problem));
        String hash = HealthCardToken.hash(HealthCardToken.normalize(scanned));
        return db.write(c -> {
            Outcome outcome;
            Optional<Long> owner = Sql.one(c, "SELECT resident_id FROM health_card_bindings WHERE token_hash = ?",
                    rs -> rs.getLong(1), hash);
            if (owner.isPresent()) {
                outcome = owner.get() == residentId ? Outcome.ALREADY_BOUND : Outcome.BOUND_TO_OTHER;
            } else if (Sql.count(c, "SELECT count(*) FROM residents WHERE id = ?", residentId) == 0) {
                outcome = Outcome.NO_SUCH_RESIDENT;
            } else {
                Sql.update(c, "INSERT INTO health_card_bindings (token_hash, resident_id, bound_at, bound_by) "
                        + "VALUES (?, ?, ?, ?)", hash, residentId, clock.millis(), actor.auditName());
                outcome = Outcome.BOUND;
            }
            audit.recordWithin(c, actor, "healthcard.bind", "resident " + residentId,
                    outcome.name().toLowerCase());
            return outcome;
        }).compose(outcome -> switch (outcome) {
            case BOUND, ALREADY_BOUND -> Future.succeededFuture();
            case BOUND_TO_OTHER -> Future.failedFuture(ApiException.conflict("health_card_bound_elsewhere",
                    "this health card is already bound to another resident; it cannot be bound to this one"));
            case NO_SUCH_RESIDENT -> Future.failedFuture(ApiException.notFound("resident " + residentId));
        });
    }
}
