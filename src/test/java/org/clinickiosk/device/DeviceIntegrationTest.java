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

    private static JsonObject print(Vertx vertx, String number) {
        JsonObject ticket = new JsonObject().put("clinicName", "测试社区卫生服务中心").put("serviceName", "全科门诊")
                .put("ticketNumber", number).put("issuedAt", "2026-11-23T09:05").put("peopleAhead", 2)
                .put("maskedName", "王*明").put("qrText", "http://clinic.example/t/abc");
        return vertx.eventBus().<JsonObject>request(DeviceAddresses.requests("K1", "printer"),
                new JsonObject().put("action", "print").put("body", ticket)).await().body();
    }

    @Test
    void aTicketPrintsOverARealSerialLineAndEveryPrinterFaultIsAReasonNotATicket(Vertx vertx) throws Exception {
        java.nio.file.Path jobs = java.nio.file.Files.createTempDirectory("printed");
        try (PtyPair line = PtyPair.open()) {
            org.clinickiosk.device.printer.PrinterSimulator printer = new org.clinickiosk.device.printer.PrinterSimulator(
                    jobs, org.clinickiosk.device.printer.PaperWidth.MM80);
            SimulatorOnPty onPty = new SimulatorOnPty(printer, line.b());
            onPty.attach();
            JsonObject devices = new JsonObject().put("printer", new JsonObject().put("port", line.a().toString())
                    .put("baud", 115200).put("paperWidth", 80).put("afterPrintWaitMs", 50));
            try (RunningServer s = new RunningServer(vertx, MutableClock.shanghai(9, 0), json -> {
                json.getJsonArray("kiosks").getJsonObject(0).put("devices", devices);
                return json;
            }, 15_000); SseClient stream = kioskStream(s)) {
                awaitConnected(stream, "printer");
                JsonObject printed = print(vertx, "A023");
                assertTrue(printed.getBoolean("printed"), printed.encode());
                assertTrue(printed.getInteger("bytes") <= 1024, "a ticket stays under 1 KB: " + printed.getInteger("bytes"));
                var page = printer.printedPages().get(printer.printedPages().size() - 1);
                assertTrue(page.textLines().stream().anyMatch(l -> l.contains("A023")), page.toText());
                assertEquals(java.util.List.of("http://clinic.example/t/abc"), page.qrPayloads());

                for (String[] fault : new String[][]{{"paper-out", "paper-out"}, {"cover-open", "cover-open"},
                        {"paper-near-end", "paper-near-end"}}) {
                    int pagesBefore = printer.printedPages().size();
                    onPty.perform(fault[0], Map.of());
                    JsonObject refused = print(vertx, "A024");
                    assertEquals(false, refused.getBoolean("printed"), refused.encode());
                    assertEquals(fault[1], refused.getString("code"));
                    assertEquals(false, refused.getBoolean("sent"), "nothing was sent to a printer that is not ready");
                    assertEquals(pagesBefore, printer.printedPages().size());
                    onPty.perform("paper-ok", Map.of());
                }

                line.unplug();
                nextState(stream, "printer", "disconnected");
                line.replug();
                onPty.attach();
                nextState(stream, "printer", "connected");
                assertTrue(print(vertx, "A025").getBoolean("printed"), "printing works again after a replug");
            } finally {
                onPty.close();
            }
        }
    }

    @Test
    void aCorruptCutOffOrNoisyLineNeverGivesAWrongIdentityAndTheReaderRecovers(Vertx vertx) throws Exception {
        try (PtyPair reader = PtyPair.open()) {
            SimulatorOnPty card = new SimulatorOnPty(new IdCardSimulator(DeviceCatalog.identities(null), false, new Random(2)),
                    reader.b());
            card.attach();
            JsonObject devices = new JsonObject()
                    .put("idCardReader", new JsonObject().put("port", reader.a().toString()).put("baud", 115200));
            try (RunningServer s = new RunningServer(vertx, MutableClock.shanghai(9, 0), json -> {
                json.getJsonArray("kiosks").getJsonObject(0).put("devices", devices);
                return json;
            }, 15_000); SseClient stream = kioskStream(s)) {
                awaitConnected(stream, "idCardReader");
                // Over a real line the fault hits whichever reply comes next (often a poll), so each run may see a
                // card error or a retried, clean read; what must hold is that no corrupted or cut-off frame ever
                // becomes an identity, and that the reader keeps working (the codec fuzz tests corrupt every frame).
                for (String fault : new String[]{"corrupt-checksum", "truncate", "garbage"}) {
                    card.perform(fault, Map.of());
                    card.perform("present-card", Map.of("index", "0"));
                    SseClient.Event event;
                    do {
                        event = stream.next("device");
                    } while (!java.util.Set.of("identified", "card-error").contains(event.data().getString("type")));
                    if (event.data().getString("type").equals("identified")) {
                        assertEquals("林*燕", event.data().getString("name"), fault + ": " + event.data());
                        assertEquals("3401**********0246", event.data().getString("idNumber"), fault + ": " + event.data());
                        assertEquals("1985-03-12", event.data().getString("birthDate"), fault + ": " + event.data());
                    }
                    card.perform("remove-card", Map.of());
                    Thread.sleep(400); // one poll notices the card has gone, so the next presentation is a new one
                }
                card.perform("present-card", Map.of("index", "0"));
                assertEquals("林*燕", nextOfType(stream, "identified").data().getString("name"),
                        "a clean read after the faults still identifies");
            } finally {
                card.close();
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
