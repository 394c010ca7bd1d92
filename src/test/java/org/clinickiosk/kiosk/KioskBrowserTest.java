package org.clinickiosk.kiosk;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
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
import java.util.ArrayList;
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
 * The resident kiosk page in real headless Chromium against a real server whose kiosk K1 has simulated card
 * reader, scanner and ticket printer. Every screen is checked with axe-core and photographed in portrait
 * (1080×1920) and landscape (1920×1080) under target/screenshots; with -Dclinickiosk.updateScreenshots=true the
 * photographs are also copied to docs/screenshots. Screen transition times measured in the page (Performance API)
 * are written to target/kiosk-transitions.txt.
 */
@ExtendWith(VertxExtension.class)
class KioskBrowserTest {
    private static final String LIN_NAME = "林晓燕";
    private static final String LIN_ID = "340104198503120246";
    private static final String WANG_NAME = "王建国";
    private static final String WANG_ID = "510107195208070319";
    private static final String PHONE = "13800138000";
    private static final Path DOCS_SCREENSHOTS = Path.of("docs/screenshots");

    private record Kiosk(RunningServer server, Browser browser, Path printed, String orientation) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            browser.close();
            server.close();
            try (var files = Files.walk(printed)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Kiosk open(Vertx vertx, int width, int height, String orientation, UnaryOperator<JsonObject> tweak)
            throws Exception {
        Browser.requireChromium();
        Path printed = Files.createTempDirectory("printed");
        RunningServer server = new RunningServer(vertx, MutableClock.shanghai(9, 0), json -> {
            json.getJsonArray("kiosks").getJsonObject(0).put("devices", KioskSessionApiTest.kioskDevices(printed));
            return tweak.apply(json);
        }, 15_000);
        Browser browser = new Browser(width, height, "zh-CN");
        Kiosk kiosk = new Kiosk(server, browser, printed, orientation);
        browser.driver.get("http://127.0.0.1:" + server.port() + "/kiosk/#pair=K1:" + TestConfigs.KIOSK1_TOKEN);
        awaitScreen(kiosk, "home");
        return kiosk;
    }

    // ---- page helpers --------------------------------------------------------------------------------------------

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(50);
        }
    }

    private static String screen(Kiosk k) {
        return String.valueOf(k.browser.js("const s = [...document.querySelectorAll('.screen')].find(x => !x.hidden);"
                + " return s ? s.dataset.screen : null;"));
    }

    private static void awaitScreen(Kiosk k, String name) throws InterruptedException {
        await("screen " + name + " (now " + screen(k) + ")", () -> name.equals(screen(k)));
    }

    private static WebElement byId(Kiosk k, String id) {
        return k.browser.driver.findElement(By.id(id));
    }

    private static String text(Kiosk k, String id) {
        return String.valueOf(k.browser.js("return document.getElementById(arguments[0]).textContent;", id));
    }

    private static boolean visible(Kiosk k, String id) {
        return Boolean.TRUE.equals(k.browser.js("const e = document.getElementById(arguments[0]);"
                + " return !!e && !e.closest('[hidden]');", id));
    }

    private static void tap(Kiosk k, String id) {
        byId(k, id).click();
    }

    private static void tapKey(Kiosk k, String keypad, String key) {
        k.browser.driver.findElement(By.cssSelector("#" + keypad + " button[data-key='" + key + "']")).click();
    }

    private static void type(Kiosk k, String keypad, String keys) {
        for (char c : keys.toCharArray()) tapKey(k, keypad, String.valueOf(c));
    }

    private static String html(Kiosk k) {
        return String.valueOf(k.browser.js("return document.documentElement.outerHTML;"));
    }

    private static void simulate(Kiosk k, String kind, String behaviour, Map<String, String> args) {
        JsonObject jsonArgs = new JsonObject();
        args.forEach(jsonArgs::put);
        var r = k.server.client.post("/api/kiosks/K1/simulate").putHeader("X-Kiosk-Token", TestConfigs.KIOSK1_TOKEN)
                .sendJsonObject(new JsonObject().put("kind", kind).put("behaviour", behaviour).put("args", jsonArgs))
                .await();
        assertEquals(204, r.statusCode(), r.bodyAsString());
    }

    private static void presentCard(Kiosk k, int index) {
        simulate(k, "idCardReader", "remove-card", Map.of());
        simulate(k, "idCardReader", "present-card", Map.of("index", String.valueOf(index)));
    }

    private static void shoot(Kiosk k, String screen) throws Exception {
        k.browser.js("document.activeElement && document.activeElement.blur();");
        Thread.sleep(150); // let the last frame settle
        Path file = k.browser.screenshot("kiosk-" + screen + "-" + k.orientation);
        if (Boolean.getBoolean("clinickiosk.updateScreenshots")) {
            Files.createDirectories(DOCS_SCREENSHOTS);
            Files.copy(file, DOCS_SCREENSHOTS.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        k.browser.assertAccessible("kiosk " + screen + " (" + k.orientation + ")");
    }

    private static long createResident(Kiosk k, String idNumber, String name) {
        var r = k.server.client.post("/api/residents").putHeader("X-Kiosk-Token", TestConfigs.KIOSK1_TOKEN)
                .sendJsonObject(new JsonObject().put("idNumber", idNumber).put("name", name)
                        .put("healthDataConsent", true)).await();
        assertEquals(201, r.statusCode(), r.bodyAsString());
        return r.bodyAsJsonObject().getLong("id");
    }

    private static void book(Kiosk k, long residentId, String serviceId, String time) {
        var r = k.server.client.post("/api/appointments").putHeader("X-Kiosk-Token", TestConfigs.KIOSK1_TOKEN)
                .sendJsonObject(new JsonObject().put("residentId", residentId).put("serviceId", serviceId)
                        .put("slotStart", "2026-11-23T" + time + ":00+08:00")
                        .put("slotEnd", "2026-11-23T" + time.substring(0, 3) + "59:00+08:00")).await();
        assertEquals(201, r.statusCode(), r.bodyAsString());
    }

    private static String printedJob(Kiosk k, int n) throws Exception {
        Path job = k.printed.resolve(String.format("job-%04d.txt", n));
        await("printed job " + n, () -> Files.exists(job));
        return Files.readString(job, StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static List<String> transitions(Kiosk k) {
        return (List<String>) k.browser.js("return performance.getEntriesByType('measure')"
                + ".filter(m => m.name.startsWith('screen ')).map(m => m.name + ' ' + m.duration.toFixed(1));");
    }

    private static void recordTransitions(Kiosk k, String scenario) throws Exception {
        Path out = Path.of("target/kiosk-transitions.txt");
        List<String> lines = new ArrayList<>();
        for (String t : transitions(k)) lines.add(k.orientation + " " + scenario + " " + t);
        Files.createDirectories(out.getParent());
        Files.write(out, lines, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }

    // ---- scenarios -----------------------------------------------------------------------------------------------

    @Test
    void everyScreenInPortrait(Vertx vertx) throws Exception {
        walkThroughEveryScreen(vertx, 1080, 1920, "portrait");
    }

    @Test
    void everyScreenInLandscape(Vertx vertx) throws Exception {
        walkThroughEveryScreen(vertx, 1920, 1080, "landscape");
    }

    /**
     * Home, identify, manual entry with a wrong check digit, a new resident registering from the card, the service
     * choice, a printed ticket one touch after the card read, an appointment check-in, a printer out of paper and the
     * problem and scanned-ticket dialogs, each photographed and checked by axe-core.
     */
    private void walkThroughEveryScreen(Vertx vertx, int width, int height, String orientation) throws Exception {
        try (Kiosk k = open(vertx, width, height, orientation, json -> json)) {
            BlockingQueue<JsonObject> alerts = new LinkedBlockingQueue<>();
            k.server.vertx.eventBus().<JsonObject>consumer("staff.alerts", m -> alerts.add(m.body())).completion().await();
            assertTrue(visible(k, "demo"), "the demo panel shows for simulated devices");
            assertFalse(visible(k, "tile-bp"), "no BP tile: the server does not offer the BP flow yet");
            assertFalse(visible(k, "tile-lab"), "no lab-report tile: not offered yet");
            assertEquals("", k.browser.js("return location.hash;"), "the token leaves the address bar");
            shoot(k, "home");

            tap(k, "tile-ticket");
            awaitScreen(k, "identify");
            shoot(k, "identify");

            tap(k, "go-manual");
            awaitScreen(k, "manual");
            type(k, "manual-keypad", "34010419850312024");
            assertTrue(text(k, "manual-hint").contains("1"), "one more to go: " + text(k, "manual-hint"));
            tapKey(k, "manual-keypad", "5"); // the right check digit is 6
            await("live check-digit message", () -> byId(k, "manual-hint").getAttribute("class").contains("bad"));
            assertTrue(text(k, "manual-hint").contains("校验码"), text(k, "manual-hint"));
            assertFalse(byId(k, "manual-submit").isEnabled());
            shoot(k, "manual-wrong-check-digit");
            tapKey(k, "manual-keypad", "back");
            tapKey(k, "manual-keypad", "6");
            await("valid number", () -> byId(k, "manual-submit").isEnabled());
            tapKey(k, "manual-keypad", "clear");
            tap(k, "manual-submit"); // disabled again: nothing happens
            assertEquals("manual", screen(k));
            k.browser.driver.findElement(By.cssSelector("#screen-manual [data-action='home']")).click();
            awaitScreen(k, "home");

            // a new resident: card → record with consent → service → printed ticket
            presentCard(k, KioskSessionApiTest.LIN);
            awaitScreen(k, "register");
            assertEquals("林*燕", text(k, "reg-name"));
            assertTrue(text(k, "reg-address").endsWith("****"));
            shoot(k, "register");
            type(k, "phone-keypad", PHONE);
            await("phone accepted", () -> byId(k, "phone-hint").getAttribute("class").contains("good"));
            assertFalse(byId(k, "register-submit").isEnabled(), "consent is asked for explicitly");
            byId(k, "consent").click();
            await("submit enabled", () -> byId(k, "register-submit").isEnabled());
            tap(k, "register-submit");
            awaitScreen(k, "services");
            await("service tiles", () -> !k.browser.driver.findElements(By.cssSelector("#service-tiles .tile")).isEmpty());
            assertTrue(text(k, "services-record").contains("110105**********0001"), text(k, "services-record"));
            assertTrue(text(k, "services-greeting").contains("林*燕"));
            String page = html(k);
            assertFalse(page.contains(LIN_NAME) || page.contains(LIN_ID) || page.contains(PHONE),
                    "nothing unmasked in the DOM");
            shoot(k, "services");

            k.browser.driver.findElement(By.cssSelector("#service-tiles .tile[data-service='gp']")).click(); // touch 1
            awaitScreen(k, "ticket");
            assertEquals("A001", text(k, "ticket-number"));
            await("printed", () -> text(k, "print-status").contains("取走"));
            assertTrue(byId(k, "ticket-qr").getAttribute("src").startsWith("data:image/svg+xml"));
            String job = printedJob(k, 1);
            assertTrue(job.contains("A001") && job.contains("全科门诊") && job.contains("林*燕"), job);
            assertFalse(job.contains(LIN_NAME));
            shoot(k, "ticket");
            k.browser.driver.findElement(By.cssSelector("#screen-ticket [data-action='done']")).click();
            awaitScreen(k, "home");

            // an elderly resident with an appointment: card → banner → check in
            long wang = createResident(k, WANG_ID, WANG_NAME);
            book(k, wang, "chronic", "09:30");
            book(k, wang, "gp", "11:00");
            tap(k, "tile-checkin");
            awaitScreen(k, "identify");
            presentCard(k, KioskSessionApiTest.WANG);
            awaitScreen(k, "appointments");
            await("appointments listed", () -> k.browser.driver.findElements(By.cssSelector("#appointment-list li")).size() == 2);
            assertTrue(text(k, "appointment-list").contains("08:30"), "the check-in window in words");
            assertTrue(text(k, "appointment-list").contains("11:00") && text(k, "appointment-list").contains("10:00"),
                    "too early for the second: opens at 10:00");
            shoot(k, "appointments");
            k.browser.driver.findElement(By.cssSelector("#appointment-list li:first-child button")).click();
            awaitScreen(k, "ticket");
            assertEquals("D001", text(k, "ticket-number"));
            assertTrue(text(k, "ticket-timing").contains("预约时间"), text(k, "ticket-timing"));
            await("printed", () -> text(k, "print-status").contains("取走"));
            k.browser.driver.findElement(By.cssSelector("#screen-ticket [data-action='done']")).click();
            awaitScreen(k, "home");

            // the printer runs out of paper: the number stays, staff are told, one reprint
            simulate(k, "printer", "paper-out", Map.of());
            presentCard(k, KioskSessionApiTest.WANG);
            awaitScreen(k, "services");
            await("service tiles", () -> !k.browser.driver.findElements(By.cssSelector("#service-tiles .tile")).isEmpty());
            k.browser.driver.findElement(By.cssSelector("#service-tiles .tile[data-service='tcm']")).click();
            awaitScreen(k, "ticket");
            await("print failure shown", () -> visible(k, "print-failed"));
            assertEquals("B001", text(k, "ticket-number"), "the number stays on screen");
            assertTrue(visible(k, "reprint"));
            JsonObject alert = alerts.poll(5, TimeUnit.SECONDS);
            assertNotNull(alert, "staff alert published");
            assertEquals("paper-out", alert.getString("code"));
            shoot(k, "ticket-print-failed");
            simulate(k, "printer", "paper-ok", Map.of());
            tap(k, "reprint");
            await("reprinted", () -> text(k, "print-status").contains("取走"));
            assertFalse(visible(k, "reprint"), "only one reprint");
            assertTrue(printedJob(k, 3).contains("B001"));

            // a scanned ticket QR shows its place; an unknown code explains the next step
            simulate(k, "scanner", "scan", Map.of("text", "/t/" + ticketToken(k, "A001")));
            await("scanned ticket dialog", () -> visible(k, "scanned-ticket"));
            assertEquals("A001", text(k, "scanned-number"));
            shoot(k, "scanned-ticket");
            tap(k, "scanned-ok");
            k.browser.driver.findElement(By.cssSelector("#screen-ticket [data-action='done']")).click();
            awaitScreen(k, "home");
            presentCard(k, KioskSessionApiTest.EXPIRED);
            await("problem dialog", () -> visible(k, "problem"));
            assertTrue(text(k, "problem-text").contains("有效期"), text(k, "problem-text"));
            assertTrue(visible(k, "problem-manual"), "next step: type the number");
            shoot(k, "problem-expired-card");
            tap(k, "problem-ok");

            recordTransitions(k, "walk-through");

            // pairing screen, for a kiosk without a token
            k.browser.js("localStorage.clear();");
            k.browser.driver.get("http://127.0.0.1:" + k.server.port() + "/kiosk/");
            awaitScreen(k, "pair");
            shoot(k, "pair");
        }
    }

    private static String ticketToken(Kiosk k, String number) {
        return k.server.server.database().read(c -> org.clinickiosk.store.Sql.one(c,
                "SELECT public_token FROM tickets WHERE number = ?", rs -> rs.getString(1), number).orElseThrow()).await();
    }

    @Test
    void elderModeEnlargesAndReadsAloudAndTheLanguageSwitches(Vertx vertx) throws Exception {
        try (Kiosk k = open(vertx, 1080, 1920, "portrait", json -> json)) {
            k.browser.js("window.__spoken = []; speechSynthesis.speak = (u) => window.__spoken.push({text: u.text, lang: u.lang});");
            tap(k, "toggle-elder");
            assertEquals("true", k.browser.js("return document.documentElement.dataset.elder;"));
            assertTrue(visible(k, "read-aloud"));
            await("read aloud", () -> String.valueOf(k.browser.js("return JSON.stringify(window.__spoken);")).contains("欢迎"));
            assertTrue(String.valueOf(k.browser.js("return JSON.stringify(window.__spoken);")).contains("zh-CN"));
            Number tileHeight = (Number) k.browser.js("return document.getElementById('tile-ticket').getBoundingClientRect().height;");
            Number chipHeight = (Number) k.browser.js("return document.getElementById('toggle-language').getBoundingClientRect().height;");
            String fontSize = String.valueOf(k.browser.js("return getComputedStyle(document.querySelector('.tile-sub')).fontSize;"));
            assertTrue(chipHeight.doubleValue() >= 64, "elder touch targets ≥ 64 px, got " + chipHeight);
            assertTrue(tileHeight.doubleValue() >= 64);
            assertTrue(Double.parseDouble(fontSize.replace("px", "")) >= 28, "elder text ≥ 28 px, got " + fontSize);
            shoot(k, "home-elder");

            presentCard(k, KioskSessionApiTest.LIN);
            awaitScreen(k, "register");
            await("the new screen is read aloud", () -> String.valueOf(k.browser.js("return JSON.stringify(window.__spoken);"))
                    .contains("建立健康档案"));
            assertFalse(String.valueOf(k.browser.js("return JSON.stringify(window.__spoken);")).contains("林"),
                    "names are not read out");
            shoot(k, "register-elder");
            k.browser.js("window.__spoken = [];");
            tap(k, "read-aloud");
            await("read on request", () -> !String.valueOf(k.browser.js("return JSON.stringify(window.__spoken);")).equals("[]"));

            tap(k, "toggle-language");
            await("English", () -> text(k, "register-title").equals("Create your health record"));
            assertEquals("en", k.browser.js("return document.documentElement.lang;"));
            assertEquals("Female", text(k, "reg-sex"));
            shoot(k, "register-english");
            // read in the same turn as the tap: the home screen never shows the previous resident's language, not
            // even while a translation file loads
            assertEquals("zh-CN", k.browser.js("document.querySelector(\"#screen-register [data-action='home']\").click();"
                    + " return document.documentElement.lang;"), "the next resident starts in Chinese");
            awaitScreen(k, "home");
            assertEquals("欢迎", text(k, "home-title").substring(0, 2));
            assertEquals("false", k.browser.js("return document.documentElement.dataset.elder;"));
            recordTransitions(k, "elder-language");
        }
    }

    @Test
    void maintenanceModeSendsTheResidentHomeShowsTheAdminsMessageAndEndsWhenLifted(Vertx vertx) throws Exception {
        try (Kiosk k = open(vertx, 1080, 1920, "portrait", json -> json)) {
            createResident(k, WANG_ID, WANG_NAME);
            presentCard(k, KioskSessionApiTest.WANG);
            awaitScreen(k, "services");
            var admin = k.server.browser();
            String csrf = k.server.login(admin, "admin");
            admin.put("/api/admin/kiosks/K1/maintenance").putHeader("X-CSRF-Token", csrf)
                    .sendJsonObject(new JsonObject().put("enabled", true).put("message", "打印机更换纸卷，约10分钟")).await();
            awaitScreen(k, "maintenance");
            assertEquals("打印机更换纸卷，约10分钟", text(k, "maintenance-message"));
            assertFalse(html(k).contains("王*国"), "the resident's data left the page with them");
            await("server session ended", () -> !k.server.client.get("/api/kiosks/K1/session")
                    .putHeader("X-Kiosk-Token", TestConfigs.KIOSK1_TOKEN).send().await().bodyAsJsonObject()
                    .getJsonObject("session").getBoolean("active"));
            k.browser.assertAccessible("maintenance");
            shoot(k, "maintenance");
            // a card laid on the reader meanwhile starts no session behind the maintenance screen
            presentCard(k, KioskSessionApiTest.WANG);
            Thread.sleep(1500); // the reader polls every 300 ms; an identification would be made within this
            assertFalse(k.server.client.get("/api/kiosks/K1/session").putHeader("X-Kiosk-Token", TestConfigs.KIOSK1_TOKEN)
                    .send().await().bodyAsJsonObject().getJsonObject("session").getBoolean("active"),
                    "no session while out of service");
            // a page opened while the kiosk is out of service starts on that screen too
            k.browser.driver.navigate().refresh();
            awaitScreen(k, "maintenance");
            admin.put("/api/admin/kiosks/K1/maintenance").putHeader("X-CSRF-Token", csrf)
                    .sendJsonObject(new JsonObject().put("enabled", false)).await();
            awaitScreen(k, "home");
        }
    }

    @Test
    void whenTheServerLosesThisKiosksPcThePageSaysSoPlainly(Vertx vertx) throws Exception {
        try (Kiosk k = open(vertx, 1080, 1920, "portrait", json -> json)) {
            assertFalse(visible(k, "link-lost"));
            // what the cluster's link monitor publishes for every device of a kiosk whose PC went silent
            for (String kind : new String[]{"idCardReader", "printer"}) {
                vertx.eventBus().publish(org.clinickiosk.device.DeviceAddresses.events("K1"), new JsonObject()
                        .put("kind", kind).put("type", "state").put("status", "disconnected")
                        .put("reason", "kiosk PC K1 unreachable"));
            }
            await("link-lost banner", () -> visible(k, "link-lost"));
            assertTrue(text(k, "link-lost").contains("连接不上服务器"), text(k, "link-lost"));
            k.browser.assertAccessible("link lost");
            for (String kind : new String[]{"idCardReader", "printer"}) {
                vertx.eventBus().publish(org.clinickiosk.device.DeviceAddresses.events("K1"), new JsonObject()
                        .put("kind", kind).put("type", "state").put("status", "connected"));
            }
            await("banner gone", () -> !visible(k, "link-lost"));
        }
    }

    @Test
    void anIdleSessionCountsDownThenWipesPageStorageAndServer(Vertx vertx) throws Exception {
        try (Kiosk k = open(vertx, 1080, 1920, "portrait", json -> json.put("kiosk",
                new JsonObject().put("warnAfterSeconds", 2).put("homeAfterSeconds", 4)))) {
            createResident(k, WANG_ID, WANG_NAME);
            presentCard(k, KioskSessionApiTest.WANG);
            awaitScreen(k, "services");
            await("greeting", () -> text(k, "services-greeting").contains("王*国"));
            await("countdown", () -> visible(k, "countdown"));
            assertTrue(text(k, "countdown-text").matches(".*\\d.*"), text(k, "countdown-text"));
            shoot(k, "countdown");
            awaitScreen(k, "home");
            await("server session wiped", () -> !k.server.client.get("/api/kiosks/K1/session")
                    .putHeader("X-Kiosk-Token", TestConfigs.KIOSK1_TOKEN).send().await().bodyAsJsonObject()
                    .getJsonObject("session").getBoolean("active"));
            String page = html(k);
            assertFalse(page.contains("王*国") || page.contains("5101") || page.contains("0319") || page.contains(WANG_NAME),
                    "no personal data left in the DOM");
            String storage = String.valueOf(k.browser.js("return JSON.stringify({...localStorage}) + JSON.stringify({...sessionStorage});"));
            assertFalse(storage.contains("王") || storage.contains("5101") || storage.contains("0319"), storage);
            assertEquals("{}", String.valueOf(k.browser.js("return JSON.stringify({...sessionStorage});")));
            assertEquals("", k.browser.js("return location.hash;"));
            assertEquals(null, k.browser.js("return history.state;"));
        }
    }
}
