package org.clinickiosk.healthcard;

import io.vertx.core.Future;
import org.clinickiosk.web.Actor;

import java.util.Optional;

/**
 * Resolves the text of an electronic health card (电子健康卡) QR code to a resident. The national format is not
 * public, so the token is opaque: a chain of resolvers (a local binding table made with the resident's consent, then
 * an optional regional HTTP verifier) decides, and a token none of them accepts is never trusted.
 */
public interface HealthCardResolver {

    /** The resident id the token belongs to, or empty when no resolver accepts it. */
    Future<Optional<Long>> residentFor(String token);

    /**
     * Remembers token → resident, made at the kiosk after the resident was identified by ID card in the same session
     * and agreed to bind the card. Binding a token already bound to another resident fails with a clear reason.
     */
    Future<Void> bind(String token, long residentId, Actor actor);
}
