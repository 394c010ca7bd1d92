package org.clinickiosk.admin;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClientSession;
import io.vertx.junit5.VertxExtension;
import org.clinickiosk.store.Sql;
import org.clinickiosk.testsupport.RunningServer;
import org.clinickiosk.testsupport.SseClient;
import org.clinickiosk.testsupport.TestConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admin console's management API: admin only, validated, audited, in force without a restart. */
@ExtendWith(VertxExtension.class)
class AdminApiTest {
    private RunningServer s;
    private WebClientSession admin;
    private String csrf;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        s = new RunningServer(vertx);
        admin = s.browser();
        csrf = s.login(admin, "admin");
    }

    @AfterEach
    void stop() throws Exception {
        s.close();
    }

    private HttpResponse<Buffer> post(String path, JsonObject body) {
        return admin.post(path).putHeader("X-CSRF-Token", csrf).sendJsonObject(body).await();
    }

    private HttpResponse<Buffer> put(String path, JsonObject body) {
        return admin.put(path).putHeader("X-CSRF-Token", csrf).sendJsonObject(body).await();
    }

    private static void assertError(HttpResponse<Buffer> r, int status, String code) {
        assertEquals(status, r.statusCode(), r.bodyAsString());
        assertEquals(code, r.bodyAsJsonObject().getJsonObject("error").getString("code"), r.bodyAsString());
    }

    private long audits(String action, String outcome) {
        return s.server.database().read(c -> Sql.count(c, "SELECT COUNT(*) FROM audit_log WHERE action = ? AND outcome = ?",
                action, outcome)).await();
    }

    @Test
    void nursesAndAnonymousVisitorsAreRefused() {
        WebClientSession nurse = s.browser();
        String nurseCsrf = s.login(nurse, "nurse1");
        assertError(nurse.get("/api/admin/staff").send().await(), 403, "admin_only");
        assertError(nurse.put("/api/admin/queue-rules").putHeader("X-CSRF-Token", nurseCsrf)
                .sendJsonObject(new JsonObject()).await(), 403, "admin_only");
        assertError(s.client.get("/api/admin/kiosks").send().await(), 401, "login_required");
        assertError(admin.put("/api/admin/queue-rules").sendJsonObject(new JsonObject()).await(), 403, "csrf_failed");
    }

    @Test
    void aNewServiceAndRoomWorkAtOnce() {
        HttpResponse<Buffer> created = post("/api/admin/services", new JsonObject().put("id", "dental").put("name", "口腔科")
                .put("prefix", "K").put("opens", "08:00").put("closes", "12:00"));
        assertEquals(201, created.statusCode(), created.bodyAsString());
        assertEquals(201, post("/api/admin/rooms", new JsonObject().put("id", "R9").put("name", "口腔诊室")
                .put("services", new JsonArray().add("dental"))).statusCode());
        HttpResponse<Buffer> ticket = s.client.post("/api/tickets").putHeader("X-Kiosk-Token", TestConfigs.KIOSK1_TOKEN)
                .putHeader("Idempotency-Key", "dental-0001").sendJsonObject(new JsonObject().put("serviceId", "dental")).await();
        assertEquals("K001", ticket.bodyAsJsonObject().getString("number"), ticket.bodyAsString());
        JsonObject called = admin.post("/api/rooms/R9/call-next").putHeader("X-CSRF-Token", csrf).send().await()
                .bodyAsJsonObject().getJsonObject("ticket");
        assertEquals("K001", called.getString("number"));
        assertEquals(1, audits("admin.service.create", "ok"));
        assertEquals(1, audits("admin.room.create", "ok"));
    }

    @Test
    void badChangesAreRefusedInPlainWordsAndAudited() {
        assertError(post("/api/admin/services", new JsonObject().put("id", "gp2").put("name", "x").put("prefix", "A")
                .put("opens", "08:00").put("closes", "12:00")), 409, "prefix_taken");
        assertError(post("/api/admin/services", new JsonObject().put("id", "gp").put("name", "x").put("prefix", "Q")
                .put("opens", "08:00").put("closes", "12:00")), 409, "exists");
        HttpResponse<Buffer> hours = put("/api/admin/services/gp", new JsonObject().put("name", "全科").put("prefix", "A")
                .put("opens", "18:00").put("closes", "08:00"));
        assertError(hours, 400, "invalid_value");
        assertTrue(hours.bodyAsJsonObject().getJsonObject("error").getString("message").contains("closes: must be after opens"));
        assertError(put("/api/admin/services/gp", new JsonObject().put("name", "全科").put("prefix", "a1")
                .put("opens", "08:00").put("closes", "12:00")), 400, "invalid_request");
        assertError(put("/api/admin/rooms/R1", new JsonObject().put("name", "1号").put("services", new JsonArray().add("nope"))),
                400, "unknown_service");
        assertError(put("/api/admin/rooms/R77", new JsonObject().put("name", "x").put("services", new JsonArray())), 404, "not_found");
        assertEquals(1, audits("admin.service.update", "invalid_value"));
    }

    @Test
    void queueRulesChangeWithoutARestartWithTheConfigFilesChecks() {
        assertEquals(2, admin.get("/api/admin/queue-rules").send().await().bodyAsJsonObject().getInteger("priorityEvery"));
        HttpResponse<Buffer> bad = put("/api/admin/queue-rules", new JsonObject().put("priorityEvery", 0));
        assertError(bad, 400, "invalid_rules");
        assertTrue(bad.bodyAsJsonObject().getJsonObject("error").getString("message")
                .contains("queue.priorityEvery: must be between 1 and 100, got 0"));
        JsonObject rules = put("/api/admin/queue-rules", new JsonObject().put("priorityEvery", 1).put("elderlyAge", 65)
                .put("maxRecalls", 0)).bodyAsJsonObject();
        assertEquals(65, rules.getInteger("elderlyAge"));
        assertEquals(3, rules.getInteger("requeueOffset"), "a field left out returns to its default");
        // maxRecalls 0: the first recall makes a no-show
        s.client.post("/api/tickets").putHeader("X-Kiosk-Token", TestConfigs.KIOSK1_TOKEN).putHeader("Idempotency-Key", "rules-0001")
                .sendJsonObject(new JsonObject().put("serviceId", "gp")).await();
        long id = admin.post("/api/rooms/R1/call-next").putHeader("X-CSRF-Token", csrf).send().await().bodyAsJsonObject()
                .getJsonObject("ticket").getLong("id");
        assertEquals("no_show", admin.post("/api/tickets/" + id + "/recall").putHeader("X-CSRF-Token", csrf).send().await()
                .bodyAsJsonObject().getString("status"));
    }

    @Test
    void staffAccountsAreManagedAndADisabledAccountLosesItsSessionAtOnce() {
        HttpResponse<Buffer> created = post("/api/admin/staff", new JsonObject().put("username", "nurse.zhao")
                .put("displayName", "赵护士").put("role", "nurse").put("password", "zhao-password-1"));
        assertEquals(201, created.statusCode(), created.bodyAsString());
        long id = created.bodyAsJsonObject().getLong("id");
        assertError(post("/api/admin/staff", new JsonObject().put("username", "nurse.zhao").put("role", "nurse")
                .put("password", "another-pass")), 409, "exists");
        assertError(post("/api/admin/staff", new JsonObject().put("username", "Nurse Qian").put("role", "nurse")
                .put("password", "short")), 400, "invalid_username");
        assertError(post("/api/admin/staff", new JsonObject().put("username", "nurse.qian").put("role", "nurse")
                .put("password", "short")), 400, "weak_password");

        WebClientSession zhao = s.browser();
        assertEquals(200, zhao.post("/api/session/login").sendJsonObject(new JsonObject().put("username", "nurse.zhao")
                .put("password", "zhao-password-1")).await().statusCode());
        assertEquals(200, zhao.get("/api/session").send().await().statusCode());
        assertEquals(true, put("/api/admin/staff/" + id, new JsonObject().put("disabled", true)).bodyAsJsonObject()
                .getBoolean("disabled"));
        assertEquals(401, zhao.get("/api/session").send().await().statusCode(), "the open session ends at once");
        assertEquals(401, zhao.post("/api/session/login").sendJsonObject(new JsonObject().put("username", "nurse.zhao")
                .put("password", "zhao-password-1")).await().statusCode());

        put("/api/admin/staff/" + id, new JsonObject().put("disabled", false));
        assertEquals(204, admin.post("/api/admin/staff/" + id + "/password").putHeader("X-CSRF-Token", csrf)
                .sendJsonObject(new JsonObject().put("password", "new-password-2")).await().statusCode());
        assertEquals(200, zhao.post("/api/session/login").sendJsonObject(new JsonObject().put("username", "nurse.zhao")
                .put("password", "new-password-2")).await().statusCode());
        long adminId = admin.get("/api/session").send().await().bodyAsJsonObject().getLong("staffId");
        assertError(put("/api/admin/staff/" + adminId, new JsonObject().put("role", "nurse")), 409, "own_account");
        assertEquals(1, audits("admin.staff.password", "ok"));
    }

    @Test
    void appointmentSlotsTakeBookingsOnlyWithinTheirCapacity() {
        long resident = s.client.post("/api/residents").putHeader("X-Kiosk-Token", TestConfigs.KIOSK1_TOKEN)
                .sendJsonObject(new JsonObject().put("idNumber", "34052419800101001X").put("name", "王小明")
                        .put("healthDataConsent", true)).await().bodyAsJsonObject().getLong("id");
        HttpResponse<Buffer> opened = post("/api/admin/slots", new JsonObject().put("serviceId", "chronic")
                .put("day", "2026-11-24").put("starts", "09:00").put("ends", "09:30").put("capacity", 2));
        assertEquals(201, opened.statusCode(), opened.bodyAsString());
        long slotId = opened.bodyAsJsonObject().getLong("id");
        assertError(post("/api/admin/slots", new JsonObject().put("serviceId", "chronic").put("day", "2026-11-24")
                .put("starts", "09:15").put("ends", "09:45").put("capacity", 2)), 409, "slot_overlaps");
        assertError(post("/api/admin/slots", new JsonObject().put("serviceId", "chronic").put("day", "2026-11-24")
                .put("starts", "18:00").put("ends", "18:30").put("capacity", 2)), 400, "outside_hours");
        assertError(post("/api/admin/slots", new JsonObject().put("serviceId", "chronic").put("day", "2026-11-24")
                .put("starts", "10:00").put("ends", "09:30").put("capacity", 2)), 400, "invalid_slot");
        assertError(post("/api/admin/slots", new JsonObject().put("serviceId", "chronic").put("day", "2026-13-40")
                .put("starts", "10:00").put("ends", "10:30").put("capacity", 2)), 400, "invalid_date");

        java.util.function.Function<String, HttpResponse<Buffer>> book = start -> s.client.post("/api/appointments")
                .putHeader("X-Kiosk-Token", TestConfigs.KIOSK1_TOKEN).sendJsonObject(new JsonObject()
                        .put("residentId", resident).put("serviceId", "chronic")
                        .put("slotStart", "2026-11-24T" + start + ":00+08:00")
                        .put("slotEnd", "2026-11-24T" + (start.equals("09:00") ? "09:30" : "10:30") + ":00+08:00")).await();
        assertEquals(201, book.apply("09:00").statusCode());
        assertEquals(201, book.apply("09:00").statusCode());
        assertError(book.apply("09:00"), 409, "slot_full");
        assertError(book.apply("10:00"), 409, "no_such_slot");
        assertEquals(201, s.client.post("/api/appointments").putHeader("X-Kiosk-Token", TestConfigs.KIOSK1_TOKEN)
                .sendJsonObject(new JsonObject().put("residentId", resident).put("serviceId", "gp")
                        .put("slotStart", "2026-11-24T10:00:00+08:00").put("slotEnd", "2026-11-24T10:15:00+08:00"))
                .await().statusCode(), "a service without slots that day takes free bookings");

        JsonArray listed = admin.get("/api/admin/slots?serviceId=chronic&day=2026-11-24").send().await().bodyAsJsonArray();
        assertEquals(1, listed.size());
        assertEquals(2, listed.getJsonObject(0).getInteger("booked"));
        assertError(admin.delete("/api/admin/slots/" + slotId).putHeader("X-CSRF-Token", csrf).send().await(), 409,
                "slot_has_bookings");
        long empty = post("/api/admin/slots", new JsonObject().put("serviceId", "chronic").put("day", "2026-11-24")
                .put("starts", "14:00").put("ends", "14:30").put("capacity", 3)).bodyAsJsonObject().getLong("id");
        assertEquals(204, admin.delete("/api/admin/slots/" + empty).putHeader("X-CSRF-Token", csrf).send().await().statusCode());
        assertEquals(2, audits("admin.slot.open", "ok"));
        assertEquals(1, audits("admin.slot.open", "slot_overlaps"));
        assertEquals(1, audits("admin.slot.close", "ok"));
        assertEquals(1, audits("admin.slot.close", "slot_has_bookings"));
    }

    @Test
    void aRotatedKioskTokenWorksAndTheOldOneStopsAndMaintenanceReachesThePage() throws Exception {
        String token = post("/api/admin/kiosks/K1/token", new JsonObject()).bodyAsJsonObject().getString("token");
        assertTrue(token.length() >= 24);
        assertEquals(401, s.client.get("/api/tickets/1").putHeader("X-Kiosk-Token", TestConfigs.KIOSK1_TOKEN).send().await()
                .statusCode(), "the old token stops working at once");
        assertEquals(404, s.client.get("/api/tickets/1").putHeader("X-Kiosk-Token", token).send().await().statusCode(),
                "the new one works (no such ticket yet)");
        String stored = s.server.database().read(c -> Sql.one(c, "SELECT token_sha256 FROM kiosks WHERE id = 'K1'",
                rs -> rs.getString(1)).orElseThrow()).await();
        assertFalse(stored.contains(token), "only a hash of the token is stored");

        try (SseClient page = new SseClient(s.vertx, s.port(), "/api/kiosks/K1/stream", Map.of("X-Kiosk-Token", token))) {
            assertEquals(false, page.next().data().getJsonObject("maintenance").getBoolean("enabled"));
            put("/api/admin/kiosks/K1/maintenance", new JsonObject().put("enabled", true).put("message", "设备维护中，请到窗口办理"));
            JsonObject event = page.next("maintenance").data();
            assertTrue(event.getBoolean("enabled"));
            assertEquals("设备维护中，请到窗口办理", event.getString("message"));
        }
        JsonArray kiosks = admin.get("/api/admin/kiosks").send().await().bodyAsJsonArray();
        assertTrue(kiosks.getJsonObject(0).getJsonObject("maintenance").getBoolean("enabled"));
        assertTrue(kiosks.getJsonObject(0).containsKey("devices"));
        assertError(post("/api/admin/kiosks/K9/token", new JsonObject()), 404, "not_found");
    }
}
