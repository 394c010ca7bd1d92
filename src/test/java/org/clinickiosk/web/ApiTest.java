package org.clinickiosk.web;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClientSession;
import io.vertx.junit5.VertxExtension;
import org.clinickiosk.store.Sql;
import org.clinickiosk.testsupport.RunningServer;
import org.clinickiosk.testsupport.TestConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The public API over real HTTP: every endpoint's success, its refusals, and the security promises. */
@ExtendWith(VertxExtension.class)
class ApiTest {
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

    private HttpResponse<Buffer> issue(String serviceId, String key) {
        return kiosk(s.client.post("/api/tickets")).putHeader("Idempotency-Key", key)
                .sendJsonObject(new JsonObject().put("serviceId", serviceId)).await();
    }

    private static void assertError(HttpResponse<Buffer> r, int status, String code) {
        assertEquals(status, r.statusCode(), r.bodyAsString());
        assertTrue(r.getHeader("Content-Type").startsWith("application/json"), r.getHeader("Content-Type"));
        JsonObject error = r.bodyAsJsonObject().getJsonObject("error");
        assertEquals(code, error.getString("code"), r.bodyAsString());
        assertFalse(error.getString("message").isBlank());
        assertFalse(r.bodyAsString().contains("Exception"), "no stack trace or exception name: " + r.bodyAsString());
    }

    private long auditRows(String action, String outcome) {
        return s.server.database().read(c -> Sql.count(c, "SELECT COUNT(*) FROM audit_log WHERE action = ? AND outcome = ?",
                action, outcome)).await();
    }

    // ---- public ---------------------------------------------------------------------------------------------

    @Test
    void healthReportsDatabaseAndEveryConfiguredKiosk() {
        HttpResponse<Buffer> r = s.client.get("/api/health").send().await();
        assertEquals(200, r.statusCode());
        JsonObject body = r.bodyAsJsonObject();
        assertEquals("ok", body.getString("status"));
        assertTrue(body.getJsonObject("database").getBoolean("ok"));
        assertTrue(body.getJsonObject("devices").containsKey("K1"));
        assertTrue(body.getJsonObject("devices").containsKey("K2"));
    }

    @Test
    void servicesCarryWaitingCountsAndRoomsTheirServices() {
        issue("gp", "key-00000001");
        issue("gp", "key-00000002");
        JsonObject gp = s.client.get("/api/services").send().await().bodyAsJsonArray().getJsonObject(0);
        assertEquals("gp", gp.getString("id"));
        assertEquals(2, gp.getInteger("waiting"));
        assertTrue(gp.getBoolean("openNow"));
        JsonObject r2 = s.client.get("/api/rooms").send().await().bodyAsJsonArray().getJsonObject(1);
        assertEquals(List.of("chronic", "gp"), r2.getJsonArray("services").getList());
    }

    @Test
    void everyResponseCarriesTheSecurityHeaders() {
        for (String path : List.of("/api/health", "/index.html", "/api/nope")) {
            HttpResponse<Buffer> r = s.client.get(path).send().await();
            assertEquals("nosniff", r.getHeader("X-Content-Type-Options"), path);
            assertEquals("DENY", r.getHeader("X-Frame-Options"), path);
            assertTrue(r.getHeader("Content-Security-Policy").contains("default-src 'self'"), path);
            assertTrue(r.getHeader("Content-Security-Policy").contains("frame-ancestors 'none'"), path);
            assertNull(r.getHeader("Set-Cookie"), "anonymous visitors get no session cookie: " + path);
        }
    }

    @Test
    void unknownApiPathsAndTheContractAreServed() {
        assertError(s.client.get("/api/nope").send().await(), 404, "not_found");
        HttpResponse<Buffer> contract = s.client.get("/api/openapi.yaml").send().await();
        assertEquals(200, contract.statusCode());
        assertTrue(contract.bodyAsString().contains("operationId: issueTicket"));
    }

    // ---- tickets --------------------------------------------------------------------------------------------

