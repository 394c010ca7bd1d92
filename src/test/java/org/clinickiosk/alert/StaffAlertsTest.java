package org.clinickiosk.alert;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClientSession;
import io.vertx.junit5.VertxExtension;
import org.clinickiosk.store.Sql;
import org.clinickiosk.testsupport.RunningServer;
import org.clinickiosk.testsupport.SseClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Staff alerts published on the event bus reach every nurse page's room stream until one nurse acknowledges them. */
@ExtendWith(VertxExtension.class)
class StaffAlertsTest {
    private RunningServer s;
    private WebClientSession nurse1;
    private WebClientSession nurse2;
    private String csrf1;
    private String csrf2;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        s = new RunningServer(vertx, org.clinickiosk.testsupport.MutableClock.shanghai(9, 0), json -> json, 300);
        nurse1 = s.browser();
        nurse2 = s.browser();
        csrf1 = s.login(nurse1, "nurse1");
        csrf2 = s.login(nurse2, "nurse2");
    }

    @AfterEach
    void stop() throws Exception {
        s.close();
    }

    private SseClient roomStream(WebClientSession session, String room) {
        String cookie = "ck_session=" + session.cookieStore().get(false, "127.0.0.1", "/").iterator().next().value();
        return new SseClient(s.vertx, s.port(), "/api/rooms/" + room + "/stream", Map.of("Cookie", cookie));
    }

    private static JsonObject crisis(String id) {
        return new JsonObject().put("alertId", id).put("type", "bp-crisis").put("kioskId", "K1")
                .put("message", "血压危象 190/125 mmHg").put("systolic", 190).put("diastolic", 125)
                .put("name", "王小明").put("idNumber", "34052419800101001X").put("address", "示范路1号");
    }

    private HttpResponse<Buffer> ack(WebClientSession session, String csrf, String id) {
        return session.post("/api/alerts/" + id + "/ack").putHeader("X-CSRF-Token", csrf).send().await();
    }

    @Test
    void anAlertReachesEveryNursePageMaskedAndItsAcknowledgementReachesThemToo() throws Exception {
        try (SseClient room1 = roomStream(nurse1, "R1"); SseClient room3 = roomStream(nurse2, "R3")) {
            room1.next("snapshot");
            room3.next("snapshot");
            s.vertx.eventBus().publish(StaffAlerts.ADDRESS, crisis("bp-1"));
            for (SseClient page : new SseClient[]{room1, room3}) {
                JsonObject alert = page.next("alert").data();
                assertEquals("bp-1", alert.getString("alertId"));
                assertEquals("bp-crisis", alert.getString("type"));
                assertEquals(190, alert.getInteger("systolic"));
                assertEquals("王*明", alert.getString("name"), "names are masked before they leave the server");
                assertEquals("3405**********001X", alert.getString("idNumber"));
                assertFalse(alert.containsKey("address"));
                assertTrue(alert.getString("at").startsWith("2026-11-23T01:00"), "stamped with the server's time");
            }
            s.vertx.eventBus().publish(StaffAlerts.ADDRESS, crisis("bp-1"));   // the same alert again
            HttpResponse<Buffer> first = ack(nurse1, csrf1, "bp-1");
            assertEquals(200, first.statusCode(), first.bodyAsString());
            assertEquals("nurse1", first.bodyAsJsonObject().getString("acknowledgedBy"));
            for (SseClient page : new SseClient[]{room1, room3}) {
                SseClient.Event next = page.next();
                assertEquals("alert-ack", next.name(), "a repeated alert id is not raised twice");
                assertEquals("bp-1", next.data().getString("alertId"));
                assertEquals("nurse1", next.data().getString("acknowledgedBy"));
            }
            HttpResponse<Buffer> late = ack(nurse2, csrf2, "bp-1");
            assertEquals(409, late.statusCode());
            assertEquals("already_acknowledged", late.bodyAsJsonObject().getJsonObject("error").getString("code"));
            assertTrue(late.bodyAsJsonObject().getJsonObject("error").getString("message").contains("nurse1"));
        }
        assertEquals(1L, s.server.database().read(c -> Sql.count(c,
                "SELECT COUNT(*) FROM audit_log WHERE action = 'alert.ack' AND actor = 'staff:nurse1' AND target = 'alert bp-1' AND outcome = 'ok'")).await());
        assertEquals(1L, s.server.database().read(c -> Sql.count(c,
                "SELECT COUNT(*) FROM audit_log WHERE action = 'alert.ack' AND actor = 'staff:nurse2' AND outcome = 'already_acknowledged'")).await());
    }

    @Test
    void aPageOpenedLaterGetsTheAlertsStillOpenAndNotTheAcknowledgedOnes() throws Exception {
        s.vertx.eventBus().publish(StaffAlerts.ADDRESS, crisis("bp-2"));
        s.vertx.eventBus().publish(StaffAlerts.ADDRESS, new JsonObject().put("alertId", "printer-K1-1")
                .put("type", "printer").put("kioskId", "K1").put("message", "打印机缺纸"));
        Thread.sleep(100);
        assertEquals(200, ack(nurse1, csrf1, "bp-2").statusCode());
        try (SseClient room = roomStream(nurse2, "R2")) {
            room.next("snapshot");
            SseClient.Event open = room.next();
            assertEquals("alert", open.name());
            assertEquals("printer-K1-1", open.data().getString("alertId"));
            SseClient.Event more = room.poll(500);
            assertTrue(more == null || !more.name().equals("alert"), "the acknowledged alert is not sent again");
        }
    }

    @Test
    void afterARestartTheNursePagesStillGetTheOpenAlertAndALateAcknowledgementIsAnswered() throws Exception {
        s.vertx.eventBus().request(StaffAlerts.ADDRESS, crisis("bp-3")).await();
        s.vertx.eventBus().request(StaffAlerts.ADDRESS, crisis("bp-4")).await();
        assertEquals(200, ack(nurse1, csrf1, "bp-4").statusCode());

        s = s.restart();
        nurse1 = s.browser();
        nurse2 = s.browser();
        csrf1 = s.login(nurse1, "nurse1");
        csrf2 = s.login(nurse2, "nurse2");

        try (SseClient room = roomStream(nurse2, "R2")) {
            room.next("snapshot");
            SseClient.Event open = room.next();
            assertEquals("alert", open.name());
            assertEquals("bp-3", open.data().getString("alertId"));
            assertEquals("王*明", open.data().getString("name"), "still masked");
            assertEquals("3405**********001X", open.data().getString("idNumber"));
            SseClient.Event more = room.poll(500);
            assertTrue(more == null || !more.name().equals("alert"), "the acknowledged alert is not reopened");

            HttpResponse<Buffer> late = ack(nurse2, csrf2, "bp-4");
            assertEquals(409, late.statusCode(), late.bodyAsString());
            assertTrue(late.bodyAsJsonObject().getJsonObject("error").getString("message").contains("nurse1"));
            assertEquals(200, ack(nurse1, csrf1, "bp-3").statusCode());
            assertEquals("bp-3", room.next("alert-ack").data().getString("alertId"));
        }
    }

    @Test
    void malformedAlertsAreRefusedWithAReasonAndUnknownIdsAreNotFound() {
        ReplyException noId = assertThrows(ReplyException.class, () -> s.vertx.eventBus()
                .request(StaffAlerts.ADDRESS, new JsonObject().put("type", "bp-crisis")).await());
        assertTrue(noId.getMessage().contains("alertId"), noId.getMessage());
        ReplyException badType = assertThrows(ReplyException.class, () -> s.vertx.eventBus()
                .request(StaffAlerts.ADDRESS, new JsonObject().put("alertId", "x1").put("type", "BP CRISIS")).await());
        assertTrue(badType.getMessage().contains("type"), badType.getMessage());
        ReplyException notJson = assertThrows(ReplyException.class, () -> s.vertx.eventBus()
                .request(StaffAlerts.ADDRESS, "help").await());
        assertTrue(notJson.getMessage().contains("JSON object"));
        JsonObject accepted = (JsonObject) s.vertx.eventBus().request(StaffAlerts.ADDRESS,
                new JsonObject().put("alertId", "x2").put("type", "printer")).await().body();
        assertEquals(true, accepted.getBoolean("raised"));

        HttpResponse<Buffer> unknown = ack(nurse1, csrf1, "nope");
        assertEquals(404, unknown.statusCode());
        assertEquals(401, s.client.post("/api/alerts/x2/ack").send().await().statusCode(), "staff only");
        assertEquals(403, nurse1.post("/api/alerts/x2/ack").send().await().statusCode(), "CSRF header required");
        assertEquals(400, nurse1.post("/api/alerts/bad%20id/ack").putHeader("X-CSRF-Token", csrf1).send().await()
                .statusCode());
    }
}
