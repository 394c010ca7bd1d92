package org.clinickiosk.bp;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientSession;
import io.vertx.junit5.VertxExtension;
import org.clinickiosk.device.bp.BpErrorCode;
import org.clinickiosk.device.bp.BpModel;
import org.clinickiosk.device.bp.BpMonitorSimulator;
import org.clinickiosk.device.port.SimulatorOnPty;
import org.clinickiosk.testsupport.MutableClock;
import org.clinickiosk.testsupport.PtyPair;
import org.clinickiosk.testsupport.RunningServer;
import org.clinickiosk.testsupport.SseClient;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.clinickiosk.bp.BpTestKit.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each monitor model end to end: its simulator speaks the real bytes on the far end of a pseudo-terminal, the real
 * server reads them with jSerialComm as the kiosk's bpMonitor, and the BP session stores the reading for the
 * identified resident and tells the kiosk page; every error the model can report stores nothing and reaches the page
 * in plain words.
 */
@ExtendWith(VertxExtension.class)
class BpMonitorPtyTest {

    /** Every error each model can send: A&D codes (and an undocumented one), HBP-9030 ERR values. */
    private static List<String[]> deviceErrors(BpModel model) {
        List<String[]> out = new ArrayList<>();
        switch (model) {
            case AND_TM2655 -> {
                for (String code : List.of("E11", "E12", "E13", "E15", "E21", "E22", "E23", "E24", "E42", "E43", "E44",
                        "E45", "E46", "E48", "E61", "E63", "E99")) {
                    out.add(new String[]{code, BpErrorCode.forAndCode(code).key()});
                }
            }
            case OMRON_HBP9030 -> {
                for (String err : List.of("1", "2", "3", "5", "9", "A")) out.add(new String[]{err, "device-error"});
            }
            case OMRON_HBP9020 -> { } // no documented error record: only our own checks below
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(BpModel.class)
    void aReadingIsStoredForTheIdentifiedResidentAndEveryErrorStoresNothing(BpModel model, Vertx vertx) throws Exception {
        MutableClock clock = MutableClock.shanghai(9, 0);
        try (PtyPair pty = PtyPair.open()) {
            SimulatorOnPty monitor = new SimulatorOnPty(new BpMonitorSimulator(model,
                    clock.withZone(ZoneId.of("Asia/Shanghai"))), pty.b());
            monitor.attach();
            JsonObject devices = new JsonObject().put("bpMonitor", new JsonObject().put("port", pty.a().toString())
                    .put("baud", model == BpModel.OMRON_HBP9030 ? 9600 : 2400).put("model", model.configName()));
            try (RunningServer s = new RunningServer(vertx, clock, json -> {
                json.getJsonArray("kiosks").getJsonObject(0).put("devices", devices);
                return json;
            }, 15_000); SseClient stream = kioskStream(s)) {
                awaitMonitorConnected(stream);
                String idNumber = idNumber("19800101", 1);
                long resident = createResident(s, idNumber, "王小明");
                identifyAt(s, "K1", org.clinickiosk.testsupport.TestConfigs.KIOSK1_TOKEN, idNumber);

                JsonObject state = k1Get(s, "/api/kiosks/K1/bp").bodyAsJsonObject();
                assertEquals(model.configName(), state.getJsonObject("monitor").getString("model"));
                assertEquals(model.remoteStart(), state.getJsonObject("monitor").getBoolean("remoteStart"));

                measure(s, model, monitor, "reading", Map.of("systolic", "128", "diastolic", "84", "pulse", "72"));
                JsonObject event = stream.next("bp-reading").data();
                assertTrue(event.getBoolean("assigned"));
                JsonObject reading = event.getJsonObject("reading");
                assertEquals(128, reading.getInteger("systolic"));
                assertEquals(84, reading.getInteger("diastolic"));
                assertEquals(72, reading.getInteger("pulse"));
                assertEquals("normal-high", reading.getString("category"));
                assertTrue(reading.getJsonObject("text").getJsonObject("advice").getString("zh-CN").contains("盐"));
                assertEquals(1, event.getJsonObject("series").getInteger("count"));
                assertTrue(event.getJsonObject("series").getBoolean("wantsAnother"));

                JsonObject row = rows(s).get(0);
                assertEquals(resident, ((Number) row.getValue("resident_id")).longValue());
                assertEquals("K1", row.getString("kiosk_id"));
                assertEquals(128, row.getInteger("systolic"));
                assertEquals(84, row.getInteger("diastolic"));
                assertEquals(72, row.getInteger("pulse"));
                assertEquals("normal-high", row.getString("category"));
                assertEquals(model.configName(), row.getString("monitor_model"));
                assertEquals(clock.millis(), ((Number) row.getValue("measured_at")).longValue(), "server time");
                assertEquals("2026-11-23T09:00", row.getString("device_time"), "the monitor's own clock");
                assertFalse(row.getString("raw").isBlank());
                assertEquals("session", row.getString("assigned_via"));
                if (model == BpModel.OMRON_HBP9030) {
                    assertNull(row.getValue("mean_pressure"), "the HBP-9030 sends no mean");
                } else {
                    assertEquals(99, row.getInteger("mean_pressure"), "mean sent by the monitor: round(84 + 44/3)");
                }

                for (String[] error : deviceErrors(model)) {
                    measure(s, model, monitor, "error", Map.of("code", error[0]));
                    assertPlainError(stream, error[1]);
                }
                // our own plausibility checks, for every model
                measure(s, model, monitor, "reading", Map.of("systolic", "300", "diastolic", "80", "pulse", "70"));
                assertPlainError(stream, "out-of-range");
                measure(s, model, monitor, "reading", Map.of("systolic", "90", "diastolic", "95", "pulse", "70"));
                assertPlainError(stream, "inconsistent");
                assertEquals(1, rows(s).size(), "no error stored anything");

                WebClientSession nurse = s.browser();
                s.login(nurse, "nurse1");
                JsonArray entries = assertBundle(nurse.get("/api/residents/" + resident + "/observations").send().await()
                        .bodyAsJsonObject());
                JsonObject bp = entries.getJsonObject(0).getJsonObject("resource");
                assertBloodPressure(bp, resident, 128, 84);
                assertEquals(model != BpModel.OMRON_HBP9030, hasComponent(bp, "8478-0"), "mean only when measured");
                assertHeartRate(entries.getJsonObject(1).getJsonObject("resource"), resident, 72);
            } finally {
                monitor.close();
            }
        }
    }

    /** A&D: the kiosk starts the monitor; Omron: the start is refused and the resident presses START. */
    private static void measure(RunningServer s, BpModel model, SimulatorOnPty monitor, String behaviour,
                                Map<String, String> args) {
        var started = k1Post(s, "/api/kiosks/K1/bp/start", null);
        if (model.remoteStart()) {
            assertEquals(200, started.statusCode(), started.bodyAsString());
            assertTrue(started.bodyAsJsonObject().getBoolean("started"));
        } else {
            assertError(started, 409, "press_monitor_button");
        }
        String refused = monitor.perform(behaviour, args);
        assertNull(refused, refused);
    }

    private static void assertPlainError(SseClient stream, String code) throws InterruptedException {
        JsonObject error = stream.next("bp-error").data();
        assertEquals(code, error.getString("code"));
        JsonObject message = error.getJsonObject("message");
        assertNotNull(message, "plain words for " + code);
        // SseClient decodes each network chunk on its own, so a Chinese character split between two chunks can
        // arrive garbled in this test: compare the (ASCII) English words exactly and the Chinese for presence.
        assertEquals(BpTexts.error(code).getString("en"), message.getString("en"), "the words for " + code);
        assertFalse(message.getString("zh-CN").isBlank());
        assertFalse(message.getString("en").isBlank());
        assertFalse(error.containsKey("raw"), "the raw record never reaches the page");
    }

}