    @Test
    void aKioskTakesANumberAndARetryReturnsTheSameTicket() {
        HttpResponse<Buffer> first = issue("gp", "retry-key-1");
        assertEquals(201, first.statusCode(), first.bodyAsString());
        JsonObject ticket = first.bodyAsJsonObject();
        assertEquals("A001", ticket.getString("number"));
        assertEquals("waiting", ticket.getString("status"));
        assertEquals(1, ticket.getInteger("position"));
        assertEquals(0, ticket.getInteger("estimatedWaitMinutes"));
        assertEquals("K1", ticket.getString("kioskId"));
        HttpResponse<Buffer> retry = issue("gp", "retry-key-1");
        assertEquals(200, retry.statusCode());
        assertEquals("true", retry.getHeader("Idempotent-Replayed"));
        assertEquals(ticket.getLong("id"), retry.bodyAsJsonObject().getLong("id"));
        assertError(issue("tcm", "retry-key-1"), 422, "idempotency_key_reused");
    }

    @Test
    void ticketRequestsAreValidatedAgainstTheContract() {
        assertError(kiosk(s.client.post("/api/tickets")).sendJsonObject(new JsonObject().put("serviceId", "gp")).await(),
                400, "invalid_request"); // no Idempotency-Key
        assertError(kiosk(s.client.post("/api/tickets")).putHeader("Idempotency-Key", "short")
                .sendJsonObject(new JsonObject().put("serviceId", "gp")).await(), 400, "invalid_request");
        assertError(kiosk(s.client.post("/api/tickets")).putHeader("Idempotency-Key", "key-12345678")
                .sendJsonObject(new JsonObject().put("serviceId", "gp").put("unexpected", 1)).await(), 400, "invalid_request");
        assertError(kiosk(s.client.post("/api/tickets")).putHeader("Idempotency-Key", "key-12345678")
                .sendJsonObject(new JsonObject()).await(), 400, "invalid_request");
        assertError(kiosk(s.client.post("/api/tickets")).putHeader("Idempotency-Key", "key-12345678")
                .sendJsonObject(new JsonObject().put("serviceId", "gp").put("priority", "vip")).await(), 400, "invalid_request");
        assertError(kiosk(s.client.post("/api/tickets")).putHeader("Idempotency-Key", "key-12345678")
                .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{\"serviceId\": ")).await(),
                400, "invalid_request");
        assertError(kiosk(s.client.post("/api/tickets")).putHeader("Idempotency-Key", "key-12345678")
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer("{\"serviceId\":\"" + "x".repeat(70_000) + "\"}")).await(), 413, "too_large");
        assertError(issue("nope", "key-12345679"), 404, "not_found");
        assertEquals(0L, (long) s.server.database().read(c -> Sql.count(c, "SELECT COUNT(*) FROM tickets")).await(),
                "nothing was stored from bad requests");
    }

    @Test
    void onlyKiosksAndStaffTakeNumbers() {
        assertError(s.client.post("/api/tickets").putHeader("Idempotency-Key", "key-12345678")
                .sendJsonObject(new JsonObject().put("serviceId", "gp")).await(), 401, "login_required");
        assertError(s.client.post("/api/tickets").putHeader("Idempotency-Key", "key-12345678")
                .putHeader("X-Kiosk-Token", "not-a-real-kiosk-token").sendJsonObject(new JsonObject().put("serviceId", "gp"))
                .await(), 401, "bad_kiosk_token");
        assertError(kiosk(s.client.post("/api/tickets")).putHeader("Idempotency-Key", "key-12345678")
                .sendJsonObject(new JsonObject().put("serviceId", "gp").put("kioskId", "K2")).await(), 403, "forbidden");
    }

    @Test
    void aClosedServiceIsRefusedWithItsHours() {
        s.clock.advance(Duration.ofHours(9)); // 18:00 in Shanghai
        HttpResponse<Buffer> r = issue("gp", "key-evening-1");
        assertError(r, 409, "service_closed");
        assertTrue(r.bodyAsJsonObject().getJsonObject("error").getString("message").contains("08:00"));
    }

    @Test
    void ticketLookupsAndThePublicPhoneViewShowNoMoreThanTheyShould() {
        JsonObject ticket = issue("gp", "key-lookup-01").bodyAsJsonObject();
        JsonObject byId = kiosk(s.client.get("/api/tickets/" + ticket.getLong("id"))).send().await().bodyAsJsonObject();
        assertEquals("A001", byId.getString("number"));
        assertError(kiosk(s.client.get("/api/tickets/999")).send().await(), 404, "not_found");
        assertError(kiosk(s.client.get("/api/tickets/abc")).send().await(), 400, "invalid_request");
        assertError(s.client.get("/api/tickets/" + ticket.getLong("id")).send().await(), 401, "login_required");
        JsonObject phone = s.client.get("/api/public/tickets/" + ticket.getString("token")).send().await().bodyAsJsonObject();
        assertEquals("A001", phone.getString("number"));
        assertEquals(0, phone.getInteger("peopleAhead"));
        assertEquals(java.util.Set.of("number", "serviceName", "serviceNameEn", "status", "peopleAhead", "roomId",
                "estimatedWaitMinutes"), phone.fieldNames());
        assertError(s.client.get("/api/public/tickets/unknown-token-123").send().await(), 404, "not_found");
    }

    // ---- staff ----------------------------------------------------------------------------------------------

    @Test
    void loginGivesAStrictHttpOnlyCookieWithAFreshIdAndACsrfToken() {
        WebClientSession browser = s.browser();
        // a session cookie planted before login must not survive it (session fixation)
        HttpResponse<Buffer> r = browser.post("/api/session/login")
                .putHeader("Cookie", "ck_session=planted-session-id-0000000000000").sendJsonObject(new JsonObject()
                .put("username", "nurse1").put("password", TestConfigs.PASSWORD)).await();
        assertEquals(200, r.statusCode(), r.bodyAsString());
        String cookie = r.cookies().stream().filter(c -> c.startsWith("ck_session=")).findFirst().orElseThrow();
        assertTrue(cookie.contains("HTTPOnly") || cookie.contains("HttpOnly"), cookie);
        assertTrue(cookie.contains("SameSite=Strict"), cookie);
        assertFalse(cookie.contains("planted-session-id"), cookie);
        assertNotNull(r.bodyAsJsonObject().getString("csrfToken"));
        assertEquals("nurse", r.bodyAsJsonObject().getString("role"));
        JsonObject session = browser.get("/api/session").send().await().bodyAsJsonObject();
        assertEquals("nurse1", session.getString("username"));
        assertEquals(1, auditRows("session.login", "ok"));
    }

    @Test
    void wrongPasswordsAreRefusedThenThrottledPerAccount() {
        for (int i = 0; i < 5; i++) {
            assertError(s.client.post("/api/session/login").sendJsonObject(new JsonObject().put("username", "nurse2")
                    .put("password", "wrong-" + i)).await(), 401, "wrong_credentials");
        }
        HttpResponse<Buffer> throttled = s.client.post("/api/session/login").sendJsonObject(new JsonObject()
                .put("username", "nurse2").put("password", TestConfigs.PASSWORD)).await();
        assertError(throttled, 429, "too_many_attempts");
        assertTrue(Long.parseLong(throttled.getHeader("Retry-After")) > 0);
        assertEquals(5, auditRows("session.login", "wrong_credentials"));
        assertEquals(1, auditRows("session.login", "throttled"));
        s.clock.advance(Duration.ofMinutes(16));
        assertEquals(200, s.client.post("/api/session/login").sendJsonObject(new JsonObject().put("username", "nurse2")
                .put("password", TestConfigs.PASSWORD)).await().statusCode());
    }

    @Test
    void staffActionsNeedALoginAndTheCsrfTokenAndAreAudited() {
        issue("gp", "key-staff-0001");
        assertError(s.client.post("/api/rooms/R1/call-next").send().await(), 401, "login_required");
        WebClientSession nurse = s.browser();
        String csrf = s.login(nurse, "nurse1");
        assertError(nurse.post("/api/rooms/R1/call-next").send().await(), 403, "csrf_failed");
        assertError(nurse.post("/api/rooms/R1/call-next").putHeader("X-CSRF-Token", "forged").send().await(), 403, "csrf_failed");
        HttpResponse<Buffer> called = nurse.post("/api/rooms/R1/call-next").putHeader("X-CSRF-Token", csrf).send().await();
        assertEquals(200, called.statusCode(), called.bodyAsString());
        JsonObject ticket = called.bodyAsJsonObject().getJsonObject("ticket");
        assertEquals("A001", ticket.getString("number"));
        assertEquals("called", ticket.getString("status"));
        long id = ticket.getLong("id");
        for (String action : List.of("recall", "start", "finish")) {
            HttpResponse<Buffer> r = nurse.post("/api/tickets/" + id + "/" + action).putHeader("X-CSRF-Token", csrf).send().await();
            assertEquals(200, r.statusCode(), action + ": " + r.bodyAsString());
        }
        assertError(nurse.post("/api/tickets/" + id + "/start").putHeader("X-CSRF-Token", csrf).send().await(), 409,
                "invalid_transition");
        assertEquals(1, auditRows("room.call-next", "ok"));
        assertEquals(1, auditRows("ticket.finish", "ok"));
        assertEquals(1, auditRows("ticket.start", "invalid_transition"));
    }

    @Test
    void everyNurseActionIsReachableWithItsInputChecked() {
        WebClientSession nurse = s.browser();
        String csrf = s.login(nurse, "nurse1");
        long a = issue("gp", "key-actions-01").bodyAsJsonObject().getLong("id");
        long b = issue("gp", "key-actions-02").bodyAsJsonObject().getLong("id");
        HttpResponse<Buffer> call = nurse.post("/api/tickets/" + b + "/call").putHeader("X-CSRF-Token", csrf)
                .sendJsonObject(new JsonObject().put("roomId", "R1")).await();
        assertEquals("called", call.bodyAsJsonObject().getString("status"), call.bodyAsString());
        assertError(nurse.post("/api/tickets/" + a + "/call").putHeader("X-CSRF-Token", csrf)
                .sendJsonObject(new JsonObject()).await(), 400, "invalid_request");
        assertEquals("no_show", nurse.post("/api/tickets/" + b + "/no-show").putHeader("X-CSRF-Token", csrf).send().await()
                .bodyAsJsonObject().getString("status"));
        assertEquals("waiting", nurse.post("/api/tickets/" + b + "/requeue").putHeader("X-CSRF-Token", csrf).send().await()
                .bodyAsJsonObject().getString("status"));
        JsonObject moved = nurse.post("/api/tickets/" + a + "/transfer").putHeader("X-CSRF-Token", csrf)
                .sendJsonObject(new JsonObject().put("serviceId", "tcm")).await().bodyAsJsonObject();
        assertEquals("A001", moved.getString("number"));
        assertEquals("tcm", moved.getString("serviceId"));
        assertError(nurse.post("/api/tickets/" + a + "/transfer").putHeader("X-CSRF-Token", csrf)
                .sendJsonObject(new JsonObject().put("serviceId", "../etc")).await(), 400, "invalid_request");
        assertEquals("cancelled", nurse.post("/api/tickets/" + a + "/cancel").putHeader("X-CSRF-Token", csrf).send().await()
                .bodyAsJsonObject().getString("status"));
        assertTrue(nurse.post("/api/rooms/R1/pause").putHeader("X-CSRF-Token", csrf).send().await().bodyAsJsonObject()
                .getBoolean("paused"));
        assertError(nurse.post("/api/rooms/R1/call-next").putHeader("X-CSRF-Token", csrf).send().await(), 409, "room_paused");
        assertFalse(nurse.post("/api/rooms/R1/resume").putHeader("X-CSRF-Token", csrf).send().await().bodyAsJsonObject()
                .getBoolean("paused"));
        assertError(nurse.post("/api/rooms/R9/pause").putHeader("X-CSRF-Token", csrf).send().await(), 404, "not_found");
        assertError(nurse.post("/api/tickets/424242/start").putHeader("X-CSRF-Token", csrf).send().await(), 404, "not_found");
        JsonObject empty = nurse.post("/api/rooms/R3/call-next").putHeader("X-CSRF-Token", csrf).send().await().bodyAsJsonObject();
        assertNull(empty.getValue("ticket"));
    }

    @Test
    void anIdleSessionEnds(Vertx vertx) throws Exception {
        try (RunningServer quick = new RunningServer(vertx, org.clinickiosk.testsupport.MutableClock.shanghai(9, 0),
                json -> json.put("http", json.getJsonObject("http").copy().put("sessionIdleMinutes", 0.05)), 15_000)) {
            WebClientSession nurse = quick.browser();
            quick.login(nurse, "nurse1");
            assertEquals(200, nurse.get("/api/session").send().await().statusCode());
            Thread.sleep(2000);
            assertEquals(200, nurse.get("/api/session").send().await().statusCode(), "activity keeps it alive");
            Thread.sleep(5000); // past 3 s of idleness (the store checks expiry once a second)
            assertError(nurse.get("/api/session").send().await(), 401, "login_required");
        }
    }

    @Test
    void logoutEndsTheSession() {
        WebClientSession nurse = s.browser();
        String csrf = s.login(nurse, "nurse1");
        assertEquals(204, nurse.post("/api/session/logout").send().await().statusCode());
        assertError(nurse.get("/api/session").send().await(), 401, "login_required");
        assertError(nurse.post("/api/rooms/R1/pause").putHeader("X-CSRF-Token", csrf).send().await(), 401, "login_required");
        assertEquals(1, auditRows("session.logout", "ok"));
    }

    // ---- residents and appointments -------------------------------------------------------------------------

    private static final String ID_NUMBER = "34052419800101001X"; // fictional; valid check character

    private JsonObject newResident() {
        return new JsonObject().put("idNumber", ID_NUMBER).put("name", "王小明").put("phone", "13800138000")
                .put("nation", "汉").put("address", "示范路1号").put("healthDataConsent", true);
    }

    @Test
    void aKioskCreatesARecordAndSeesItOnlyMasked() {
        HttpResponse<Buffer> r = kiosk(s.client.post("/api/residents")).sendJsonObject(newResident()).await();
        assertEquals(201, r.statusCode(), r.bodyAsString());
        JsonObject masked = r.bodyAsJsonObject();
        assertEquals("3405**********001X", masked.getString("idNumberMasked"));
        assertEquals("王*明", masked.getString("nameMasked"));
        assertEquals("110105**********0001", masked.getString("recordNumberMasked"));
        assertEquals("M", masked.getString("sex"));
        assertEquals("1980-01-01", masked.getString("birthDate"));
        assertFalse(r.bodyAsString().contains(ID_NUMBER));
        assertFalse(r.bodyAsString().contains("王小明"));
        assertError(kiosk(s.client.post("/api/residents")).sendJsonObject(newResident()).await(), 409, "resident_exists");
    }

    @Test
    void recordsNeedAValidIdNumberAndExplicitConsent() {
        assertError(kiosk(s.client.post("/api/residents")).sendJsonObject(newResident().put("idNumber", "340524198001010019"))
                .await(), 400, "invalid_id_number");
        assertError(kiosk(s.client.post("/api/residents")).sendJsonObject(newResident().put("healthDataConsent", false))
                .await(), 400, "consent_required");
        assertError(kiosk(s.client.post("/api/residents")).sendJsonObject(newResident().put("phone", "12345678901"))
                .await(), 400, "invalid_phone");
        assertError(kiosk(s.client.post("/api/residents")).sendJsonObject(newResident().put("birthDate", "1981-01-01"))
                .await(), 400, "birth_date_mismatch");
        assertError(s.client.post("/api/residents").sendJsonObject(newResident()).await(), 401, "login_required");
    }

    @Test
    void staffReadTheFullRecordAndEveryReadIsAudited() {
        long id = kiosk(s.client.post("/api/residents")).sendJsonObject(newResident()).await().bodyAsJsonObject().getLong("id");
        assertError(kiosk(s.client.get("/api/residents/" + id)).send().await(), 401, "login_required");
        WebClientSession nurse = s.browser();
        s.login(nurse, "nurse1");
        JsonObject record = nurse.get("/api/residents/" + id).send().await().bodyAsJsonObject();
        assertEquals(ID_NUMBER, record.getString("idNumber"));
        assertEquals("11010500100100000001", record.getString("recordNumber"));
        assertError(nurse.get("/api/residents/9999").send().await(), 404, "not_found");
        assertEquals(1, auditRows("resident.read", "ok"));
        assertEquals(1, auditRows("resident.read", "not_found"));
        String actor = s.server.database().read(c -> Sql.one(c, "SELECT actor FROM audit_log WHERE action = 'resident.read'",
                rs -> rs.getString(1)).orElseThrow()).await();
        assertEquals("staff:nurse1", actor);
    }

    @Test
    void anAppointmentIsBookedAndCheckedInIntoATicket() {
        long resident = kiosk(s.client.post("/api/residents")).sendJsonObject(newResident()).await().bodyAsJsonObject()
                .getLong("id");
        HttpResponse<Buffer> booked = kiosk(s.client.post("/api/appointments")).sendJsonObject(new JsonObject()
                .put("residentId", resident).put("serviceId", "chronic")
                .put("slotStart", "2026-11-23T09:00:00+08:00").put("slotEnd", "2026-11-23T09:15:00+08:00")).await();
        assertEquals(201, booked.statusCode(), booked.bodyAsString());
        long appointment = booked.bodyAsJsonObject().getLong("id");
        JsonObject ticket = kiosk(s.client.post("/api/appointments/" + appointment + "/check-in")).send().await()
                .bodyAsJsonObject();
        assertEquals("D001", ticket.getString("number"));
        assertEquals("on_time", ticket.getString("timing"));
        assertEquals(appointment, ticket.getLong("appointmentId"));
        assertError(kiosk(s.client.post("/api/appointments")).sendJsonObject(new JsonObject()
                .put("residentId", resident).put("serviceId", "chronic")
                .put("slotStart", "2026-11-23T09:15:00+08:00").put("slotEnd", "2026-11-23T09:00:00+08:00")).await(),
                400, "invalid_slot");
        assertError(kiosk(s.client.post("/api/appointments")).sendJsonObject(new JsonObject()
                .put("residentId", resident).put("serviceId", "chronic").put("slotStart", "tomorrow").put("slotEnd", "x"))
                .await(), 400, "invalid_request");
        assertError(kiosk(s.client.post("/api/appointments/777/check-in")).send().await(), 404, "not_found");
    }

    @Test
    void staffTicketsAreNotScopedToAKiosk() {
        WebClientSession nurse = s.browser();
        String csrf = s.login(nurse, "nurse1");
        HttpResponse<Buffer> r = nurse.post("/api/tickets").putHeader("X-CSRF-Token", csrf)
                .putHeader("Idempotency-Key", "desk-key-0001")
                .sendJsonObject(new JsonObject().put("serviceId", "gp").put("priority", "emergency")).await();
        assertEquals(201, r.statusCode(), r.bodyAsString());
        assertEquals("emergency", r.bodyAsJsonObject().getString("priority"));
        assertNotEquals("K1", r.bodyAsJsonObject().getString("kioskId"));
    }
}
