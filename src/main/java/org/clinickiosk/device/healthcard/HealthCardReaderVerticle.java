package org.clinickiosk.device.healthcard;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.clinickiosk.device.DeviceAddresses;
import org.clinickiosk.device.DeviceState;
import org.clinickiosk.device.port.DevicePortVerticle;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Runs one resident health card reader (居民健康卡). PC/SC is not a byte stream, so this takes the place of a
 * {@link DevicePortVerticle} but speaks the same way on the event bus: {@code state} events (connected / disconnected /
 * error with a reason), one {@code identified} event per card insertion (kind {@value #KIND}, cardType
 * {@code residentHealthCard}) or a {@code card-error} with the reason, and the {@code simulate} request for
 * {@code "port": "simulated"}. The blocking PC/SC waits run on a worker thread, one bounded step at a time.
 */
public final class HealthCardReaderVerticle extends VerticleBase {

    public static final String KIND = "healthCardReader";
    /** Pause before looking for a missing reader or service again. */
    static final long RETRY_MS = 1000;
    private static final System.Logger LOG = System.getLogger(HealthCardReaderVerticle.class.getName());

    private final String kioskId;
    private final HealthCardReaderSettings settings;
    private final CardSource source;
    private final HealthCardWatcher watcher;
    private final BiConsumer<DeviceState, String> stateListener;
    private DeviceState state;
    private Future<?> step = Future.succeededFuture();
    private long retryTimer = -1;
    private boolean stopped;

    /**
     * @param stateListener told every state change with the port description (for /api/health), and null when the
     *                      verticle stops; may be null
     */
    HealthCardReaderVerticle(String kioskId, HealthCardReaderSettings settings, CardSource source, Clock clock,
                             BiConsumer<DeviceState, String> stateListener) {
        this.kioskId = kioskId;
        this.settings = settings;
        this.source = source;
        this.watcher = new HealthCardWatcher(source, settings.profile(), settings.pollMs(), clock);
        this.stateListener = stateListener;
    }

    /**
     * The verticle for a {@code devices.healthCardReader} config object.
     * @throws IllegalArgumentException naming the offending key under {@code name}
     */
    public static HealthCardReaderVerticle create(String kioskId, String name, JsonObject config,
                                                  BiConsumer<DeviceState, String> stateListener) {
        HealthCardReaderSettings settings = HealthCardReaderSettings.parse(name, config);
        CardSource source;
        if (settings.simulated()) {
            source = new SimulatedCardSource(FictionalHealthCards.maker(settings.profile()));
        } else {
            PcscCardSource.useLibrary(settings.library());
            source = new PcscCardSource(settings.reader());
        }
        return new HealthCardReaderVerticle(kioskId, settings, source, Clock.systemUTC(), stateListener);
    }

    @Override
    public Future<?> start() {
        var requests = vertx.eventBus().<JsonObject>consumer(DeviceAddresses.requests(kioskId, KIND), this::handleRequest);
        changeState(DeviceState.disconnected("looking for the card reader (" + describe() + ")"));
        nextStep();
        return requests.completion();
    }

    @Override
    public Future<?> stop() {
        stopped = true;
        vertx.cancelTimer(retryTimer);
        if (stateListener != null) stateListener.accept(null, describe());
        // the running step ends within the poll time; the source is released after it
        return step.transform(done -> vertx.executeBlocking(() -> {
            source.close();
            return null;
        }));
    }

    private void nextStep() {
        if (stopped) return;
        step = vertx.executeBlocking(watcher::step).onComplete(done -> {
            if (stopped) return;
            if (done.failed()) {
                LOG.log(System.Logger.Level.ERROR, "health card reader step failed", done.cause());
                changeState(DeviceState.error("the card reader failed: " + done.cause().getMessage()));
                retryTimer = vertx.setTimer(RETRY_MS, t -> nextStep());
                return;
            }
            HealthCardWatcher.Observation seen = done.result();
            changeState(seen.state());
            if (seen.card() instanceof HealthCardReading.Identified identified) {
                publish("identified", identified.holder().toEvent());
            } else if (seen.card() instanceof HealthCardReading.Unreadable unreadable) {
                publish("card-error", new JsonObject().put("reason", unreadable.reason()));
            }
            if (seen.state().status() == DeviceState.Status.CONNECTED) {
                nextStep();
            } else {
                retryTimer = vertx.setTimer(RETRY_MS, t -> nextStep());
            }
        });
    }

    private void changeState(DeviceState next) {
        if (next.equals(state)) return;
        state = next;
        if (next.status() == DeviceState.Status.CONNECTED) {
            LOG.log(System.Logger.Level.INFO, "{0} of kiosk {1} connected ({2})", KIND, kioskId, describe());
        } else {
            LOG.log(System.Logger.Level.WARNING, "{0} of kiosk {1}: {2}", KIND, kioskId, next.reason());
        }
        if (stateListener != null) stateListener.accept(next, describe());
        publish("state", next.toJson());
    }

    private void publish(String type, JsonObject event) {
        JsonObject message = event.copy()
                .put("kind", KIND)
                .put("kioskId", kioskId)
                .put("type", type)
                .put("timestamp", Instant.now().toString());
        vertx.eventBus().publish(DeviceAddresses.events(kioskId), message);
    }

    private String describe() {
        if (settings.simulated()) return HealthCardReaderSettings.SIMULATED_PORT;
        return "PC/SC" + (settings.reader() == null ? "" : " reader \"" + settings.reader() + "\"");
    }

    private void handleRequest(Message<JsonObject> message) {
        JsonObject request = message.body() == null ? new JsonObject() : message.body();
        Object action = request.getValue("action");
        if (!DevicePortVerticle.SIMULATE_ACTION.equals(action)) {
            message.fail(DevicePortVerticle.BAD_REQUEST, KIND + " does not support '" + action + "'");
            return;
        }
        if (!(source instanceof SimulatedCardSource simulated)) {
            message.fail(DevicePortVerticle.BAD_REQUEST, "simulate works only on a reader configured as \"simulated\"");
            return;
        }
        Object body = request.getValue("body", new JsonObject());
        if (!(body instanceof JsonObject arguments) || !(arguments.getValue("behaviour") instanceof String behaviour)
                || !(arguments.getValue("args", new JsonObject()) instanceof JsonObject given)) {
            message.fail(DevicePortVerticle.BAD_REQUEST, "simulate needs {\"behaviour\": text, \"args\": {name: value}}");
            return;
        }
        Map<String, String> args = new HashMap<>();
        given.forEach(e -> args.put(e.getKey(), String.valueOf(e.getValue())));
        String error = simulated.perform(behaviour, args);
        if (error == null) {
            message.reply(new JsonObject());
        } else {
            message.fail(DevicePortVerticle.BAD_REQUEST, error);
        }
    }
}
