package org.clinickiosk.alert;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.clinickiosk.audit.AuditLog;
import org.clinickiosk.common.Masking;
import org.clinickiosk.store.Database;
import org.clinickiosk.store.Sql;
import org.clinickiosk.web.Actor;
import org.clinickiosk.web.ApiException;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Alerts for the staff (a blood-pressure crisis at a kiosk, a printer out of paper, ...). Other features publish
 * them on {@link #ADDRESS} as JSON {@code {alertId, type, message, kioskId?, at?, ...}}; each stays open until a
 * staff member acknowledges it, and every open alert reaches every nurse page (new pages get the open ones when they
 * connect). An alert published again with the same id is not raised twice.
 *
 * <p>Alerts are stored (table {@code staff_alerts}) before anyone hears of them: the publisher's reply and the nurse
 * pages come only after the commit, so a server restart loses no open alert ({@link #start} loads them back) and
 * still answers a late second acknowledgement. An alert that cannot be stored is still shown, from memory and marked
 * {@code "stored": false} (logged as an error): a crisis must reach the nurses; only a restart forgets it. Published
 * again once the database takes writes, it is stored (as acknowledged, if a nurse did meanwhile), not raised again.
 * Identity fields a publisher put in are masked before storing, as on every screen ({@link Masking#event}); alerts
 * should carry {@code maskedName} only. Acknowledged alerts are deleted {@link #ACKNOWLEDGED_KEPT} after their acknowledgement, at the day turn.
 */
public final class StaffAlerts {
    public static final String ADDRESS = "staff.alerts";
    /**
     * Beyond this many open alerts the oldest is no longer shown: a flood must not grow memory without bound. It stays
     * open in the store (a restart shows the newest this many again) and can still be acknowledged.
     */
    static final int MAX_OPEN = 100;
    /** How long an acknowledged alert is kept: a repeated id is not raised again, a late acknowledgement is answered. */
    static final Duration ACKNOWLEDGED_KEPT = Duration.ofDays(90);
    /** The largest alert taken, as JSON: every alert is stored, and the open ones are also held in memory. */
    static final int MAX_ENCODED = 4096;

    private static final System.Logger LOG = System.getLogger(StaffAlerts.class.getName());
    private static final Pattern ALERT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern TYPE = Pattern.compile("[a-z0-9-]{1,32}");
    private static final int MAX_MESSAGE = 300;

    private final Vertx vertx;
    private final Database db;
    private final AuditLog audit;
    private final Clock clock;
    /** The open alerts shown, oldest first; follows the store's commits (changed on the writer thread after each). */
    private final Map<String, JsonObject> open = new LinkedHashMap<>();
    /**
     * Acknowledgements of alerts that were shown from memory only (storing them failed), newest last, at most
     * {@link #MAX_OPEN}: a second acknowledgement is told who was first, and the same alert published again once the
     * database takes writes is stored as acknowledged rather than raised again.
     */
    private final Map<String, UnstoredAck> unstoredAcks = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, UnstoredAck> eldest) {
            return size() > MAX_OPEN;
        }
    };
    private final List<Consumer<JsonObject>> raisedListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<JsonObject>> acknowledgedListeners = new CopyOnWriteArrayList<>();
    private MessageConsumer<Object> consumer;

    /** A stored alert's type and acknowledgement (null while open). */
    private record Stored(String type, String acknowledgedBy, Long acknowledgedAt) {}

    /** Who acknowledged an unstored alert, and when (epoch milliseconds). */
    private record UnstoredAck(String by, long at) {}

    /** What an acknowledgement came to: the acknowledgement, or why it was refused. */
    private record Acknowledgement(JsonObject ack, ApiException refusal) {}

    public StaffAlerts(Vertx vertx, Database db, AuditLog audit, Clock clock) {
        this.vertx = vertx;
        this.db = db;
        this.audit = audit;
        this.clock = clock;
    }

    /** Loads the alerts still open from the store, then starts taking new ones from {@link #ADDRESS}. */
    public Future<Void> start() {
        return db.read(c -> Sql.list(c, "SELECT alert FROM staff_alerts WHERE acknowledged_at IS NULL"
                        + " ORDER BY raised_at DESC, rowid DESC LIMIT ?", rs -> new JsonObject(rs.getString(1)), MAX_OPEN))
                .compose(newestFirst -> {
                    synchronized (this) {
                        for (int i = newestFirst.size() - 1; i >= 0; i--) {
                            open.put(newestFirst.get(i).getString("alertId"), newestFirst.get(i));
                        }
                    }
                    consumer = vertx.eventBus().consumer(ADDRESS, this::receive);
                    return consumer.completion();
                });
    }

    /** Stops listening, so a server restarted in the same Vert.x does not have two listeners answering publishers. */
    public Future<Void> close() {
        return consumer == null ? Future.succeededFuture() : consumer.unregister();
    }

    public void onRaised(Consumer<JsonObject> listener) {
        raisedListeners.add(listener);
    }

    public void onAcknowledged(Consumer<JsonObject> listener) {
        acknowledgedListeners.add(listener);
    }

    /** The open alerts shown, oldest first. */
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
        Set<String> identityFields = new TreeSet<>();
        JsonObject alert = Masking.event((JsonObject) message.body(), identityFields);
        String id = alert.getString("alertId");
        if (!identityFields.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "staff alert " + id + " carried " + identityFields
                    + ": masked or dropped before storing (an alert should carry maskedName only)");
        }
        long now = clock.millis();
        if (!alert.containsKey("at")) alert.put("at", Instant.ofEpochMilli(now).toString());
        if (!alert.containsKey("message")) alert.put("message", "");
        // An alert shown from memory before (its storing failed) is stored now without being raised again; if a
        // nurse acknowledged it meanwhile, it is stored as acknowledged by them.
        UnstoredAck acknowledged = unstoredAck(id);
        db.write(c -> Sql.update(c, "INSERT INTO staff_alerts (alert_id, type, alert, raised_at, acknowledged_by,"
                        + " acknowledged_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (alert_id) DO NOTHING", id,
                        alert.getString("type"), alert.encode(), now, acknowledged == null ? null : acknowledged.by(),
                        acknowledged == null ? null : acknowledged.at()) == 1,
                (c, inserted) -> inserted && acknowledged == null && showStored(alert)).onComplete(stored -> {
            if (stored.failed()) {
                // A crisis must reach the nurses even when the database cannot take it (publishers do not wait for
                // an answer): shown from memory, marked unstored; a restart forgets it.
                LOG.log(System.Logger.Level.ERROR, "staff alert " + id + " could not be stored; shown from memory "
                        + "only: " + stored.cause().getMessage());
                JsonObject unstored = alert.copy().put("stored", false);
                boolean isNew;
                synchronized (this) {
                    isNew = !open.containsKey(id) && !unstoredAcks.containsKey(id);
                    if (isNew) show(unstored);
                }
                if (isNew) raisedListeners.forEach(l -> l.accept(unstored.copy()));
                if (message.replyAddress() != null) {
                    message.reply(new JsonObject().put("raised", isNew).put("stored", false));
                }
                return;
            }
            if (stored.result()) raisedListeners.forEach(l -> l.accept(alert.copy()));
            if (message.replyAddress() != null) message.reply(new JsonObject().put("raised", stored.result()));
        });
    }

    /** The open alert with this id if it is shown from memory only (storing it failed), else null. */
    private synchronized JsonObject openUnstored(String alertId) {
        JsonObject alert = open.get(alertId);
        return alert != null && Boolean.FALSE.equals(alert.getBoolean("stored")) ? alert : null;
    }

    /** Shows a newly stored alert; true when the nurses had not been shown it before (from memory, unstored). */
    private synchronized boolean showStored(JsonObject alert) {
        boolean shownBefore = open.containsKey(alert.getString("alertId"));
        show(alert);
        return !shownBefore;
    }

    private synchronized UnstoredAck unstoredAck(String alertId) {
        return unstoredAcks.get(alertId);
    }

    /** Takes an unstored open alert off the nurse pages for its acknowledgement; null if there is none. */
    private synchronized JsonObject takeUnstored(String alertId) {
        JsonObject alert = openUnstored(alertId);
        if (alert != null) open.remove(alertId);
        return alert;
    }

    /** Puts back an unstored alert whose acknowledgement failed. */
    private synchronized void putBackUnstored(JsonObject alert) {
        open.putIfAbsent(alert.getString("alertId"), alert);
        unstoredAcks.remove(alert.getString("alertId"));
    }

    private synchronized void show(JsonObject alert) {
        open.put(alert.getString("alertId"), alert);
        if (open.size() > MAX_OPEN) open.remove(open.keySet().iterator().next());
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
        if (alert.encode().length() > MAX_ENCODED) return "an alert must be at most " + MAX_ENCODED + " characters of JSON";
        return null;
    }

    /**
     * Acknowledges an open alert for everyone. The first acknowledgement wins; a second one (another nurse a moment
     * later, or after a restart) is refused with who acknowledged it and when. Audited either way, in the same
     * transaction as the acknowledgement.
     */
    public Future<JsonObject> acknowledge(String alertId, Actor actor) {
        JsonObject[] taken = new JsonObject[1];
        return db.write(c -> acknowledgeWithin(c, alertId, actor, taken), (c, outcome) -> {
            if (outcome.ack() != null) {
                synchronized (this) {
                    open.remove(alertId);
                }
            }
            return outcome;
        }).onFailure(e -> {
            if (taken[0] != null) putBackUnstored(taken[0]);
        }).compose(outcome -> {
            if (outcome.refusal() != null) return Future.failedFuture(outcome.refusal());
            acknowledgedListeners.forEach(l -> l.accept(outcome.ack().copy()));
            return Future.succeededFuture(outcome.ack());
        });
    }

    /**
     * On the writer thread. An unstored alert is taken off the open ones here, not after the commit, so a second
     * acknowledgement in the same group commit finds it taken; {@code taken} lets a failed write put it back.
     */
    private Acknowledgement acknowledgeWithin(Connection c, String alertId, Actor actor, JsonObject[] taken)
            throws SQLException {
        String target = "alert " + alertId;
        JsonObject unstored = takeUnstored(alertId);
        if (unstored != null) { // shown from memory because storing it failed: no row to update, still audited
            try {
                audit.recordWithin(c, actor, "alert.ack", target, "ok");
            } catch (SQLException | RuntimeException e) {
                putBackUnstored(unstored);
                throw e;
            }
            taken[0] = unstored;
            long now = clock.millis();
            synchronized (this) {
                unstoredAcks.put(alertId, new UnstoredAck(actor.username(), now));
            }
            return new Acknowledgement(new JsonObject().put("alertId", alertId).put("type", unstored.getString("type"))
                    .put("acknowledgedBy", actor.username())
                    .put("acknowledgedAt", Instant.ofEpochMilli(now).toString()), null);
        }
        UnstoredAck earlier = unstoredAck(alertId);
        if (earlier != null) {
            audit.recordWithin(c, actor, "alert.ack", target, "already_acknowledged");
            return new Acknowledgement(null, ApiException.conflict("already_acknowledged", "alert " + alertId
                    + " was already acknowledged by " + earlier.by() + " at " + Instant.ofEpochMilli(earlier.at())));
        }
        Stored stored = Sql.one(c, "SELECT type, acknowledged_by, acknowledged_at FROM staff_alerts WHERE alert_id = ?",
                rs -> new Stored(rs.getString(1), rs.getString(2), Sql.longOrNull(rs, "acknowledged_at")), alertId)
                .orElse(null);
        ApiException refusal = stored == null ? ApiException.notFound("alert '" + alertId + "'")
                : stored.acknowledgedBy() != null ? ApiException.conflict("already_acknowledged", "alert " + alertId
                        + " was already acknowledged by " + stored.acknowledgedBy() + " at "
                        + Instant.ofEpochMilli(stored.acknowledgedAt()))
                : null;
        if (refusal != null) {
            audit.recordWithin(c, actor, "alert.ack", target, refusal.code());
            return new Acknowledgement(null, refusal);
        }
        long now = clock.millis();
        Sql.update(c, "UPDATE staff_alerts SET acknowledged_by = ?, acknowledged_at = ? WHERE alert_id = ?",
                actor.username(), now, alertId);
        audit.recordWithin(c, actor, "alert.ack", target, "ok");
        return new Acknowledgement(new JsonObject().put("alertId", alertId).put("type", stored.type())
                .put("acknowledgedBy", actor.username()).put("acknowledgedAt", Instant.ofEpochMilli(now).toString()),
                null);
    }

    /**
     * Deletes the alerts acknowledged more than {@link #ACKNOWLEDGED_KEPT} ago; open ones stay whatever their age.
     * Run at each day turn; safe to repeat.
     */
    public Future<Integer> deleteOldAcknowledged() {
        return db.write(c -> Sql.update(c, "DELETE FROM staff_alerts WHERE acknowledged_at < ?",
                clock.millis() - ACKNOWLEDGED_KEPT.toMillis()));
    }
}
