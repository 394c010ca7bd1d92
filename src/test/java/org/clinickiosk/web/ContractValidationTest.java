package org.clinickiosk.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClientSession;
import io.vertx.junit5.VertxExtension;
import io.vertx.openapi.contract.OpenAPIContract;
import org.clinickiosk.store.Sql;
import org.clinickiosk.testsupport.RunningServer;
import org.clinickiosk.testsupport.TestConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requests are checked against the OpenAPI contract over real HTTP: each kind of bad input gets the 400
 * invalid_request answer naming what is wrong, valid requests reach their handlers, and the check needs no worker
 * thread.
 */
@ExtendWith(VertxExtension.class)
class ContractValidationTest {
    private RunningServer s;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        s = new RunningServer(vertx);
    }

    @AfterEach
    void stop() throws Exception {
        s.close();
    }

    private HttpRequest<Buffer> kiosk(HttpRequest<Buffer> request) {
        return request.putHeader("X-Kiosk-Token", TestConfigs.KIOSK1_TOKEN);
    }

    private HttpRequest<Buffer> issueRequest() {
        return kiosk(s.client.post("/api/tickets")).putHeader("Idempotency-Key", "key-12345678");
    }

    /** Asserts the 400 invalid_request answer and returns its message. */
    private static String assertInvalid(HttpResponse<Buffer> r) {
        assertEquals(400, r.statusCode(), r.bodyAsString());
        assertTrue(r.getHeader("Content-Type").startsWith("application/json"), r.getHeader("Content-Type"));
        JsonObject error = r.bodyAsJsonObject().getJsonObject("error");
        assertEquals("invalid_request", error.getString("code"), r.bodyAsString());
        assertFalse(r.bodyAsString().contains("Exception"), "no exception name: " + r.bodyAsString());
        return error.getString("message");
    }

    private static void assertContains(String expected, String message) {
        assertTrue(message.contains(expected), "expected '" + expected + "' in: " + message);
    }

    private long tickets() {
        return s.server.database().read(c -> Sql.count(c, "SELECT COUNT(*) FROM tickets")).await();
    }

    @Test
    void badPathParametersAreRefused() {
        assertContains("path parameter ticketId is invalid",
                assertInvalid(kiosk(s.client.get("/api/tickets/abc")).send().await()));
        assertContains("path parameter ticketId is invalid",
                assertInvalid(kiosk(s.client.get("/api/tickets/0")).send().await())); // minimum: 1
        assertContains("path parameter token is invalid",
                assertInvalid(s.client.get("/api/public/tickets/no!").send().await())); // pattern
        // a valid one reaches the handler, which knows no such ticket
        assertEquals(404, kiosk(s.client.get("/api/tickets/424242")).send().await().statusCode());
    }

    @Test
    void badQueryParametersAreRefused() {
        assertContains("query parameter lang is invalid",
                assertInvalid(s.client.get("/api/voice/calls/1/audio.wav?lang=fr").send().await())); // enum
        assertEquals(404, s.client.get("/api/voice/calls/424242/audio.wav?lang=en").send().await().statusCode(),
                "a valid optional query parameter reaches the handler");

        WebClientSession admin = s.browser();
        s.login(admin, "admin");
        assertContains("required query parameter day",
                assertInvalid(admin.get("/api/admin/slots?serviceId=gp").send().await()));
        assertContains("query parameter day is invalid",
                assertInvalid(admin.get("/api/admin/slots?serviceId=gp&day=2026-1-1").send().await()));
        assertEquals(200, admin.get("/api/admin/slots?serviceId=gp&day=2026-11-24").send().await().statusCode());
    }

    @Test
    void headerParametersAreChecked() {
        assertContains("required header parameter Idempotency-Key", assertInvalid(kiosk(s.client.post("/api/tickets"))
                .sendJsonObject(new JsonObject().put("serviceId", "gp")).await()));
        assertContains("header parameter Idempotency-Key is invalid", assertInvalid(kiosk(s.client.post("/api/tickets"))
                .putHeader("Idempotency-Key", "has spaces in it")
                .sendJsonObject(new JsonObject().put("serviceId", "gp")).await()));
    }

    /**
     * A string parameter is taken as the text it is. The library's transformer read it as JSON first, so a key that
     * happens to look like a number ("20261123.0001") became a number and was refused as not a string.
     */
    @Test
    void aStringParameterThatLooksLikeJsonIsStillText() {
        for (String key : new String[]{"20261123.0001", "1e10-retry", "-20261123", "9f1c2d3e-0a4b-4c5d-8e9f-0123456789ab"}) {
            HttpResponse<Buffer> r = kiosk(s.client.post("/api/tickets")).putHeader("Idempotency-Key", key)
                    .sendJsonObject(new JsonObject().put("serviceId", "gp")).await();
            assertEquals(201, r.statusCode(), key + ": " + r.bodyAsString());
        }
        assertEquals(4, tickets());
        // the contract's pattern and length still apply to the raw text
        assertContains("header parameter Idempotency-Key is invalid", assertInvalid(kiosk(s.client.post("/api/tickets"))
                .putHeader("Idempotency-Key", "\"quoted-key\"")
                .sendJsonObject(new JsonObject().put("serviceId", "gp")).await()));
        assertContains("header parameter Idempotency-Key is invalid", assertInvalid(kiosk(s.client.post("/api/tickets"))
                .putHeader("Idempotency-Key", "1.5")
                .sendJsonObject(new JsonObject().put("serviceId", "gp")).await())); // minLength 8
    }

    @Test
    void bodiesAreCheckedAgainstTheirSchema() {
        assertContains("does not contain the required body", assertInvalid(issueRequest().send().await()));
        assertContains("does not contain the required body", assertInvalid(issueRequest()
                .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer()).await()));
        assertContains("body is invalid", assertInvalid(issueRequest()
                .sendJsonObject(new JsonObject()).await())); // required serviceId missing
        assertContains("/serviceId", assertInvalid(issueRequest()
                .sendJsonObject(new JsonObject().put("serviceId", "../etc")).await())); // pattern
        assertContains("/residentId", assertInvalid(issueRequest()
                .sendJsonObject(new JsonObject().put("serviceId", "gp").put("residentId", "seven")).await())); // type
        assertContains("/serviceId", assertInvalid(issueRequest()
                .sendJsonObject(new JsonObject().put("serviceId", 7)).await())); // type
        assertContains("body is invalid", assertInvalid(issueRequest()
                .sendJsonObject(new JsonObject().put("serviceId", "gp").put("unexpected", 1)).await()));
        assertContains("/priority", assertInvalid(issueRequest()
                .sendJsonObject(new JsonObject().put("serviceId", "gp").put("priority", "vip")).await())); // enum
        assertContains("body is invalid", assertInvalid(issueRequest()
                .sendJson(new JsonArray().add("gp")).await())); // not an object
        assertEquals(0, tickets(), "nothing was stored from bad requests");

        HttpResponse<Buffer> valid = issueRequest().sendJsonObject(new JsonObject().put("serviceId", "gp")
                .put("priority", "elderly")).await();
        assertEquals(201, valid.statusCode(), valid.bodyAsString());
        assertEquals(1, tickets());
    }

    @Test
    void onlyJsonBodiesAreAccepted() {
        assertContains("format of the request body is not supported", assertInvalid(issueRequest()
                .putHeader("Content-Type", "text/plain").sendBuffer(Buffer.buffer("{\"serviceId\":\"gp\"}")).await()));
        assertContains("format of the request body is not supported", assertInvalid(issueRequest()
                .sendBuffer(Buffer.buffer("{\"serviceId\":\"gp\"}")).await())); // no Content-Type
        assertContains("can't be decoded", assertInvalid(issueRequest()
                .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{\"serviceId\": ")).await()));
        HttpResponse<Buffer> withCharset = issueRequest().putHeader("Content-Type", "application/json; charset=utf-8")
                .sendBuffer(Buffer.buffer("{\"serviceId\":\"gp\"}")).await();
        assertEquals(201, withCharset.statusCode(), withCharset.bodyAsString());
    }

    /**
     * With every worker thread of the server's Vert.x busy (as under slow blocking work), requests are still
     * validated and answered: the check runs on the event loop that received the request.
     */
    @Test
    void validationNeedsNoWorkerThread(Vertx vertx) throws Exception {
        int workers = VertxOptions.DEFAULT_WORKER_POOL_SIZE; // the tests' Vert.x uses the default options
        CountDownLatch started = new CountDownLatch(workers);
        CountDownLatch release = new CountDownLatch(1);
        try {
            for (int i = 0; i < workers; i++) {
                vertx.executeBlocking(() -> {
                    started.countDown();
                    return release.await(30, TimeUnit.SECONDS);
                }, false);
            }
            assertTrue(started.await(10, TimeUnit.SECONDS), "every worker thread is busy");
            Future<String> probe = vertx.executeBlocking(() -> "ran", false);

            // (a request waiting for a worker would time out)
            assertContains("path parameter ticketId is invalid",
                    assertInvalid(kiosk(s.client.get("/api/tickets/abc")).timeout(5_000).send().await()));
            assertContains("/serviceId", assertInvalid(issueRequest().timeout(5_000)
                    .sendJsonObject(new JsonObject().put("serviceId", "../etc")).await()));
            // valid input passes the check and reaches the guard, which refuses a caller without credentials
            HttpResponse<Buffer> valid = s.client.post("/api/tickets").putHeader("Idempotency-Key", "key-12345678")
                    .timeout(5_000).sendJsonObject(new JsonObject().put("serviceId", "gp")).await();
            assertEquals(401, valid.statusCode(), valid.bodyAsString());
            assertEquals(401, s.client.get("/api/tickets/5").timeout(5_000).send().await().statusCode());

            assertFalse(probe.isComplete(), "the worker pool was saturated the whole time, so the test means something");
            release.countDown();
            assertEquals("ran", probe.await());
        } finally {
            release.countDown();
        }
    }

    /** A body the fast path cannot check (here multipart) stops the server from starting instead of going unchecked. */
    @Test
    void aContractItCannotCheckIsRefusedAtStartup(Vertx vertx) {
        JsonObject multipart = new JsonObject().put("schema", new JsonObject().put("type", "object"));
        JsonObject contract = new JsonObject().put("openapi", "3.1.0")
                .put("info", new JsonObject().put("title", "t").put("version", "1"))
                .put("paths", new JsonObject().put("/upload", new JsonObject().put("post", new JsonObject()
                        .put("operationId", "upload")
                        .put("requestBody", new JsonObject().put("required", true).put("content",
                                new JsonObject().put("multipart/form-data", multipart)))
                        .put("responses", new JsonObject().put("204", new JsonObject().put("description", "ok"))))));
        OpenAPIContract parsed = OpenAPIContract.from(vertx, contract).await();
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> new ContractValidation(parsed));
        assertContains("operation upload", refused.getMessage());
        assertContains("multipart/form-data", refused.getMessage());
    }
}
