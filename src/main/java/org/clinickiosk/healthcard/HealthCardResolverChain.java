package org.clinickiosk.healthcard;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.clinickiosk.audit.AuditLog;
import org.clinickiosk.config.ClinicConfig;
import org.clinickiosk.store.Database;
import org.clinickiosk.store.Sql;
import org.clinickiosk.web.Actor;

import java.time.Clock;
import java.util.Optional;

/**
 * The electronic health card resolver chain: the local binding table first, then the regional verifier when one is
 * configured, then refusal. {@link #resolve} gives the reason for a refusal; {@link #residentFor} only the outcome.
 */
public final class HealthCardResolverChain implements HealthCardResolver {

    public static final String UNKNOWN_CARD = "this health card is not known here: please identify with your ID card "
            + "once and agree to bind the health card, or ask at the desk";

    private final HealthCardBindings bindings;
    private final HealthCardVerifier verifier;
    private final Database db;

    /** @param verifier null when no regional verifier is configured */
    public HealthCardResolverChain(HealthCardBindings bindings, HealthCardVerifier verifier, Database db) {
        this.bindings = bindings;
        this.verifier = verifier;
        this.db = db;
    }

    /** The chain as configured by {@code healthCard.*}: the verifier only when {@code verifierUrl} is set. */
    public static HealthCardResolverChain create(Vertx vertx, Database db, AuditLog audit, ClinicConfig config,
                                                 Clock clock) {
        ClinicConfig.HealthCard settings = config.healthCard();
        HealthCardVerifier verifier = settings.verifierUrl() == null ? null : new HealthCardVerifier(vertx,
                settings.verifierUrl(), settings.verifierTimeoutMs(), settings.verifierAuthorization(),
                config.clinic().timezone(), clock);
        return new HealthCardResolverChain(new HealthCardBindings(db, audit, clock), verifier, db);
    }

    @Override
    public Future<Optional<Long>> residentFor(String token) {
        return resolve(token).map(resolution -> resolution instanceof Resolution.Resolved resolved
                ? Optional.of(resolved.residentId()) : Optional.empty());
    }

    @Override
    public Future<Void> bind(String token, long residentId, Actor actor) {
        return bindings.bind(token, residentId, actor);
    }

    /** Fails only when the database fails; an unknown or unverifiable card is a {@link Resolution.Refused}. */
    public Future<Resolution> resolve(String token) {
        String problem = HealthCardToken.problem(token);
        if (problem != null) return Future.succeededFuture(new Resolution.Refused(problem));
        String normalized = HealthCardToken.normalize(token);
        return bindings.residentFor(normalized).compose(bound -> {
            if (bound.isPresent()) return Future.succeededFuture(new Resolution.Resolved(bound.get(), "binding"));
            if (verifier == null) return Future.succeededFuture(new Resolution.Refused(UNKNOWN_CARD));
            return verifier.verify(normalized).compose(this::residentOf);
        });
    }

    public Future<Void> close() {
        return verifier == null ? Future.succeededFuture() : verifier.close();
    }

    private Future<Resolution> residentOf(HealthCardVerifier.Verdict verdict) {
        if (verdict instanceof HealthCardVerifier.Refused refused) {
            return Future.succeededFuture(new Resolution.Refused(refused.reason()));
        }
        String idNumber = ((HealthCardVerifier.Verified) verdict).idNumber().value();
        return db.read(c -> Sql.one(c, "SELECT id FROM residents WHERE id_number = ?", rs -> rs.getLong(1), idNumber))
                .map(resident -> resident.<Resolution>map(id -> new Resolution.Resolved(id, "verifier"))
                        .orElse(new Resolution.Refused("the health card platform vouches for this card, but this clinic "
                                + "has no health record for its holder yet: please register at the desk")));
    }
}
