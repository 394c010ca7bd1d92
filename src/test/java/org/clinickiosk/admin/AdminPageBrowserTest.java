package org.clinickiosk.admin;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.clinickiosk.stats.TicketHistory;
import org.clinickiosk.store.Sql;
import org.clinickiosk.testsupport.Browser;
import org.clinickiosk.testsupport.RunningServer;
import org.clinickiosk.testsupport.TestConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin console in real headless Chromium against a real server: login and the nurse's refusal, then each
 * screen with good and bad input (the server's refusal shown in plain words, nothing typed lost), the change visible
 * through the API afterwards, axe-core on every screen, and a screenshot of each under target/screenshots.
 */
@ExtendWith(VertxExtension.class)
class AdminPageBrowserTest {
    private RunningServer s;
    private Browser browser;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        Browser.requireChromium();
        s = new RunningServer(vertx);
        browser = new Browser(1400, 1000, "zh-CN");
    }

    @AfterEach
    void stop() throws Exception {
        if (browser != null) browser.close();
        if (s != null) s.close();
    }

    private void open(String hash) {
        browser.driver.get("http://127.0.0.1:" + s.port() + "/admin/" + hash);
        waitUntil(() -> "true".equals(browser.js("return document.body.dataset.ready")));
    }

    /** Polls until the page shows what is expected (pages update asynchronously); fails after ten seconds. */
    private void waitUntil(Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (Boolean.TRUE.equals(condition.get())) return;
            } catch (RuntimeException e) {
                last = e; // the element is not there yet
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
        throw new AssertionError("the page did not get there in 10 s", last);
    }

    private WebElement $(String css) {
        return browser.driver.findElement(By.cssSelector(css));
    }

    private void type(String css, String text) {
        WebElement input = $(css);
        input.clear();
        input.sendKeys(text);
    }

    /** Sets a value the way a date or time picker would (their typing order depends on the locale). */
    private void setValue(String css, String value) {
        browser.js("const e = document.querySelector(arguments[0]); e.value = arguments[1];"
                + "e.dispatchEvent(new Event('input', {bubbles: true}));", css, value);
    }

    private void loginAs(String username, String password) {
        waitUntil(() -> $("#login").isDisplayed());
        type("#login-username", username);
        type("#login-password", password);
        $("#login-form button[type=submit]").click();
    }

    private void loginAsAdmin(String hash) {
        open(hash);
        loginAs("admin", TestConfigs.PASSWORD);
        waitUntil(() -> $("#console").isDisplayed());
    }

    private String messageOf(String formCss) {
        WebElement message = $(formCss + " .message");
        waitUntil(() -> !message.getText().isBlank());
        return message.getText();
    }

    private void waitForToast(String contains) {
        waitUntil(() -> $("#toast").getText().contains(contains));
    }

    private void waitForRow(String tableCss, String text) {
        waitUntil(() -> $(tableCss + " tbody").getText().contains(text));
    }

    private JsonObject adminGet(String path) {
        var session = s.browser();
        s.login(session, "admin");
        return new JsonObject().put("body", session.get(path).send().await().bodyAsString());
    }

    // ---- login ----------------------------------------------------------------------------------------------

    @Test
    void aWrongPasswordIsSaidAndANurseIsRefusedClearly() throws Exception {
        open("");
        browser.assertAccessible("admin login");
        browser.screenshot("admin-login");
        loginAs("admin", "not-the-password");
        waitUntil(() -> $("#login-message").getText().contains("用户名或密码错误"));

        loginAs("nurse1", TestConfigs.PASSWORD);
        waitUntil(() -> $("#refused").isDisplayed());
        assertTrue($("#refused-text").getText().contains("nurse1"), $("#refused-text").getText());
        assertTrue($("#refused-text").getText().contains("仅对管理员开放") || $("#refused-text").getText().contains("只对管理员开放"));
        assertFalse($("#console").isDisplayed());
        browser.assertAccessible("nurse refused");
        browser.screenshot("admin-refused");

        $("#refused-logout").click();
        waitUntil(() -> $("#login").isDisplayed());
        loginAs("admin", TestConfigs.PASSWORD);
        waitUntil(() -> $("#console").isDisplayed());
        assertEquals("page", $(".tabs a[href='#stats']").getAttribute("aria-current"));
    }

    // ---- statistics -----------------------------------------------------------------------------------------

    @Test
    void statisticsShowFiguresChartsTablesAndCsvLinksAndRefuseBadPeriods() throws Exception {
        new TicketHistory(s.server.database()).writeHandComputedWeek();
        loginAsAdmin("#stats");
        setValue("#stats-from", "2026-11-23");
        setValue("#stats-to", "2026-11-25");
        $("#stats-form button[type=submit]").click();
        // the console first shows a default period, which may also start on the 23rd: wait for the one asked for
        waitUntil(() -> $("#stats-caption").getText().startsWith("2026-11-23 至 2026-11-25"));
        List<WebElement> cards = browser.driver.findElements(By.cssSelector("#stats-cards .card-value"));
        assertEquals("9", cards.get(0).getText());   // issued
        assertEquals("6", cards.get(1).getText());   // served
        assertEquals("20.0", cards.get(4).getText()); // median wait 1200 s
        assertEquals(8, browser.driver.findElements(By.cssSelector("#chart-wait rect.bar")).size());
        assertTrue($("#chart-wait svg desc").getAttribute("textContent").contains("20–30: 2"));
        assertEquals(4, browser.driver.findElements(By.cssSelector("#stats-tables section")).size());
        String periods = $("#stats-tables section:first-child tbody").getText();
        assertTrue(periods.contains("2026-11-24"), periods); // the empty day has its row
        assertTrue($("#stats-bp").getText().contains("共测量 0 人次"), $("#stats-bp").getText());
        assertTrue($("#stats-lab").getText().contains("打印检验报告 0 次"), $("#stats-lab").getText());

        String href = $("#stats-tables section:nth-child(2) a.csv").getAttribute("href");
        assertTrue(href.contains("/api/admin/stats/export/services?from=2026-11-23&to=2026-11-25"), href);
        Object firstBytes = browser.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch(arguments[0]).then(r => r.arrayBuffer()).then(b => done(Array.from(new Uint8Array(b).slice(0, 3))));",
                href);
        assertEquals(List.of(239L, 187L, 191L), firstBytes); // the UTF-8 byte-order mark
        browser.assertAccessible("statistics");
        browser.screenshot("admin-stats");
        browser.js("document.querySelector('.charts').scrollIntoView()");
        browser.screenshot("admin-stats-charts");
        browser.js("document.querySelector('#stats-tables').scrollIntoView()");
        browser.screenshot("admin-stats-tables");
        browser.js("window.scrollTo(0, 0)");

        setValue("#stats-from", "2026-11-26");
        $("#stats-form button[type=submit]").click();
        assertTrue(messageOf("#screen-stats").contains("结束日期早于开始日期"));
        setValue("#stats-from", "2024-01-01");
        $("#stats-form button[type=submit]").click();
        waitUntil(() -> $("#stats-message").getText().contains("366"));
        assertEquals("2024-01-01", $("#stats-from").getAttribute("value")); // what was typed stays
        setValue("#stats-from", "");
        $("#stats-form button[type=submit]").click();
        waitUntil(() -> $("#stats-message").getText().contains("请填写开始日期和结束日期"));
    }

    // ---- services and rooms ---------------------------------------------------------------------------------

    @Test
    void servicesAreCreatedAndEditedAndBadValuesAreExplained() throws Exception {
        loginAsAdmin("#services");
        waitForRow("#services-table", "全科门诊");
        browser.assertAccessible("services");

        type("#service-id", "dental");
        type("#service-name", "口腔科");
        type("#service-prefix", "A");
        setValue("#service-opens", "08:00");
        setValue("#service-closes", "12:00");
        type("#service-avg", "15");
        $("#service-form button[type=submit]").click();
        assertTrue(messageOf("#service-form").contains("号码前缀已被其他服务使用"), $("#service-form .message").getText());
        assertEquals("口腔科", $("#service-name").getAttribute("value"));

        type("#service-prefix", "E");
        setValue("#service-closes", "07:00");
        $("#service-form button[type=submit]").click();
        waitUntil(() -> $("#service-form .message").getText().contains("closes"));

        setValue("#service-closes", "12:00");
        $("#service-form button[type=submit]").click();
        waitForToast("口腔科");
        waitForRow("#services-table", "口腔科");
        assertTrue(adminGet("/api/admin/services").getString("body").contains("\"prefix\":\"E\""));

        $("#service-edit-gp").click();
        assertEquals("false", String.valueOf($("#service-id").isEnabled()));
        type("#service-name", "全科");
        $("#service-form button[type=submit]").click();
        waitForRow("#services-table", "全科");
        assertTrue(adminGet("/api/admin/services").getString("body").contains("\"name\":\"全科\""));
        browser.screenshot("admin-services");
    }

    @Test
    void roomsGetTheirServicesAndBadIdsAreExplained() throws Exception {
        loginAsAdmin("#rooms");
        waitForRow("#rooms-table", "1号诊室");
        waitUntil(() -> !browser.driver.findElements(By.id("room-service-tcm")).isEmpty());
        browser.assertAccessible("rooms");

        type("#room-id", "room 5");
        type("#room-name", "5号诊室");
        $("#room-service-tcm").click();
        $("#room-form button[type=submit]").click();
        messageOf("#room-form");
        assertTrue($("#room-service-tcm").isSelected(), "the ticked services stay ticked");

        type("#room-id", "R5");
        $("#room-form button[type=submit]").click();
        waitForRow("#rooms-table", "5号诊室");

        $("#room-edit-R1").click();
        $("#room-service-chronic").click();
        $("#room-form button[type=submit]").click();
        waitForToast("1号诊室");
        String rooms = adminGet("/api/admin/rooms").getString("body");
        assertTrue(rooms.contains("\"id\":\"R1\",\"name\":\"1号诊室\",\"nameEn\":null,\"paused\":false,\"services\":[\"chronic\",\"gp\"]"),
                rooms);
        browser.screenshot("admin-rooms");
    }

    // ---- staff ----------------------------------------------------------------------------------------------

    @Test
    void staffAccountsAreCreatedDisabledAndGivenNewPasswords() throws Exception {
        loginAsAdmin("#staff");
        waitForRow("#staff-table", "nurse2");
        browser.assertAccessible("staff");

        type("#staff-username", "nurse3");
        type("#staff-display", "王护士");
        type("#staff-password", "short");
        $("#staff-form button[type=submit]").click();
        assertTrue(messageOf("#staff-form").contains("密码太短"));
        type("#staff-password", "long-enough-1");
        $("#staff-form button[type=submit]").click();
        waitForRow("#staff-table", "王护士");

        long nurse3 = s.server.database().read(c -> Sql.count(c, "SELECT id FROM staff WHERE username = 'nurse3'")).await();
        $("#staff-edit-" + nurse3).click();
        $("#staff-disabled").click();
        $("#staff-form button[type=submit]").click();
        waitForRow("#staff-table", "已停用");

        long admin = s.server.database().read(c -> Sql.count(c, "SELECT id FROM staff WHERE username = 'admin'")).await();
        $("#staff-edit-" + admin).click();
        $("#staff-role option[value=nurse]").click();
        $("#staff-form button[type=submit]").click();
        assertTrue(messageOf("#staff-form").contains("不能停用或降级自己的账号"));

        $("#staff-password-2").click();
        type("#new-password", "1234");
        $("#password-form button[type=submit]").click();
        assertTrue(messageOf("#password-form").contains("密码太短"));
        type("#new-password", "a-new-password");
        $("#password-form button[type=submit]").click();
        waitForToast("nurse2");
        var nurse2 = s.browser();
        assertEquals(200, nurse2.post("/api/session/login").sendJsonObject(new JsonObject().put("username", "nurse2")
                .put("password", "a-new-password")).await().statusCode());
        browser.screenshot("admin-staff");
    }

    // ---- kiosks and rules -----------------------------------------------------------------------------------

    @Test
    void kiosksGetANewTokenShownOnceAndMaintenanceWithAMessage() throws Exception {
        loginAsAdmin("#kiosks");
        waitForRow("#kiosks-table", "K2");
        browser.assertAccessible("kiosks");

        $("#kiosk-rotate-K2").click();
        waitUntil(() -> $("#kiosk-rotate-K2").getText().contains("确认"));
        $("#kiosk-rotate-K2").click();
        waitUntil(() -> $("#token-box").isDisplayed());
        String token = $("#token-value").getText();
        assertFalse(token.isBlank());
        assertNotEquals(TestConfigs.KIOSK2_TOKEN, token);
        assertEquals(401, s.client.get("/api/tickets/1").putHeader("X-Kiosk-Token", TestConfigs.KIOSK2_TOKEN)
                .send().await().statusCode());
        assertNotEquals(401, s.client.get("/api/tickets/1").putHeader("X-Kiosk-Token", token).send().await().statusCode());
        browser.screenshot("admin-kiosks-token");
        $("#token-close").click();
        assertFalse($("#token-box").isDisplayed());
        assertEquals("", $("#token-value").getAttribute("textContent"));

        $("#kiosk-maintenance-K1").click();
        $("#maintenance-enabled").click();
        type("#maintenance-message", "设备维护中，请到人工窗口取号");
        $("#maintenance-form button[type=submit]").click();
        waitForRow("#kiosks-table", "设备维护中");
        assertTrue(adminGet("/api/admin/kiosks").getString("body").contains("\"enabled\":true"));
        browser.assertAccessible("kiosks after changes");
        browser.screenshot("admin-kiosks");
    }

    @Test
    void queueRulesOutOfRangeAreRefusedAndGoodOnesApplyAtOnce() throws Exception {
        loginAsAdmin("#rules");
        waitUntil(() -> "2".equals($("#rule-priorityEvery").getAttribute("value")));
        browser.assertAccessible("queue rules");
        type("#rule-priorityEvery", "0");
        $("#rules-form button[type=submit]").click();
        String message = messageOf("#rules-form");
        assertTrue(message.contains("超出允许范围") && message.contains("priorityEvery"), message);
        assertEquals("0", $("#rule-priorityEvery").getAttribute("value"));

        type("#rule-priorityEvery", "3");
        $("#rules-form button[type=submit]").click();
        waitForToast("立即生效");
        assertTrue(adminGet("/api/admin/queue-rules").getString("body").contains("\"priorityEvery\":3"));
        browser.screenshot("admin-rules");
    }

    @Test
    void appointmentSlotsAreOpenedListedAndAnOverlapIsRefused() throws Exception {
        loginAsAdmin("#slots");
        waitUntil(() -> $("#slots-service option[value=chronic]") != null);
        browser.js("const s = document.querySelector('#slots-service'); s.value = 'chronic';");
        setValue("#slots-day", "2026-11-24");
        $("#slots-filter button[type=submit]").click();
        waitUntil(() -> $("#slots-empty").isDisplayed());
        browser.assertAccessible("appointment slots, none open");

        setValue("#slot-starts", "09:00");
        setValue("#slot-ends", "09:30");
        type("#slot-capacity", "3");
        $("#slot-form button[type=submit]").click();
        waitForRow("#slots-table", "09:00–09:30");
        assertTrue(adminGet("/api/admin/slots?serviceId=chronic&day=2026-11-24").getString("body")
                .contains("\"capacity\":3"));

        setValue("#slot-starts", "09:15");
        setValue("#slot-ends", "09:45");
        $("#slot-form button[type=submit]").click();
        String refused = messageOf("#slot-form");
        assertTrue(refused.contains("overlaps"), refused);
        browser.assertAccessible("appointment slots, one open, a refusal shown");
        browser.screenshot("admin-slots");

        $("#slots-table button[data-close]").click();
        waitUntil(() -> $("#slots-empty").isDisplayed());
        assertEquals("[]", adminGet("/api/admin/slots?serviceId=chronic&day=2026-11-24").getString("body"));
    }

    @Test
    void theWholeConsoleSwitchesToEnglish() throws Exception {
        loginAsAdmin("#services");
        $("#language").click();
        waitUntil(() -> $("#services-heading").getText().equals("Services"));
        assertEquals("en", browser.js("return document.documentElement.lang"));
        waitUntil(() -> $("#services-table tbody").getText().contains("Edit"));
        $("#service-edit-gp").click();
        type("#service-prefix", "B");
        $("#service-form button[type=submit]").click();
        assertTrue(messageOf("#service-form").contains("Another service already uses that prefix"));
        browser.assertAccessible("services in English");
    }
}
