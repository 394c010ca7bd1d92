package org.clinickiosk.display;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import org.clinickiosk.ClinicServer;
import org.clinickiosk.alert.StaffAlerts;
import org.clinickiosk.config.ClinicConfig;
import org.clinickiosk.testsupport.Browser;
import org.clinickiosk.testsupport.MutableClock;
import org.clinickiosk.testsupport.TestConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WebDriverException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The nurse station and the lobby display in real headless Chromium, on one real server: calls made on the nurse
 * page appear and are announced on the display, across a server restart without repeats; two nurses calling at
 * once get different tickets; staff alerts sound until acknowledged. Tickets are taken through the kiosk API with
 * the kiosk's token (the kiosk page is built separately).
 */
@ExtendWith(VertxExtension.class)
class StationAndDisplayBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private Vertx vertx;
    private Path dir;
    private MutableClock clock;
    private ClinicServer server;
    private int port;
    private final List<Browser> browsers = new ArrayList<>();

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        Browser.requireChromium();
        this.vertx = vertx;
        dir = Files.createTempDirectory("clinic-browser");
        clock = MutableClock.shanghai(9, 0);
        server = startServer(0);
        port = server.port();
    }

    @AfterEach
    void stop() throws Exception {
        browsers.forEach(Browser::close);
        if (server != null) server.close().await();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private ClinicServer startServer(int onPort) throws Exception {
        JsonObject json = TestConfigs.clinic(dir.resolve("clinic.db"))
                .put("http", new JsonObject().put("port", onPort).put("host", "127.0.0.1"));
        return ClinicServer.start(vertx, ClinicConfig.fromJson(json), new ClinicServer.Options(clock, 1000)).await();
    }

    /** Closes the server and starts a new one on the same database and port, as after a power cut or an update. */
    private void restartServer() throws Exception {
        server.close().await();
        server = null;
        Thread.sleep(1500); // long enough for the display to notice and start retrying
        server = startServer(port);
    }

    /** A browser whose page area is exactly width × height, as on a TV in kiosk mode (no window frame). */
    private Browser browser(int width, int height) throws Exception {
        Browser browser = new Browser(width, height, "zh-CN");
        browsers.add(browser);
        browser.driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width,
                "height", height, "deviceScaleFactor", 1, "mobile", false));
        return browser;
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private WebClient api() {
        return WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    }

    private String issue(String serviceId) {
        return api().post("/api/tickets").putHeader("X-Kiosk-Token", TestConfigs.KIOSK1_TOKEN)
                .putHeader("Idempotency-Key", "browser-" + System.nanoTime())
                .sendJsonObject(new JsonObject().put("serviceId", serviceId)).await()
                .bodyAsJsonObject().getString("number");
    }

    /**
     * A resident with a record takes a number on the real kiosk page (kiosk K1, paired by its token), typing their
     * ID number on the keypad and touching the service; returns the number the page shows.
     */
    private String takeNumberOnTheKioskPage(String idNumber, String serviceId) throws Exception {
        api().post("/api/residents").putHeader("X-Kiosk-Token", TestConfigs.KIOSK1_TOKEN)
                .sendJsonObject(new JsonObject().put("idNumber", idNumber).put("name", "赵晓明")
                        .put("healthDataConsent", true)).await();
        Browser kiosk = browser(1080, 1920);
        kiosk.driver.get(url("/kiosk/#pair=K1:" + TestConfigs.KIOSK1_TOKEN));
        java.util.function.Function<String, Boolean> on = name -> name.equals(kiosk.js(
                "const s = [...document.querySelectorAll('.screen')].find(x => !x.hidden); return s ? s.dataset.screen : null;"));
        waitFor(kiosk, b -> on.apply("home") ? true : null);
        kiosk.driver.findElement(By.id("tile-ticket")).click();
        waitFor(kiosk, b -> on.apply("identify") ? true : null);
        kiosk.driver.findElement(By.id("go-manual")).click();
        waitFor(kiosk, b -> on.apply("manual") ? true : null);
        for (char c : idNumber.toCharArray()) {
            kiosk.driver.findElement(By.cssSelector("#manual-keypad button[data-key='" + c + "']")).click();
        }
        kiosk.driver.findElement(By.id("manual-submit")).click();
        waitFor(kiosk, b -> on.apply("services") ? true : null);
        waitFor(kiosk, b -> b.driver.findElements(By.cssSelector("#service-tiles .tile[data-service='" + serviceId + "']"))
                .isEmpty() ? null : true);
        kiosk.driver.findElement(By.cssSelector("#service-tiles .tile[data-service='" + serviceId + "']")).click();
        waitFor(kiosk, b -> on.apply("ticket") ? true : null);
        return waitFor(kiosk, b -> {
            String number = String.valueOf(b.js("return document.getElementById('ticket-number').textContent;"));
            return number.isBlank() ? null : number;
        });
    }

    private static <T> T waitFor(Browser browser, Function<Browser, T> condition) {
        return waitFor(browser, WAIT, condition);
    }

    /** Polls the page until the condition gives a value (not null, not false); fails after the timeout. */
    private static <T> T waitFor(Browser browser, Duration timeout, Function<Browser, T> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                T value = condition.apply(browser);
                if (value != null && !(value instanceof Boolean b && !b)) return value;
            } catch (WebDriverException e) {
                last = e; // the page re-rendered under us: try again
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        throw new AssertionError("condition not met within " + timeout, last);
    }

    private static String text(Browser browser, String css) {
        List<WebElement> found = browser.driver.findElements(By.cssSelector(css));
        return found.isEmpty() ? "" : found.get(0).getText();
    }

    private Browser nursePage(String username, String room) throws Exception {
        Browser nurse = browser(1440, 900);
        nurse.driver.get(url("/nurse/"));
        logIn(nurse, username);
        waitFor(nurse, b -> !b.driver.findElements(By.cssSelector("#room-list button[data-room='" + room + "']")).isEmpty());
        nurse.driver.findElement(By.cssSelector("#room-list button[data-room='" + room + "']")).click();
        waitFor(nurse, b -> b.driver.findElement(By.id("station-view")).isDisplayed()
                && !text(b, "#waiting").isEmpty());
        return nurse;
    }

    private static void logIn(Browser nurse, String username) {
        waitFor(nurse, b -> b.driver.findElement(By.id("login-view")).isDisplayed());
        nurse.driver.findElement(By.id("username")).sendKeys(username);
        nurse.driver.findElement(By.id("password")).sendKeys(TestConfigs.PASSWORD);
        nurse.driver.findElement(By.cssSelector("#login-form button[type=submit]")).click();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> announcements(Browser display) {
        return (List<Map<String, Object>>) display.js("return window.displayAnnouncements || [];");
    }

    private static String roomNumber(Browser display, String room) {
        return text(display, ".room-card[data-room='" + room + "'] .room-number");
    }

    @Test
    void aCallOnTheNursePageIsShownAndAnnouncedOnTheDisplayOnceEvenAcrossARestart() throws Exception {
        // three pages at once: the kiosk, the display and the nurse station
        assertEquals("A001", takeNumberOnTheKioskPage("110105199001010010", "gp"));
        issue("gp");
        issue("gp");
        Browser display = browser(1920, 1080);
        display.driver.get(url("/display/"));
        waitFor(display, b -> "open".equals(b.js("return document.body.dataset.connection;")));
        assertTrue(display.driver.findElement(By.id("sound-gate")).getAttribute("hidden") != null,
                "with the kiosk autoplay flag the display needs no click to speak");
        Browser nurse = nursePage("nurse1", "R1");

        // call: on the display within a second, announced with the phrase read digit by digit
        long clicked = System.currentTimeMillis();
        nurse.driver.findElement(By.id("call-next")).click();
        waitFor(display, b -> roomNumber(b, "R1").equals("A001"));
        Map<String, Object> first = waitFor(display, b -> announcements(b).isEmpty() ? null : announcements(b).get(0));
        long latency = ((Number) first.get("requestedAt")).longValue() - clicked;
        assertTrue(latency < 1000, "call shown and announced " + latency + " ms after the click");
        assertEquals("A001", first.get("number"));
        assertEquals("请 A零零一 号 到 1号诊室 就诊", first.get("text"));
        waitFor(nurse, b -> text(b, "#decision").contains("A001"));
        waitFor(nurse, b -> text(b, "#current").contains("A001"));
        waitFor(nurse, b -> b.driver.findElement(By.id("panel")).isDisplayed());
        waitFor(nurse, b -> text(b, "#panel-body").contains("赵*明") ? true : null); // masked, from the kiosk's identification
        Map<String, Object> played = waitFor(display, Duration.ofSeconds(20),
                b -> "queued".equals(announcements(b).get(0).get("outcome")) ? null : announcements(b).get(0));
        assertEquals("played", played.get("outcome"), "the announcement played: " + played);

        // recall: announced again
        nurse.driver.findElement(By.cssSelector("#current .ticket[data-status='called'] button.secondary")).click();
        waitFor(display, b -> announcements(b).size() == 2);
        assertEquals(1L, announcements(display).get(1).get("recallCount"));
        waitFor(display, b -> text(b, "#recent").contains("再次呼叫"));
        waitFor(nurse, b -> text(b, "#current").contains("已重呼 1 次"));

        // transfer: A001 leaves this room and waits for TCM; the display's waiting count follows
        nurse.driver.findElement(By.cssSelector("#current .transfer-select option[value='tcm']")).click();
        nurse.driver.findElement(By.cssSelector("#current .transfer-button")).click();
        waitFor(nurse, b -> text(b, "#decision").contains("中医科"));
        waitFor(nurse, b -> text(b, "#current").contains("暂无"));
        waitFor(display, b -> text(b, "#waiting li[data-service='tcm']").contains("1 人"));
        display.screenshot("display-1920");
        display.assertAccessible("lobby display");
        // every recent call shown is shown whole (the oldest ones that do not fit are left out, not cut in half)
        Object clipped = display.js("""
                const box = document.getElementById('recent').parentElement.getBoundingClientRect();
                const items = [...document.querySelectorAll('#recent li')];
                return items.length === 0 ? 'none' : items.filter((li) => li.getBoundingClientRect().bottom > box.bottom)
                    .map((li) => li.textContent).join(' | ');""");
        assertEquals("", clipped, "recent calls cut off at the bottom of their card");

        // server restart: both pages reconnect by themselves. (Sessions live in the Vert.x instance, which this
        // in-process restart keeps, so the nurse stays logged in; session expiry is tested on its own below.)
        restartServer();
        waitFor(display, Duration.ofSeconds(15), b -> "open".equals(b.js("return document.body.dataset.connection;")));
        waitFor(nurse, Duration.ofSeconds(15), b -> !b.driver.findElement(By.id("connection")).isDisplayed());
        nurse.driver.findElement(By.id("call-next")).click();
        waitFor(display, b -> roomNumber(b, "R1").equals("A002"));
        waitFor(display, b -> announcements(b).size() >= 3);
        Thread.sleep(1500); // anything replayed twice would have arrived by now
        List<Map<String, Object>> all = announcements(display);
        assertEquals(3, all.size(), "A001, its recall, A002 — nothing twice: " + all);
        assertEquals("A002", all.get(2).get("number"));
        assertEquals(3, new HashSet<>(all.stream().map(a -> a.get("eventId")).toList()).size());
    }

    @Test
    void callsMadeWhileTheDisplayWasAwayAreAnnouncedOnceAfterItReconnects() throws Exception {
        for (int i = 0; i < 4; i++) issue("gp");
        issue("tcm");
        Browser display = browser(1280, 720);
        display.driver.get(url("/display/?lang=en"));
        waitFor(display, b -> "open".equals(b.js("return document.body.dataset.connection;")));
        Browser nurse = nursePage("nurse1", "R1");
        nurse.driver.findElement(By.id("call-next")).click();
        waitFor(display, b -> announcements(b).size() == 1);
        assertEquals("Number A zero zero one, please go to 1号诊室.", announcements(display).get(0).get("text"),
                "English phrasing on an English display (this room has no English name)");

        server.close().await();                       // the display loses its connection ...
        server = startServer(port);
        WebClient staff = api();
        var session = io.vertx.ext.web.client.WebClientSession.create(staff);
        String csrf = session.post("/api/session/login").sendJsonObject(new JsonObject().put("username", "nurse2")
                .put("password", TestConfigs.PASSWORD)).await().bodyAsJsonObject().getString("csrfToken");
        session.post("/api/rooms/R1/call-next").putHeader("X-CSRF-Token", csrf).send().await();   // ... and misses
        session.post("/api/rooms/R3/call-next").putHeader("X-CSRF-Token", csrf).send().await();   // these two calls
        waitFor(display, Duration.ofSeconds(15), b -> announcements(b).size() >= 3);
        Thread.sleep(1500);
        List<Map<String, Object>> all = announcements(display);
        assertEquals(List.of("A001", "A002", "B001"), all.stream().map(a -> a.get("number")).toList());
        assertEquals("B001", roomNumber(display, "R3"));
        assertEquals("A002", roomNumber(display, "R1"));

        display.driver.navigate().refresh();          // a reload remembers what it announced
        waitFor(display, b -> "open".equals(b.js("return document.body.dataset.connection;")));
        waitFor(display, b -> roomNumber(b, "R3").equals("B001"));
        Thread.sleep(1000);
        assertEquals(0, announcements(display).size(), "nothing is announced again after a reload");
        display.screenshot("display-1280");
        display.assertAccessible("lobby display, 1280x720, English");
    }

    @Test
    void twoNursesCallingTheSameRoomAtOnceGetTwoDifferentTickets() throws Exception {
        issue("gp");
        issue("gp");
        long resident = api().post("/api/residents").putHeader("X-Kiosk-Token", TestConfigs.KIOSK1_TOKEN)
                .sendJsonObject(new JsonObject().put("idNumber", "34052419800101001X").put("name", "王小明")
                        .put("keyGroups", new io.vertx.core.json.JsonArray().add("hypertension").add("diabetes"))
                        .put("healthDataConsent", true)).await().bodyAsJsonObject().getLong("id");
        api().post("/api/tickets").putHeader("X-Kiosk-Token", TestConfigs.KIOSK1_TOKEN)
                .putHeader("Idempotency-Key", "browser-resident")
                .sendJsonObject(new JsonObject().put("serviceId", "gp").put("residentId", resident)
                        .put("priority", "disability")).await();
        issue("gp");
        Browser nurse1 = nursePage("nurse1", "R1");
        Browser nurse2 = nursePage("nurse2", "R1");
        CompletableFuture<Void> click1 = CompletableFuture.runAsync(() ->
                nurse1.driver.findElement(By.id("call-next")).click());
        CompletableFuture<Void> click2 = CompletableFuture.runAsync(() ->
                nurse2.driver.findElement(By.id("call-next")).click());
        CompletableFuture.allOf(click1, click2).get();
        String decided1 = waitFor(nurse1, b -> text(b, "#decision").startsWith("已呼叫") ? text(b, "#decision") : null);
        String decided2 = waitFor(nurse2, b -> text(b, "#decision").startsWith("已呼叫") ? text(b, "#decision") : null);
        assertNotEquals(decided1, decided2, "each nurse is told the ticket the server gave her");
        for (Browser page : List.of(nurse1, nurse2)) {
            waitFor(page, b -> b.driver.findElements(By.cssSelector("#current .ticket")).size() == 2);
        }
        waitFor(nurse1, b -> b.driver.findElements(By.cssSelector("#waiting tbody tr")).size() == 2);
        waitFor(nurse1, b -> b.driver.findElement(By.id("panel")).isDisplayed());
        nurse1.screenshot("nurse-station");
        nurse1.assertAccessible("nurse station");

        // a repeated click within the debounce time calls nobody new, and the page says so
        nurse1.driver.findElement(By.id("call-next")).click();
        waitFor(nurse1, b -> text(b, "#decision").startsWith("重复点击"));

        // refusals show the server's reason: a paused room cannot call
        nurse1.driver.findElement(By.id("pause")).click();
        waitFor(nurse2, b -> b.driver.findElement(By.id("paused-badge")).isDisplayed());
        nurse2.driver.findElement(By.tagName("body")).sendKeys("n");      // the N key still asks the server
        waitFor(nurse2, b -> text(b, "#decision").contains("paused"));
    }

    @Test
    void anAlertSoundsOnEveryNursePageUntilOneNurseAcknowledgesIt() throws Exception {
        issue("chronic");
        Browser nurse1 = nursePage("nurse1", "R1");
        Browser nurse2 = nursePage("nurse2", "R2");
        vertx.eventBus().publish(StaffAlerts.ADDRESS, new JsonObject().put("alertId", "bp-K1-7").put("type", "bp-crisis")
                .put("kioskId", "K1").put("message", "血压 192/124 mmHg，请立即处理").put("name", "王小明"));
        for (Browser page : List.of(nurse1, nurse2)) {
            waitFor(page, b -> b.driver.findElement(By.id("alerts")).isDisplayed());
            assertTrue(text(page, "#alert-list").contains("血压危象"));
            assertTrue(text(page, "#alert-list").contains("192/124"));
            assertTrue(text(page, "#alert-list").contains("K1"));
            waitFor(page, b -> Integer.parseInt(b.driver.findElement(By.id("alerts")).getAttribute("data-beeps")) >= 2);
            assertEquals("true", page.driver.findElement(By.id("alerts")).getAttribute("data-sounding"));
        }
        nurse1.screenshot("nurse-alert");
        nurse1.assertAccessible("nurse station with an alert");

        nurse2.driver.findElement(By.cssSelector("#alert-list button.ack")).click();
        for (Browser page : List.of(nurse1, nurse2)) {
            waitFor(page, b -> !b.driver.findElement(By.id("alerts")).isDisplayed());
            assertEquals("false", page.driver.findElement(By.id("alerts")).getAttribute("data-sounding"));
        }
        waitFor(nurse1, b -> text(b, "#decision").contains("nurse2"));

        // the keyboard works too: A acknowledges the first open alert
        vertx.eventBus().publish(StaffAlerts.ADDRESS, new JsonObject().put("alertId", "printer-K2-1")
                .put("type", "printer").put("kioskId", "K2").put("message", "缺纸"));
        waitFor(nurse1, b -> b.driver.findElement(By.id("alerts")).isDisplayed());
        nurse1.driver.findElement(By.tagName("body")).sendKeys("a");
        waitFor(nurse2, b -> !b.driver.findElement(By.id("alerts")).isDisplayed());
    }

    @Test
    void theLoginPageAndTheKeyboardDriveTheStation() throws Exception {
        issue("gp");
        issue("gp");
        Browser nurse = browser(1440, 900);
        nurse.driver.get(url("/nurse/"));
        waitFor(nurse, b -> b.driver.findElement(By.id("login-view")).isDisplayed());
        nurse.screenshot("nurse-login");
        nurse.assertAccessible("nurse login");
        nurse.driver.findElement(By.id("username")).sendKeys("nurse1");
        nurse.driver.findElement(By.id("password")).sendKeys("wrong-password");
        nurse.driver.findElement(By.cssSelector("#login-form button[type=submit]")).click();
        waitFor(nurse, b -> text(b, "#login-message").contains("wrong username or password"));
        nurse.driver.navigate().refresh();
        logIn(nurse, "nurse1");
        waitFor(nurse, b -> b.driver.findElement(By.cssSelector("#room-list button[data-room='R1']"))).click();
        waitFor(nurse, b -> text(b, "#waiting").contains("A002"));
        assertTrue(nurse.driver.findElements(By.cssSelector("#room-list button")).stream().noneMatch(WebElement::isDisplayed),
                "only the chosen room's controls are shown");

        WebElement body = nurse.driver.findElement(By.tagName("body"));
        body.sendKeys("n");                                                 // call next
        waitFor(nurse, b -> text(b, "#current").contains("A001"));
        body.sendKeys("s");                                                 // start
        waitFor(nurse, b -> !b.driver.findElements(By.cssSelector("#current .ticket[data-status='serving']")).isEmpty());
        body.sendKeys("f");                                                 // finish
        waitFor(nurse, b -> text(b, "#decision").contains("完成"));
        body.sendKeys(Keys.ARROW_DOWN);                 // choose A002's row ...
        waitFor(nurse, b -> "A002".equals(b.js("return document.activeElement.closest('tr')?.cells[0].textContent")));
        new Actions(nurse.driver).sendKeys(Keys.ENTER).perform();          // ... and call it
        waitFor(nurse, b -> text(b, "#current").contains("A002"));
        body.sendKeys("x");                                                 // no-show
        waitFor(nurse, b -> text(b, "#no-shows").contains("A002"));
        body.sendKeys("q");                                                 // requeue the latest no-show
        waitFor(nurse, b -> text(b, "#decision").contains("重新排队"));
        waitFor(nurse, b -> text(b, "#waiting").contains("A002"));

        // the session ends on the server (idle timeout, or an admin disabling the account): the next action finds
        // out, and the page goes back to the login with a message
        String cookie = nurse.driver.manage().getCookieNamed("ck_session").getValue();
        api().post("/api/session/logout").putHeader("Cookie", "ck_session=" + cookie).send().await();
        body.sendKeys("n");
        waitFor(nurse, b -> b.driver.findElement(By.id("login-view")).isDisplayed());
        assertTrue(text(nurse, "#login-message").contains("登录已过期"), text(nurse, "#login-message"));
        assertTrue(text(nurse, "#waiting").isEmpty() || !nurse.driver.findElement(By.id("station-view")).isDisplayed());

        logIn(nurse, "nurse1");
        waitFor(nurse, b -> b.driver.findElement(By.id("station-view")).isDisplayed());   // the room is remembered
        nurse.driver.findElement(By.id("logout")).click();
        waitFor(nurse, b -> text(b, "#login-message").contains("已退出"));
        nurse.driver.navigate().refresh();
        waitFor(nurse, b -> b.driver.findElement(By.id("login-view")).isDisplayed());
    }
}
