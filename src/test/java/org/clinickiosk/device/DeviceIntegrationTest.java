package org.clinickiosk.device;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.clinickiosk.device.idcard.IdCardSimulator;
import org.clinickiosk.device.port.SimulatorOnPty;
import org.clinickiosk.device.scanner.ScannerSimulator;
import org.clinickiosk.testsupport.MutableClock;
import org.clinickiosk.testsupport.PtyPair;
import org.clinickiosk.testsupport.RunningServer;
import org.clinickiosk.testsupport.SseClient;
import org.clinickiosk.testsupport.TestConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The device layer inside the real server: simulators speaking the real bytes on the far end of pseudo-terminals,
 * read by jSerialComm, decoded by the drivers, and delivered masked on the kiosk's event stream.
 */
@ExtendWith(VertxExtension.class)
class DeviceIntegrationTest {

    private static SseClient kioskStream(RunningServer s) {
        return new SseClient(s.vertx, s.port(), "/api/kiosks/K1/stream", Map.of("X-Kiosk-Token", TestConfigs.KIOSK1_TOKEN));
    }

    private static SseClient.Event nextOfType(SseClient stream, String type) throws InterruptedException {
        while (true) {
            SseClient.Event e = stream.next("device");
            if (type.equals(e.data().getString("type"))) return e;
        }
    }

    /** A page learns states from its snapshot first, then from state events. */
    private static void awaitConnected(SseClient stream, String kind) throws InterruptedException {
        SseClient.Event snapshot = stream.next();
        assertEquals("snapshot", snapshot.name());
        if (!"connected".equals(snapshot.data().getJsonObject("devices").getJsonObject(kind).getString("status"))) {
            nextState(stream, kind, "connected");
        }
    }

    private static SseClient.Event nextState(SseClient stream, String kind, String status) throws InterruptedException {
        while (true) {
            SseClient.Event e = nextOfType(stream, "state");
            if (kind.equals(e.data().getString("kind")) && status.equals(e.data().getString("status"))) return e;
        }
    }

    @Test
    void aCardOnARealSerialLineBecomesAMaskedIdentityAndSurvivesAnUnplug(Vertx vertx) throws Exception {
        try (PtyPair reader = PtyPair.open(); PtyPair scanner = PtyPair.open()) {
            SimulatorOnPty card = new SimulatorOnPty(new IdCardSimulator(DeviceCatalog.identities(null), false, new Random(1)),
                    reader.b());
            SimulatorOnPty scans = new SimulatorOnPty(new ScannerSimulator(StandardCharsets.UTF_8), scanner.b());
            card.attach();
            scans.attach();
            JsonObject devices = new JsonObject()
                    .put("idCardReader", new JsonObject().put("port", reader.a().toString()).put("baud", 115200))
                    .put("scanner", new JsonObject().put("port", scanner.a().toString()).put("baud", 9600));
            try (RunningServer s = new RunningServer(vertx, MutableClock.shanghai(9, 0), json -> {
                json.getJsonArray("kiosks").getJsonObject(0).put("devices", devices);
                return json;
            }, 15_000); SseClient stream = kioskStream(s)) {
                awaitConnected(stream, "idCardReader");
                card.perform("present-card", Map.of("index", "0"));
                JsonObject identified = nextOfType(stream, "identified").data();
                assertEquals("idCardReader", identified.getString("kind"));
                assertEquals("3401**********0246", identified.getString("idNumber"));
                assertEquals("林*燕", identified.getString("name"));
                assertEquals("1985-03-12", identified.getString("birthDate"));
                assertFalse(identified.containsKey("address"), "a screen never needs the address");

                scans.perform("scan", Map.of("text", "CKA1:42", "terminator", "crlf"));
                JsonObject scan = nextOfType(stream, "scan").data();
                assertEquals("appointment", scan.getString("category"));
                assertEquals("42", scan.getString("value"));

                reader.unplug();
                nextState(stream, "idCardReader", "disconnected");
                JsonObject health = s.client.get("/api/health").send().await().bodyAsJsonObject();
                assertEquals("disconnected", health.getJsonObject("devices").getJsonObject("K1")
                        .getJsonObject("idCardReader").getString("status"));

                reader.replug();
                card.attach();
                nextState(stream, "idCardReader", "connected");
                card.perform("remove-card", Map.of());
                card.perform("present-card", Map.of("index", "1"));
                JsonObject again = nextOfType(stream, "identified").data();
                assertEquals("王*国", again.getString("name"));
            } finally {
                card.close();
                scans.close();
            }
        }
    }

    @Test
    void theInProcessSimulatorsOfTheDemoAnswerScriptedBehaviours(Vertx vertx) throws Exception {
        JsonObject devices = new JsonObject()
                .put("idCardReader", new JsonObject().put("port", "simulated"))
                .put("scanner", new JsonObject().put("port", "simulated"));
        try (RunningServer s = new RunningServer(vertx, MutableClock.shanghai(9, 0), json -> {
            json.getJsonArray("kiosks").getJsonObject(0).put("devices", devices);
            return json;
        }, 15_000); SseClient stream = kioskStream(s)) {
            awaitConnected(stream, "idCardReader");
            vertx.eventBus().request(DeviceAddresses.requests("K1", "idCardReader"), new JsonObject()
                    .put("action", "simulate").put("body", new JsonObject().put("behaviour", "present-card")
                            .put("args", new JsonObject().put("index", "1")))).await();
            JsonObject identified = nextOfType(stream, "identified").data();
            assertEquals("王*国", identified.getString("name"));
            assertTrue(identified.getString("idNumber").contains("*"));
        }
    }

    @Test
    void aWrongDeviceSettingStopsStartupNamingTheKey(Vertx vertx) {
        JsonObject devices = new JsonObject().put("scanner", new JsonObject().put("port", "simulated").put("baud", "fast"));
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> new RunningServer(vertx,
                MutableClock.shanghai(9, 0), json -> {
                    json.getJsonArray("kiosks").getJsonObject(0).put("devices", devices);
                    return json;
                }, 15_000));
        assertTrue(e.getMessage().startsWith("kiosks[0].devices.scanner.baud"), e.getMessage());
    }
}
