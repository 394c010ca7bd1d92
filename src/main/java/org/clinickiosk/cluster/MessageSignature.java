package org.clinickiosk.cluster;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HMAC-SHA256 over one event-bus message with one kiosk's own key, carried in headers: which kiosk, which direction
 * ({@link #UP} kiosk → server, {@link #DOWN} server → kiosk, so a message cannot be reflected back), when, a nonce, and
 * the MAC over those, the address and the body. A node that lacks kiosk K2's key cannot make a message the other side
 * accepts as K2's, whatever headers it sets. Replays are refused by time window and nonce.
 */
public final class MessageSignature {
    public static final String KIOSK = "ck-kiosk";
    public static final String DIRECTION = "ck-dir";
    public static final String TIME = "ck-time";
    public static final String NONCE = "ck-nonce";
    public static final String MAC = "ck-mac";

    public static final String UP = "up";
    public static final String DOWN = "down";

    /** How far a sender's clock may be from ours; kiosk PCs keep time with NTP (docs/deployment.md). */
    static final long WINDOW_MILLIS = 120_000;
    /**
     * Vert.x runs inbound interceptors once per local consumer, so one wire message with several consumers (status
     * board, kiosk stream, ...) shows its nonce several times in a row; a nonce seen again later is a replay.
     */
    static final long SAME_DELIVERY_MILLIS = 2_000;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Clock clock;
    private final Map<String, Long> seenNonces = new ConcurrentHashMap<>();

    public MessageSignature(Clock clock) {
        this.clock = clock;
    }

    /** Adds the signature headers (replacing any the sender set); false when the body is of a kind we do not sign. */
    public boolean sign(Message<?> message, Object body, String direction, String kioskId, String key) {
        String canonical = canonicalBody(body);
        if (canonical == null) return false;
        MultiMap headers = message.headers();
        String time = String.valueOf(clock.millis());
        String nonce = randomNonce();
        headers.set(KIOSK, kioskId);
        headers.set(DIRECTION, direction);
        headers.set(TIME, time);
        headers.set(NONCE, nonce);
        headers.set(MAC, mac(key, direction, kioskId, message.address(), time, nonce, canonical));
        return true;
    }

    /**
     * Null when the message carries a valid signature of {@code kioskId} with {@code key} in {@code direction} and is
     * fresh; otherwise why it is refused (for the log; never with the body's content).
     */
    public String verify(Message<?> message, String direction, String kioskId, String key) {
        MultiMap headers = message.headers();
        String claimed = headers.get(KIOSK);
        String mac = headers.get(MAC);
        String time = headers.get(TIME);
        String nonce = headers.get(NONCE);
        if (mac == null || claimed == null || time == null || nonce == null) return "unsigned";
        if (!kioskId.equals(claimed)) return "signed as kiosk " + printable(claimed) + ", not " + kioskId;
        if (!direction.equals(headers.get(DIRECTION))) return "signed for the other direction";
        String canonical = canonicalBody(message.body());
        if (canonical == null) return "a body of a kind that is never signed";
        String expected = mac(key, direction, kioskId, message.address(), time, nonce, canonical);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), mac.getBytes(StandardCharsets.US_ASCII))) {
            return "bad signature (not made with kiosk " + kioskId + "'s key, or altered)";
        }
        long sent;
        try {
            sent = Long.parseLong(time);
        } catch (NumberFormatException e) {
            return "bad time header";
        }
        long now = clock.millis();
        if (Math.abs(now - sent) > WINDOW_MILLIS) {
            return "sent " + (now - sent) / 1000 + " s from our clock (stale, replayed, or the clocks differ: keep both in "
                    + "time with NTP)";
        }
        Long first = seenNonces.putIfAbsent(nonce, now);
        if (first != null && now - first > SAME_DELIVERY_MILLIS) return "replayed (nonce seen before)";
        if (first == null && seenNonces.size() > 10_000) forgetOldNonces(now);
        return null;
    }

    private void forgetOldNonces(long now) {
        seenNonces.values().removeIf(seen -> now - seen > 2 * WINDOW_MILLIS);
    }

    /** The text the MAC covers for a body; null for body kinds we do not sign (they are refused). */
    static String canonicalBody(Object body) {
        if (body == null) return "null";
        if (body instanceof JsonObject json) return "json:" + json.encode();
        if (body instanceof JsonArray json) return "array:" + json.encode();
        if (body instanceof String text) return "text:" + text;
        if (body instanceof Buffer buffer) return "bytes:" + Base64.getEncoder().encodeToString(buffer.getBytes());
        if (body instanceof ReplyException failure) {
            return "failure:" + failure.failureType() + ":" + failure.failureCode() + ":" + failure.getMessage();
        }
        return null;
    }

    static String mac(String key, String direction, String kioskId, String address, String time, String nonce,
                      String canonicalBody) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            for (String field : new String[]{direction, kioskId, address, time, nonce, canonicalBody}) {
                byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
                // length-prefixed, so no two different field lists give the same input
                mac.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
                mac.update(bytes);
            }
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    /** A new random secret for cluster.secret or a kiosk key: 256 bits, base64url (43 characters). */
    public static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String randomNonce() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String printable(String claimed) {
        return claimed.length() > 32 ? claimed.substring(0, 32) + "…" : claimed;
    }
}
