package org.clinickiosk.device.idcard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.clinickiosk.device.DeviceLink;
import org.clinickiosk.device.DeviceState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The driver on real Vert.x timers, talking to the simulated reader through an in-memory link. */
class IdCardReaderDriverTest {

    private Vertx vertx;
    private Context context;
    private IdCardSimulator reader;
    private IdCardReaderDriver driver;
    private final BlockingQueue<Object> published = new LinkedBlockingQueue<>();

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        context = vertx.getOrCreateContext();
        reader = new IdCardSimulator(ReaderBench.cards(), false, new Random(3));
    }

    /** Opens a driver with fast timers plus the given settings. */
    private void open(JsonObject settings) {
        driver = new IdCardReaderDriver(IdCardReaderDriver.settingsFrom(new JsonObject()
                .put("pollIntervalMs", 20).put("replyTimeoutMs", 200).put("retryIntervalMs", 100)
                .mergeIn(settings)), ReaderBench.CLOCK);
        reader.connect(bytes -> context.runOnContext(v -> driver.received(bytes)));
        DeviceLink link = new DeviceLink() {
            @Override public void send(byte[] bytes) { reader.fromHost(bytes); }
            @Override public void publish(String type, JsonObject event) { published.add(Map.entry(type, event)); }
            @Override public void state(DeviceState state) { published.add(state); }
            @Override public Vertx vertx() { return vertx; }
            @Override public String kioskId() { return "k1"; }
        };
        context.runOnContext(v -> driver.opened(link));
    }

    @AfterEach
    void tearDown() {
        vertx.close().await();
    }

    private Object next() throws InterruptedException {
        Object item = published.poll(5, TimeUnit.SECONDS);
        assertNotNull(item, "nothing published within 5 s");
        return item;
    }

    @Test
    void connectsThenPublishesTheIdentifiedEvent() throws InterruptedException {
        open(new JsonObject());
        assertEquals(DeviceState.connected(), next());
        reader.perform("present-card", Map.of("index", "5"));
        assertEquals(Map.entry("identified", new JsonObject()
                .put("cardType", "hkMacauTaiwanResidence").put("name", "陈家豪").put("sex", "M")
                .put("birthDate", "1990-04-20").put("nation", "").put("address", "广东省深圳市福田区福华路66号")
                .put("idNumber", "810000199004200010").put("issuingAuthority", "深圳市公安局")
                .put("validFrom", "2022-08-01").put("validTo", "2027-08-01").put("longTerm", false)
                .put("expired", false).put("passNumber", "H60123456").put("issueCount", "01")), next());
        Thread.sleep(200);
        assertNull(published.poll(), "one presentation, one event");
    }

    @Test
    void samFailureIsAnErrorStateAndRecoveryConnectsAgain() throws InterruptedException {
        open(new JsonObject());
        assertEquals(DeviceState.connected(), next());
        reader.perform("sam-fail", Map.of());
        assertEquals(DeviceState.error("SAM failure: the SAM self-test failed (SW3 60)"), next());
        reader.perform("sam-recover", Map.of());
        assertEquals(DeviceState.connected(), next());
    }

    @Test
    void refusedCardIsACardErrorAndSettingsApply() throws InterruptedException {
        open(new JsonObject().put("foreignerPermitPattern", "[A-Z]{4}\\d{11}"));
        assertEquals(DeviceState.connected(), next());
        reader.perform("present-card", Map.of("index", "4"));
        assertEquals(Map.entry("card-error",
                new JsonObject().put("reason", "the card's permit number has an unknown format")), next());
    }

    @Test
    void closingStopsPollingAndReportsDisconnected() throws InterruptedException {
        open(new JsonObject());
        assertEquals(DeviceState.connected(), next());
        context.runOnContext(v -> driver.closed("unplugged"));
        assertEquals(DeviceState.disconnected("unplugged"), next());
        reader.perform("present-card", Map.of("index", "0"));
        Thread.sleep(200);
        assertNull(published.poll(), "a closed driver reads nothing");
    }
}
