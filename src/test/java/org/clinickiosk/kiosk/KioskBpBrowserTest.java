package org.clinickiosk.kiosk;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.clinickiosk.store.Sql;
import org.clinickiosk.testsupport.Browser;
import org.clinickiosk.testsupport.MutableClock;
import org.clinickiosk.testsupport.RunningServer;
import org.clinickiosk.testsupport.TestConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The blood-pressure self-test screens in real headless Chromium against a real server whose kiosk K1 has a
 * simulated A&D TM-2655 monitor (started by the kiosk), card reader, scanner and ticket printer: invitation,
 * preparation, a movement error with retry, a reading stored in the resident's record, the guided second reading
 * averaged, the trend chart, the printed slip, and a crisis reading with its staff alert and ticket. Every new
 * screen is checked with axe-core and photographed under target/screenshots (docs/screenshots with
 * -Dclinickiosk.updateScreenshots=true).
 */
@ExtendWith(VertxExtension.class)
class KioskBpBrowserTest {
    /** Fictional, 46 in 2026: invited to the yearly measurement (首诊测血压). */
    private static final String ZHOU_ID = "34052419800101001X";
    private static final String ZHOU_NAME = "周海明";
    private static final String WANG_ID = "510107195208070319";
    private static final String WANG_NAME = "王建国";

    /** The kiosk page, its server and the printer's output folder; shared with {@link KioskLabBrowserTest}. */
    record Page(RunningServer server, Browser browser, Path printed, String orientation) implements AutoCloseable {
        private static final Path DOCS_SCREENSHOTS = Path.of("docs/screenshots");

        static Page open(Vertx vertx, int width, int height, String orientation, JsonObject extraDevices,
                         UnaryOperator<JsonObject> tweak) throws Exception {
            Browser.requireChromium();
            Path printed = Files.createTempDirectory("printed");
            JsonObject devices = KioskSessionApiTest.kioskDevices(printed);
            extraDevices.forEach(e -> devices.put(e.getKey(), e.getValue()));
            RunningServer server = new RunningServer(vertx, MutableClock.shanghai(9, 0), json -> {
                json.getJsonArray("kiosks").getJsonObject(0).put("devices", devices);
                return tweak.apply(json);
            }, 15_000);
            Browser browser = new Browser(width, height, "zh-CN");
            Page page = new Page(server, browser, printed, orientation);
            browser.driver.get("http://127.0.0.1:" + server.port() + "/kiosk/#pair=K1:" + TestConfigs.KIOSK1_TOKEN);
            page.awaitScreen("home");
            return page;
        }

        @Override
        public void close() throws Exception {
            browser.close();
            server.close();
            try (var files = Files.walk(printed)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }

        static void await(String what, BooleanSupplier condition) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (!condition.getAsBoolean()) {
                if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
                Thread.sleep(50);
            }
        }

        String screen() {
            return String.valueOf(browser.js("const s = [...document.querySelectorAll('.screen')].find(x => !x.hidden);"
                    + " return s ? s.dataset.screen : null;"));
        }

        void awaitScreen(String name) throws InterruptedException {
            await("screen " + name, () -> name.equals(screen()));
        }

        WebElement byId(String id) {
            return browser.driver.findElement(By.id(id));
        }

        String text(String id) {
            return String.valueOf(browser.js("return document.getElementById(arguments[0]).textContent;", id));
        }

        boolean visible(String id) {
            return Boolean.TRUE.equals(browser.js("const e = document.getElementById(arguments[0]);"
                    + " return !!e && !e.closest('[hidden]');", id));
        }

        void tap(String id) {
            byId(id).click();
        }

        void type(String keypad, String keys) {
            for (char c : keys.toCharArray()) {
                browser.driver.findElement(By.cssSelector("#" + keypad + " button[data-key='" + c + "']")).click();
            }
        }

        void simulate(String kind, String behaviour, Map<String, String> args) {
            JsonObject jsonArgs = new JsonObject();
            args.forEach(jsonArgs::put);
            var r = server.client.post("/api/kiosks/K1/simulate").putHeader("X-Kiosk-Token", TestConfigs.KIOSK1_TOKEN)
                    .sendJsonObject(new JsonObject().put("kind", kind).put("behaviour", behaviour).put("args", jsonArgs))
                    .await();
            assertEquals(204, r.statusCode(), r.bodyAsString());
        }

