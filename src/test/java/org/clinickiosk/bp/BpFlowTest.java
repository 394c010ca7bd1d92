package org.clinickiosk.bp;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientSession;
import io.vertx.junit5.VertxExtension;
import org.clinickiosk.device.DeviceAddresses;
import org.clinickiosk.stream.KioskStream;
import org.clinickiosk.store.Sql;
import org.clinickiosk.testsupport.MutableClock;
import org.clinickiosk.testsupport.RunningServer;
import org.clinickiosk.testsupport.TestConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.clinickiosk.bp.BpTestKit.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The BP flow in the real server with the kiosk's in-process simulated monitor (HBP-9030: a reading is pushed as
 * soon as it is performed) and printer: storage without a page, the guided series, crisis alerts, unassigned
 * readings, the kiosk's screens' data, the slip, staff reads with audit, the FHIR bundle and bad input.
 */
@ExtendWith(VertxExtension.class)
class BpFlowTest {
    private RunningServer s;
    private MutableClock clock;
    private Path printed;
    private long resident;
    private String residentIdNumber;
    private final BlockingQueue<JsonObject> alerts = new LinkedBlockingQueue<>();
    private final BlockingQueue<JsonObject> kioskEvents = new LinkedBlockingQueue<>();

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        clock = MutableClock.shanghai(9, 0);
        printed = Files.createTempDirectory("bp-printed");
        JsonObject devices = new JsonObject()
                .put("bpMonitor", new JsonObject().put("port", "simulated").put("model", "omron-hbp9030"))
                .put("printer", new JsonObject().put("port", "simulated").put("jobsDirectory", printed.toString())
                        .put("afterPrintWaitMs", 10));
        s = new RunningServer(vertx, clock, json -> {
            json.getJsonArray("kiosks").getJsonObject(0).put("devices", devices);
            return json;
        }, 15_000);
        MessageConsumer<JsonObject> staff = vertx.eventBus().consumer(BpService.STAFF_ALERTS, m -> alerts.add(m.body()));
        MessageConsumer<JsonObject> ui = vertx.eventBus().consumer(KioskStream.uiAddress("K1"), m -> kioskEvents.add(m.body()));
        staff.completion().await();
        ui.completion().await();
        residentIdNumber = idNumber("19800101", 1);
        resident = createResident(s, residentIdNumber, "王小明");
    }

    @AfterEach
    void stop() throws Exception {
        s.close();
        try (Stream<Path> files = Files.walk(printed)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** The resident presses START and the monitor reports this result. */
    private void measure(int systolic, int diastolic, int pulse) {
        s.vertx.eventBus().request(DeviceAddresses.requests("K1", "bpMonitor"), new JsonObject().put("action", "simulate")
                .put("body", new JsonObject().put("behaviour", "reading").put("args", new JsonObject()
                        .put("systolic", String.valueOf(systolic)).put("diastolic", String.valueOf(diastolic))
                        .put("pulse", String.valueOf(pulse))))).await();
    }

    private JsonObject nextKioskEvent(String type) throws InterruptedException {
        while (true) {
            JsonObject e = kioskEvents.poll(5, TimeUnit.SECONDS);
            if (e == null) throw new AssertionError("no " + type + " event within 5 s");
            if (type.equals(e.getString("type"))) return e;
        }
    }

    /** Measures and returns the page's event for this reading (events of earlier steps, e.g. a claim, are skipped). */
    private JsonObject measured(int systolic, int diastolic, int pulse) throws InterruptedException {
        kioskEvents.clear();
        measure(systolic, diastolic, pulse);
        return nextKioskEvent("bp-reading");
    }

    private void identify() {
        identifyAt(s, "K1", TestConfigs.KIOSK1_TOKEN, residentIdNumber);
    }

    // ---- storage ----------------------------------------------------------------------------------------------

    @Test
    void aReadingIsStoredTheMomentItArrivesWithNoPageConnected() throws Exception {
        identify();
        measure(135, 85, 66);
        JsonObject row = awaitRows(s, 1).get(0);
        assertEquals(resident, ((Number) row.getValue("resident_id")).longValue());
        assertEquals(135, row.getInteger("systolic"));
        assertEquals(85, row.getInteger("diastolic"));
        assertEquals(66, row.getInteger("pulse"));
        assertEquals("normal-high", row.getString("category"));
        assertEquals("omron-hbp9030", row.getString("monitor_model"));
        assertEquals("K1", row.getString("kiosk_id"));
        assertNotNull(row.getString("device_time"));
        assertTrue(row.getString("raw").contains("135"), "the raw record is kept");
        assertEquals(clock.millis(), ((Number) row.getValue("measured_at")).longValue());
    }

    @Test
    void aBrokenReadingEventFromTheBusStoresNothingAndTellsThePage() throws Exception {
        identify();
        s.vertx.eventBus().publish(DeviceAddresses.events("K1"), new JsonObject().put("kind", "bpMonitor")
                .put("type", "reading").put("systolic", "high").put("diastolic", 80).put("pulse", 70)
                .put("model", "omron-hbp9030"));
        assertEquals("unreadable-record", nextKioskEvent("bp-error").getString("code"));
        s.vertx.eventBus().publish(DeviceAddresses.events("K1"), new JsonObject().put("kind", "bpMonitor")
                .put("type", "reading").put("systolic", 400).put("diastolic", 80).put("pulse", 70)
                .put("model", "omron-hbp9030").put("raw", "x"));
        assertEquals("unreadable-record", nextKioskEvent("bp-error").getString("code"));
        s.vertx.eventBus().publish(DeviceAddresses.events("K1"), new JsonObject().put("kind", "bpMonitor")
                .put("type", "reading").put("systolic", 120.5).put("diastolic", 80).put("pulse", 70)
                .put("model", "omron-hbp9030").put("raw", "x"));
        assertEquals("unreadable-record", nextKioskEvent("bp-error").getString("code"));
        measure(118, 76, 70);
        nextKioskEvent("bp-reading");
        assertEquals(1, rows(s).size(), "only the good reading was stored");
    }

    // ---- the guided series ------------------------------------------------------------------------------------

    @Test
    void aSecondReadingOneToTwoMinutesLaterIsAveragedAndTheMeanClassified() throws Exception {
        identify();
        JsonObject first = measured(142, 88, 70);
        assertEquals("grade-1", first.getJsonObject("reading").getString("category"), "one reading alone: grade 1");
        assertTrue(first.getJsonObject("series").getBoolean("wantsAnother"));
        assertTrue(first.getJsonObject("series").getJsonObject("next").getString("zh-CN").contains("1到2分钟"));

        clock.advance(Duration.ofSeconds(90));
        JsonObject second = measured(137, 86, 74);
        JsonObject series = second.getJsonObject("series");
        assertEquals(2, series.getInteger("count"));
        assertEquals(139.5, series.getDouble("systolic"));
        assertEquals(87, series.getValue("diastolic"));
        assertEquals(72, series.getValue("pulse"));
        assertEquals("normal-high", series.getString("category"), "the mean 139.5/87 is normal-high");
        assertFalse(series.getBoolean("wantsAnother"));
        assertEquals(first.getJsonObject("reading").getLong("id"), series.getLong("seriesId"));

        JsonObject state = k1Get(s, "/api/kiosks/K1/bp").bodyAsJsonObject();
        assertEquals("normal-high", state.getJsonObject("latestSeries").getString("category"));

        clock.advance(Duration.ofSeconds(90));
        JsonObject third = measured(120, 80, 70);
        assertEquals(1, third.getJsonObject("series").getInteger("count"), "a complete pair is not joined again");
    }

    @Test
    void twoReadingsMoreThanFiveApartAskForAThirdAndTheSeriesEndsAfterTenMinutes() throws Exception {
        identify();
        measured(150, 90, 70);
        clock.advance(Duration.ofMinutes(2));
        JsonObject second = measured(142, 90, 70).getJsonObject("series");
        assertTrue(second.getBoolean("wantsAnother"));
        assertTrue(second.getJsonObject("next").getString("en").contains("third"));
        clock.advance(Duration.ofMinutes(2));
        JsonObject third = measured(146, 93, 76).getJsonObject("series");
        assertEquals(3, third.getInteger("count"));
        assertEquals(146, third.getValue("systolic"));
        assertEquals(91, third.getValue("diastolic"));
        assertEquals("grade-1", third.getString("category"));

        clock.advance(Duration.ofMinutes(3));
        measured(130, 80, 70);
        clock.advance(BpSeries.WINDOW.plusSeconds(1));
        assertEquals(1, measured(131, 80, 70).getJsonObject("series").getInteger("count"),
                "a reading after the window starts a new series");
    }

    // ---- crisis -----------------------------------------------------------------------------------------------

    @Test
    void aCrisisReadingAlertsTheNursesOncePerSeriesAndGetsAGeneralPracticeTicket() throws Exception {
        // a nurse page is open on room R1: the crisis reaches it as an alert on its room stream
        var nurse = s.browser();
        s.login(nurse, "nurse1");
        String cookie = "ck_session=" + nurse.cookieStore().get(false, "127.0.0.1", "/").iterator().next().value();
        org.clinickiosk.testsupport.SseClient nursePage = new org.clinickiosk.testsupport.SseClient(s.vertx, s.port(),
                "/api/rooms/R1/stream", java.util.Map.of("Cookie", cookie));
        identify();
        JsonObject event = measured(186, 112, 98);
        org.clinickiosk.testsupport.SseClient.Event banner = nursePage.next("alert");
        assertEquals("bp-crisis", banner.data().getString("type"));
        assertEquals("王*明", banner.data().getString("maskedName"));
        assertTrue(banner.data().getString("message").contains("186/112"), banner.data().encode());
        nursePage.close();
        JsonObject reading = event.getJsonObject("reading");
        assertTrue(reading.getBoolean("crisis"));
        assertTrue(reading.getJsonObject("text").getJsonObject("advice").getString("zh-CN").contains("立即"));

        JsonObject alert = alerts.poll(5, TimeUnit.SECONDS);
        assertNotNull(alert, "a staff alert");
        assertEquals("bp-crisis", alert.getString("type"));
        assertEquals("K1", alert.getString("kioskId"));
        assertEquals(186, alert.getInteger("systolic"));
        assertEquals(112, alert.getInteger("diastolic"));
        assertEquals("王*明", alert.getString("maskedName"));
        assertFalse(alert.getString("alertId").isBlank());
        assertTrue(alert.getString("message").contains("186/112"), alert.getString("message"));
        assertFalse(alert.encode().contains("王小明"), "never the full name");
        assertEquals(ZonedDateTime.now(clock.withZone(ZoneId.of("Asia/Shanghai"))).toOffsetDateTime(),
                ZonedDateTime.parse(alert.getString("at")).toOffsetDateTime());

        clock.advance(Duration.ofSeconds(90));
        measured(182, 108, 96);
        assertNull(alerts.poll(300, TimeUnit.MILLISECONDS), "the second reading of the same series alerts no one again");

        for (int i = 0; i < 2; i++) { // two walk-ins already waiting for general practice
            s.client.post("/api/tickets").putHeader("X-Kiosk-Token", TestConfigs.KIOSK2_TOKEN)
                    .putHeader("Idempotency-Key", "walk-in-" + i).sendJsonObject(new JsonObject().put("serviceId", "gp"))
                    .await();
        }
        var ticket = k1Post(s, "/api/kiosks/K1/bp/readings/" + reading.getLong("id") + "/ticket", null);
        assertEquals(201, ticket.statusCode(), ticket.bodyAsString());
        JsonObject issued = ticket.bodyAsJsonObject();
        assertTrue(issued.getBoolean("crisis"));
        assertEquals("gp", issued.getJsonObject("ticket").getString("serviceId"));
        assertEquals("emergency", issued.getJsonObject("ticket").getString("priority"),
                "a measured crisis reading is called before everyone else");
        assertEquals(1, issued.getJsonObject("ticket").getInteger("position"), "ahead of the two walk-ins");
        JsonObject ticketAlert = alerts.poll(5, TimeUnit.SECONDS);
        assertEquals("bp-crisis-ticket", ticketAlert.getString("type"));
        assertEquals(alert.getString("alertId") + ":ticket:" + issued.getJsonObject("ticket").getLong("id"),
                ticketAlert.getString("alertId"));
        assertEquals(alert.getString("alertId"), ticketAlert.getString("crisisAlertId"));
        assertEquals(issued.getJsonObject("ticket").getString("number"), ticketAlert.getString("ticketNumber"));
        // ...and it is an open alert of its own for the nurse pages, not taken for a repeat of the crisis alert
        String ticketAlertId = ticketAlert.getString("alertId");
        long deadline = System.currentTimeMillis() + 5000;
        while (s.server.database().read(c -> Sql.count(c, "SELECT COUNT(*) FROM staff_alerts WHERE alert_id = ?"
                + " AND type = 'bp-crisis-ticket' AND acknowledged_at IS NULL", ticketAlertId)).await() == 0) {
            assertTrue(System.currentTimeMillis() < deadline, "the ticket alert is stored as open");
            Thread.sleep(20);
        }
        // the referral ticket comes out of the kiosk's ticket printer like any queue ticket
        assertEquals("printed", issued.getJsonObject("print").getString("status"), issued.encode());
        String number = issued.getJsonObject("ticket").getString("number");
        assertEquals(1, printedJobsContaining(number), "one printed ticket with " + number);
        assertFalse(printedTexts().contains("王小明"), "no full name on a ticket");

        var again = k1Post(s, "/api/kiosks/K1/bp/readings/" + reading.getLong("id") + "/ticket", null);
        assertEquals(200, again.statusCode(), again.bodyAsString());
        assertEquals("not-printed", again.bodyAsJsonObject().getJsonObject("print").getString("status"));
        assertEquals(1, printedJobsContaining(number), "a retry does not print the ticket again");
        assertEquals(issued.getJsonObject("ticket").getLong("id"), again.bodyAsJsonObject().getJsonObject("ticket").getLong("id"),
                "a retry gets the same ticket");
        assertNull(alerts.poll(300, TimeUnit.MILLISECONDS));
        assertEquals(issued.getJsonObject("ticket").getLong("id"),
                ((Number) rows(s).get(0).getValue("ticket_id")).longValue());
    }

    @Test
    void aCrisisWithNobodyIdentifiedStillAlertsTheNurses() throws Exception {
        measured(200, 100, 90);
        JsonObject alert = alerts.poll(5, TimeUnit.SECONDS);
        assertNotNull(alert);
        assertEquals("bp-crisis", alert.getString("type"));
        assertNull(alert.getValue("maskedName"));
    }

    @Test
    void aGradeOneReadingOffersATicketAndANormalOneDoesNot() throws Exception {
        identify();
        long normal = measured(118, 75, 70).getJsonObject("reading").getLong("id");
        assertError(k1Post(s, "/api/kiosks/K1/bp/readings/" + normal + "/ticket", null), 409, "no_referral_needed");
        clock.advance(Duration.ofMinutes(20));
        long raised = measured(150, 95, 70).getJsonObject("reading").getLong("id");
        var ticket = k1Post(s, "/api/kiosks/K1/bp/readings/" + raised + "/ticket", null);
        assertEquals(201, ticket.statusCode(), ticket.bodyAsString());
        assertFalse(ticket.bodyAsJsonObject().getBoolean("crisis"));
        assertNull(alerts.poll(200, TimeUnit.MILLISECONDS), "grade 1 raises no alert");
    }

    // ---- unassigned readings ----------------------------------------------------------------------------------

    @Test
    void aReadingWithNobodyIdentifiedIsKeptAndCanBeClaimedWithinTheWindow() throws Exception {
        JsonObject event = measured(128, 82, 70);
        assertFalse(event.getBoolean("assigned"));
        assertFalse(event.containsKey("series"));
        long id = event.getJsonObject("reading").getLong("id");
        assertNull(awaitRows(s, 1).get(0).getValue("resident_id"), "kept, belonging to nobody yet");

        assertFalse(k1Get(s, "/api/kiosks/K1/bp").bodyAsJsonObject().containsKey("claimable"),
                "nobody identified: nothing is offered");
        clock.advance(Duration.ofMinutes(2));
        identify();
        JsonArray claimable = k1Get(s, "/api/kiosks/K1/bp").bodyAsJsonObject().getJsonArray("claimable");
        assertEquals(1, claimable.size());
        assertEquals(id, claimable.getJsonObject(0).getLong("id"));

        var claimed = k1Post(s, "/api/kiosks/K1/bp/readings/" + id + "/claim", null);
        assertEquals(200, claimed.statusCode(), claimed.bodyAsString());
        assertEquals(1, claimed.bodyAsJsonObject().getJsonObject("series").getInteger("count"));
        JsonObject row = rows(s).get(0);
        assertEquals(resident, ((Number) row.getValue("resident_id")).longValue());
        assertEquals("claim", row.getString("assigned_via"));
        assertError(k1Post(s, "/api/kiosks/K1/bp/readings/" + id + "/claim", null), 409, "already_assigned");

        leave(s, "K1", TestConfigs.KIOSK1_TOKEN);
        long late = measured(130, 84, 70).getJsonObject("reading").getLong("id");
        clock.advance(Duration.ofMinutes(6));
        identify();
        assertTrue(k1Get(s, "/api/kiosks/K1/bp").bodyAsJsonObject().getJsonArray("claimable").isEmpty());
        assertError(k1Post(s, "/api/kiosks/K1/bp/readings/" + late + "/claim", null), 409, "claim_expired");
        assertNull(rows(s).get(1).getValue("resident_id"), "still kept for staff");
    }

    // ---- the kiosk screens' data ------------------------------------------------------------------------------

    @Test
    void theKioskSeesTheLastTenReadingsOldestFirstAndTheFirstVisitInvitation() throws Exception {
        String youngIdNumber = idNumber("20000505", 2);
        long young = createResident(s, youngIdNumber, "李小红");
        identifyAt(s, "K1", TestConfigs.KIOSK1_TOKEN, youngIdNumber);
        assertFalse(k1Get(s, "/api/kiosks/K1/bp").bodyAsJsonObject().getJsonObject("invitation").getBoolean("invite"),
                "26 years old: no invitation");

        identify();
        JsonObject before = k1Get(s, "/api/kiosks/K1/bp").bodyAsJsonObject();
        assertTrue(before.getBoolean("identified"));
        assertTrue(before.getJsonObject("invitation").getBoolean("invite"), "46 and no reading this year");
        assertEquals(46, before.getJsonObject("invitation").getInteger("age"));
        assertEquals("omron-hbp9030", before.getJsonObject("monitor").getString("model"));
        assertFalse(before.getJsonObject("monitor").getBoolean("remoteStart"));
        assertTrue(before.getJsonObject("printer").getBoolean("configured"));

        for (int i = 0; i < 12; i++) {
            measured(110 + i, 70, 70);
            clock.advance(Duration.ofMinutes(11));
        }
        JsonObject after = k1Get(s, "/api/kiosks/K1/bp").bodyAsJsonObject();
        JsonArray trend = after.getJsonArray("readings");
        assertEquals(10, trend.size());
        assertEquals(112, trend.getJsonObject(0).getInteger("systolic"), "oldest of the last ten first");
        assertEquals(121, trend.getJsonObject(9).getInteger("systolic"));
        assertFalse(after.getJsonObject("invitation").getBoolean("invite"), "measured this year");

        clock.set(ZonedDateTime.of(2027, 1, 2, 9, 0, 0, 0, ZoneId.of("Asia/Shanghai")).toInstant());
        assertTrue(k1Get(s, "/api/kiosks/K1/bp").bodyAsJsonObject().getJsonObject("invitation").getBoolean("invite"),
                "a new year: invited again");
    }

    @Test
    void theSlipCarriesTheReadingItsSeriesMeanCategoryAdviceAndLastReadings() throws Exception {
        identify();
        measured(150, 92, 70);
        clock.advance(Duration.ofSeconds(80));
        long id = measured(146, 90, 72).getJsonObject("reading").getLong("id");
        var printedSlip = k1Post(s, "/api/kiosks/K1/bp/readings/" + id + "/print", new JsonObject().put("language", "zh-CN"));
        assertEquals(200, printedSlip.statusCode(), printedSlip.bodyAsString());
        assertTrue(printedSlip.bodyAsJsonObject().getBoolean("printed"), printedSlip.bodyAsString());
        String text = printedText();
        assertTrue(text.contains("血压自测结果"), text);
        assertTrue(text.contains("146/90"), text);
        assertTrue(text.contains("2次平均：148/91"), text);
        assertTrue(text.contains("1级高血压"), text);
        assertTrue(text.contains("全科门诊"), "grade 1 advice: " + text);
        assertTrue(text.contains("150/92"), "the earlier reading among the last ones: " + text);
        assertFalse(text.contains("王"), "no name on a slip that may be left behind");

        var english = k1Post(s, "/api/kiosks/K1/bp/readings/" + id + "/print", new JsonObject().put("language", "en"));
        assertEquals(200, english.statusCode(), english.bodyAsString());
    }

    private long printedJobsContaining(String text) throws Exception {
        try (Stream<Path> files = Files.list(printed)) {
            return files.filter(p -> p.toString().endsWith(".txt")).filter(p -> {
                try {
                    return Files.readString(p, StandardCharsets.UTF_8).contains(text);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).count();
        }
    }

    private String printedTexts() throws Exception {
        try (Stream<Path> files = Files.list(printed)) {
            StringBuilder all = new StringBuilder();
            for (Path p : files.filter(f -> f.toString().endsWith(".txt")).toList()) {
                all.append(Files.readString(p, StandardCharsets.UTF_8));
            }
            return all.toString();
        }
    }

    private String printedText() throws Exception {
        try (Stream<Path> files = Files.list(printed)) {
            Path first = files.filter(p -> p.toString().endsWith(".txt")).sorted().findFirst().orElseThrow();
            return Files.readString(first, StandardCharsets.UTF_8);
        }
    }

    // ---- staff ------------------------------------------------------------------------------------------------

    @Test
    void staffReadReadingsWithCategoriesAndTheFhirBundleAndEveryReadIsAudited() throws Exception {
        identify();
        measured(124, 78, 64);
        clock.advance(Duration.ofSeconds(90));
        measured(128, 80, 66);
        WebClientSession nurse = s.browser();
        s.login(nurse, "nurse1");

        JsonObject record = nurse.get("/api/residents/" + resident + "/bp").send().await().bodyAsJsonObject();
        JsonArray readings = record.getJsonArray("readings");
        assertEquals(2, readings.size());
        assertEquals(128, readings.getJsonObject(0).getInteger("systolic"), "newest first");
        assertEquals("normal-high", readings.getJsonObject(0).getString("category"));
        assertEquals("omron-hbp9030", readings.getJsonObject(0).getString("model"));
        assertEquals("K1", readings.getJsonObject(0).getString("kioskId"));
        assertFalse(readings.getJsonObject(0).getString("raw").isBlank());
        JsonObject series = record.getJsonArray("series").getJsonObject(0);
        assertEquals(126, series.getValue("systolic"));
        assertEquals(79, series.getValue("diastolic"));
        assertEquals("normal-high", series.getString("category"));
        assertEquals(1, auditRows(s, "bp.read", "ok"));

        var fhir = nurse.get("/api/residents/" + resident + "/observations").send().await();
        assertEquals(200, fhir.statusCode());
        assertTrue(fhir.getHeader("Content-Type").startsWith("application/fhir+json"));
        JsonArray entries = assertBundle(fhir.bodyAsJsonObject());
        assertEquals(4, entries.size(), "a panel and a heart rate per reading");
        assertBloodPressure(entries.getJsonObject(0).getJsonObject("resource"), resident, 128, 80);
        assertHeartRate(entries.getJsonObject(1).getJsonObject("resource"), resident, 66);
        assertBloodPressure(entries.getJsonObject(2).getJsonObject("resource"), resident, 124, 78);
        assertHeartRate(entries.getJsonObject(3).getJsonObject("resource"), resident, 64);
        assertEquals("2026-11-23T09:01:30+08:00", entries.getJsonObject(0).getJsonObject("resource")
                .getString("effectiveDateTime"));
        assertFalse(fhir.bodyAsString().contains("王小明"));
        assertEquals(1, auditRows(s, "bp.observations", "ok"));

        assertError(nurse.get("/api/residents/99999/bp").send().await(), 404, "not_found");
        assertError(nurse.get("/api/residents/99999/observations").send().await(), 404, "not_found");
        assertEquals(1, auditRows(s, "bp.read", "not_found"));
        assertEquals(1, auditRows(s, "bp.observations", "not_found"));
    }

    // ---- bad input --------------------------------------------------------------------------------------------

    @Test
    void badInputAndWrongCallersGetClearRefusalsAndLoseNothing() throws Exception {
        // staff endpoints
        assertError(s.client.get("/api/residents/" + resident + "/bp").send().await(), 401, "login_required");
        assertError(kiosk(s.client.get("/api/residents/" + resident + "/observations"), TestConfigs.KIOSK1_TOKEN)
                .send().await(), 401, "login_required");
        WebClientSession nurse = s.browser();
        s.login(nurse, "nurse1");
        assertError(nurse.get("/api/residents/abc/bp").send().await(), 400, "invalid_request");
        assertError(nurse.get("/api/residents/0/observations").send().await(), 400, "invalid_request");

        // kiosk endpoints: only that kiosk's token
        assertError(s.client.get("/api/kiosks/K1/bp").send().await(), 401, "kiosk_token_required");
        assertError(kiosk(s.client.get("/api/kiosks/K1/bp"), TestConfigs.KIOSK2_TOKEN).send().await(), 401,
                "kiosk_token_required");
        assertError(kiosk(s.client.get("/api/kiosks/K9/bp"), TestConfigs.KIOSK1_TOKEN).send().await(), 404, "not_found");
        assertError(kiosk(s.client.get("/api/kiosks/K1/bp"), "not-a-valid-token-at-all").send().await(), 401,
                "bad_kiosk_token");

        // nobody identified
        measured(125, 80, 70);
        long unassigned = rows(s).get(0).getLong("id");
        assertError(k1Post(s, "/api/kiosks/K1/bp/readings/" + unassigned + "/print", null), 409, "not_identified");
        assertError(k1Post(s, "/api/kiosks/K1/bp/readings/" + unassigned + "/ticket", null), 409, "not_identified");
        assertError(k1Post(s, "/api/kiosks/K1/bp/readings/" + unassigned + "/claim", null), 409, "not_identified");

        // someone else's reading is not shown, printed or ticketed
        String otherIdNumber = idNumber("19700303", 3);
        long other = createResident(s, otherIdNumber, "赵大山");
        identifyAt(s, "K1", TestConfigs.KIOSK1_TOKEN, otherIdNumber);
        long othersReading = measured(150, 95, 70).getJsonObject("reading").getLong("id");
        identify();
        assertError(k1Post(s, "/api/kiosks/K1/bp/readings/" + othersReading + "/print", null), 404, "not_found");
        assertError(k1Post(s, "/api/kiosks/K1/bp/readings/" + othersReading + "/ticket", null), 404, "not_found");
        assertError(k1Post(s, "/api/kiosks/K1/bp/readings/" + othersReading + "/claim", null), 409, "already_assigned");
        assertError(k1Post(s, "/api/kiosks/K1/bp/readings/424242/print", null), 404, "not_found");

        // malformed requests
        assertError(k1Post(s, "/api/kiosks/K1/bp/readings/abc/print", null), 400, "invalid_request");
        assertError(k1Post(s, "/api/kiosks/K1/bp/readings/" + unassigned + "/print",
                new JsonObject().put("language", "fr")), 400, "invalid_request");
        assertError(k1Post(s, "/api/kiosks/K1/bp/readings/" + unassigned + "/print",
                new JsonObject().put("copies", 3)), 400, "invalid_request");

        // starting: an Omron starts from its button; a kiosk without a monitor has nothing to start
        assertError(k1Post(s, "/api/kiosks/K1/bp/start", null), 409, "press_monitor_button");
        var k2 = kiosk(s.client.post("/api/kiosks/K2/bp/start"), TestConfigs.KIOSK2_TOKEN).send().await();
        assertError(k2, 404, "not_found");
        JsonObject k2State = kiosk(s.client.get("/api/kiosks/K2/bp"), TestConfigs.KIOSK2_TOKEN).send().await()
                .bodyAsJsonObject();
        assertFalse(k2State.getJsonObject("monitor").getBoolean("configured"));

        // a kiosk without a printer says so, and the reading stays
        identifyAt(s, "K2", TestConfigs.KIOSK2_TOKEN, otherIdNumber);
        var noPrinter = kiosk(s.client.post("/api/kiosks/K2/bp/readings/" + othersReading + "/print"),
                TestConfigs.KIOSK2_TOKEN).send().await();
        assertError(noPrinter, 503, "printer_unavailable");

        assertEquals(List.of(125, 150), rows(s).stream().map(r -> r.getInteger("systolic")).toList(),
                "every refusal left the stored readings as they were");
    }
}
