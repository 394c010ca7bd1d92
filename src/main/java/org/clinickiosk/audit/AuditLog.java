package org.clinickiosk.audit;

import io.vertx.core.Future;
import org.clinickiosk.store.Database;
import org.clinickiosk.store.Sql;
import org.clinickiosk.web.Actor;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;

/**
 * Who did what to which target, with the outcome, in UTC. Targets are ids (ticket 12, resident 7), never a name or
 * an ID number, so the log itself holds no personal data.
 */
public final class AuditLog {
    private final Database db;
    private final Clock clock;

    public AuditLog(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public Future<Void> record(Actor actor, String action, String target, String outcome) {
        return db.write(c -> {
            recordWithin(c, actor, action, target, outcome);
            return null;
        });
    }

    /**
     * Runs a staff action and records its outcome ("ok", or the refusal's code) before passing the outcome on, so
     * no action is answered before it is audited, refused or not.
     */
    public <T> Future<T> audited(Actor actor, String action, String target, java.util.function.Supplier<Future<T>> work) {
        Future<T> result;
        try {
            result = work.get();
        } catch (RuntimeException e) {
            result = Future.failedFuture(e);
        }
        return result.transform(done -> {
            String outcome = done.succeeded() ? "ok"
                    : done.cause() instanceof org.clinickiosk.web.ApiException api ? api.code() : "error";
            return record(actor, action, target, outcome).transform(v -> done.succeeded()
                    ? Future.succeededFuture(done.result()) : Future.failedFuture(done.cause()));
        });
    }

    /** Inside the caller's transaction, so the audited act and its audit row commit together. */
    public void recordWithin(Connection c, Actor actor, String action, String target, String outcome)
            throws SQLException {
        Sql.update(c, "INSERT INTO audit_log (at_utc, actor, action, target, outcome, address) VALUES (?, ?, ?, ?, ?, ?)",
                Instant.ofEpochMilli(clock.millis()).toString(), actor.auditName(), action, target, outcome,
                actor.address());
    }
}
