package org.clinickiosk.device.scanner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.clinickiosk.device.DeviceLink;
import org.clinickiosk.device.DeviceState;
import org.junit.jupiter.api.Test;

/** Driver and simulator joined by an in-memory link (no timers involved, so no event loop is needed). */
class ScannerDriverTest {

    private final List<Object> published = new ArrayList<>();
    private final List<byte[]> sent = new ArrayList<>();

    private final DeviceLink link = new DeviceLink() {
        @Override public void send(byte[] bytes) { sent.add(bytes); }
        @Override public void publish(String type, JsonObject event) { published.add(Map.entry(type, event)); }
        @Override public void state(DeviceState state) { published.add(state); }
        @Override public Vertx vertx() { throw new UnsupportedOperationException("the scanner needs no timers"); }
        @Override public String kioskId() { return "k1"; }
    };

    @Test
    void simulatedScansArePublishedClassified() {
        JsonObject config = new JsonObject().put("charset", "GBK").put("prefix", "]Q1");
        ScannerDriver driver = new ScannerDriver(config);
        ScannerSimulator scanner = new ScannerSimulator(Charset.forName("GBK"));
        scanner.connect(driver::received);
        driver.opened(link);

        assertNull(scanner.perform("scan", Map.of("text", "]Q1CKA1:42", "terminator", "crlf")));
        assertNull(scanner.perform("scan", Map.of("text", "门诊二楼")));
        assertEquals(List.of(DeviceState.connected(),
                Map.entry("scan", new JsonObject().put("category", "appointment").put("text", "CKA1:42")
                        .put("value", "42")),
                Map.entry("scan", new JsonObject().put("category", "unknown").put("text", "门诊二楼")
                        .put("value", "门诊二楼"))), published);
    }

    @Test
    void overlongScanIsAScanError() {
        ScannerDriver driver = new ScannerDriver(new JsonObject().put("maxLength", 4));
        driver.opened(link);
        driver.received("12345\r".getBytes());
        assertEquals(Map.entry("scan-error", new JsonObject().put("reason",
                "scan of 5 bytes exceeds the limit of 4 and was ignored")), published.get(1));
    }

    @Test
    void triggerRequestsSendTheHoneywellCommands() {
        ScannerDriver driver = new ScannerDriver(ScannerSettings.defaults());
        assertEquals("the scanner is not connected", driver.request("trigger-start", new JsonObject()).cause()
                .getMessage());
        driver.opened(link);
        assertEquals(new JsonObject().put("sent", "trigger-start"),
                driver.request("trigger-start", new JsonObject()).result());
        driver.request("trigger-stop", new JsonObject());
        assertArrayEquals(HoneywellTrigger.start(), sent.get(0));
        assertArrayEquals(HoneywellTrigger.stop(), sent.get(1));
        assertEquals("scanner does not support 'beep'", driver.request("beep", new JsonObject()).cause().getMessage());
    }

    @Test
    void simulatorRefusesBadArguments() {
        ScannerSimulator scanner = new ScannerSimulator(Charset.forName("UTF-8"));
        assertEquals("scan needs a text", scanner.perform("scan", Map.of()));
        assertEquals("terminator must be cr, lf or crlf", scanner.perform("scan", Map.of("text", "x",
                "terminator", "tab")));
        assertEquals("the text must not contain CR or LF", scanner.perform("scan", Map.of("text", "a\rb")));
        assertEquals("unknown behaviour 'beep', known: scan", scanner.perform("beep", Map.of()));
    }
}
