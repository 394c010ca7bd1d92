package org.clinickiosk.alert;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.clinickiosk.audit.AuditLog;
import org.clinickiosk.web.Actor;
import org.clinickiosk.web.ApiException;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Alerts for the staff (a blood-pressure crisis at a kiosk, a printer out of paper, ...). Other features publish
 * them on {@link #ADDRESS} as JSON {@code {alertId, type, message, kioskId?, at?, ...}}; each stays open until a
 * staff member acknowledges it, and every open alert reaches every nurse page (new pages get the open ones when they
 * connect). An alert published again with the same id is not raised twice.
 *
 * <p>Open alerts live in memory: a server restart forgets them (the publishing feature still has its own record).
 */
public final class StaffAlerts {
    public static final String ADDRESS = "staff.alerts";
    /** Beyond this many open alerts the oldest is dropped: a flood must not grow memory without bound. */
    static final int MAX_OPEN = 100;
    /** Acknowledged ids remembered so a late second acknowledgement gets a clear answer. */
    static final int ACKNOWLEDGED_MEMORY = 500;

    private static final System.Logger LOG = System.getLogger(StaffAlerts.class.getName());
    private static final Pattern ALERT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern TYPE = Pattern.compile("[a-z0-9-]{1,32}");
    private static final int MAX_MESSAGE = 300;

    private final AuditLog audit;
    private final Clock clock;
    private final Map<String, JsonObject> open = new LinkedHashMap<>();
    private final Map<String, JsonObject> acknowledged = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, JsonObject> eldest) {
            return size() > ACKNOWLEDGED_MEMORY;
        }
    };
    private final List<Consumer<JsonObject>> raisedListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<JsonObject>> acknowledgedListeners = new CopyOnWriteArrayList<>();
    private final MessageConsumer<Object> consumer;

    public StaffAlerts(Vertx vertx, AuditLog audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
        this.consumer = vertx.eventBus().consumer(ADDRESS, this::receive);
    }

    /** Stops listening, so a server restarted in the same Vert.x does not have two listeners answering publishers. */
    public Future<Void> close() {
        return consumer.unregister();
    }

    public void onRaised(Consumer<JsonObject> listener) {
        raisedListeners.add(listener);
    }

    public void onAcknowledged(Consumer<JsonObject> listener) {
        acknowledgedListeners.add(listener);
    }

    /** The open alerts, oldest first. */
    public synchronized List<JsonObject> openAlerts() {
        return open.values().stream().map(JsonObject::copy).toList();
    }

    private void receive(Message<Object> message) {
        String problem = problem(message.body());
        if (problem != null) {
            // The content is not logged: a malformed alert may still carry personal data.
            LOG.log(System.Logger.Level.WARNING, "staff alert refused: " + problem);
            if (message.replyAddress() != null) message.fail(400, problem);
            return;
        }
        JsonObject alert = ((JsonObject) message.body()).copy();
        if (!alert.containsKey("at")) alert.put("at", Instant.ofEpochMilli(clock.millis()).toString());
        if (!alert.containsKey("message")) alert.put("message", "");
        boolean isNew;
        synchronized (this) {
            String id = alert.getString("alertId");
            isNew = !open.containsKey(id) && !acknowledged.containsKey(id);
            if (isNew) {
                open.put(id, alert);
                if (open.size() > MAX_OPEN) open.remove(open.keySet().iterator().next());
            }
        }
        if (message.replyAddress() != null) message.reply(new JsonObject().put("raised", isNew));
        if (isNew) raisedListeners.forEach(l -> l.accept(alert.copy()));
    }

    /** Why a bus message is not a valid alert, or null when it is. */
    static String problem(Object body) {
        if (!(body instanceof JsonObject alert)) return "an alert must be a JSON object";
        if (!(alert.getValue("alertId") instanceof String id) || !ALERT_ID.matcher(id).matches()) {
            return "alertId must be 1-64 letters, digits, '.', '_', ':' or '-'";
        }
        if (!(alert.getValue("type") instanceof String type) || !TYPE.matcher(type).matches()) {
            return "type must be 1-32 lowercase letters, digits or '-'";
        }
        Object message = alert.getValue("message");
        if (message != null && (!(message instanceof String text) || text.length() > MAX_MESSAGE)) {
            return "message must be text of at most " + MAX_MESSAGE + " characters";
        }
        Object kioskId = alert.getValue("kioskId");
        if (kioskId != null && !(kioskId instanceof String)) return "kioskId must be text";
        Object at = alert.getValue("at");
        if (at != null && !(at instanceof String)) return "at must be an ISO-8601 time";
        return null;
    }

    /**
     * Acknowledges an open alert for everyone. The first acknowledgement wins; a second one (another nurse a moment
     * later) is refused with who acknowledged it. Audited either way.
     */
    public Future<JsonObject> acknowledge(String alertId, Actor actor) {
        JsonObject ack;
        JsonObject alert;
        ApiException refusal = null;
        synchronized (this) {
            alert = open.remove(alertId);
            if (alert != null) {
                ack = new JsonObject().put("alertId", alertId).put("type", alert.getString("type"))
                        .put("acknowledgedBy", actor.username())
                        .put("acknowledgedAt", Instant.ofEpochMilli(clock.millis()).toString());
                acknowledged.put(alertId, ack);
            } else {
                ack = null;
                JsonObject earlier = acknowledged.get(alertId);
                refusal = earlier == null ? ApiException.notFound("alert '" + alertId + "'")
                        : ApiException.conflict("already_acknowledged", "alert " + alertId + " was already acknowledged by "
                        + earlier.getString("acknowledgedBy") + " at " + earlier.getString("acknowledgedAt"));
            }
        }
        if (refusal != null) {
            ApiException refused = refusal;
            return audit.record(actor, "alert.ack", "alert " + alertId, refused.code())
                    .transform(v -> Future.failedFuture(refused));
        }
        return audit.record(actor, "alert.ack", "alert " + alertId, "ok").map(v -> {
            acknowledgedListeners.forEach(l -> l.accept(ack.copy()));
            return ack;
        }).onFailure(e -> {
            synchronized (this) { // not recorded, so not acknowledged: the alert stays open
                acknowledged.remove(alertId);
                open.put(alertId, alert);
            }
        });
    }

}
