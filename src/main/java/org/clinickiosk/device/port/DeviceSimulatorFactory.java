package org.clinickiosk.device.port;

import io.vertx.core.json.JsonObject;
import org.clinickiosk.device.DeviceSimulator;

/** Makes the simulator behind a port configured as {@code simulated}; supplied with the drivers. */
@FunctionalInterface
public interface DeviceSimulatorFactory {

    /** @return a new simulator for this kind (and model), or null when there is none */
    DeviceSimulator create(String kind, JsonObject config);
}
