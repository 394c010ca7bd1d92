package org.clinickiosk.testsupport;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Debian's headless Chromium driven through Debian's chromedriver (no browser or driver download at test time),
 * with screenshots under target/screenshots and axe-core accessibility checks.
 *
 * <p>Where Chromium is not installed the browser tests are skipped with a message naming the packages; under CI
 * (CI=true), where .ci/run installs them, a missing browser fails the build instead.
 */
public final class Browser implements AutoCloseable {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    public static final Path SCREENSHOTS = Path.of("target/screenshots");

    public final ChromeDriver driver;
    private final Path profile;

    public Browser(int width, int height, String language) throws IOException {
        requireChromium();
        profile = Files.createTempDirectory("chromium-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--autoplay-policy=no-user-gesture-required", "--hide-scrollbars",
                "--force-device-scale-factor=1", "--window-size=" + width + "," + height, "--lang=" + language,
                "--user-data-dir=" + profile);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    public static void requireChromium() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("Chromium is missing: .ci/run must install chromium and chromium-driver");
        }
        Assumptions.assumeTrue(present, "browser tests skipped: install Debian's chromium and chromium-driver");
    }

    public Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Saves a PNG of the viewport as target/screenshots/{name}.png and returns its path. */
    public Path screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path file = SCREENSHOTS.resolve(name + ".png");
        Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        return file;
    }

    /** Runs axe-core (vendored under src/test/resources/axe) on the current page; returns the violations. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> accessibilityViolations() throws IOException {
        try (InputStream in = Browser.class.getResourceAsStream("/axe/axe.min.js")) {
            js(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        Object result = ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "axe.run(document, {resultTypes: ['violations']})"
                        + ".then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
                        + " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))))"
                        + ".catch(e => done([{id: 'axe-error', help: String(e)}]));");
        return (List<Map<String, Object>>) result;
    }

    /** Fails with a readable list when axe finds anything. */
    public void assertAccessible(String screen) throws IOException {
        List<Map<String, Object>> violations = accessibilityViolations();
        if (!violations.isEmpty()) {
            StringBuilder text = new StringBuilder("accessibility violations on " + screen + ":");
            for (Map<String, Object> v : violations) {
                text.append("\n  ").append(v.get("id")).append(" (").append(v.get("impact")).append("): ")
                        .append(v.get("help")).append(" at ").append(v.get("nodes"));
            }
            throw new AssertionError(text.toString());
        }
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp profile is harmless
        }
    }
}
