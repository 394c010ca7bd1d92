package org.clinickiosk.device.port;

import io.vertx.core.Context;
import io.vertx.core.Future;
import org.clinickiosk.device.DeviceSimulator;

import java.util.Map;

/**
 * A device simulated in-process ({@code "port": "simulated"}). Bytes travel asynchronously through the context in
 * both directions, like on a real port, so a driver never sees a reply inside its own {@code send}. The simulator is
 * only ever called on the context.
 */
final class SimulatedPortTransport implements PortTransport {

    private final Context context;
    private final DeviceSimulator simulator;
    private Listener listener;

    SimulatedPortTransport(Context context, DeviceSimulator simulator) {
        this.context = context;
        this.simulator = simulator;
        simulator.connect(bytes -> {
            byte[] data = bytes.clone();
            context.runOnContext(v -> {
                // like a real line: what the device sends while nobody listens is lost
                if (listener != null) listener.received(data);
            });
        });
    }

    @Override
    public Future<Void> open(Listener listener) {
        this.listener = listener;
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> write(byte[] bytes) {
        if (listener == null) return Future.failedFuture("simulated port is not open");
        byte[] data = bytes.clone();
        context.runOnContext(v -> {
            if (listener != null) simulator.fromHost(data);
        });
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> close() {
        listener = null;
        return Future.succeededFuture();
    }

    /** A scripted behaviour ({@link DeviceSimulator#perform}); on the context. Returns an error text or null. */
    String perform(String behaviour, Map<String, String> args) {
        return simulator.perform(behaviour, args);
    }
}
