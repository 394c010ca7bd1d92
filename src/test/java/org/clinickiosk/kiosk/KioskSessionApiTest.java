package org.clinickiosk.kiosk;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.clinickiosk.store.Sql;
import org.clinickiosk.testsupport.MutableClock;
import org.clinickiosk.testsupport.RunningServer;
import org.clinickiosk.testsupport.SseClient;
import org.clinickiosk.testsupport.TestConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kiosk session endpoints over real HTTP, with the in-process simulated card reader, scanner and ticket printer
 * of kiosk K1: what the page sees (masked), what reaches the database and the printer, and every refusal.
 */
@ExtendWith(VertxExtension.class)
class KioskSessionApiTest {
    /** Fictional card holders of devices/idcard/identities.json by index. */
    static final int LIN = 0;     // 林晓燕 340104198503120246, born 1985, no record yet
    static final int WANG = 1;    // 王建国 510107195208070319, born 1952 (elderly)
    static final int EXPIRED = 2; // 阿依古丽, card expired in 2022
    static final String WANG_ID = "510107195208070319";
    static final String LIN_ID = "340104198503120246";

    private RunningServer s;
    private Path printed;
    private SseClient stream;

    static JsonObject kioskDevices(Path printerOutput) {
        return new JsonObject()
                .put("idCardReader", new JsonObject().put("port", "simulated"))
                .put("scanner", new JsonObject().put("port", "simulated"))
                .put("printer", new JsonObject().put("port", "simulated").put("jobsDirectory", printerOutput.toString())
                        .put("afterPrintWaitMs", 50).put("statusTimeoutMs", 300));
    }

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        printed = Files.createTempDirectory("printed");
        s = new RunningServer(vertx, MutableClock.shanghai(9, 0), json -> {
            json.getJsonArray("kiosks").getJsonObject(0).put("devices", kioskDevices(printed));
            return json;
        }, 15_000);
        stream = new SseClient(vertx, s.port(), "/api/kiosks/K1/stream", Map.of("X-Kiosk-Token", TestConfigs.KIOSK1_TOKEN));
        awaitDevice("printer", "connected");
    }

    @AfterEach
    void stop() throws Exception {
        stream.close();
        s.close();
        try (var files = Files.walk(printed)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private HttpRequest<Buffer> k1(HttpRequest<Buffer> request) {
        return request.putHeader("X-Kiosk-Token", TestConfigs.KIOSK1_TOKEN);
    }

    private void awaitDevice(String kind, String status) throws InterruptedException {
        SseClient.Event snapshot = stream.next("snapshot");
        if (status.equals(snapshot.data().getJsonObject("devices").getJsonObject(kind).getString("status"))) return;
        while (true) {
            SseClient.Event e = stream.next("device");
            if ("state".equals(e.data().getString("type")) && kind.equals(e.data().getString("kind"))
                    && status.equals(e.data().getString("status"))) return;
        }
    }

    /** The next session event on the kiosk stream whose session matches. */
    private JsonObject nextSession(Predicate<JsonObject> wanted) throws InterruptedException {
        while (true) {
            JsonObject session = stream.next("session").data().getJsonObject("session");
            if (wanted.test(session)) return session;
        }
    }

    private void simulate(String kind, String behaviour, JsonObject args) {
        HttpResponse<Buffer> r = k1(s.client.post("/api/kiosks/K1/simulate")).sendJsonObject(new JsonObject()
                .put("kind", kind).put("behaviour", behaviour).put("args", args)).await();
        assertEquals(204, r.statusCode(), r.bodyAsString());
    }

    private JsonObject presentCard(int index) throws InterruptedException {
        simulate("idCardReader", "remove-card", new JsonObject());
        simulate("idCardReader", "present-card", new JsonObject().put("index", String.valueOf(index)));
        return nextSession(x -> x.getBoolean("active") && !"lookup".equals(x.getString("stage"))
                && "idCard".equals(x.getString("via")));
    }

    private long createResident(String idNumber, String name) {
        HttpResponse<Buffer> r = k1(s.client.post("/api/residents")).sendJsonObject(new JsonObject()
                .put("idNumber", idNumber).put("name", name).put("healthDataConsent", true)).await();
        assertEquals(201, r.statusCode(), r.bodyAsString());
        return r.bodyAsJsonObject().getLong("id");
    }

    private HttpResponse<Buffer> takeTicket(String serviceId, String priority, String key) {
        JsonObject body = new JsonObject().put("serviceId", serviceId);
        if (priority != null) body.put("priority", priority);
        return k1(s.client.post("/api/kiosks/K1/session/tickets")).putHeader("Idempotency-Key", key)
                .sendJsonObject(body).await();
    }

    private static void assertError(HttpResponse<Buffer> r, int status, String code) {
        assertEquals(status, r.statusCode(), r.bodyAsString());
        assertEquals(code, r.bodyAsJsonObject().getJsonObject("error").getString("code"), r.bodyAsString());
    }

    private String printedJob(int n) throws Exception {
        Path job = printed.resolve(String.format("job-%04d.txt", n));
        for (int i = 0; i < 100 && !Files.exists(job); i++) Thread.sleep(50);
        return Files.readString(job, StandardCharsets.UTF_8);
    }

    @Test
    void aCardReadIdentifiesTheResidentMaskedAndOneTouchPrintsTheTicket() throws Exception {
        createResident(WANG_ID, "王建国");
        JsonObject session = presentCard(WANG);
        assertEquals("identified", session.getString("stage"));
        assertEquals("idCard", session.getString("via"));
        JsonObject resident = session.getJsonObject("resident");
        assertEquals("王*国", resident.getString("nameMasked"));
        assertEquals("5101**********0319", resident.getString("idNumberMasked"));
        assertTrue(resident.getBoolean("elderly"));

        HttpResponse<Buffer> r = takeTicket("gp", null, "ticket-key-0001");
        assertEquals(201, r.statusCode(), r.bodyAsString());
        JsonObject ticket = r.bodyAsJsonObject().getJsonObject("ticket");
        assertEquals("A001", ticket.getString("number"));
        assertEquals("elderly", ticket.getString("priority"), "age priority comes from the record, not the page");
        assertEquals("1号诊室 / 2号诊室", ticket.getString("roomHint"));
        assertTrue(ticket.getString("publicUrl").matches("http://127\\.0\\.0\\.1:\\d+/t/[A-Za-z0-9_-]+"));
        assertTrue(ticket.getString("qrImage").startsWith("data:image/svg+xml;base64,"));
        assertEquals("printing", r.bodyAsJsonObject().getJsonObject("print").getString("status"));

        JsonObject done = nextSession(x -> x.getJsonObject("print") != null
                && !"printing".equals(x.getJsonObject("print").getString("status")));
        assertEquals("printed", done.getJsonObject("print").getString("status"));
        String job = printedJob(1);
        assertTrue(job.contains("A001"), job);
        assertTrue(job.contains("全科门诊"), job);
        assertTrue(job.contains("王*国"), job);
        assertTrue(job.contains("[qr ") && job.contains(ticket.getString("publicUrl")), job);
        assertFalse(job.contains("王建国") || job.contains(WANG_ID), "nothing unmasked on paper");

        HttpResponse<Buffer> retry = takeTicket("gp", null, "ticket-key-0001");
        assertEquals(201, retry.statusCode());
        assertEquals("A001", retry.bodyAsJsonObject().getJsonObject("ticket").getString("number"),
                "a retry with the same key is the same ticket");
        assertEquals("not-printed", retry.bodyAsJsonObject().getJsonObject("print").getString("status"));

        JsonObject publicView = s.client.get(new java.net.URI(ticket.getString("publicUrl")).getPath()
                .replace("/t/", "/api/public/tickets/")).send().await().bodyAsJsonObject();
        assertEquals("A001", publicView.getString("number"));
        assertEquals(200, s.client.get(new java.net.URI(ticket.getString("publicUrl")).getPath()).send().await()
                .statusCode(), "the phone page behind the QR is served");
    }

    @Test
    void aNewResidentRegistersFromTheCardWithExplicitConsentAndSeesOnlyMaskedValues() throws Exception {
        JsonObject session = presentCard(LIN);
        assertEquals("register", session.getString("stage"));
        JsonObject card = session.getJsonObject("card");
        assertEquals("林*燕", card.getString("nameMasked"));
        assertEquals("1985-03-12", card.getString("birthDate"));
        assertEquals("汉", card.getString("nation"));
        assertTrue(card.getString("addressMasked").endsWith("****"));
        assertFalse(session.encode().contains("林晓燕") || session.encode().contains(LIN_ID)
                || session.encode().contains("梧桐路"), "the stream carries masked values only: " + session);

        assertError(k1(s.client.post("/api/kiosks/K1/session/register")).sendJsonObject(new JsonObject()
                .put("phone", "13800138000").put("healthDataConsent", false)).await(), 400, "consent_required");
        assertError(k1(s.client.post("/api/kiosks/K1/session/register")).sendJsonObject(new JsonObject()
                .put("phone", "1380013800").put("healthDataConsent", true)).await(), 400, "invalid_request");
        assertError(k1(s.client.post("/api/kiosks/K1/session/register")).sendJsonObject(new JsonObject()
                .put("phone", "12800138000").put("healthDataConsent", true)).await(), 400, "invalid_phone");
        takeTicketRefusedBeforeRegistration();

        HttpResponse<Buffer> r = k1(s.client.post("/api/kiosks/K1/session/register")).sendJsonObject(new JsonObject()
                .put("phone", "13800138000").put("healthDataConsent", true)).await();
        assertEquals(201, r.statusCode(), r.bodyAsString());
        JsonObject view = r.bodyAsJsonObject();
        assertEquals("identified", view.getString("stage"));
        assertEquals("110105**********0001", view.getJsonObject("resident").getString("recordNumberMasked"));
        assertEquals("138****8000", view.getJsonObject("resident").getString("phoneMasked"));
        assertFalse(r.bodyAsString().contains("林晓燕") || r.bodyAsString().contains(LIN_ID)
                || r.bodyAsString().contains("13800138000"));

        JsonObject row = s.server.database().read(c -> Sql.one(c, "SELECT * FROM residents WHERE id_number = ?",
                rs -> new JsonObject().put("name", rs.getString("name")).put("phone", rs.getString("phone"))
                        .put("address", rs.getString("address")).put("sex", rs.getString("sex"))
                        .put("nation", rs.getString("nation")).put("consent", rs.getObject("health_data_consent_at")),
                LIN_ID).orElseThrow()).await();
        assertEquals("林晓燕", row.getString("name"));
        assertEquals("13800138000", row.getString("phone"));
        assertEquals("F", row.getString("sex"));
        assertEquals("汉", row.getString("nation"));
        assertEquals("安徽省合肥市蜀山区梧桐路88号3栋502室", row.getString("address"));
        assertNotNull(row.getValue("consent"));

        assertError(k1(s.client.post("/api/kiosks/K1/session/register")).sendJsonObject(new JsonObject()
                .put("healthDataConsent", true)).await(), 409, "already_registered");
    }

    private void takeTicketRefusedBeforeRegistration() {
        assertError(takeTicket("gp", null, "ticket-key-unregistered"), 409, "not_registered");
    }

    @Test
    void manualEntryChecksTheCheckDigitAndAnUnknownResidentMayStillTakeANumber() {
        assertError(k1(s.client.post("/api/kiosks/K1/session/identify")).sendJsonObject(new JsonObject()
                .put("idNumber", "510107195208070318")).await(), 400, "invalid_id_number");
        assertError(k1(s.client.post("/api/kiosks/K1/session/identify")).sendJsonObject(new JsonObject()
                .put("idNumber", "51010719520807")).await(), 400, "invalid_id_number");
        assertError(k1(s.client.post("/api/kiosks/K1/session/identify")).sendJsonObject(new JsonObject()
                .put("number", WANG_ID)).await(), 400, "invalid_request");

        HttpResponse<Buffer> r = k1(s.client.post("/api/kiosks/K1/session/identify"))
                .sendJsonObject(new JsonObject().put("idNumber", WANG_ID)).await();
        assertEquals(200, r.statusCode(), r.bodyAsString());
        assertEquals("unregistered", r.bodyAsJsonObject().getString("stage"));
        assertEquals("5101**********0319", r.bodyAsJsonObject().getJsonObject("card").getString("idNumberMasked"));
        assertError(k1(s.client.post("/api/kiosks/K1/session/register")).sendJsonObject(new JsonObject()
                .put("healthDataConsent", true)).await(), 409, "card_required");

        HttpResponse<Buffer> ticket = takeTicket("tcm", null, "ticket-key-manual");
        assertEquals(201, ticket.statusCode(), ticket.bodyAsString());
        JsonObject t = ticket.bodyAsJsonObject().getJsonObject("ticket");
        assertEquals("elderly", t.getString("priority"), "age read from the typed ID number");
        assertTrue(t.getBoolean("priorityDeclared"), "without a record staff check it");
    }

    @Test
    void declaredPriorityIsFlaggedAndOnlyDeclarablePrioritiesAreAccepted() {
        k1(s.client.post("/api/kiosks/K1/session/identify")).sendJsonObject(new JsonObject().put("idNumber", LIN_ID)).await();
        assertError(takeTicket("gp", "emergency", "ticket-key-emerg"), 400, "invalid_request");
        assertError(takeTicket("gp", "elderly", "ticket-key-elderly"), 400, "invalid_request");
        assertError(takeTicket("nosuch", null, "ticket-key-nosuch"), 404, "not_found");
        assertError(k1(s.client.post("/api/kiosks/K1/session/tickets")).sendJsonObject(new JsonObject()
                .put("serviceId", "gp")).await(), 400, "invalid_request");
        JsonObject t = takeTicket("gp", "pregnancy", "ticket-key-preg").bodyAsJsonObject().getJsonObject("ticket");
        assertEquals("pregnancy", t.getString("priority"));
        assertTrue(t.getBoolean("priorityDeclared"));
    }

    @Test
    void todaysAppointmentsAreListedWithTheirWindowAndCheckInOrdersTheTicketBySlot() {
        long resident = createResident(WANG_ID, "王建国");
        long other = createResident(LIN_ID, "林晓燕");
        long onTime = book(resident, "chronic", "09:30");
        long early = book(resident, "gp", "11:00");
        long someoneElses = book(other, "gp", "09:15");
        JsonObject view = k1(s.client.post("/api/kiosks/K1/session/identify"))
                .sendJsonObject(new JsonObject().put("idNumber", WANG_ID)).await().bodyAsJsonObject();
        JsonArray appointments = view.getJsonArray("appointments");
        assertEquals(2, appointments.size());
        JsonObject first = appointments.getJsonObject(0);
        assertEquals("09:30", first.getString("slotStart"));
        assertEquals("08:30", first.getString("checkInOpensAt"));
        assertEquals("09:45", first.getString("lateAfter"));
        assertEquals("on_time", first.getString("timing"));
        assertEquals("early", appointments.getJsonObject(1).getString("timing"));

        assertError(k1(s.client.post("/api/kiosks/K1/session/appointments/" + early + "/check-in")).send().await(),
                409, "too_early");
        assertError(k1(s.client.post("/api/kiosks/K1/session/appointments/" + someoneElses + "/check-in")).send()
                .await(), 404, "not_found");
        HttpResponse<Buffer> r = k1(s.client.post("/api/kiosks/K1/session/appointments/" + onTime + "/check-in"))
                .send().await();
        assertEquals(200, r.statusCode(), r.bodyAsString());
        JsonObject ticket = r.bodyAsJsonObject().getJsonObject("ticket");
        assertEquals("D001", ticket.getString("number"));
        assertEquals("on_time", ticket.getString("timing"));
        assertEquals("checked_in", r.bodyAsJsonObject().getJsonArray("appointments").getJsonObject(0).getString("status"));
        JsonObject again = k1(s.client.post("/api/kiosks/K1/session/appointments/" + onTime + "/check-in")).send()
                .await().bodyAsJsonObject();
        assertEquals("D001", again.getJsonObject("ticket").getString("number"));
        assertEquals("already_checked_in", again.getJsonObject("ticket").getString("timing"));
    }

    private long book(long residentId, String serviceId, String time) {
        HttpResponse<Buffer> r = k1(s.client.post("/api/appointments")).sendJsonObject(new JsonObject()
                .put("residentId", residentId).put("serviceId", serviceId)
                .put("slotStart", "2026-11-23T" + time + ":00+08:00").put("slotEnd", "2026-11-23T" + time.substring(0, 3)
                        + "59:00+08:00")).await();
        assertEquals(201, r.statusCode(), r.bodyAsString());
        return r.bodyAsJsonObject().getLong("id");
    }

    @Test
    void aPrinterOutOfPaperKeepsTheNumberAlertsStaffAndAllowsOneReprint() throws Exception {
        BlockingQueue<JsonObject> alerts = new LinkedBlockingQueue<>();
        s.vertx.eventBus().<JsonObject>consumer("staff.alerts", m -> alerts.add(m.body())).completion().await();
        createResident(WANG_ID, "王建国");
        presentCard(WANG);
        simulate("printer", "paper-out", new JsonObject());
        JsonObject ticket = takeTicket("gp", null, "ticket-key-paper").bodyAsJsonObject().getJsonObject("ticket");
        JsonObject failed = nextSession(x -> x.getJsonObject("print") != null
                && !"printing".equals(x.getJsonObject("print").getString("status")));
        assertEquals("failed", failed.getJsonObject("print").getString("status"));
        assertEquals("paper-out", failed.getJsonObject("print").getString("code"));
        assertEquals(ticket.getString("number"), failed.getJsonObject("ticket").getString("number"), "the number stays");
        assertTrue(failed.getBoolean("reprintAvailable"));
        JsonObject alert = alerts.poll(5, TimeUnit.SECONDS);
        assertNotNull(alert, "staff are alerted");
        assertEquals("printer", alert.getString("type"));
        assertEquals("K1", alert.getString("kioskId"));
        assertEquals("A001", alert.getString("ticketNumber"));
        assertNotNull(alert.getString("alertId"));
        assertNotNull(alert.getString("reason"));

        simulate("printer", "paper-ok", new JsonObject());
        HttpResponse<Buffer> reprint = k1(s.client.post("/api/kiosks/K1/session/reprint")).send().await();
        assertEquals(200, reprint.statusCode(), reprint.bodyAsString());
        assertFalse(reprint.bodyAsJsonObject().getBoolean("reprintAvailable"));
        JsonObject printedNow = nextSession(x -> x.getJsonObject("print") != null
                && !"printing".equals(x.getJsonObject("print").getString("status")));
        assertEquals("printed", printedNow.getJsonObject("print").getString("status"));
        assertTrue(printedJob(1).contains("A001"));
        assertError(k1(s.client.post("/api/kiosks/K1/session/reprint")).send().await(), 409, "reprint_used");
    }

    @Test
    void scansAndCardProblemsBecomePlainProblemCodes() throws Exception {
        simulate("idCardReader", "present-card", new JsonObject().put("index", String.valueOf(EXPIRED)));
        assertEquals("card-expired", stream.next("problem").data().getString("problem"));
        assertFalse(k1(s.client.get("/api/kiosks/K1/session")).send().await().bodyAsJsonObject()
                .getJsonObject("session").getBoolean("active"), "an expired card starts no session");

        simulate("scanner", "scan", new JsonObject().put("text", "hello-world"));
        assertEquals("code-unknown", stream.next("problem").data().getString("problem"));
        simulate("scanner", "scan", new JsonObject().put("text", "a".repeat(64) + ":1"));
        assertEquals("health-card-unknown", stream.next("problem").data().getString("problem"),
                "an unbound health card with nobody identified: place the ID card first");
        simulate("scanner", "scan", new JsonObject().put("text", "CKA1:999"));
        assertEquals("appointment-unknown", stream.next("problem").data().getString("problem"));

        k1(s.client.post("/api/kiosks/K1/session/identify")).sendJsonObject(new JsonObject().put("idNumber", LIN_ID)).await();
        String url = takeTicket("gp", null, "ticket-key-scan").bodyAsJsonObject().getJsonObject("ticket")
                .getString("publicUrl");
        simulate("scanner", "scan", new JsonObject().put("text", url));
        JsonObject status = stream.next("ticket-status").data().getJsonObject("ticket");
        assertEquals("A001", status.getString("number"));
        assertEquals("waiting", status.getString("status"));
        simulate("scanner", "scan", new JsonObject().put("text", "/t/UnknownToken123"));
        assertEquals("ticket-unknown", stream.next("problem").data().getString("problem"));
    }

    @Test
    void anUnknownHealthCardIsBoundAfterAnIdCardReadAndThenIdentifiesOnItsOwn() throws Exception {
        createResident(WANG_ID, "王建国");
        String healthCard = "0123456789abcdef".repeat(4) + ":1";
        // a typed ID number is no proof the resident is present: nothing can be bound in such a session
        k1(s.client.post("/api/kiosks/K1/session/identify")).sendJsonObject(new JsonObject().put("idNumber", WANG_ID)).await();
        assertError(k1(s.client.post("/api/kiosks/K1/session/health-card-binding")).send().await(), 409, "nothing_to_bind");
        presentCard(WANG);
        simulate("scanner", "scan", new JsonObject().put("text", healthCard));
        JsonObject offered = nextSession(x -> x.getBoolean("healthCardBindOffer", false));
        assertEquals("identified", offered.getString("stage"));
        assertFalse(offered.encode().contains(healthCard), "the health card token stays on the server");
        HttpResponse<Buffer> bound = k1(s.client.post("/api/kiosks/K1/session/health-card-binding")).send().await();
        assertEquals(200, bound.statusCode(), bound.bodyAsString());
        assertTrue(bound.bodyAsJsonObject().getBoolean("healthCardBound"));
        assertFalse(bound.bodyAsJsonObject().getBoolean("healthCardBindOffer"));

        k1(s.client.delete("/api/kiosks/K1/session")).send().await();
        simulate("scanner", "scan", new JsonObject().put("text", healthCard));
        JsonObject byHealthCard = nextSession(x -> "healthCardQr".equals(x.getString("via"))
                && "identified".equals(x.getString("stage")));
        assertEquals("王*国", byHealthCard.getJsonObject("resident").getString("nameMasked"));
        assertError(k1(s.client.post("/api/kiosks/K1/session/register")).sendJsonObject(new JsonObject()
                .put("healthDataConsent", true)).await(), 409, "already_registered");
    }

    @Test
    void endingTheSessionWipesItAndEveryCallIsScopedToTheKiosksOwnToken() {
        k1(s.client.post("/api/kiosks/K1/session/identify")).sendJsonObject(new JsonObject().put("idNumber", LIN_ID)).await();
        assertError(s.client.get("/api/kiosks/K1/session").send().await(), 401, "kiosk_token_required");
        assertError(s.client.get("/api/kiosks/K1/session").putHeader("X-Kiosk-Token", TestConfigs.KIOSK2_TOKEN).send()
                .await(), 401, "kiosk_token_required");
        assertError(s.client.get("/api/kiosks/K1/session").putHeader("X-Kiosk-Token", "not-a-real-token-000").send()
                .await(), 401, "bad_kiosk_token");
        assertError(k1(s.client.get("/api/kiosks/K9/session")).send().await(), 404, "not_found");

        JsonObject described = k1(s.client.get("/api/kiosks/K1/session")).send().await().bodyAsJsonObject();
        assertTrue(described.getJsonObject("session").getBoolean("active"));
        JsonObject kiosk = described.getJsonObject("kiosk");
        assertEquals(60, kiosk.getInteger("warnAfterSeconds"));
        assertEquals(90, kiosk.getInteger("homeAfterSeconds"));
        assertTrue(kiosk.getJsonArray("features").contains("ticket"));
        assertFalse(kiosk.getJsonArray("features").contains("bpSelfTest"), "no BP flow on this server yet");
        assertTrue(kiosk.getJsonArray("simulatedDevices").contains("printer"));

        assertEquals(204, k1(s.client.delete("/api/kiosks/K1/session")).send().await().statusCode());
        assertFalse(k1(s.client.get("/api/kiosks/K1/session")).send().await().bodyAsJsonObject()
                .getJsonObject("session").getBoolean("active"));
        assertError(takeTicket("gp", null, "ticket-key-after-end"), 409, "no_session");
        assertError(k1(s.client.post("/api/kiosks/K1/session/reprint")).send().await(), 409, "no_session");
        assertError(k1(s.client.post("/api/kiosks/K1/session/health-card-binding")).send().await(), 409, "no_session");
        assertEquals(204, k1(s.client.post("/api/kiosks/K1/session/activity")).send().await().statusCode());
    }

    @Test
    void theDemoPanelReachesOnlySimulatedDevicesWithValidBehaviours() {
        assertError(k1(s.client.post("/api/kiosks/K1/simulate")).sendJsonObject(new JsonObject()
                .put("kind", "healthCardReader").put("behaviour", "present-card")).await(), 409, "not_simulated");
        assertError(k1(s.client.post("/api/kiosks/K1/simulate")).sendJsonObject(new JsonObject()
                .put("kind", "printer").put("behaviour", "explode")).await(), 400, "simulation_refused");
        assertError(k1(s.client.post("/api/kiosks/K1/simulate")).sendJsonObject(new JsonObject()
                .put("kind", "toaster").put("behaviour", "paper-out")).await(), 400, "invalid_request");
        assertError(s.client.post("/api/kiosks/K2/simulate").putHeader("X-Kiosk-Token", TestConfigs.KIOSK2_TOKEN)
                .sendJsonObject(new JsonObject().put("kind", "printer").put("behaviour", "paper-out")).await(),
                409, "not_simulated");
    }

    @Test
    void aSessionLeftAloneIsWipedOnTheServer(Vertx vertx) throws Exception {
        try (RunningServer quick = new RunningServer(vertx, MutableClock.shanghai(9, 0), json -> json.put("kiosk",
                new JsonObject().put("warnAfterSeconds", 1).put("homeAfterSeconds", 2)), 15_000);
             SseClient events = new SseClient(vertx, quick.port(), "/api/kiosks/K1/stream",
                     Map.of("X-Kiosk-Token", TestConfigs.KIOSK1_TOKEN))) {
            quick.client.post("/api/kiosks/K1/session/identify").putHeader("X-Kiosk-Token", TestConfigs.KIOSK1_TOKEN)
                    .sendJsonObject(new JsonObject().put("idNumber", LIN_ID)).await();
            long started = System.nanoTime();
            SseClient.Event ended = null;
            while (ended == null && System.nanoTime() - started < 12_000_000_000L) {
                SseClient.Event e = events.poll(500);
                if (e != null && "session".equals(e.name()) && "inactivity".equals(e.data().getString("reason"))) ended = e;
            }
            assertNotNull(ended, "the server wipes the session on its own");
            assertFalse(ended.data().getJsonObject("session").getBoolean("active"));
            assertNull(ended.data().getJsonObject("session").getString("sessionId"));
        }
    }
}
