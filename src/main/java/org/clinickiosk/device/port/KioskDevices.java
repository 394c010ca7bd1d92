package org.clinickiosk.device.port;

import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.clinickiosk.device.DeviceDriver;
import org.clinickiosk.device.DeviceSimulator;
import org.clinickiosk.device.DeviceState;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/** Deploys one {@link DevicePortVerticle} per device configured for a kiosk. */
public final class KioskDevices {

    public static final List<String> KINDS = List.of("idCardReader", "scanner", "healthCardReader", "bpMonitor", "printer");

    private final Vertx vertx;
    private final DeviceRegistry registry;
    private final DeviceDriverFactory drivers;
    private final DeviceSimulatorFactory simulators;
    private final OwnVerticleFactory ownVerticles;

    /**
     * Devices that are not byte streams (a PC/SC smart-card reader) run their own verticle in place of a
     * {@link DevicePortVerticle}, publishing on the same addresses.
     */
    @FunctionalInterface
    public interface OwnVerticleFactory {
        /**
         * @param name   the config key for error messages, e.g. {@code devices.healthCardReader}
         * @param states to be told each state change with the port description, and {@code null} when stopped
         * @return the verticle, or null when this kind runs on a {@link DevicePortVerticle}
         * @throws IllegalArgumentException naming the offending key
         */
        Deployable create(String kioskId, String name, String kind, JsonObject config,
                          BiConsumer<DeviceState, String> states);
    }

    /** @param simulators for ports configured as {@code simulated}; may be null when there are none */
    public KioskDevices(Vertx vertx, DeviceRegistry registry, DeviceDriverFactory drivers,
                        DeviceSimulatorFactory simulators) {
        this(vertx, registry, drivers, simulators, null);
    }

    /** @param ownVerticles for kinds with their own verticle; may be null when there are none */
    public KioskDevices(Vertx vertx, DeviceRegistry registry, DeviceDriverFactory drivers,
                        DeviceSimulatorFactory simulators, OwnVerticleFactory ownVerticles) {
        this.vertx = vertx;
        this.registry = registry;
        this.drivers = drivers;
        this.simulators = simulators;
        this.ownVerticles = ownVerticles;
    }

    /**
     * Deploys the devices of one kiosk from its {@code devices} config object, e.g.
     * {@code {"printer": {"port": "/dev/usb/lp0", "model": "..."}, "scanner": {"port": "simulated"}}}.
     * Fails without deploying anything when the config is wrong, naming the key; a device that is merely absent
     * or unreadable still deploys and shows up as ERROR in {@link DeviceRegistry#states}.
     *
     * @return the deployment ids, one per device
     */
    public Future<List<String>> deploy(String kioskId, JsonObject devices) {
        List<Deployable> verticles;
        try {
            verticles = verticles(kioskId, devices == null ? new JsonObject() : devices);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        List<Future<String>> deployments = new ArrayList<>();
        for (Deployable verticle : verticles) deployments.add(vertx.deployVerticle(verticle));
        return Future.join(deployments).transform(all -> {
            List<String> ids = new ArrayList<>();
            for (Future<String> deployment : deployments) {
                if (deployment.succeeded()) ids.add(deployment.result());
            }
            if (all.succeeded()) return Future.succeededFuture(ids);
            // all or nothing, so a retry does not end up with two verticles on one port
            List<Future<Void>> undeployments = ids.stream().map(vertx::undeploy).toList();
            return Future.join(undeployments).transform(ignored -> Future.failedFuture(all.cause()));
        });
    }

    private List<Deployable> verticles(String kioskId, JsonObject devices) {
        List<Deployable> verticles = new ArrayList<>();
        for (String kind : devices.fieldNames()) {
            String name = "devices." + kind;
            if (!KINDS.contains(kind)) {
                throw new IllegalArgumentException(name + ": unknown device kind, expected one of " + String.join(", ", KINDS));
            }
            if (!(devices.getValue(kind) instanceof JsonObject config)) {
                throw new IllegalArgumentException(name + " must be an object like {\"port\": ...}");
            }
            Deployable own = ownVerticles == null ? null : ownVerticles.create(kioskId, name, kind, config,
                    (state, port) -> {
                        if (state == null) registry.remove(kioskId, kind);
                        else registry.update(kioskId, kind, state, port);
                    });
            if (own != null) {
                verticles.add(own);
                continue;
            }
            PortConfig port = PortConfig.parse(name, config);
            DeviceDriver driver = drivers.create(kind, config);
            if (driver == null) {
                throw new IllegalArgumentException(name + ": no driver for this kind" + modelText(port));
            }
            if (!kind.equals(driver.kind())) {
                throw new IllegalArgumentException(name + ": the driver made for it is for " + driver.kind());
            }
            verticles.add(new DevicePortVerticle(kioskId, port, driver, simulator(name, kind, port, config), registry));
        }
        return verticles;
    }

    private Supplier<DeviceSimulator> simulator(String name, String kind, PortConfig port, JsonObject config) {
        if (port.transport() != PortConfig.Transport.SIMULATED) return null;
        DeviceSimulator simulator = simulators == null ? null : simulators.create(kind, config);
        if (simulator == null) {
            throw new IllegalArgumentException(name + ".port is \"simulated\" but there is no simulator for " + kind
                    + modelText(port));
        }
        return () -> simulator;
    }

    private static String modelText(PortConfig port) {
        return port.model() == null ? "" : " (model " + port.model() + ")";
    }
}
