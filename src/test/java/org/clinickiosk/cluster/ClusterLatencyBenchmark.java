package org.clinickiosk.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.clinickiosk.concurrency.TestClinics;
import org.clinickiosk.device.DeviceCatalog;
import org.clinickiosk.device.port.SimulatorOnPty;
import org.clinickiosk.testsupport.PtyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Not a test: the card → identified latency of the clustered deployment against the single process, for
 * BENCHMARKS.md (section "Clustered deployment"). Runs only with {@code -Dclinickiosk.bench.cluster=true}:
 * {@code mvn -q -B test -Dtest=ClusterLatencyBenchmark -Dclinickiosk.bench.cluster=true [-Dclinickiosk.bench.cards=60]}.
 *
 * <p>The same K2 card reader simulator on a pseudo-terminal, the same page (K2's event stream from the server's HTTP
 * port), first with the reader in the server's own JVM, then in a kiosk node's JVM. Two figures per card:
 * <em>card → page</em>, from presenting the card to the page receiving "identified" (includes the reader's polling);
 * and <em>driver → page</em>, from the driver's event timestamp (set where the driver runs) to the page: the path the
 * cluster changes. All processes share this machine's clock.
 */
@ExtendWith(VertxExtension.class)
@EnabledIfSystemProperty(named = "clinickiosk.bench.cluster", matches = "true")
class ClusterLatencyBenchmark {
    static final String SECRET = "bench-cluster-secret-0123456789-abcdefghij";
    static final String K2_KEY = "bench-kiosk-K2-key-0123456789-abcdefghijk";

    @TempDir
    Path dir;

    @Test
    void cardToIdentifiedAcrossNodesAgainstOneProcess(Vertx vertx) throws Exception {
        int cards = Integer.getInteger("clinickiosk.bench.cards", 60);
        TestCertificates certs = TestCertificates.clinicCa(dir);
        Path serverStore = certs.node("server");
        Path kioskStore = certs.node("kiosk");
        WebClient client = WebClient.create(vertx);
        StringBuilder report = new StringBuilder();
        try (PtyPair readerLine = PtyPair.open()) {
            SimulatorOnPty card = new SimulatorOnPty(DeviceCatalog.SIMULATORS.create("idCardReader", new JsonObject()),
                    readerLine.b());
            card.attach();
            JsonObject devices = new JsonObject().put("idCardReader", new JsonObject()
                    .put("port", readerLine.a().toString()).put("baud", 115200));
            Path log = dir.resolve("bench.log");

            int http = ClusterDeploymentTest.freePort();
            JsonObject single = TestClinics.config(dir.resolve("single.db"), http, 0);
            single.getJsonArray("kiosks").getJsonObject(1).put("devices", devices);
            Path singleConfig = Files.writeString(dir.resolve("single.json"), single.encodePrettily());
            NodeProcess process = new NodeProcess("single", log, "org.clinickiosk.Main", "--config", singleConfig.toString());
            try {
                process.start();
                process.awaitLog("ClinicKiosk is running", Duration.ofSeconds(60));
                report.append(measure("one process", vertx, http, card, cards));
            } finally {
                process.stop();
            }

            http = ClusterDeploymentTest.freePort();
            int[] hz = {ClusterDeploymentTest.freePort(), ClusterDeploymentTest.freePort()};
            JsonArray members = new JsonArray().add("127.0.0.1:" + hz[0]).add("127.0.0.1:" + hz[1]);
            JsonObject serverJson = TestClinics.config(dir.resolve("cluster.db"), http, 0);
            serverJson.getJsonArray("kiosks").getJsonObject(1).put("devices", devices);
            serverJson.put("cluster", ClusterDeploymentTest.clusterSection(hz[0], ClusterDeploymentTest.freePort(), SECRET,
                    serverStore, certs.trustStore(), members, Map.of("K2", K2_KEY)));
            JsonObject kioskJson = ClusterDeploymentTest.kioskConfig("K2", TestClinics.KIOSK2_TOKEN, devices,
                    ClusterDeploymentTest.clusterSection(hz[1], ClusterDeploymentTest.freePort(), SECRET, kioskStore,
                            certs.trustStore(), members, Map.of("K2", K2_KEY)));
            NodeProcess server = new NodeProcess("server", log, "org.clinickiosk.Main", "--config",
                    Files.writeString(dir.resolve("server.json"), serverJson.encodePrettily()).toString(), "--role", "server");
            NodeProcess kiosk = new NodeProcess("K2", log, "org.clinickiosk.Main", "--config",
                    Files.writeString(dir.resolve("k2.json"), kioskJson.encodePrettily()).toString(), "--role", "kiosk",
                    "--kiosk-id", "K2");
            try {
                server.start();
                kiosk.start();
                server.awaitLog("ClinicKiosk is running", Duration.ofSeconds(60));
                kiosk.awaitLog("kiosk node K2 is running", Duration.ofSeconds(60));
                report.append(measure("cluster (server node + kiosk node, TLS event bus)", vertx, http, card, cards));
            } finally {
                kiosk.stop();
                server.stop();
            }
            card.close();
        } finally {
            client.close();
            Files.copy(dir.resolve("bench.log"), Path.of("target", "bench-cluster-nodes.log"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        System.out.println(report);
        Files.writeString(Path.of("target", "bench-cluster.txt"), report);
    }

    private static String measure(String label, Vertx vertx, int port, SimulatorOnPty card, int cards) throws Exception {
        List<Double> cardToPage = new ArrayList<>();
        List<Double> driverToPage = new ArrayList<>();
        int missed = 0;
        try (ClusterDeploymentTest.KioskPage page = ClusterDeploymentTest.KioskPage.open(vertx, port, "K2",
                TestClinics.KIOSK2_TOKEN, Duration.ofSeconds(60))) {
            page.awaitState("idCardReader", "connected", Duration.ofSeconds(60));
            for (int i = 0; i < cards + 5; i++) {
                long presented = System.nanoTime();
                card.perform("present-card", Map.of("index", String.valueOf(i % 2)));
                JsonObject identified = page.pollIdentified(Duration.ofSeconds(5));
                if (identified == null) { // the reader had not yet seen the previous card go: counted, not measured
                    missed++;
                    card.perform("remove-card", Map.of());
                    Thread.sleep(1000);
                    continue;
                }
                Instant arrived = Instant.now();
                long elapsed = System.nanoTime() - presented;
                if (i >= 5) { // the first few warm the JIT and the connections
                    cardToPage.add(elapsed / 1e6);
                    driverToPage.add(Duration.between(Instant.parse(identified.getString("timestamp")), arrived).toNanos() / 1e6);
                }
                card.perform("remove-card", Map.of());
                Thread.sleep(800); // the reader notices the removal before the next card
            }
        }
        return String.format("%s, %d cards (%d presentations not read, retried):%n  card → page    %s%n"
                + "  driver → page  %s%n", label, cardToPage.size(), missed, summary(cardToPage), summary(driverToPage));
    }

    private static String summary(List<Double> millis) {
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        return String.format("median %.1f ms, p90 %.1f ms, min %.1f ms, max %.1f ms", sorted.get(sorted.size() / 2),
                sorted.get((int) (sorted.size() * 0.9)), sorted.get(0), sorted.get(sorted.size() - 1));
    }
}
