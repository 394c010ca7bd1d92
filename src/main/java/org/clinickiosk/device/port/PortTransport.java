package org.clinickiosk.device.port;

import io.vertx.core.Context;
import io.vertx.core.Future;
import org.clinickiosk.device.DeviceSimulator;

import java.util.function.Supplier;

/**
 * A byte pipe to one device. Owned by one {@link DevicePortVerticle}: every method is called on, and every
 * {@link Listener} call arrives on, that verticle's context. Blocking I/O runs on worker threads.
 * A transport can be opened again after it was closed or lost (hot-plug).
 */
public interface PortTransport {

    /** What an open port reports. Not called any more once the port is closed or lost. */
    interface Listener {
        /** Bytes from the device, in whatever chunks they arrived. */
        void received(byte[] data);

        /** The device went away (unplugged, powered off, connection closed); the port is already closed. */
        void lost(String reason);
    }

    /** Opens the port. Fails with a {@link PortOpenException} whose message a person can act on. */
    Future<Void> open(Listener listener);

    /** Writes all bytes, in call order. Fails when the port is not open or the write failed. */
    Future<Void> write(byte[] bytes);

    /** Closes the port if open; the listener hears nothing more. */
    Future<Void> close();

    /** The transport for a port config, bound to the context of the verticle that will own it. */
    static PortTransport create(Context context, PortConfig config, Supplier<DeviceSimulator> simulator) {
        return switch (config.transport()) {
            case SERIAL -> new SerialPortTransport(context, config);
            case FILE -> new FilePortTransport(context, config);
            case TCP -> new TcpPortTransport(context, config);
            case SIMULATED -> new SimulatedPortTransport(context, simulator.get());
        };
    }
}
