package org.clinickiosk.device.bp;

import org.clinickiosk.testsupport.SimulatedLink;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.clinickiosk.device.DeviceState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Driver and simulator wired back to back through an in-memory port. */
class BpMonitorDriverTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-07-11T09:05:00Z"), ZoneOffset.UTC);
    private static Vertx vertx;

    @BeforeAll
    static void startVertx() { vertx = Vertx.vertx(); }

    @AfterAll
    static void stopVertx() { vertx.close().await(); }

    private static SimulatedLink wire(String model, BpMonitorSimulator simulator) {
        return wire(new JsonObject().put("model", model), simulator);
    }

    private static SimulatedLink wire(JsonObject settings, BpMonitorSimulator simulator) {
        return new SimulatedLink(vertx, new BpMonitorDriver(settings), simulator);
    }

    private static JsonObject onlyEvent(SimulatedLink link, String type) {
        link.settle();
        assertEquals(1, link.events.size(), "events: " + link.events);
        assertEquals(type, link.events.get(0).getString("type"));
        return link.events.get(0).getJsonObject("event");
    }

    @Test
    void omron9030ReadingIsPublishedWhenTheResidentMeasures() {
        BpMonitorSimulator monitor = new BpMonitorSimulator(BpModel.OMRON_HBP9030, CLOCK);
        SimulatedLink link = wire("omron-hbp9030", monitor);
        assertEquals(DeviceState.connected(), link.states.get(0));
        assertNull(monitor.perform("reading", Map.of("systolic", "142", "diastolic", "91", "pulse", "77")));
        JsonObject reading = onlyEvent(link, "reading");
        assertEquals(142, reading.getInteger("systolic"));
        assertEquals(91, reading.getInteger("diastolic"));
        assertEquals(77, reading.getInteger("pulse"));
        assertFalse(reading.containsKey("mean"), "HBP-9030 sends no mean");
        assertEquals("2026-07-11T09:05", reading.getString("deviceTime"));
        assertEquals("omron-hbp9030", reading.getString("model"));
        assertTrue(reading.getString("raw").startsWith("2026,07,11,09,05,"), reading.getString("raw"));
    }

    @Test
    void omron9030ErrorRecordBecomesAMeasurementError() {
        BpMonitorSimulator monitor = new BpMonitorSimulator(BpModel.OMRON_HBP9030, CLOCK);
        SimulatedLink link = wire("omron-hbp9030", monitor);
        assertNull(monitor.perform("error", Map.of("code", "2")));
        JsonObject error = onlyEvent(link, "measurement-error");
        assertEquals("device-error", error.getString("code"));
        assertEquals("ERR 2", error.getString("deviceCode"));
        assertTrue(error.getString("reason").contains("ERR 2"), error.getString("reason"));
    }

    @Test
    void omron9020ReadingUsesTheConfiguredLayout() {
        BpMonitorSimulator monitor = new BpMonitorSimulator(BpModel.OMRON_HBP9020, CLOCK);
        SimulatedLink link = wire("omron-hbp9020", monitor);
        monitor.perform("reading", Map.of("systolic", "150", "diastolic", "95", "pulse", "70", "mean", "113"));
        JsonObject reading = onlyEvent(link, "reading");
        assertEquals(113, reading.getInteger("mean"));
        assertEquals(95, reading.getInteger("diastolic"));

        BpMonitorSimulator second = new BpMonitorSimulator(BpModel.OMRON_HBP9020, CLOCK);
        SimulatedLink noMean = wire(new JsonObject().put("model", "omron-hbp9020")
                .put("hbp9020", new JsonObject().put("meanField", -1)), second);
        second.perform("reading", Map.of("systolic", "150", "diastolic", "95", "pulse", "70", "mean", "113"));
        assertFalse(onlyEvent(noMean, "reading").containsKey("mean"), "mean switched off by the layout setting");
    }

    @Test
    void omronCannotBeStartedRemotely() {
        BpMonitorDriver driver = new BpMonitorDriver(new JsonObject().put("model", "omron-hbp9030"));
        SimulatedLink link = new SimulatedLink(vertx, driver, new BpMonitorSimulator(BpModel.OMRON_HBP9030, CLOCK));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> link.call(() -> driver.request("start", new JsonObject())));
        assertTrue(e.getMessage().contains("presses START"), e.getMessage());
        assertTrue(link.sent.isEmpty(), "nothing may be sent to an Omron");
    }

    @Test
    void andStartIsAcknowledgedThenTheScriptedReadingArrives() {
        BpMonitorSimulator monitor = new BpMonitorSimulator(BpModel.AND_TM2655, CLOCK);
        BpMonitorDriver driver = new BpMonitorDriver(new JsonObject().put("model", "and-tm2655"));
        SimulatedLink link = new SimulatedLink(vertx, driver, monitor);
        JsonObject started = link.call(() -> driver.request("start", new JsonObject()));
        assertEquals(new JsonObject().put("accepted", true).put("command", "start"), started);
        assertArrayEquals(AndCommands.start(), link.sent.get(0));
        link.settle();
        assertTrue(link.events.isEmpty(), "no result before the measurement ends");

        monitor.perform("reading", Map.of("systolic", "118", "diastolic", "76", "pulse", "64"));
        JsonObject reading = onlyEvent(link, "reading");
        assertEquals(118, reading.getInteger("systolic"));
        assertEquals(90, reading.getInteger("mean"), "simulator's default mean: DIA + (SYS-DIA)/3");
    }

    @Test
    void andErrorCodeArrivesAsPlainReason() {
        BpMonitorSimulator monitor = new BpMonitorSimulator(BpModel.AND_TM2655, CLOCK);
        BpMonitorDriver driver = new BpMonitorDriver(new JsonObject().put("model", "and-tm2655"));
        SimulatedLink link = new SimulatedLink(vertx, driver, monitor);
        monitor.perform("error", Map.of("code", "E43"));
        link.call(() -> driver.request("start", new JsonObject()));
        JsonObject error = onlyEvent(link, "measurement-error");
        assertEquals("no-pulse", error.getString("code"));
        assertEquals("E43", error.getString("deviceCode"));
        assertTrue(error.getString("reason").startsWith("No pulse"), error.getString("reason"));
    }

    @Test
    void andStopIsAcknowledgedAndCancelsTheMeasurement() {
        BpMonitorSimulator monitor = new BpMonitorSimulator(BpModel.AND_TM2655, CLOCK);
        BpMonitorDriver driver = new BpMonitorDriver(new JsonObject().put("model", "and-tm2655"));
        SimulatedLink link = new SimulatedLink(vertx, driver, monitor);
        link.call(() -> driver.request("start", new JsonObject()));
        assertEquals("stop", link.call(() -> driver.request("stop", new JsonObject())).getString("command"));
        assertArrayEquals(AndCommands.stop(), link.sent.get(1));
        monitor.perform("reading", Map.of("systolic", "118", "diastolic", "76", "pulse", "64"));
        link.settle();
        assertTrue(link.events.isEmpty(), "a stopped measurement sends nothing");
    }

    @Test
    void andWithoutAcknowledgementTimesOutWithAReason() {
        BpMonitorDriver driver = new BpMonitorDriver(new JsonObject().put("model", "and-tm2655").put("ackTimeoutMs", 100));
        SimulatedLink link = new SimulatedLink(vertx, driver, null);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> link.call(() -> driver.request("start", new JsonObject())));
        assertTrue(e.getMessage().contains("did not acknowledge 'start' within 100 ms"), e.getMessage());
    }

    @Test
    void disconnectFailsAWaitingCommand() {
        BpMonitorDriver driver = new BpMonitorDriver(new JsonObject().put("model", "and-tm2655"));
        SimulatedLink link = new SimulatedLink(vertx, driver, null);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> link.call(() -> {
            var pending = driver.request("start", new JsonObject());
            driver.closed("unplugged");
            return pending;
        }));
        assertTrue(e.getMessage().contains("disconnected: unplugged"), e.getMessage());
    }

    @Test
    void unknownModelIsRefusedAtConfiguration() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BpMonitorDriver(new JsonObject().put("model", "yuwell")));
        assertTrue(e.getMessage().contains("omron-hbp9030"));
    }

    @Test
    void simulatorRejectsBadScripts() {
        assertTrue(new BpMonitorSimulator(BpModel.OMRON_HBP9030).perform("reading", Map.of("systolic", "x"))
                .contains("systolic"));
        assertTrue(new BpMonitorSimulator(BpModel.AND_TM2655).perform("error", Map.of("code", "E00")).contains("E44"));
        assertTrue(new BpMonitorSimulator(BpModel.OMRON_HBP9020).perform("error", Map.of("code", "1"))
                .contains("no documented error record"));
        assertTrue(new BpMonitorSimulator(BpModel.AND_TM2655).perform("dance", Map.of()).contains("unknown behaviour"));
    }
}
