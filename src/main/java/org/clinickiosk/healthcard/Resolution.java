package org.clinickiosk.healthcard;

/** What the resolver chain decided about one scanned token: a resident, or a refusal a person can read. */
public sealed interface Resolution {

    /** Accepted: {@code source} is {@code binding} or {@code verifier}. */
    record Resolved(long residentId, String source) implements Resolution {}

    record Refused(String reason) implements Resolution {}
}
