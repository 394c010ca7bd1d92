package org.clinickiosk.stream;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientSession;
import io.vertx.junit5.VertxExtension;
import org.clinickiosk.device.DeviceAddresses;
import org.clinickiosk.testsupport.MutableClock;
import org.clinickiosk.testsupport.RunningServer;
import org.clinickiosk.testsupport.SseClient;
import org.clinickiosk.testsupport.TestConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class StreamTest {
    private RunningServer s;
    private WebClientSession nurse;
    private String csrf;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        s = new RunningServer(vertx, MutableClock.shanghai(9, 0),
                json -> json.put("queue", json.getJsonObject("queue").put("callDebounceSeconds", 0)), 300);
        nurse = s.browser();
        csrf = s.login(nurse, "nurse1");
    }

    @AfterEach
    void stop() throws Exception {
        s.close();
    }

    private void issue(String serviceId) {
        s.client.post("/api/tickets").putHeader("X-Kiosk-Token", TestConfigs.KIOSK1_TOKEN)
                .putHeader("Idempotency-Key", "k-" + System.nanoTime())
                .sendJsonObject(new JsonObject().put("serviceId", serviceId)).await();
    }

    private JsonObject callNext(String room) {
        return nurse.post("/api/rooms/" + room + "/call-next").putHeader("X-CSRF-Token", csrf).send().await()
                .bodyAsJsonObject().getJsonObject("ticket");
    }

    @Test
    void theDisplayStartsWithASnapshotThenGetsEachCallOnceWithHeartbeats() throws Exception {
        issue("gp");
        issue("gp");
        callNext("R1");
        try (SseClient display = new SseClient(s.vertx, s.port(), "/api/display/stream", Map.of())) {
            SseClient.Event snapshot = display.next();
            assertEquals("snapshot", snapshot.name());
            assertEquals("A001", snapshot.data().getJsonObject("currentByRoom").getJsonObject("R1").getString("number"));
            assertEquals(1, snapshot.data().getJsonArray("services").getJsonObject(0).getInteger("waiting"));
            JsonObject called = callNext("R2");
            SseClient.Event call = display.next("call");
            assertEquals("A002", call.data().getString("number"));
            assertEquals("R2", call.data().getString("roomId"));
            assertEquals("2号诊室", call.data().getString("roomName"));
            assertEquals(0, call.data().getInteger("recallCount"));
            assertFalse(call.data().containsKey("maskedName"), "names are off on the display by default");
            nurse.post("/api/tickets/" + called.getLong("id") + "/recall").putHeader("X-CSRF-Token", csrf).send().await();
            SseClient.Event recall = display.next("call");
            assertEquals("A002", recall.data().getString("number"));
            assertEquals(1, recall.data().getInteger("recallCount"));
            assertTrue(Long.parseLong(recall.id()) > Long.parseLong(call.id()));
            Thread.sleep(700); // two heartbeat periods of 300 ms
            assertTrue(display.comments().contains(": heartbeat"), display.comments());
        }
    }

    @Test
    void aDisplayResumingWithLastEventIdGetsExactlyTheCallsItMissedEvenAcrossARestart() throws Exception {
        for (int i = 0; i < 4; i++) issue("gp");
        String lastSeen;
        try (SseClient display = new SseClient(s.vertx, s.port(), "/api/display/stream", Map.of())) {
            display.next("snapshot");
            callNext("R1");
            lastSeen = display.next("call").id();
        }
        callNext("R2");                               // missed while disconnected
        s = s.restart(); // the same database, a new server
        try (SseClient display = new SseClient(s.vertx, s.port(), "/api/display/stream",
                Map.of("Last-Event-ID", lastSeen))) {
            SseClient.Event missed = display.next();
            assertEquals("call", missed.name(), "a resumed display gets the missed call, not a snapshot");
            assertEquals("A002", missed.data().getString("number"));
            SseClient.Event counts = display.next();
            assertEquals("services", counts.name());
            assertNull(nextCall(display), "no call is sent twice");
        }
    }

    private static int waiting(SseClient.Event services, String serviceId) {
        return services.data().getJsonArray("services").stream().map(JsonObject.class::cast)
                .filter(s -> s.getString("serviceId").equals(serviceId)).findFirst().orElseThrow()
                .getInteger("waiting");
    }

    @Test
    void aDisplayIsSentWaitingCountsOnlyWhenTheyChange() throws Exception {
        issue("gp");
        issue("gp");
        JsonObject called = callNext("R1");
        try (SseClient display = new SseClient(s.vertx, s.port(), "/api/display/stream", Map.of())) {
            assertEquals(1, waiting(display.next("snapshot"), "gp"));
            issue("gp");
            SseClient.Event counts = display.next();
            assertEquals("services", counts.name());
            assertEquals(2, waiting(counts, "gp"));
            // starting and finishing a called ticket are queue changes, but no waiting count moves
            nurse.post("/api/tickets/" + called.getLong("id") + "/start").putHeader("X-CSRF-Token", csrf).send().await();
            Thread.sleep(400); // past the 150 ms coalescing, so the two changes are checked separately
            nurse.post("/api/tickets/" + called.getLong("id") + "/finish").putHeader("X-CSRF-Token", csrf).send().await();
            assertNull(display.poll(600), "unchanged counts are not sent again");
            issue("gp");
            counts = display.next();
            assertEquals("services", counts.name());
            assertEquals(3, waiting(counts, "gp"));
        }
    }

    @Test
    void whileCountsKeepChangingADisplayGetsThemAtMostOnceASecond() throws Exception {
        try (SseClient display = new SseClient(s.vertx, s.port(), "/api/display/stream", Map.of())) {
            display.next("snapshot");
            long start = System.nanoTime();
            int issued = 0;
            while (System.nanoTime() - start < 1_500_000_000L) {
                issue("gp");
                issued++;
                Thread.sleep(50);
            }
            long seconds = (System.nanoTime() - start + 999_999_999L) / 1_000_000_000L;
            int updates = 0;
            int last = -1;
            while (last != issued) {
                SseClient.Event counts = display.next();
                assertEquals("services", counts.name());
                updates++;
                last = waiting(counts, "gp");
            }
            assertTrue(issued >= 5, "issued " + issued);
            assertTrue(updates <= seconds + 1, updates + " updates for " + issued + " tickets in " + seconds + " s");
        }
    }

    @Test
    void waitingCountsReachEveryDisplayEvenWhenACallComesWhileTheyAreBeingSent() throws Exception {
        issue("gp");
        List<SseClient> displays = new ArrayList<>();
        try {
            int n = 2 * DisplayStream.SERVICES_SLICE + 7; // the counts go out one slice of displays at a time
            for (int i = 0; i < n; i++) {
                displays.add(new SseClient(s.vertx, s.port(), "/api/display/stream", Map.of()));
            }
            for (SseClient d : displays) assertEquals(1, waiting(d.next("snapshot"), "gp"));
            issue("gp");
            Thread.sleep(160); // lands the call about when the count update is being written
            callNext("R1");
            for (SseClient d : displays) {
                // Whatever the interleaving, each display gets the call once and ends with the latest counts,
                // never older counts after newer ones.
                int calls = 0;
                int lastCount = 2;
                while (calls == 0 || lastCount != 1) {
                    SseClient.Event e = d.next();
                    if (e.name().equals("call")) {
                        calls++;
                        assertEquals("A001", e.data().getString("number"));
                    } else {
                        assertEquals("services", e.name());
                        assertTrue(waiting(e, "gp") <= lastCount, e.data().encode());
                        lastCount = waiting(e, "gp");
                    }
                }
                assertEquals(1, calls);
            }
            Thread.sleep(300);
            for (SseClient d : displays) {
                SseClient.Event e;
                while ((e = d.poll(0)) != null) {
                    assertEquals("services", e.name(), "no call twice");
                    assertEquals(1, waiting(e, "gp"), "no older counts after newer ones");
                }
            }
        } finally {
            displays.forEach(SseClient::close);
        }
    }

    private static SseClient.Event nextCall(SseClient display) throws InterruptedException {
        SseClient.Event e;
        while ((e = display.poll(500)) != null) {
            if (e.name().equals("call")) return e;
        }
        return null;
    }

    @Test
    void aRoomStreamIsForStaffAndCarriesTheWholeListOnEveryChange() throws Exception {
        try (SseClient anonymous = new SseClient(s.vertx, s.port(), "/api/rooms/R1/stream", Map.of())) {
            assertEquals(401, anonymous.status);
        }
        String cookie = "ck_session=" + nurse.cookieStore().get(false, "127.0.0.1", "/").iterator().next().value();
        try (SseClient room = new SseClient(s.vertx, s.port(), "/api/rooms/R2/stream", Map.of("Cookie", cookie))) {
            assertEquals(200, room.status);
            SseClient.Event snapshot = room.next();
            assertEquals("snapshot", snapshot.name());
            assertEquals(0, snapshot.data().getJsonArray("waiting").size());
            issue("chronic");
            SseClient.Event update = room.next("queue");
            assertEquals("D001", update.data().getJsonArray("waiting").getJsonObject(0).getString("number"));
            callNext("R2");
            SseClient.Event afterCall;
            do {
                afterCall = room.next("queue");
            } while (afterCall.data().getJsonArray("active").isEmpty());
            assertEquals("D001", afterCall.data().getJsonArray("active").getJsonObject(0).getString("number"));
        }
    }

    @Test
    void aKioskStreamNeedsThatKiosksTokenAndMasksIdentities() throws Exception {
        try (SseClient noToken = new SseClient(s.vertx, s.port(), "/api/kiosks/K1/stream", Map.of());
             SseClient otherKiosk = new SseClient(s.vertx, s.port(), "/api/kiosks/K1/stream",
                     Map.of("X-Kiosk-Token", TestConfigs.KIOSK2_TOKEN));
             SseClient unknown = new SseClient(s.vertx, s.port(), "/api/kiosks/K9/stream",
                     Map.of("X-Kiosk-Token", TestConfigs.KIOSK1_TOKEN))) {
            assertEquals(401, noToken.status);
            assertEquals(401, otherKiosk.status);
            assertEquals(404, unknown.status);
        }
        String lastId;
        try (SseClient kiosk = new SseClient(s.vertx, s.port(), "/api/kiosks/K1/stream",
                Map.of("X-Kiosk-Token", TestConfigs.KIOSK1_TOKEN))) {
            SseClient.Event snapshot = kiosk.next();
            assertEquals("snapshot", snapshot.name());
            assertEquals("K1", snapshot.data().getString("kioskId"));
            s.vertx.eventBus().publish(DeviceAddresses.events("K1"), new JsonObject().put("kind", "idCardReader")
                    .put("type", "identified").put("idNumber", "34052419800101001X").put("name", "王小明")
                    .put("address", "示范路1号"));
            SseClient.Event identified = kiosk.next("device");
            assertEquals("3405**********001X", identified.data().getString("idNumber"));
            assertEquals("王*明", identified.data().getString("name"));
            assertFalse(identified.data().containsKey("address"));
            lastId = identified.id();
            s.vertx.eventBus().publish(DeviceAddresses.events("K2"), new JsonObject().put("kind", "printer").put("type", "state"));
            s.vertx.eventBus().publish(DeviceAddresses.events("K1"), new JsonObject().put("kind", "printer")
                    .put("type", "state").put("status", "error").put("reason", "paper out"));
            SseClient.Event state = kiosk.next("device");
            assertEquals("printer", state.data().getString("kind"), "K2's event never reaches K1's page");
        }
        s.vertx.eventBus().publish(DeviceAddresses.events("K1"), new JsonObject().put("kind", "scanner").put("type", "scan")
                .put("category", "healthCard").put("text", "A1B2C3D4E5F6:1").put("value", "A1B2C3D4E5F6:1"));
        Thread.sleep(100);
        try (SseClient resumed = new SseClient(s.vertx, s.port(), "/api/kiosks/K1/stream",
                Map.of("X-Kiosk-Token", TestConfigs.KIOSK1_TOKEN, "Last-Event-ID", lastId))) {
            assertEquals("printer", resumed.next("device").data().getString("kind"));
            JsonObject scan = resumed.next("device").data();
            assertEquals("scanner", scan.getString("kind"));
            assertFalse(scan.containsKey("text") || scan.containsKey("value"),
                    "a health card's QR text is a credential and never reaches the page: " + scan);
        }
        JsonObject health = s.client.get("/api/health").send().await().bodyAsJsonObject();
        assertEquals("paper out", health.getJsonObject("devices").getJsonObject("K1").getJsonObject("printer").getString("reason"),
                "device states reach /api/health from the same events");
    }
}
