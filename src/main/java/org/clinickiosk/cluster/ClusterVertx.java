package org.clinickiosk.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MultiMapConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PfxOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.clinickiosk.config.ClinicConfig;
import org.clinickiosk.config.ConfigException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.HexFormat;

/**
 * A clustered Vert.x for one node of the clinic: Hazelcast (the kept cluster manager) joining only the listed members
 * over TCP, no multicast, no discovery, no phone-home; the event bus over TLS with both sides' certificates checked
 * against the clinic's own CA.
 */
public final class ClusterVertx {
    private ClusterVertx() {}

    /**
     * Hazelcast's failure detection: a member silent for this long is removed, so a killed node's subscriptions go
     * and a restarted one is let in. Short, for a small LAN; long enough for a GC pause.
     */
    static final int MEMBER_SILENCE_SECONDS = 8;

    /** Hazelcast logs through java.util.logging; its INFO lines (member lists, health) would drown ours. */
    private static final java.util.logging.Logger HAZELCAST_LOG = java.util.logging.Logger.getLogger("com.hazelcast");

    static {
        HAZELCAST_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    public static Future<Vertx> start(ClinicConfig.Cluster cluster) {
        Config hazelcast;
        EventBusOptions eventBus;
        try {
            hazelcast = hazelcastConfig(cluster);
            eventBus = eventBusOptions(cluster);
        } catch (ConfigException e) {
            return Future.failedFuture(e);
        }
        return Vertx.builder()
                .with(new VertxOptions().setEventBusOptions(eventBus))
                .withClusterManager(new HazelcastClusterManager(hazelcast))
                .buildClustered();
    }

    static Config hazelcastConfig(ClinicConfig.Cluster cluster) {
        Config config = new Config();
        // only nodes that know the shared secret find each other; the secret itself never goes on the wire
        config.setClusterName(clusterName(cluster.secret()));
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.shutdownhook.enabled", "false"); // Vert.x leaves the cluster on shutdown
        config.setProperty("hazelcast.logging.type", "jdk");
        config.setProperty("hazelcast.health.monitoring.level", "OFF");
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.wait.seconds.before.join", "1"); // a few known members on one LAN
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", String.valueOf(MEMBER_SILENCE_SECONDS));
        // after a network split the two halves merge back within seconds instead of the default minutes
        config.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
        config.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(cluster.port()).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).addInterface(address(cluster.host()));
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(cluster.members()).setConnectionTimeoutSeconds(2);
        // the maps Vert.x keeps in Hazelcast (as in vertx-hazelcast's default-cluster.xml)
        config.addMultiMapConfig(new MultiMapConfig("__vertx.subs").setBackupCount(1)
                .setValueCollectionType(MultiMapConfig.ValueCollectionType.SET));
        config.addMapConfig(new MapConfig("__vertx.haInfo").setBackupCount(1));
        config.addMapConfig(new MapConfig("__vertx.nodeInfo").setBackupCount(1));
        return config;
    }

    static EventBusOptions eventBusOptions(ClinicConfig.Cluster cluster) {
        ClinicConfig.ClusterTls tls = cluster.tls();
        checkStore("cluster.tls.keyStore", tls.keyStore(), tls.keyStorePassword(), true);
        checkStore("cluster.tls.trustStore", tls.trustStore(), tls.trustStorePassword(), false);
        return new EventBusOptions()
                .setHost(cluster.host())
                .setPort(cluster.eventBusPort())
                .setSsl(true)
                .setClientAuth(ClientAuth.REQUIRED)
                .setTrustAll(false) // the event bus default is to trust any certificate
                // PfxOptions, not KeyStoreOptions: Vert.x copies these options through JSON, which drops the latter
                .setKeyCertOptions(new PfxOptions().setPath(tls.keyStore()).setPassword(tls.keyStorePassword()))
                .setTrustOptions(new PfxOptions().setPath(tls.trustStore()).setPassword(tls.trustStorePassword()));
    }

    /** "clinickiosk-" and 32 hex digits of HMAC(secret): equal secrets give equal names, the name tells nothing. */
    static String clusterName(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal("clinickiosk hazelcast cluster name".getBytes(StandardCharsets.UTF_8));
            return "clinickiosk-" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    private static String address(String host) {
        try {
            return InetAddress.getByName(host).getHostAddress();
        } catch (UnknownHostException e) {
            throw new ConfigException("cluster.host: unknown host \"" + host + "\"");
        }
    }

    /** Opens the store once here, so a wrong path or password stops startup with the key named, not a TLS trace. */
    private static void checkStore(String key, String file, String password, boolean needsKey) {
        KeyStore store;
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(key + ": cannot open \"" + file + "\" as PKCS#12 with the given password: "
                    + e.getMessage());
        }
        try {
            boolean found = false;
            for (var aliases = store.aliases(); aliases.hasMoreElements(); ) {
                String alias = aliases.nextElement();
                found |= needsKey ? store.isKeyEntry(alias) : store.isCertificateEntry(alias);
            }
            if (!found) {
                throw new ConfigException(key + ": \"" + file + "\" holds no " + (needsKey
                        ? "private key with its certificate (this node's own)" : "trusted certificate (the clinic CA)"));
            }
        } catch (GeneralSecurityException e) {
            throw new ConfigException(key + ": cannot read \"" + file + "\": " + e.getMessage());
        }
    }
}
