package org.clinickiosk.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.clinickiosk.config.ClinicConfig;
import org.clinickiosk.device.DeviceAddresses;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The event-bus gates on a real three-node cluster in this JVM (Hazelcast on loopback, TLS event bus): a server node
 * with {@link ServerGuard}, kiosk node K2 with {@link KioskGuard}, and a rogue member that has the cluster secret and
 * a clinic certificate (a compromised kiosk PC, say) but no kiosk's key, sending whatever headers it likes.
 */
class EventBusGuardTest {
    static final String SECRET = "guard-test-cluster-secret-0123456789-abcd";
    static final String K2_KEY = "guard-test-K2-key-0123456789-abcdefghijkl";
    static final String K3_KEY = "guard-test-K3-key-0123456789-abcdefghijkl";

    @TempDir
    static Path dir;

    static Vertx server;
    static Vertx kiosk;
    static Vertx rogue;

    @BeforeAll
    static void cluster() throws Exception {
        TestCertificates certs = TestCertificates.clinicCa(dir);
        Path store = certs.node("member");
        int[] ports = {ClusterDeploymentTest.freePort(), ClusterDeploymentTest.freePort(), ClusterDeploymentTest.freePort()};
        List<String> members = List.of("127.0.0.1:" + ports[0], "127.0.0.1:" + ports[1], "127.0.0.1:" + ports[2]);
        ClinicConfig.ClusterTls tls = new ClinicConfig.ClusterTls(store.toString(), TestCertificates.PASSWORD,
                certs.trustStore().toString(), TestCertificates.PASSWORD);
        server = ClusterVertx.start(config(ports[0], members, Map.of("K2", K2_KEY, "K3", K3_KEY), tls)).await();
        ServerGuard.install(server, Map.of("K2", K2_KEY, "K3", K3_KEY));
        kiosk = ClusterVertx.start(config(ports[1], members, Map.of("K2", K2_KEY), tls)).await();
        KioskGuard.install(kiosk, "K2", K2_KEY);
        rogue = ClusterVertx.start(config(ports[2], members, Map.of(), tls)).await();
    }

    private static ClinicConfig.Cluster config(int port, List<String> members, Map<String, String> keys,
                                               ClinicConfig.ClusterTls tls) {
        return new ClinicConfig.Cluster("127.0.0.1", port, ClusterDeploymentTest.freePort(), members, SECRET, keys, tls, 2);
    }

    @AfterAll
    static void leave() {
        for (Vertx v : new Vertx[]{rogue, kiosk, server}) if (v != null) v.close().await();
    }

    /** A consumer whose registration has reached the other members. */
    private static <T> BlockingQueue<T> consume(Vertx on, String address) {
        BlockingQueue<T> received = new LinkedBlockingQueue<>();
        MessageConsumer<T> consumer = on.eventBus().consumer(address, m -> received.add(m.body()));
        consumer.completion().await();
        return received;
    }

    private static JsonObject event(String name) {
        return new JsonObject().put("type", "identified").put("name", name);
    }

    @Test
    void theServerTakesAKiosksEventsOnlyOnThatKiosksOwnAddresses() throws Exception {
        BlockingQueue<JsonObject> k2Events = consume(server, DeviceAddresses.events("K2"));
        BlockingQueue<JsonObject> k3Events = consume(server, DeviceAddresses.events("K3"));
        kiosk.eventBus().publish(DeviceAddresses.events("K3"), event("K2 posing as K3"));
        kiosk.eventBus().publish(DeviceAddresses.events("K2"), event("K2's own"));
        assertEquals("K2's own", k2Events.poll(10, TimeUnit.SECONDS).getString("name"));
        assertNull(k3Events.poll(500, TimeUnit.MILLISECONDS), "signed as K2: refused on K3's address");
    }

    @Test
    void forgedHeadersWithoutTheKiosksKeyAreRefused() throws Exception {
        BlockingQueue<JsonObject> k2Events = consume(server, DeviceAddresses.events("K2"));
        String address = DeviceAddresses.events("K2");
        rogue.eventBus().publish(address, event("unsigned"));
        rogue.eventBus().publish(address, event("K3's key"), signedAs("K2", K3_KEY, address, event("K3's key")));
        rogue.eventBus().publish(address, event("altered"), signedAs("K2", K2_KEY, address, event("the original")));
        // the positive control: with K2's key the same forgery passes, so only the key was missing above
        rogue.eventBus().publish(address, event("K2's key"), signedAs("K2", K2_KEY, address, event("K2's key")));
        assertEquals("K2's key", k2Events.poll(10, TimeUnit.SECONDS).getString("name"));
        assertNull(k2Events.poll(500, TimeUnit.MILLISECONDS));
    }

