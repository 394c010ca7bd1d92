package org.clinickiosk.device.port;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.clinickiosk.device.DeviceAddresses;
import org.clinickiosk.device.DeviceDriver;
import org.clinickiosk.device.DeviceLink;
import org.clinickiosk.device.DeviceSimulator;
import org.clinickiosk.device.DeviceState;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Owns one device port and runs its driver: opens the port, keeps reopening it while the device is away (hot-plug),
 * publishes the driver's events and the port's state on {@link DeviceAddresses#events}, and serves requests on
 * {@link DeviceAddresses#requests}. A port that cannot be opened is an ERROR state, never a failed deployment.
 */
public final class DevicePortVerticle extends VerticleBase implements DeviceLink {

    /** Reply failure codes on the request address. */
    public static final int BAD_REQUEST = 400;
    public static final int REQUEST_FAILED = 500;
    public static final int DEVICE_UNAVAILABLE = 503;

    /**
     * Request action for ports configured as {@code simulated}: body {@code {"behaviour": "present-card", "args":
     * {"index": "2"}}} runs {@link DeviceSimulator#perform}.
     */
    public static final String SIMULATE_ACTION = "simulate";

    /** Reopen cadence while the device is away; a device that comes back is in use again within about 2 s. */
    static final long REOPEN_INTERVAL_MS = 500;

    private static final System.Logger LOG = System.getLogger(DevicePortVerticle.class.getName());

    private final String kioskId;
    private final PortConfig port;
    private final DeviceDriver driver;
    private final Supplier<DeviceSimulator> simulator;
    private final DeviceRegistry registry;

    private PortTransport transport;
    private DeviceState state;
    private boolean open;
    private boolean unplugged;
    private boolean stopped;
    private int attempt;
    private long reopenTimer = -1;

    /** @param simulator used only when the port is {@code simulated}; may be null otherwise */
    public DevicePortVerticle(String kioskId, PortConfig port, DeviceDriver driver, Supplier<DeviceSimulator> simulator,
                              DeviceRegistry registry) {
        this.kioskId = kioskId;
        this.port = port;
        this.driver = driver;
        this.simulator = simulator;
        this.registry = registry;
    }

    @Override
    public Future<?> start() {
        transport = PortTransport.create(context, port, simulator);
        var requests = vertx.eventBus().<JsonObject>consumer(DeviceAddresses.requests(kioskId, driver.kind()),
                this::handleRequest);
        changeState(DeviceState.disconnected("opening " + port.describe()));
        openPort();
        return requests.completion();
    }

    @Override
    public Future<?> stop() {
        stopped = true;
        vertx.cancelTimer(reopenTimer);
        registry.remove(kioskId, driver.kind());
        if (open) {
            open = false;
            callDriver(() -> driver.closed("device service stopped"));
        }
        return transport.close();
    }

    // --- DeviceLink, for the driver -------------------------------------------------------------------------------

    @Override
    public void send(byte[] bytes) {
        if (!open) return;
        transport.write(bytes).onFailure(e ->
                LOG.log(System.Logger.Level.WARNING, "{0}: write failed: {1}", driver.kind(), e.getMessage()));
    }

    @Override
    public void publish(String type, JsonObject event) {
        JsonObject message = (event == null ? new JsonObject() : event.copy())
                .put("kind", driver.kind())
                .put("kioskId", kioskId)
                .put("type", type)
                .put("timestamp", Instant.now().toString());
        vertx.eventBus().publish(DeviceAddresses.events(kioskId), message);
    }

    @Override
    public void state(DeviceState state) {
        // after a loss the port's own DISCONNECTED state is the truth, not what the driver last thought
        if (open) changeState(state);
    }

    @Override
    public Vertx vertx() { return vertx; }

    @Override
    public String kioskId() { return kioskId; }

    // --- port life cycle ------------------------------------------------------------------------------------------

    private void openPort() {
        int thisAttempt = ++attempt;
        transport.open(new PortTransport.Listener() {
            @Override
            public void received(byte[] data) {
                if (thisAttempt == attempt && open) callDriver(() -> driver.received(data));
            }

            @Override
            public void lost(String reason) {
                if (thisAttempt == attempt) portLost(reason);
            }
        }).onComplete(opened -> {
            if (stopped) {
                transport.close();
            } else if (opened.succeeded()) {
                portOpened();
            } else {
                openFailed(opened.cause());
            }
        });
    }

    private void portOpened() {
        LOG.log(System.Logger.Level.INFO, "{0} of kiosk {1} connected on {2}", driver.kind(), kioskId, port.describe());
        open = true;
        unplugged = false;
        changeState(DeviceState.connected());
        callDriver(() -> driver.opened(this));
    }

    private void openFailed(Throwable cause) {
        boolean absent = cause instanceof PortOpenException failure && failure.deviceAbsent();
        // still away after an unplug: stay DISCONNECTED with the unplug reason rather than flapping to ERROR
        if (!(unplugged && absent)) {
            String reason = cause instanceof PortOpenException ? cause.getMessage() : "cannot open " + port.location()
                    + ": " + cause;
            changeState(DeviceState.error(reason));
        }
        scheduleReopen();
    }

    private void portLost(String reason) {
        open = false;
        unplugged = true;
        changeState(DeviceState.disconnected(reason));
        callDriver(() -> driver.closed(reason));
        transport.close();
        scheduleReopen();
    }

    private void scheduleReopen() {
        reopenTimer = vertx.setTimer(REOPEN_INTERVAL_MS, id -> {
            if (!stopped) openPort();
        });
    }

    private void changeState(DeviceState next) {
        if (next.equals(state)) return;
        state = next;
        registry.update(kioskId, driver.kind(), next, port.describe());
        publish("state", next.toJson());
    }

    /** A faulty driver must not stop the port from being reopened and served. */
    private void callDriver(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, driver.kind() + " driver failed", e);
        }
    }

    // --- requests -------------------------------------------------------------------------------------------------

    private void handleRequest(Message<JsonObject> message) {
        JsonObject request = message.body();
        Object action = request == null ? null : request.getValue("action");
        Object body = request == null ? null : request.getValue("body");
        if (!(action instanceof String name) || name.isBlank()) {
            message.fail(BAD_REQUEST, "a device request needs an 'action'");
            return;
        }
        if (body != null && !(body instanceof JsonObject)) {
            message.fail(BAD_REQUEST, "the 'body' of a device request must be an object");
            return;
        }
        JsonObject arguments = body == null ? new JsonObject() : (JsonObject) body;
        if (name.equals(SIMULATE_ACTION) && transport instanceof SimulatedPortTransport simulated) {
            simulate(message, simulated, arguments);
            return;
        }
        if (!open) {
            message.fail(DEVICE_UNAVAILABLE, driver.kind() + " is not available: " + state.reason());
            return;
        }
        Future<JsonObject> outcome;
        try {
            outcome = driver.request(name, arguments);
        } catch (RuntimeException e) {
            outcome = Future.failedFuture(e);
        }
        outcome.onComplete(done -> {
            if (done.succeeded()) {
                message.reply(done.result() == null ? new JsonObject() : done.result());
            } else {
                message.fail(REQUEST_FAILED, String.valueOf(done.cause().getMessage()));
            }
        });
    }

    private void simulate(Message<JsonObject> message, SimulatedPortTransport simulated, JsonObject arguments) {
        if (!(arguments.getValue("behaviour") instanceof String behaviour)
                || !(arguments.getValue("args", new JsonObject()) instanceof JsonObject given)) {
            message.fail(BAD_REQUEST, "simulate needs {\"behaviour\": text, \"args\": {name: value}}");
            return;
        }
        Map<String, String> args = new HashMap<>();
        given.forEach(e -> args.put(e.getKey(), String.valueOf(e.getValue())));
        String error = simulated.perform(behaviour, args);
        if (error == null) {
            message.reply(new JsonObject());
        } else {
            message.fail(BAD_REQUEST, error);
        }
    }
}
