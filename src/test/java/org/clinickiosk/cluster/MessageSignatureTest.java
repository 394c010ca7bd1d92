package org.clinickiosk.cluster;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import org.clinickiosk.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-kiosk message signature on its own: what it binds, and what it refuses. */
class MessageSignatureTest {
    static final String K2_KEY = "unit-K2-key-0123456789-abcdefghijklmnopq";
    static final String K3_KEY = "unit-K3-key-0123456789-abcdefghijklmnopq";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-07-11T01:00:00Z"));
    private final MessageSignature signature = new MessageSignature(clock);

    /** Just enough of a message: an address, headers and a body. */
    private record TestMessage(String address, MultiMap headers, Object body) implements Message<Object> {
        TestMessage(String address, Object body) {
            this(address, MultiMap.caseInsensitiveMultiMap(), body);
        }

        TestMessage withAddress(String other) {
            return new TestMessage(other, MultiMap.caseInsensitiveMultiMap().addAll(headers), body);
        }

        TestMessage withBody(Object other) {
            return new TestMessage(address, MultiMap.caseInsensitiveMultiMap().addAll(headers), other);
        }

        @Override public String replyAddress() { return null; }
        @Override public boolean isSend() { return false; }
        @Override public void reply(Object message, DeliveryOptions options) {}
        @Override public <R> Future<Message<R>> replyAndRequest(Object message, DeliveryOptions options) { return null; }
    }

    private TestMessage signedByK2(String address, Object body) {
        TestMessage message = new TestMessage(address, body);
        assertTrue(signature.sign(message, body, MessageSignature.UP, "K2", K2_KEY));
        return message;
    }

    @Test
    void aMessageSignedWithTheKiosksKeyPasses() {
        TestMessage message = signedByK2("kiosk.K2.device.events", new JsonObject().put("type", "identified"));
        assertNull(signature.verify(message, MessageSignature.UP, "K2", K2_KEY));
    }

    @Test
    void anotherKiosksKeyOrClaimOrTheOtherDirectionIsRefused() {
        TestMessage message = signedByK2("kiosk.K2.device.events", new JsonObject().put("n", 1));
        assertTrue(signature.verify(message, MessageSignature.UP, "K2", K3_KEY).startsWith("bad signature"));
        assertEquals("signed as kiosk K2, not K3", signature.verify(message, MessageSignature.UP, "K3", K3_KEY));
        assertEquals("signed for the other direction", signature.verify(message, MessageSignature.DOWN, "K2", K2_KEY));
        // headers rewritten to claim K3, the MAC still K2's
        message.headers().set(MessageSignature.KIOSK, "K3");
        assertTrue(signature.verify(message, MessageSignature.UP, "K3", K3_KEY).startsWith("bad signature"));
    }

    @Test
    void theAddressAndTheBodyAreBound() {
        TestMessage message = signedByK2("kiosk.K2.device.events", new JsonObject().put("name", "林秀燕"));
        assertTrue(signature.verify(message.withAddress("kiosk.K2.node.heartbeat"), MessageSignature.UP, "K2", K2_KEY)
                .startsWith("bad signature"));
        assertTrue(signature.verify(message.withBody(new JsonObject().put("name", "王建国")), MessageSignature.UP, "K2",
                K2_KEY).startsWith("bad signature"));
        assertEquals("unsigned", signature.verify(new TestMessage("kiosk.K2.device.events", new JsonObject()),
                MessageSignature.UP, "K2", K2_KEY));
    }

    @Test
    void aFailureReplyIsSignedWithItsCodeAndMessage() {
        ReplyException failure = new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 503, "printer is not available");
        TestMessage message = signedByK2("__vertx.reply.1", failure);
        assertNull(signature.verify(message, MessageSignature.UP, "K2", K2_KEY));
        TestMessage altered = message.withBody(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 500, "printed"));
        assertTrue(signature.verify(altered, MessageSignature.UP, "K2", K2_KEY).startsWith("bad signature"));
    }

    @Test
    void bodiesOfOtherKindsAreNeverSigned() {
        TestMessage message = new TestMessage("kiosk.K2.device.events", new StringBuilder("not a wire type"));
        assertFalse(signature.sign(message, message.body(), MessageSignature.UP, "K2", K2_KEY));
        assertNull(message.headers().get(MessageSignature.MAC));
    }

    @Test
    void aStaleMessageIsRefusedAndTheReasonNamesTheClocks() {
        TestMessage message = signedByK2("kiosk.K2.device.events", new JsonObject());
        clock.advance(Duration.ofMinutes(3));
        assertTrue(signature.verify(message, MessageSignature.UP, "K2", K2_KEY).contains("NTP"));
    }

    @Test
    void theSameMessageMayReachSeveralLocalConsumersButNotComeBackLater() {
        TestMessage message = signedByK2("kiosk.K2.device.events", new JsonObject());
        assertNull(signature.verify(message, MessageSignature.UP, "K2", K2_KEY));
        assertNull(signature.verify(message, MessageSignature.UP, "K2", K2_KEY), "a second consumer of one delivery");
        clock.advance(Duration.ofMillis(MessageSignature.SAME_DELIVERY_MILLIS + 1));
        assertEquals("replayed (nonce seen before)", signature.verify(message, MessageSignature.UP, "K2", K2_KEY));
    }

    @Test
    void newSecretsAreLongAndDistinct() {
        String one = MessageSignature.newSecret();
        assertEquals(43, one.length());
        assertNotEquals(one, MessageSignature.newSecret());
    }
}
