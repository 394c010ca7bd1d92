package org.clinickiosk.healthcard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The scanned text of an electronic health card, treated as opaque: only surrounding whitespace (scanner terminators)
 * is removed. Never logged or stored as such; the binding table keeps {@link #hash}.
 */
final class HealthCardToken {
    private HealthCardToken() {}

    /** Longer than any QR a kiosk scanner reads; bounds what is hashed or sent to the verifier. */
    static final int MAX_LENGTH = 2048;

    /** The token as used for lookups, or null when {@link #problem} is not null. */
    static String normalize(String scanned) {
        return scanned == null ? null : scanned.strip();
    }

    /** Why the text cannot be a health card token, or null when it can. */
    static String problem(String scanned) {
        String token = normalize(scanned);
        if (token == null || token.isEmpty()) return "the health card code is empty";
        if (token.length() > MAX_LENGTH) return "the health card code is too long (" + token.length() + " characters)";
        if (token.chars().anyMatch(Character::isISOControl)) return "the health card code contains control characters";
        return null;
    }

    /**
     * SHA-256 of the normalized token, as 64 hex digits. A plain digest suffices for exact-match lookup because the
     * platform codes seen so far carry 256 bits (64 hex digits); it keeps a copied database from yielding usable codes.
     */
    static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