        void presentCard(int index) {
            simulate("idCardReader", "remove-card", Map.of());
            simulate("idCardReader", "present-card", Map.of("index", String.valueOf(index)));
        }

        long createResident(String idNumber, String name) {
            var r = server.client.post("/api/residents").putHeader("X-Kiosk-Token", TestConfigs.KIOSK1_TOKEN)
                    .sendJsonObject(new JsonObject().put("idNumber", idNumber).put("name", name)
                            .put("healthDataConsent", true)).await();
            assertEquals(201, r.statusCode(), r.bodyAsString());
            return r.bodyAsJsonObject().getLong("id");
        }

        String printedJob(int n) throws Exception {
            Path job = printed.resolve(String.format("job-%04d.txt", n));
            await("printed job " + n, () -> Files.exists(job));
            return Files.readString(job, StandardCharsets.UTF_8);
        }

        /** Photographs the screen and checks it with axe-core. */
        void shoot(String name) throws Exception {
            browser.js("document.activeElement && document.activeElement.blur();");
            Thread.sleep(150); // let the last frame settle
            Path file = browser.screenshot("kiosk-" + name + "-" + orientation);
            if (Boolean.getBoolean("clinickiosk.updateScreenshots")) {
                Files.createDirectories(DOCS_SCREENSHOTS);
                Files.copy(file, DOCS_SCREENSHOTS.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
            browser.assertAccessible("kiosk " + name + " (" + orientation + ")");
        }

        String html() {
            return String.valueOf(browser.js("return document.documentElement.outerHTML;"));
        }
    }

    private static JsonObject monitor() {
        return new JsonObject().put("bpMonitor", new JsonObject().put("port", "simulated").put("model", "and-tm2655"));
    }

    /** The monitor answers (the kiosk can start it) once its simulated port is up. */
    private static void awaitMonitor(Page p) throws InterruptedException {
        Page.await("monitor connected", () -> {
            JsonObject bp = p.server.client.get("/api/kiosks/K1/bp").putHeader("X-Kiosk-Token", TestConfigs.KIOSK1_TOKEN)
                    .send().await().bodyAsJsonObject();
            JsonObject state = bp.getJsonObject("monitor").getJsonObject("state");
            return state != null && "connected".equals(state.getString("status"));
        });
    }

    private static void reading(Page p, int systolic, int diastolic, int pulse) {
        p.simulate("bpMonitor", "reading", Map.of("systolic", String.valueOf(systolic),
                "diastolic", String.valueOf(diastolic), "pulse", String.valueOf(pulse)));
    }

    private static List<JsonObject> storedReadings(Page p) {
        return p.server.server.database().read(c -> Sql.list(c,
                "SELECT resident_id, systolic, diastolic, pulse, category, monitor_model, kiosk_id FROM bp_readings ORDER BY id",
                rs -> new JsonObject().put("residentId", rs.getObject(1) == null ? null : rs.getLong(1))
                        .put("systolic", rs.getInt(2)).put("diastolic", rs.getInt(3)).put("pulse", rs.getInt(4))
                        .put("category", rs.getString(5)).put("model", rs.getString(6)).put("kiosk", rs.getString(7))))
                .await();
    }

    private static int chartPoints(Page p) {
        return ((Number) p.browser.js("return document.querySelectorAll('#bp-trend svg circle.bp-line-sys, "
                + "#bp-trend svg circle.bp-line-dia').length;")).intValue();
    }

    /**
     * A resident of 46 identified for a ticket is invited to measure; a movement error is explained and retried; the
     * reading is stored in their record and shown with its category and advice; a second reading a minute later is
     * averaged; the trend shows both; the slip is printed.
     */
    @Test
    void invitationPreparationErrorReadingSecondReadingTrendAndSlip(Vertx vertx) throws Exception {
        try (Page p = Page.open(vertx, 1080, 1920, "portrait", monitor(), json -> json)) {
            long zhou = p.createResident(ZHOU_ID, ZHOU_NAME);
            awaitMonitor(p);
            assertTrue(p.visible("tile-bp"), "the BP tile shows on a kiosk with a monitor");
            assertFalse(p.visible("tile-lab"), "no lab tile without a lab connection");

            p.tap("tile-ticket");
            p.awaitScreen("identify");
            p.tap("go-manual");
            p.awaitScreen("manual");
            p.type("manual-keypad", ZHOU_ID);
            Page.await("valid number", () -> p.byId("manual-submit").isEnabled());
            p.tap("manual-submit");
            p.awaitScreen("services");
            Page.await("invitation to measure", () -> p.visible("bp-invite"));
            assertTrue(p.text("bp-invite").contains("35"), p.text("bp-invite"));
            p.shoot("bp-invitation");

            p.tap("bp-invite");
            p.awaitScreen("bp-prepare");
            assertTrue(p.text("bp-rest-text").matches(".*[45] 分.*"), "a 5-minute rest counts down: " + p.text("bp-rest-text"));
            assertTrue(p.visible("bp-rest-skip"), "the rest can be skipped");
            p.shoot("bp-prepare");

            // the kiosk starts the A&D monitor; the arm moved: plain words and a retry
            p.tap("bp-rest-skip");
            p.awaitScreen("bp-measure");
            Page.await("monitor started", () -> p.text("bp-measure-text").contains("已开始测量"));
            p.shoot("bp-measure");
            p.simulate("bpMonitor", "error", Map.of("code", "E44"));
            Page.await("device error shown", () -> p.visible("bp-error"));
            assertTrue(p.text("bp-error-text").contains("手臂动了"), p.text("bp-error-text"));
            p.shoot("bp-error");
            assertTrue(storedReadings(p).isEmpty(), "an error stores nothing");

            p.tap("bp-retry");
            Page.await("monitor started again", () -> !p.visible("bp-error") && p.text("bp-measure-text").contains("已开始测量"));
            reading(p, 128, 82, 70);
            p.awaitScreen("bp-result");
            Page.await("reading shown", () -> p.text("bp-values").equals("128/82"));
            assertEquals("正常高值", p.text("bp-category"));
            assertTrue(p.text("bp-pulse-value").contains("70"));
            assertFalse(p.text("bp-advice").isBlank(), "lifestyle advice for normal-high");
            assertFalse(p.text("bp-note").isBlank(), "one reading is not a diagnosis");
            assertFalse(p.visible("bp-crisis"));
            assertFalse(p.visible("bp-take-ticket"), "no ticket offered for normal-high");
            assertTrue(p.visible("bp-another"), "a second reading is offered");

            List<JsonObject> rows = storedReadings(p);
            assertEquals(1, rows.size());
            assertEquals(zhou, rows.get(0).getLong("residentId"), "stored in the resident's record");
            assertEquals(128, rows.get(0).getInteger("systolic"));
            assertEquals(82, rows.get(0).getInteger("diastolic"));
            assertEquals(70, rows.get(0).getInteger("pulse"));
            assertEquals("normal-high", rows.get(0).getString("category"));
            assertEquals("and-tm2655", rows.get(0).getString("model"));
            assertEquals("K1", rows.get(0).getString("kiosk"));
            Page.await("one reading in the trend", () -> chartPoints(p) == 2);
            p.shoot("bp-result");

            // the guided second reading, averaged
            p.tap("bp-another-go");
            p.awaitScreen("bp-wait");
            assertTrue(p.text("bp-wait-text").contains("秒"), p.text("bp-wait-text"));
            assertFalse(p.text("bp-wait-next").isBlank(), "what to do before the next reading");
            p.shoot("bp-second-wait");
            p.tap("bp-wait-go");
            p.awaitScreen("bp-measure");
            Page.await("monitor started", () -> p.text("bp-measure-text").contains("已开始测量"));
            reading(p, 132, 84, 72);
            p.awaitScreen("bp-result");
            Page.await("the average shown", () -> p.text("bp-values").equals("130/83"));
            assertTrue(p.text("bp-series-note").contains("2"), p.text("bp-series-note"));
            assertFalse(p.visible("bp-another"), "two close readings are enough");
            Page.await("both readings in the trend", () -> chartPoints(p) == 4);
            assertEquals(2, storedReadings(p).stream().filter(r -> r.getLong("residentId") == zhou).count());
            assertEquals(2L, ((Number) p.browser.js("return document.querySelectorAll('#bp-trend polyline').length;")).longValue());
            p.shoot("bp-average");

            p.tap("bp-print");
            Page.await("slip printed", () -> p.text("bp-print-status").contains("取走"));
            String slip = p.printedJob(1);
            assertTrue(slip.contains("128") && slip.contains("132"), slip);
            assertFalse(slip.contains(ZHOU_NAME), "no name on the slip");
            String page = p.html();
            assertFalse(page.contains(ZHOU_NAME) || page.contains(ZHOU_ID), "nothing unmasked in the DOM");

            p.browser.driver.findElement(By.cssSelector("#screen-bp-result [data-action='done']")).click();
            p.awaitScreen("home");
            assertEquals("", p.text("bp-values"), "the reading leaves the page with the resident");
        }
    }

    /**
     * A resident of 74 chooses 血压自测 and places the ID card; a 185/112 reading shows the immediate-attention
     * advice, every nurse station is alerted on staff.alerts, and the general-practice ticket is taken with one touch.
     */
    @Test
    void aCrisisReadingAdvisesImmediateAttentionAlertsStaffAndOffersATicket(Vertx vertx) throws Exception {
        try (Page p = Page.open(vertx, 1920, 1080, "landscape", monitor(), json -> json)) {
            BlockingQueue<JsonObject> alerts = new LinkedBlockingQueue<>();
            p.server.vertx.eventBus().<JsonObject>consumer("staff.alerts", m -> alerts.add(m.body())).completion().await();
            long wang = p.createResident(WANG_ID, WANG_NAME);
            awaitMonitor(p);

            p.tap("tile-bp");
            p.awaitScreen("identify");
            p.shoot("bp-identify");
            p.presentCard(KioskSessionApiTest.WANG);
            p.awaitScreen("bp-prepare");
            p.shoot("bp-prepare");
            p.tap("bp-rest-skip");
            p.awaitScreen("bp-measure");
            Page.await("monitor started", () -> p.text("bp-measure-text").contains("已开始测量"));
            reading(p, 185, 112, 96);
            p.awaitScreen("bp-result");
            Page.await("crisis shown", () -> p.visible("bp-crisis"));
            assertEquals("185/112", p.text("bp-values"));
            assertTrue(p.text("bp-category").contains("3级"), p.text("bp-category"));
            assertTrue(p.text("bp-crisis").contains("马上"), p.text("bp-crisis"));
            assertTrue(p.visible("bp-take-ticket"), "a ticket is offered");

            JsonObject alert = alerts.poll(5, TimeUnit.SECONDS);
            assertNotNull(alert, "staff alerted");
            assertEquals("bp-crisis", alert.getString("type"));
            assertEquals(185, alert.getInteger("systolic"));
            assertEquals(wang, alert.getLong("residentId"));
            assertEquals("王*国", alert.getString("maskedName"));
            p.shoot("bp-crisis");

            p.tap("bp-take-ticket");
            Page.await("ticket shown", () -> p.visible("bp-ticket"));
            assertEquals("A001", p.text("bp-ticket-number"));
            assertFalse(p.visible("bp-take-ticket"), "one ticket");
            assertEquals("请取走号票。", p.text("bp-ticket-print"), "printed on the kiosk's ticket printer");
            JsonObject ticketAlert = alerts.poll(5, TimeUnit.SECONDS);
            assertNotNull(ticketAlert, "the nurses learn the ticket number");
            assertEquals("bp-crisis-ticket", ticketAlert.getString("type"));
            assertEquals("A001", ticketAlert.getString("ticketNumber"));
            p.shoot("bp-crisis-ticket");

            List<JsonObject> rows = storedReadings(p);
            assertEquals(1, rows.size());
            assertEquals(wang, rows.get(0).getLong("residentId"));
            assertEquals("grade-3", rows.get(0).getString("category"));
        }
    }
}
