package org.clinickiosk.cluster;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.clinickiosk.config.ClinicConfig;
import org.clinickiosk.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cluster section: read strictly, errors naming the key; and the node roles' own checks. */
class ClusterConfigTest {
    static final String SECRET = "config-test-secret-0123456789-abcdefghij";
    static final String K2_KEY = "config-test-K2-key-0123456789-abcdefghij";

    private static JsonObject cluster() {
        return new JsonObject().put("host", "127.0.0.1").put("members", new JsonArray().add("127.0.0.1:5701"))
                .put("secret", SECRET).put("kioskKeys", new JsonObject().put("K2", K2_KEY))
                .put("tls", new JsonObject().put("keyStore", "/etc/clinic-kiosk/node.p12").put("keyStorePassword", "x")
                        .put("trustStore", "/etc/clinic-kiosk/trust.p12").put("trustStorePassword", "y"));
    }

    private static ClinicConfig read(Consumer<JsonObject> change) {
        JsonObject cluster = cluster();
        change.accept(cluster);
        return ClinicConfig.fromJson(new JsonObject().put("demo", true).put("cluster", cluster));
    }

    @Test
    void aFullSectionIsReadWithDefaults() {
        ClinicConfig.Cluster c = read(json -> {}).cluster();
        assertEquals(5701, c.port());
        assertEquals(5702, c.eventBusPort());
        assertEquals(List.of("127.0.0.1:5701"), c.members());
        assertEquals(K2_KEY, c.kioskKeys().get("K2"));
        assertEquals(5.0, c.kioskTimeoutSeconds());
        assertNull(ClinicConfig.demoDefaults().cluster(), "no section: the single-process server");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "host|               |cluster.host: is required",
            "members|            |cluster.members: is required",
            "secret|short        |cluster.secret: must have at least 32 characters",
            "eventBusPort|5701   |cluster.eventBusPort: must differ from cluster.port",
            "multicast|true      |cluster.multicast: unknown key",
            "kioskTimeoutSeconds|0|cluster.kioskTimeoutSeconds: must be between",
    })
    void badValuesStopStartupNamingTheKey(String key, String value, String expected) {
        ConfigException e = assertThrows(ConfigException.class, () -> read(json -> {
            if (value == null) json.remove(key);
            else if (value.matches("\\d+")) json.put(key, Integer.parseInt(value));
            else if (value.equals("true")) json.put(key, true);
            else json.put(key, value);
        }));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }

    @Test
    void membersKeysAndTlsAreChecked() {
        assertTrue(assertThrows(ConfigException.class, () -> read(json -> json.put("members",
                new JsonArray().add("server")))).getMessage().startsWith("cluster.members[0]: must be host:port"));
        assertTrue(assertThrows(ConfigException.class, () -> read(json -> json.getJsonObject("kioskKeys")
                .put("K3", K2_KEY))).getMessage().contains("each kiosk needs its own key"));
        assertTrue(assertThrows(ConfigException.class, () -> read(json -> json.getJsonObject("kioskKeys")
                .put("K3", SECRET))).getMessage().startsWith("cluster.kioskKeys: a kiosk key must differ"));
        assertTrue(assertThrows(ConfigException.class, () -> read(json -> json.getJsonObject("tls")
                .remove("trustStore"))).getMessage().startsWith("cluster.tls.trustStore: is required"));
    }

    @Test
    void aKioskNodeNeedsItsOwnEntryAndOnlyItsOwnKey() {
        ClinicConfig oneKey = read(json -> {});
        Throwable noEntry = KioskNode.start(oneKey, "K9").cause();
        assertTrue(noEntry.getMessage().startsWith("--kiosk-id K9: no kiosks[] entry"), noEntry.getMessage());
        ClinicConfig twoKeys = read(json -> json.getJsonObject("kioskKeys").put("K1", "config-test-K1-key-0123456789-abcdefghij"));
        Throwable otherKey = KioskNode.start(twoKeys, "K1").cause();
        assertTrue(otherKey.getMessage().startsWith("cluster.kioskKeys: a kiosk node holds only its own key"),
                otherKey.getMessage());
        Throwable noKey = KioskNode.start(read(json -> {}), "K1").cause();
        assertTrue(noKey.getMessage().startsWith("cluster.kioskKeys.K1: is required"), noKey.getMessage());
    }

    @Test
    void aMissingKeyStoreStopsStartupNamingTheKey() {
        Throwable e = ServerNode.start(read(json -> {}), org.clinickiosk.ClinicServer.Options.defaults()).cause();
        assertTrue(e.getMessage().startsWith("cluster.tls.keyStore: cannot open \"/etc/clinic-kiosk/node.p12\""),
                e.getMessage());
    }

    @Test
    void equalSecretsGiveEqualClusterNamesThatDoNotShowTheSecret() {
        String name = ClusterVertx.clusterName(SECRET);
        assertEquals(name, ClusterVertx.clusterName(SECRET));
        assertTrue(name.startsWith("clinickiosk-") && !name.contains(SECRET.substring(0, 8)));
        assertTrue(!name.equals(ClusterVertx.clusterName(SECRET + "x")));
    }
}
