package org.clinickiosk.healthcard;

import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import org.clinickiosk.web.Actor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The regional verifier against a local HTTP server that plays the platform, well and badly. */
class HealthCardVerifierTest {

    /**
     * Long enough that a loaded CI machine answers a local request in time (400 ms once was not, in a full run), short
     * enough that the slow-platform case stays quick.
     */
    private static final int TIMEOUT_MS = 1500;

    private io.vertx.core.Vertx vertx;
    private HealthCardFixture fixture;
    private HttpServer platform;
    private final List<JsonObject> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        vertx = io.vertx.core.Vertx.vertx();
        platform = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            JsonObject asked = body.toJsonObject();
            requests.add(asked.copy().put("authorization", request.getHeader("Authorization"))
                    .put("path", request.path()).put("method", request.method().name()));
            var response = request.response().putHeader("Content-Type", "application/json");
            switch (asked.getString("qrText")) {
                case "lin-dynamic-code" -> response.end(new JsonObject().put("valid", true)
                        .put("idNumber", HealthCardFixture.LIN_ID).encode());
                case "stranger-code" -> response.end("{\"valid\": true, \"idNumber\": \"11010519491231002X\"}");
                case "expired-code" -> response.end("{\"valid\": false, \"reason\": \"code expired\\u0007\"}");
                case "garbage" -> response.end("{\"valid\": true, \"idNumber\": \"3401041985");
                case "array" -> response.end("[true]");
                case "string-valid" -> response.end("{\"valid\": \"true\", \"idNumber\": \"" + HealthCardFixture.LIN_ID + "\"}");
                case "no-id" -> response.end("{\"valid\": true}");
                case "bad-check-digit" -> response.end("{\"valid\": true, \"idNumber\": \"340104198503120247\"}");
                case "server-error" -> response.setStatusCode(500).end("{\"valid\": true, \"idNumber\": \""
                        + HealthCardFixture.LIN_ID + "\"}");
                case "huge" -> response.end("{\"valid\": true, \"idNumber\": \"" + HealthCardFixture.LIN_ID
                        + "\", \"padding\": \"" + "x".repeat(HealthCardVerifier.MAX_ANSWER_BYTES) + "\"}");
                case "slow" -> vertx.setTimer(TIMEOUT_MS * 5L, t -> response.end(new JsonObject().put("valid", true)
                        .put("idNumber", HealthCardFixture.LIN_ID).encode()));
                default -> response.end("{\"valid\": false}");
            }
        })).listen(0, "127.0.0.1").await();
        fixture = new HealthCardFixture(json -> json.put("healthCard", new JsonObject()
                .put("verifierUrl", "http://127.0.0.1:" + platform.actualPort() + "/verify")
                .put("verifierTimeoutMs", TIMEOUT_MS)
                .put("verifierAuthorization", "Bearer test-key")));
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
        platform.close().await();
        vertx.close().await();
    }

    @Test
    void aCodeThePlatformVouchesForResolvesToTheResidentWithThatIdNumber() {
        assertEquals(new Resolution.Resolved(fixture.lin, "verifier"), fixture.chain.resolve("lin-dynamic-code").await());
        assertEquals(Optional.of(fixture.lin), fixture.chain.residentFor(" lin-dynamic-code\r\n").await());

        JsonObject asked = requests.get(0);
        assertEquals("POST", asked.getString("method"));
        assertEquals("/verify", asked.getString("path"));
        assertEquals("lin-dynamic-code", asked.getString("qrText"));
        assertEquals("Bearer test-key", asked.getString("authorization"));
    }

    /** Answers read over kept-alive connections, one after another as kiosks ask: none may be lost. */
    @Test
    void everyAnswerIsReadWholeRequestAfterRequest() {
        for (int i = 0; i < 300; i++) {
            assertEquals(new Resolution.Resolved(fixture.lin, "verifier"), fixture.chain.resolve("lin-dynamic-code").await(),
                    "request " + i);
        }
    }

    @Test
    void theLocalBindingIsAskedFirst() {
        fixture.chain.bind("bound-code", fixture.wang, Actor.kiosk("K1", "127.0.0.1")).await();
        assertEquals(new Resolution.Resolved(fixture.wang, "binding"), fixture.chain.resolve("bound-code").await());
        assertTrue(requests.isEmpty(), "the platform is not asked about a card bound here");
    }

    @Test
    void aCodeThePlatformRefusesIsRefusedWithItsCleanedReason() {
        assertEquals(new Resolution.Refused("the health card platform does not accept this card: code expired"),
                fixture.chain.resolve("expired-code").await());
        assertEquals(new Resolution.Refused("the health card platform does not accept this card"),
                fixture.chain.resolve("unknown-code").await());
    }

    @Test
    void aValidCardOfSomeoneWithoutARecordHereIsRefused() {
        assertRefused("stranger-code", "no health record for its holder");
    }

    @Test
    void badAnswersAreRefusalsAndNeverAnIdentity() {
        assertRefused("garbage", "not valid JSON");
        assertRefused("array", "not a JSON object");
        assertRefused("string-valid", "no \"valid\": true or false");
        assertRefused("no-id", "gave no \"idNumber\"");
        assertRefused("bad-check-digit", "unusable ID number: the check digit does not match");
        assertRefused("server-error", "answered HTTP 500");
        assertRefused("huge", "could not be reached: its answer is longer than");
    }

    @Test
    void aSlowPlatformIsATimeOut() {
        assertRefused("slow", "did not answer within " + TIMEOUT_MS + " ms");
    }

    @Test
    void anUnreachablePlatformIsARefusal() throws Exception {
        platform.close().await();
        assertRefused("lin-dynamic-code", "could not be reached");
    }

    private void assertRefused(String code, String reasonPart) {
        Resolution resolution = fixture.chain.resolve(code).await();
        assertTrue(resolution instanceof Resolution.Refused refused && refused.reason().contains(reasonPart),
                code + " → " + resolution);
        assertEquals(Optional.empty(), fixture.chain.residentFor(code).await(), code);
    }
}
