package org.clinickiosk.web;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.clinickiosk.testsupport.Browser;
import org.clinickiosk.testsupport.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The landing page in real headless Chromium: served from the jar's webroot, linking every page, accessible. */
@ExtendWith(VertxExtension.class)
class LandingPageBrowserTest {

    @Test
    void theLandingPageLinksEveryPageAndIsAccessible(Vertx vertx) throws Exception {
        Browser.requireChromium();
        try (RunningServer s = new RunningServer(vertx); Browser browser = new Browser(1280, 800, "zh-CN")) {
            browser.driver.get("http://127.0.0.1:" + s.port() + "/");
            assertTrue(browser.driver.getCurrentUrl().endsWith("/index.html"));
            assertEquals(5, browser.driver.findElements(By.cssSelector("main a")).size());
            browser.screenshot("landing");
            browser.assertAccessible("landing page");
        }
    }
}
