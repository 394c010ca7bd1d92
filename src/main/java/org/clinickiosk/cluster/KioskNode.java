package org.clinickiosk.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.clinickiosk.config.ClinicConfig;
import org.clinickiosk.config.ConfigException;
import org.clinickiosk.device.DeviceCatalog;
import org.clinickiosk.device.port.DeviceRegistry;
import org.clinickiosk.device.port.KioskDevices;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@code --role kiosk --kiosk-id K2}: the process on a kiosk's own PC. It has no database and serves no page; it owns
 * that kiosk's device ports (the same device verticles as the single-process server), publishes their events on the
 * kiosk's addresses through the clustered event bus, answers device requests from the server, and sends a heartbeat
 * with its devices' states. Hazelcast keeps trying the listed members, so the node rejoins by itself after the
 * server or the network comes back.
 */
public final class KioskNode {
    private static final System.Logger LOG = System.getLogger(KioskNode.class.getName());

    private final Vertx vertx;
    private final String kioskId;
    private final DeviceRegistry registry = new DeviceRegistry();
    private final String boot = UUID.randomUUID().toString().substring(0, 8);
    private final List<String> deploymentIds = new ArrayList<>();
    private long heartbeatTimer = -1;

    private KioskNode(Vertx vertx, String kioskId) {
        this.vertx = vertx;
        this.kioskId = kioskId;
    }

    /** Checks the config for this kiosk, joins the cluster, opens the devices, starts the heartbeat. */
    public static Future<KioskNode> start(ClinicConfig config, String kioskId) {
        ClinicConfig.Kiosk kiosk;
        String key;
        try {
            kiosk = kioskOf(config, kioskId);
            key = keyOf(config.cluster(), kioskId);
        } catch (ConfigException e) {
            return Future.failedFuture(e);
        }
        return ClusterVertx.start(config.cluster()).compose(vertx -> {
            KioskGuard.install(vertx, kioskId, key);
            KioskNode node = new KioskNode(vertx, kioskId);
            return node.deploy(kiosk.devices(), "kiosks[" + config.kiosks().indexOf(kiosk) + "].",
                            heartbeatMillis(config.cluster()))
                    .map(node)
                    .recover(e -> node.close().transform(v -> Future.failedFuture(e)));
        });
    }

    private static ClinicConfig.Kiosk kioskOf(ClinicConfig config, String kioskId) {
        if (config.cluster() == null) {
            throw new ConfigException("cluster: is required for --role kiosk (see docs/deployment.md)");
        }
        return config.kiosks().stream().filter(k -> k.id().equals(kioskId)).findFirst()
                .orElseThrow(() -> new ConfigException("--kiosk-id " + kioskId + ": no kiosks[] entry with this id "
                        + "in the config (it lists the kiosk's devices)"));
    }

    private static String keyOf(ClinicConfig.Cluster cluster, String kioskId) {
        String key = cluster.kioskKeys().get(kioskId);
        if (key == null) throw new ConfigException("cluster.kioskKeys." + kioskId + ": is required on kiosk node " + kioskId);
        if (cluster.kioskKeys().size() > 1) {
            // another kiosk's key on this PC would let it speak for that kiosk
            throw new ConfigException("cluster.kioskKeys: a kiosk node holds only its own key (" + kioskId
                    + "), found " + String.join(", ", cluster.kioskKeys().keySet()));
        }
        return key;
    }

    /** Four heartbeats per timeout, so one lost heartbeat never makes the kiosk look unreachable. */
    static long heartbeatMillis(ClinicConfig.Cluster cluster) {
        return Math.max(100, (long) (cluster.kioskTimeoutSeconds() * 1000 / 4));
    }

    private Future<Void> deploy(JsonObject devices, String configKey, long heartbeatMillis) {
        KioskDevices kioskDevices = new KioskDevices(vertx, registry, DeviceCatalog.DRIVERS, DeviceCatalog.SIMULATORS,
                DeviceCatalog.OWN_VERTICLES);
        return kioskDevices.deploy(kioskId, devices)
                .recover(e -> Future.failedFuture(new ConfigException(configKey + e.getMessage())))
                .map(ids -> {
                    deploymentIds.addAll(ids);
                    heartbeatTimer = vertx.setPeriodic(0, heartbeatMillis, id -> heartbeat());
                    LOG.log(System.Logger.Level.INFO, "kiosk node {0} started (node {1}), devices: {2}", kioskId, boot,
                            String.join(", ", devices.fieldNames()));
                    return null;
                });
    }

    private void heartbeat() {
        JsonObject states = new JsonObject();
        registry.states(kioskId).forEach(e -> {
            JsonObject full = (JsonObject) e.getValue();
            JsonObject state = new JsonObject().put("status", full.getString("status"));
            if (full.getString("reason") != null) state.put("reason", full.getString("reason"));
            states.put(e.getKey(), state);
        });
        vertx.eventBus().publish(ClusterAddresses.heartbeat(kioskId), new JsonObject().put("kioskId", kioskId)
                .put("boot", boot).put("devices", states));
    }

    public Vertx vertx() {
        return vertx;
    }

    public String kioskId() {
        return kioskId;
    }

    /** Closes the devices, then leaves the cluster. */
    public Future<Void> close() {
        vertx.cancelTimer(heartbeatTimer);
        return Future.join(deploymentIds.stream().map(vertx::undeploy).toList())
                .transform(v -> vertx.close());
    }
}
