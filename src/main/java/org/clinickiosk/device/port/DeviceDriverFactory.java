package org.clinickiosk.device.port;

import io.vertx.core.json.JsonObject;
import org.clinickiosk.device.DeviceDriver;

/** Makes the driver for a configured device; supplied by whoever knows the concrete drivers. */
@FunctionalInterface
public interface DeviceDriverFactory {

    /**
     * @param kind   the device kind (idCardReader, scanner, healthCardReader, bpMonitor, printer)
     * @param config its config object ({@code port}, {@code baud}, {@code model}, ...)
     * @return a new driver, or null when there is none for this kind or model
     */
    DeviceDriver create(String kind, JsonObject config);
}
