package org.clinickiosk.nurse;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** GET /api/tickets/{id}/resident-panel over real HTTP: masked and derived data only, for staff, audited. */
@ExtendWith(VertxExtension.class)
class ResidentPanelTest {
    private static final String ID_NUMBER = "34052419800101001X"; // fictional
    private RunningServer s;
    private WebClientSession nurse;
    private String csrf;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        s = new RunningServer(vertx);
        nurse = s.browser();
        csrf = s.login(nurse, "nurse1");
    }

    @AfterEach
    void stop() throws Exception {
        s.close();
    }

    private long issue(Long residentId) {
        JsonObject body = new JsonObject().put("serviceId", "gp");
        if (residentId != null) body.put("residentId", residentId);
        return s.client.post("/api/tickets").putHeader("X-Kiosk-Token", TestConfigs.KIOSK1_TOKEN)
                .putHeader("Idempotency-Key", "panel-" + System.nanoTime()).sendJsonObject(body).await()
                .bodyAsJsonObject().getLong("id");
    }

    private HttpResponse<Buffer> panel(long ticketId) {
        return nurse.get("/api/tickets/" + ticketId + "/resident-panel").send().await();
    }

    private long audits(String outcome) {
        return s.server.database().read(c -> Sql.count(c,
                "SELECT COUNT(*) FROM audit_log WHERE action = 'resident.panel-read' AND outcome = ? AND actor = 'staff:nurse1'",
                outcome)).await();
    }

    @Test
    void theCalledResidentsPanelHasMaskedAndDerivedValuesOnlyAndIsAudited() {
        long residentId = s.client.post("/api/residents").putHeader("X-Kiosk-Token", TestConfigs.KIOSK1_TOKEN)
                .sendJsonObject(new JsonObject().put("idNumber", ID_NUMBER).put("name", "王小明")
                        .put("phone", "13800000000").put("address", "示范路1号")
                        .put("keyGroups", new JsonArray().add("hypertension")).put("healthDataConsent", true))
                .await().bodyAsJsonObject().getLong("id");
        long ticket = issue(residentId);
        nurse.post("/api/rooms/R1/call-next").putHeader("X-CSRF-Token", csrf).send().await();
        // three self-measured readings at a kiosk, 1 day apart, rising by 20 mmHg
        s.server.database().write(c -> {
            int[][] readings = {{130, 84}, {142, 88}, {150, 92}};
            for (int i = 0; i < readings.length; i++) {
                Sql.update(c, "INSERT INTO bp_readings (resident_id, kiosk_id, systolic, diastolic, pulse, category,"
                        + " monitor_model, measured_at, raw, assigned_via) VALUES (?, 'K1', ?, ?, 70, 'grade-1', 'and-tm2655', ?, 'raw', 'session')",
                        residentId, readings[i][0], readings[i][1], s.clock.millis() - (3 - i) * 86_400_000L);
            }
            return null;
        }).await();

        HttpResponse<Buffer> r = panel(ticket);
        assertEquals(200, r.statusCode(), r.bodyAsString());
        JsonObject body = r.bodyAsJsonObject();
        assertEquals("A001", body.getString("number"));
        JsonObject resident = body.getJsonObject("resident");
        assertEquals("王*明", resident.getString("maskedName"));
        assertEquals(46, resident.getInteger("age"), "born 1980-01-01, today 2026-11-23");
        assertEquals("M", resident.getString("sex"));
        assertEquals(new JsonArray().add("hypertension"), resident.getJsonArray("keyGroups"));
        JsonArray readings = body.getJsonObject("bloodPressure").getJsonArray("readings");
        assertEquals(3, readings.size());
        assertEquals(150, readings.getJsonObject(0).getInteger("systolic"), "newest first");
        assertEquals("rising", body.getJsonObject("bloodPressure").getString("trend"));
        for (String secret : new String[]{ID_NUMBER, "王小明", "1980-01-01", "13800000000", "示范路", "1101050010010000"}) {
            assertFalse(r.bodyAsString().contains(secret), "the panel must not carry " + secret);
        }
        assertEquals(1, audits("ok"));
        String target = s.server.database().read(c -> Sql.one(c,
                "SELECT target FROM audit_log WHERE action = 'resident.panel-read'", rs -> rs.getString(1))).await()
                .orElseThrow();
        assertEquals("ticket " + ticket + " resident " + residentId, target, "audit targets are ids");
    }

    @Test
    void aTicketWithoutIdentificationHasNoResident() {
        long ticket = issue(null);
        nurse.post("/api/rooms/R1/call-next").putHeader("X-CSRF-Token", csrf).send().await();
        JsonObject body = panel(ticket).bodyAsJsonObject();
        assertNull(body.getValue("resident"));
        assertEquals("unknown", body.getJsonObject("bloodPressure").getString("trend"));
    }

    @Test
    void onlyForCalledTicketsOnlyForStaffAndRefusalsAreAuditedToo() {
        long waiting = issue(null);
        HttpResponse<Buffer> notCalled = panel(waiting);
        assertEquals(409, notCalled.statusCode());
        assertEquals("not_called", notCalled.bodyAsJsonObject().getJsonObject("error").getString("code"));
        assertEquals(1, audits("not_called"));

        HttpResponse<Buffer> missing = panel(9999);
        assertEquals(404, missing.statusCode());
        assertEquals(1, audits("not_found"));

        assertEquals(401, s.client.get("/api/tickets/" + waiting + "/resident-panel").send().await().statusCode());
        assertEquals(401, s.client.get("/api/tickets/" + waiting + "/resident-panel")
                .putHeader("X-Kiosk-Token", TestConfigs.KIOSK1_TOKEN).send().await().statusCode(), "kiosks may not read it");
    }
}