    @Test
    void noServerAddressTakesMessagesFromOtherNodes() throws Exception {
        BlockingQueue<JsonObject> calls = consume(server, "queue.called");
        BlockingQueue<JsonObject> ui = consume(server, "kiosk.K2.ui");
        rogue.eventBus().publish("queue.called", new JsonObject().put("number", "A999"));
        kiosk.eventBus().publish("queue.called", new JsonObject().put("number", "A998"));
        kiosk.eventBus().publish("kiosk.K2.ui", new JsonObject().put("type", "maintenance"));
        server.eventBus().publish("queue.called", new JsonObject().put("number", "A001"));
        assertEquals("A001", calls.poll(10, TimeUnit.SECONDS).getString("number"), "the server's own publish");
        assertNull(calls.poll(500, TimeUnit.MILLISECONDS));
        assertNull(ui.poll(100, TimeUnit.MILLISECONDS), "kiosk.K2.ui is the server's, even for K2");
        assertThrows(Exception.class, () -> rogue.eventBus().request("records.read", new JsonObject(),
                new DeliveryOptions().setSendTimeout(1000)).await(), "no records address to ask");
    }

    @Test
    void onlyTheServerDrivesAKiosksDevicesAndTheRepliesComeBack() throws Exception {
        String printer = DeviceAddresses.requests("K2", "printer");
        BlockingQueue<JsonObject> jobs = new LinkedBlockingQueue<>();
        MessageConsumer<JsonObject> consumer = kiosk.eventBus().consumer(printer, m -> {
            jobs.add(m.body());
            m.reply(new JsonObject().put("printed", true));
        });
        consumer.completion().await();
        try {
            JsonObject reply = server.eventBus().<JsonObject>request(printer, new JsonObject().put("ticket", "A001"))
                    .await().body();
            assertEquals(true, reply.getBoolean("printed"));
            assertEquals("A001", jobs.poll(1, TimeUnit.SECONDS).getString("ticket"));
            Future<?> forged = rogue.eventBus().request(printer, new JsonObject().put("ticket", "X999"),
                    new DeliveryOptions().setSendTimeout(1000));
            assertThrows(Exception.class, forged::await, "the kiosk ignores the rogue's job");
            assertNull(jobs.poll(100, TimeUnit.MILLISECONDS));
        } finally {
            consumer.unregister().await();
        }
    }

    @Test
    void aReplayedMessageIsRefused() throws Exception {
        BlockingQueue<JsonObject> k2Events = consume(server, DeviceAddresses.events("K2"));
        String address = DeviceAddresses.events("K2");
        DeliveryOptions captured = signedAs("K2", K2_KEY, address, event("once"));
        rogue.eventBus().publish(address, event("once"), captured);
        assertNotNull(k2Events.poll(10, TimeUnit.SECONDS));
        Thread.sleep(MessageSignature.SAME_DELIVERY_MILLIS + 200); // past one message's several local deliveries
        rogue.eventBus().publish(address, event("once"), captured);
        assertNull(k2Events.poll(500, TimeUnit.MILLISECONDS));
    }

    /** Headers as a node would set them by hand, with whatever key it has. */
    private static DeliveryOptions signedAs(String kioskId, String key, String address, JsonObject body) {
        String time = String.valueOf(System.currentTimeMillis());
        String nonce = Base64.getUrlEncoder().encodeToString(new JsonArray().add(Math.random()).encode().getBytes());
        String mac = MessageSignature.mac(key, MessageSignature.UP, kioskId, address, time, nonce,
                MessageSignature.canonicalBody(body));
        return new DeliveryOptions().addHeader(MessageSignature.KIOSK, kioskId)
                .addHeader(MessageSignature.DIRECTION, MessageSignature.UP).addHeader(MessageSignature.TIME, time)
                .addHeader(MessageSignature.NONCE, nonce).addHeader(MessageSignature.MAC, mac);
    }
}
