package org.clinickiosk.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.clinickiosk.concurrency.TestClinics;
import org.clinickiosk.device.DeviceCatalog;
import org.clinickiosk.device.port.SimulatorOnPty;
import org.clinickiosk.device.printer.PaperWidth;
import org.clinickiosk.device.printer.PrintedPage;
import org.clinickiosk.device.printer.PrinterSimulator;
import org.clinickiosk.testsupport.PtyPair;
import org.clinickiosk.testsupport.SseClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The clustered deployment on loopback, every node its own JVM: the server node ({@link TestNodeMain} server, for its
 * print command), kiosk node K2 started by the real {@code Main --role kiosk}, with its ID card reader and ticket
 * printer simulators on pseudo-terminals owned by this test, then rogue nodes and a kiosk node K3. The kiosk page is
 * modelled by {@link KioskPage}: K2's event stream served by the server node with K2's token.
 */
@ExtendWith(VertxExtension.class)
class ClusterDeploymentTest {
    static final String SECRET = "test-cluster-secret-0123456789-abcdefghij";
    static final String K2_KEY = "test-kiosk-K2-key-0123456789-abcdefghijk";
    static final String K3_KEY = "test-kiosk-K3-key-0123456789-abcdefghijk";
    static final String K3_TOKEN = "test-kiosk-three-token-0003";
    static final Duration JOIN = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private int[] hazelcast;
    private int[] eventBus;
    private TestCertificates certs;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES) // a hang guard only
    void kioskNodeAndServerNodeSurviveKillsAndOnlyEachKioskSpeaksForItself(Vertx vertx) throws Exception {
        certs = TestCertificates.clinicCa(dir);
        Path serverStore = certs.node("server");
        Path kioskStore = certs.node("kiosk");
        Path outsiderStore = certs.selfSigned("outsider");
        int http = freePort();
        hazelcast = new int[]{freePort(), freePort(), freePort(), freePort(), freePort()};
        eventBus = new int[]{freePort(), freePort(), freePort(), freePort(), freePort()};
        JsonArray members = new JsonArray();
        for (int i = 0; i < 3; i++) members.add("127.0.0.1:" + hazelcast[i]); // server, K2, K3: not the rogues

        Path log = dir.resolve("nodes.log");
        WebClient client = WebClient.create(vertx);
        try (PtyPair readerLine = PtyPair.open(); PtyPair printerLine = PtyPair.open()) {
            SimulatorOnPty card = new SimulatorOnPty(DeviceCatalog.SIMULATORS.create("idCardReader", new JsonObject()),
                    readerLine.b());
            PrinterSimulator printer = new PrinterSimulator(dir.resolve("printed"), PaperWidth.MM80);
            SimulatorOnPty printerEnd = new SimulatorOnPty(printer, printerLine.b());
            card.attach();
            printerEnd.attach();
            JsonObject k2Devices = new JsonObject()
                    .put("idCardReader", new JsonObject().put("port", readerLine.a().toString()).put("baud", 115200))
                    .put("printer", new JsonObject().put("port", printerLine.a().toString()).put("baud", 115200)
                            .put("afterPrintWaitMs", 200));
            JsonObject k3Devices = new JsonObject().put("idCardReader", new JsonObject().put("port", "simulated"));

            JsonObject serverJson = TestClinics.config(dir.resolve("clinic.db"), http, 0);
            JsonArray kiosks = serverJson.getJsonArray("kiosks");
            kiosks.getJsonObject(1).put("devices", k2Devices); // the server uses only the kinds: devices run on K2
            kiosks.add(new JsonObject().put("id", "K3").put("token", K3_TOKEN).put("devices", k3Devices));
            serverJson.put("cluster", cluster(0, SECRET, serverStore, members, Map.of("K2", K2_KEY, "K3", K3_KEY)));
            Path serverConfig = write("server.json", serverJson);
            Path k2Config = write("k2.json", kioskConfig("K2", TestClinics.KIOSK2_TOKEN, k2Devices,
                    cluster(1, SECRET, kioskStore, members, Map.of("K2", K2_KEY))));
            Path k3Config = write("k3.json", kioskConfig("K3", K3_TOKEN, k3Devices,
                    cluster(2, SECRET, kioskStore, members, Map.of("K3", K3_KEY))));
            Path wrongSecretConfig = write("rogue-secret.json", kioskConfig("K3", K3_TOKEN, k3Devices,
                    cluster(3, "a-different-secret-0123456789-abcdefghij", kioskStore, members, Map.of("K3", K3_KEY))));
            Path outsiderCertConfig = write("rogue-cert.json", kioskConfig("K3", K3_TOKEN, k3Devices,
                    cluster(4, SECRET, outsiderStore, members, Map.of("K3", K3_KEY))));

            NodeProcess server = new NodeProcess("server", log, TestNodeMain.class.getName(), serverConfig.toString(),
                    "server");
            NodeProcess k2 = new NodeProcess("K2", log, "org.clinickiosk.Main", "--config", k2Config.toString(),
                    "--role", "kiosk", "--kiosk-id", "K2");
            NodeProcess wrongSecret = new NodeProcess("rogue-secret", log, "org.clinickiosk.Main", "--config",
                    wrongSecretConfig.toString(), "--role", "kiosk", "--kiosk-id", "K3");
            NodeProcess outsiderCert = new NodeProcess("rogue-cert", log, "org.clinickiosk.Main", "--config",
                    outsiderCertConfig.toString(), "--role", "kiosk", "--kiosk-id", "K3");
            NodeProcess k3 = new NodeProcess("K3", log, TestNodeMain.class.getName(), k3Config.toString(), "kiosk", "K3");
            try {
                server.start();
                k2.start();
                server.awaitLog("NODE READY", JOIN);
                k2.awaitLog("kiosk node K2 is running", JOIN);

                // --- a card read on K2's PC identifies the resident on K2's page, served by the server node
                KioskPage page = KioskPage.open(vertx, http, "K2", TestClinics.KIOSK2_TOKEN, JOIN);
                page.awaitState("idCardReader", "connected", JOIN);
                page.awaitState("printer", "connected", JOIN);
                card.perform("present-card", Map.of("index", "0"));
                JsonObject identified = page.awaitIdentified(Duration.ofSeconds(10));
                assertEquals("3401**********0246", identified.getString("idNumber"));
                assertEquals("林*燕", identified.getString("name"));
                card.perform("remove-card", Map.of());

                // --- tickets over HTTP; the server prints one on K2's printer over the bus
                Map<String, JsonObject> tickets = new LinkedHashMap<>();
                for (String key : List.of("cluster-key-1", "cluster-key-2", "cluster-key-3")) {
                    tickets.put(key, issue(client, http, key, 201));
                }
                String number = tickets.get("cluster-key-1").getString("number");
                JsonObject printed = print(server, "p1", number);
                assertEquals(Boolean.TRUE, printed.getBoolean("printed"), printed.encode());
                assertTrue(printed(printer, number), "K2's printer printed " + printer.printedPages());

                // --- kill K2's node: its page says the kiosk PC is unreachable; the server goes on
                k2.kill();
                JsonObject away = page.awaitState("idCardReader", "disconnected", Duration.ofSeconds(15));
                assertEquals("kiosk PC K2 unreachable", away.getString("reason"));
                assertEquals("kiosk PC K2 unreachable", page.awaitState("printer", "disconnected", Duration.ofSeconds(5))
                        .getString("reason"));
                tickets.put("cluster-key-4", issue(client, http, "cluster-key-4", 201));

                // --- the node comes back: the same page sees its devices again and reads cards again
                k2.start();
                k2.awaitLog("kiosk node K2 is running", JOIN);
                page.awaitState("idCardReader", "connected", JOIN);
                card.perform("present-card", Map.of("index", "1"));
                assertEquals("王*国", page.awaitIdentified(Duration.ofSeconds(10)).getString("name"));
                card.perform("remove-card", Map.of());

                // --- kill the server node with one ticket acknowledged and one never answered
                tickets.put("cluster-key-5", issue(client, http, "cluster-key-5", 201));
                page.close();
                server.kill();
                assertTrue(issueFails(client, http, "cluster-key-6"), "the server is down");
                server.start();
                server.awaitLog("NODE READY", JOIN);

                // a reconnecting page gets a new snapshot; K2's node rejoined by itself and reports its devices
                page = KioskPage.open(vertx, http, "K2", TestClinics.KIOSK2_TOKEN, JOIN);
                page.awaitState("idCardReader", "connected", JOIN);
                page.awaitState("printer", "connected", JOIN);
                card.perform("present-card", Map.of("index", "0"));
                assertEquals("林*燕", page.awaitIdentified(Duration.ofSeconds(10)).getString("name"));
                card.perform("remove-card", Map.of());

                // no ticket lost or duplicated: every retry returns its ticket, the unanswered one is issued once
                tickets.put("cluster-key-6", issue(client, http, "cluster-key-6", 201));
                for (Map.Entry<String, JsonObject> t : tickets.entrySet()) {
                    JsonObject again = issue(client, http, t.getKey(), 200);
                    assertEquals(t.getValue().getLong("id"), again.getLong("id"), t.getKey());
                    assertEquals(t.getValue().getString("number"), again.getString("number"), t.getKey());
                }
                assertEquals(tickets.size(), ticketCount(dir.resolve("clinic.db")));
                String sixth = tickets.get("cluster-key-6").getString("number");
                assertEquals(Boolean.TRUE, print(server, "p2", sixth).getBoolean("printed"));
                assertTrue(printed(printer, sixth), "printed after the server restart");

                // --- outsiders: a node with the wrong secret, and one whose certificate the clinic CA did not sign
                KioskPage k3Page = KioskPage.open(vertx, http, "K3", K3_TOKEN, JOIN);
                k3Page.awaitReason("idCardReader", "kiosk PC K3 unreachable", Duration.ofSeconds(10));
                wrongSecret.start();
                outsiderCert.start();
                wrongSecret.awaitLog("kiosk node K3 is running", JOIN);
                outsiderCert.awaitLog("kiosk node K3 is running", JOIN);
                // four heartbeat periods of each, twice the server's timeout: none reached the server
                assertEquals("kiosk PC K3 unreachable", k3Page.watchState("idCardReader", Duration.ofSeconds(4))
                        .getString("reason"));
                wrongSecret.kill();
                outsiderCert.kill();

                // --- the real K3: reachable (so the outsiders were refused, not merely slow) ...
                k3.start();
                k3.awaitLog("NODE READY", JOIN);
                k3Page.awaitState("idCardReader", "connected", JOIN);
                // ... but cannot speak for K2: not on K2's event address, not to K2's printer
                JsonObject fake = new JsonObject().put("kind", "idCardReader").put("type", "identified")
                        .put("idNumber", "34052419800101001X").put("name", "冒充者").put("birthDate", "1980-01-01");
                int pagesBefore = printer.printedPages().size();
                k3.command("publish kiosk.K2.device.events " + fake.copy().put("kioskId", "K2").encode());
                k3.command("request p3 2000 kiosk.K2.device.printer.requests " + printRequest("X999").encode());
                k3.command("publish kiosk.K3.device.events " + fake.copy().put("kioskId", "K3").encode());
                assertEquals("冒*者", k3Page.awaitIdentified(Duration.ofSeconds(10)).getString("name"),
                        "K3 publishes on its own address");
                k3.awaitLog("FAILED p3", Duration.ofSeconds(10));
                assertNull(page.pollIdentified(Duration.ofSeconds(1)), "nothing from K3 reached K2's page");
                assertEquals(pagesBefore, printer.printedPages().size(), "K2's printer took no job from K3");
                assertTrue(server.logged("refused a message to kiosk.K2.device.events from another node: signed as "
                        + "kiosk K3, not K2"), server.tail());
                assertTrue(k2.logged("refused a message to kiosk.K2.device.printer.requests from another node"),
                        k2.tail());
                page.close();
                k3Page.close();
            } finally {
                for (NodeProcess node : List.of(k3, wrongSecret, outsiderCert, k2, server)) node.stop();
                // kept for reading after a failure (the temporary folder goes)
                Files.copy(log, Path.of("target", "cluster-test-nodes.log"), StandardCopyOption.REPLACE_EXISTING);
                client.close();
                card.close();
                printerEnd.close();
            }
        }
    }

    private JsonObject cluster(int node, String secret, Path keyStore, JsonArray members, Map<String, String> keys) {
        return clusterSection(hazelcast[node], eventBus[node], secret, keyStore, certs.trustStore(), members, keys);
    }

    static JsonObject clusterSection(int hazelcastPort, int eventBusPort, String secret, Path keyStore, Path trustStore,
                                     JsonArray members, Map<String, String> keys) {
        return new JsonObject().put("host", "127.0.0.1").put("port", hazelcastPort).put("eventBusPort", eventBusPort)
                .put("members", members.copy()).put("secret", secret).put("kioskKeys", new JsonObject(Map.copyOf(keys)))
                .put("kioskTimeoutSeconds", 2)
                .put("tls", new JsonObject().put("keyStore", keyStore.toString())
                        .put("keyStorePassword", TestCertificates.PASSWORD)
                        .put("trustStore", trustStore.toString())
                        .put("trustStorePassword", TestCertificates.PASSWORD));
    }

    static JsonObject kioskConfig(String id, String token, JsonObject devices, JsonObject cluster) {
        return new JsonObject()
                .put("kiosks", new JsonArray().add(new JsonObject().put("id", id).put("token", token).put("devices", devices)))
                .put("cluster", cluster);
    }

    private Path write(String name, JsonObject json) throws IOException {
        return Files.writeString(dir.resolve(name), json.encodePrettily());
    }

    private static JsonObject printRequest(String number) {
        return new JsonObject().put("action", "print").put("body", new JsonObject().put("clinicName", "测试社区卫生服务中心")
                .put("serviceName", "全科门诊").put("ticketNumber", number).put("roomHint", "1号诊室")
                .put("issuedAt", "2026-07-11T09:05").put("peopleAhead", 0).put("maskedName", "林*燕"));
    }

    /** The server node asks K2's printer over the bus; returns the driver's outcome. */
    private static JsonObject print(NodeProcess server, String id, String number) throws Exception {
        server.command("request " + id + " 15000 kiosk.K2.device.printer.requests " + printRequest(number).encode());
        String line = server.awaitLog("REPLY " + id + " ", Duration.ofSeconds(20));
        return new JsonObject(line.substring(line.indexOf("REPLY " + id + " ") + ("REPLY " + id + " ").length()));
    }

    private static boolean printed(PrinterSimulator printer, String ticketNumber) {
        return printer.printedPages().stream().map(PrintedPage::toText).anyMatch(text -> text.contains(ticketNumber));
    }

    private static JsonObject issue(WebClient client, int port, String key, int expectedStatus) {
        HttpResponse<Buffer> r = client.post(port, "127.0.0.1", "/api/tickets")
                .putHeader("X-Kiosk-Token", TestClinics.KIOSK2_TOKEN).putHeader("Idempotency-Key", key)
                .sendJsonObject(new JsonObject().put("serviceId", "gp")).await();
        assertEquals(expectedStatus, r.statusCode(), r.bodyAsString());
        return r.bodyAsJsonObject();
    }

    private static boolean issueFails(WebClient client, int port, String key) {
        try {
            client.post(port, "127.0.0.1", "/api/tickets").putHeader("X-Kiosk-Token", TestClinics.KIOSK2_TOKEN)
                    .putHeader("Idempotency-Key", key).timeout(2000)
                    .sendJsonObject(new JsonObject().put("serviceId", "gp")).await();
            return false;
        } catch (Exception refused) {
            return true;
        }
    }

    private static int ticketCount(Path database) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database.toAbsolutePath());
             ResultSet r = c.createStatement().executeQuery("SELECT COUNT(*) FROM tickets")) {
            return r.getInt(1);
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a kiosk page knows from its event stream: each device's latest state, and the identifications. */
    static final class KioskPage implements AutoCloseable {
        private final SseClient stream;
        private final Map<String, JsonObject> states = new LinkedHashMap<>();
        private final java.util.ArrayDeque<JsonObject> identified = new java.util.ArrayDeque<>();

        private KioskPage(SseClient stream) {
            this.stream = stream;
        }

        /** Connects, retrying while the server is still starting (as the page's EventSource does). */
        static KioskPage open(Vertx vertx, int port, String kioskId, String token, Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                try {
                    SseClient stream = new SseClient(vertx, port, "/api/kiosks/" + kioskId + "/stream",
                            Map.of("X-Kiosk-Token", token));
                    assertEquals(200, stream.status);
                    return new KioskPage(stream);
                } catch (Exception notYet) {
                    if (System.nanoTime() > deadline) throw notYet;
                    Thread.sleep(100); // retry interval
                }
            }
        }

        JsonObject state(String kind) {
            return states.getOrDefault(kind, new JsonObject());
        }

        /** Reads events until {@code kind} has {@code status}; returns that state. */
        JsonObject awaitState(String kind, String status, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!status.equals(state(kind).getString("status"))) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0 || !read(left)) {
                    fail(kind + " did not become " + status + " within " + timeout + "; last state " + state(kind));
                }
            }
            return state(kind);
        }

        /** Reads events until {@code kind}'s state has {@code reason}. */
        void awaitReason(String kind, String reason, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!reason.equals(state(kind).getString("reason"))) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0 || !read(left)) fail(kind + " did not show \"" + reason + "\"; last state " + state(kind));
            }
        }

        /** Reads every event for the whole duration; fails if {@code kind} changes state; returns its state. */
        JsonObject watchState(String kind, Duration duration) throws InterruptedException {
            long deadline = System.nanoTime() + duration.toNanos();
            JsonObject before = null;
            while (System.nanoTime() < deadline) {
                read(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                if (before == null && states.containsKey(kind)) before = state(kind);
                if (before != null) assertEquals(before, state(kind), kind + " changed");
            }
            return state(kind);
        }

        JsonObject awaitIdentified(Duration timeout) throws InterruptedException {
            JsonObject event = pollIdentified(timeout);
            if (event == null) fail("no identification within " + timeout);
            return event;
        }

        JsonObject pollIdentified(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (identified.isEmpty()) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) return null;
                read(left);
            }
            return identified.removeFirst();
        }

        /** One event (false when none came in time). */
        private boolean read(long millis) throws InterruptedException {
            SseClient.Event e = stream.poll(millis);
            if (e == null) return false;
            JsonObject data = e.data();
            if (e.name().equals("snapshot")) {
                data.getJsonObject("devices").forEach(d -> states.put(d.getKey(), (JsonObject) d.getValue()));
            } else if (e.name().equals("device") && "state".equals(data.getString("type"))) {
                states.put(data.getString("kind"), data);
            } else if (e.name().equals("device") && "identified".equals(data.getString("type"))) {
                identified.addLast(data);
            }
            return true;
        }

        @Override
        public void close() {
            stream.close();
        }
    }
}
