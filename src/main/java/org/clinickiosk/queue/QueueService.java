package org.clinickiosk.queue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.clinickiosk.clinic.ClinicCatalog;
import org.clinickiosk.common.Masking;
import org.clinickiosk.config.ClinicConfig;
import org.clinickiosk.store.Database;
import org.clinickiosk.store.Sql;
import org.clinickiosk.web.Actor;
import org.clinickiosk.web.ApiException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The queue engine. Every action is one write transaction in the store's single writer, so two rooms calling at once
 * are serialised and can never draw the same ticket; all state lives in the database, so a restart mid-day leaves the
 * waiting order, called tickets and next numbers exactly as they were. Events are published only after commit.
 */
public final class QueueService {

    /** Published after every committed change: {type, ticketId?, serviceIds[], roomIds[]}. */
    public static final String CHANGED = "queue.changed";
    /** Published after a call or recall is committed: the display's call event. */
    public static final String CALLED = "queue.called";

    private static final Set<String> DECLARABLE = Set.of("elderly", "disability", "serviceman", "pregnancy");
    private static final int RECENT_SERVICE_TIMES = 20;
    static final long SORT_KEY_GAP = 1024;
    /** How long a retried ticket request is recognised by its Idempotency-Key. */
    static final long IDEMPOTENCY_KEPT_MILLIS = 48L * 3600 * 1000;
    private final SecureRandom random = new SecureRandom();

    private final Vertx vertx;
    private final Database db;
    private final QueueRulesSetting rules;
    private final ZoneId zone;
    private final Clock clock;
    private final boolean showMaskedNameOnDisplay;
    private final WaitingOrder waiting = new WaitingOrder(this);

    public QueueService(Vertx vertx, Database db, ClinicConfig config, QueueRulesSetting rules, Clock clock) {
        this.vertx = vertx;
        this.db = db;
        this.rules = rules;
        this.zone = config.clinic().timezone();
        this.clock = clock;
        this.showMaskedNameOnDisplay = config.display().showMaskedName();
    }

    /** What a committed action changed, for the response and the events published after commit. */
    public record Change(Ticket ticket, List<JsonObject> calls, Set<String> serviceIds, boolean repeated,
                         JsonObject view) {
        /** A newly issued ticket, for a caller that issued it inside its own transaction. */
        public static Change issued(Ticket ticket) {
            return new Change(ticket, List.of(), Set.of(ticket.serviceId()), false, null);
        }
    }

    public record IssueRequest(String serviceId, Long residentId, String priority, String kioskId) {}

    // ---- issuing ----------------------------------------------------------------------------------------------

    /** A ticket written by {@link #issue}, with the queue version its write left behind. */
    private record Issued(Change change, long versionAfter) {}

    /** Issues a ticket; a retry with the same Idempotency-Key and body returns the ticket issued the first time. */
    public Future<Change> issue(IssueRequest request, Actor actor, String idempotencyKey) {
        String requestHash = hash(request);
        return db.write(c -> {
            Optional<Long> existing = Sql.one(c,
                    "SELECT ticket_id, request_hash FROM idempotency_keys WHERE scope = ? AND key = ?",
                    rs -> rs.getString("request_hash").equals(requestHash) ? rs.getLong("ticket_id") : -1L,
                    actor.idempotencyScope(), idempotencyKey);
            if (existing.isPresent()) {
                if (existing.get() < 0) {
                    throw new ApiException(422, "idempotency_key_reused",
                            "this Idempotency-Key was already used for a different request");
                }
                return new Issued(new Change(ticketById(c, existing.get()), List.of(), Set.of(), true, null), -1);
            }
            Ticket ticket = issueWithin(c, request, null, actor);
            Sql.update(c, "INSERT INTO idempotency_keys (scope, key, request_hash, ticket_id, created_at) VALUES (?, ?, ?, ?, ?)",
                    actor.idempotencyScope(), idempotencyKey, requestHash, ticket.id(), now());
            return new Issued(new Change(ticket, List.of(), Set.of(ticket.serviceId()), false, null),
                    WaitingOrder.version(c));
        }, (c, issued) -> {
            // After the commit: the place comes from the in-memory waiting order (see WaitingOrder), not from reading
            // and sorting the day's queue again for every ticket.
            Change change = issued.change();
            WaitingOrder.Place place = change.repeated() ? null : waiting.placeOfIssued(c, issued.versionAfter(),
                    change.ticket(), now(), rules.current().priorityEvery());
            return new Placed(change, place, place != null ? null : view(c, ticketById(c, change.ticket().id())));
        }).map(placed -> {
            // The answer's JSON is built here, on the caller's event loop, not on the one writer thread.
            Change change = placed.change();
            JsonObject view = placed.view() != null ? placed.view()
                    : viewJson(change.ticket(), placed.place().service(), placed.place());
            return new Change(change.ticket(), change.calls(), change.serviceIds(), change.repeated(), view);
        }).onSuccess(this::announce);
    }

    /** An issued ticket after its commit: its place from memory, or (when that was not possible) its view read. */
    private record Placed(Change change, WaitingOrder.Place place, JsonObject view) {}

    /**
     * Issues a ticket inside a caller's transaction (used by appointment check-in). {@code slotStart} non-null puts it
     * in the appointment lane, ordered by slot.
     */
    public Ticket issueWithin(Connection c, IssueRequest request, Long appointmentSlotStart, Actor actor)
            throws SQLException {
        long now = now();
        ZonedDateTime local = Instant.ofEpochMilli(now).atZone(zone);
        ClinicCatalog.Service service = ClinicCatalog.service(c, request.serviceId());
        if (service == null) throw ApiException.notFound("service '" + request.serviceId() + "'");
        if (!service.openAt(local.toLocalTime())) {
            throw ApiException.conflict("service_closed", service.name() + " is closed now (open "
                    + service.opens() + "–" + service.closes() + ")");
        }
        String priority = "normal";
        boolean declared = false;
        if (request.residentId() != null) {
            Optional<String> birth = Sql.one(c, "SELECT birth_date FROM residents WHERE id = ?",
                    rs -> rs.getString(1), request.residentId());
            if (birth.isEmpty()) throw ApiException.notFound("resident " + request.residentId());
            if (birth.get() != null
                    && Period.between(LocalDate.parse(birth.get()), local.toLocalDate()).getYears() >= rules.current().elderlyAge()) {
                priority = "elderly";
            }
        }
        String asked = request.priority();
        if (asked != null && !asked.equals("normal") && !asked.equals(priority)) {
            if (asked.equals("emergency")) {
                if (!actor.mayIssueEmergency()) {
                    throw new ApiException(403, "forbidden", "only staff can issue an emergency ticket");
                }
                priority = "emergency";
            } else if (DECLARABLE.contains(asked)) {
                priority = asked;
                declared = !actor.isStaff(); // staff have seen the proof; a kiosk declaration is checked at the desk
            } else {
                throw ApiException.badRequest("invalid_priority", "unknown priority '" + asked + "'");
            }
        }
        String day = local.toLocalDate().toString();
        // The next number of the service, and the day's last arrival key, in one query (both indexed).
        long[] next = Sql.one(c, """
                SELECT (SELECT COALESCE(MAX(seq), 0) + 1 FROM tickets WHERE issuing_service_id = ? AND day = ?),
                       (SELECT COALESCE(MAX(sort_key), 0) FROM tickets WHERE day = ?)""",
                rs -> new long[]{rs.getLong(1), rs.getLong(2)}, service.id(), day, day).orElseThrow();
        int seq = (int) next[0];
        String number = number(service.prefix(), seq);
        // Arrival order as strictly increasing microsecond keys with room between neighbours, even for tickets
        // issued in the same millisecond, so a requeued ticket can always be slotted between two others.
        long sortKey = Math.max(now * 1000, next[1] + SORT_KEY_GAP);
        String token = newToken();
        long id = Sql.insert(c, """
                INSERT INTO tickets (public_token, issuing_service_id, service_id, day, seq, number, status, priority,
                                     priority_declared, resident_id, slot_start, kiosk_id, sort_key, issued_at)
                VALUES (?, ?, ?, ?, ?, ?, 'waiting', ?, ?, ?, ?, ?, ?, ?)""",
                token, service.id(), service.id(), day, seq, number, priority, declared, request.residentId(),
                appointmentSlotStart, request.kioskId(), sortKey, now);
        event(c, id, "issued", null, Ticket.WAITING, service.id(), null, actor, 0, now);
        // the row exactly as inserted (the table's defaults are null/0), without reading it back
        return new Ticket(id, token, service.id(), service.id(), day, seq, number, Ticket.WAITING, priority, declared,
                request.residentId(), null, appointmentSlotStart, request.kioskId(), sortKey, null, null, 0, now,
                null, null, null, null);
    }

    // ---- calling ----------------------------------------------------------------------------------------------

    /**
     * Calls the next ticket for a room from all its services. A repeated click by the same staff member within
     * {@code queue.callDebounceSeconds} returns the ticket already called instead of calling another.
     */
    public Future<Change> callNext(String roomId, Actor actor) {
        return db.write(c -> {
            long now = now();
            ClinicCatalog.Room room = room(c, roomId);
            if (room.paused()) throw ApiException.conflict("room_paused", room.name() + " is paused: resume it first");
            int debounceSeconds = rules.current().callDebounceSeconds();
            Optional<Ticket> recent = debounceSeconds == 0 ? Optional.empty() : Sql.one(c, """
                    SELECT t.* FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id
                    WHERE e.action = 'call-next' AND e.room_id = ? AND e.staff_id IS ? AND e.at >= ? AND t.status = 'called'
                    ORDER BY e.id DESC LIMIT 1""", Ticket::from,
                    roomId, actor.staffId(), now - debounceSeconds * 1000L);
            if (recent.isPresent()) {
                return new Change(recent.get(), List.of(), Set.of(), true, view(c, recent.get()));
            }
            List<QueueOrdering.Candidate> order = callOrder(c, room.serviceIds(), now);
            if (order.isEmpty()) return new Change(null, List.of(), Set.of(), false, null);
            return callTicket(c, ticketById(c, order.get(0).id()), room, actor, "call-next", now);
        }).onSuccess(this::announce);
    }

    /** Calls a chosen waiting ticket out of order. */
    public Future<Change> call(long ticketId, String roomId, Actor actor) {
        return db.write(c -> {
            long now = now();
            Ticket ticket = ticketById(c, ticketId);
            ClinicCatalog.Room room = room(c, roomId);
            if (room.paused()) throw ApiException.conflict("room_paused", room.name() + " is paused: resume it first");
            if (!room.serviceIds().contains(ticket.serviceId())) {
                throw ApiException.conflict("wrong_room", room.name() + " does not serve ticket " + ticket.number()
                        + "'s service; transfer it first");
            }
            requireStatus(ticket, "call", Ticket.WAITING);
            return callTicket(c, ticket, room, actor, "call", now);
        }).onSuccess(this::announce);
    }

    private Change callTicket(Connection c, Ticket ticket, ClinicCatalog.Room room, Actor actor, String action,
                              long now) throws SQLException {
        Sql.update(c, """
                UPDATE tickets SET status = 'called', room_id = ?, called_by = ?, called_at = ?,
                       first_called_at = COALESCE(first_called_at, ?), recall_count = 0
                WHERE id = ?""", room.id(), actor.staffId(), now, now, ticket.id());
        long eventId = recordCall(c, ticket.id(), action, ticket.status(), Ticket.CALLED, ticket.serviceId(), room.id(),
                actor, 0, now);
        Ticket called = ticketById(c, ticket.id());
        return new Change(called, List.of(callEvent(c, eventId, called, room, now)), Set.of(called.serviceId()),
                false, view(c, called));
    }

    /** Announces a called ticket again; past queue.maxRecalls it becomes a no-show instead. */
    public Future<Change> recall(long ticketId, Actor actor) {
        return db.write(c -> {
            long now = now();
            Ticket ticket = ticketById(c, ticketId);
            requireStatus(ticket, "recall", Ticket.CALLED);
            ClinicCatalog.Room room = room(c, ticket.roomId());
            if (ticket.recallCount() >= rules.current().maxRecalls()) {
                return transition(c, ticket, "no-show", Ticket.NO_SHOW, "no_show_at", actor, now);
            }
            int recalls = ticket.recallCount() + 1;
            Sql.update(c, "UPDATE tickets SET recall_count = ?, called_at = ? WHERE id = ?", recalls, now, ticket.id());
            long eventId = recordCall(c, ticket.id(), "recall", Ticket.CALLED, Ticket.CALLED, ticket.serviceId(), room.id(),
                    actor, recalls, now);
            Ticket recalled = ticketById(c, ticket.id());
            return new Change(recalled, List.of(callEvent(c, eventId, recalled, room, now)),
                    Set.of(recalled.serviceId()), false, view(c, recalled));
        }).onSuccess(this::announce);
    }

    public Future<Change> start(long ticketId, Actor actor) {
        return simpleTransition(ticketId, actor, "start", Ticket.SERVING, "started_at", Ticket.CALLED);
    }

    public Future<Change> finish(long ticketId, Actor actor) {
        return simpleTransition(ticketId, actor, "finish", Ticket.DONE, "finished_at", Ticket.SERVING);
    }

    public Future<Change> noShow(long ticketId, Actor actor) {
        return simpleTransition(ticketId, actor, "no-show", Ticket.NO_SHOW, "no_show_at", Ticket.CALLED);
    }

    public Future<Change> cancel(long ticketId, Actor actor) {
        return simpleTransition(ticketId, actor, "cancel", Ticket.CANCELLED, "cancelled_at",
                Ticket.WAITING, Ticket.CALLED);
    }

    private Future<Change> simpleTransition(long ticketId, Actor actor, String action, String to, String timeColumn,
                                            String... from) {
        return db.write(c -> {
            Ticket ticket = ticketById(c, ticketId);
            requireStatus(ticket, action, from);
            return transition(c, ticket, action, to, timeColumn, actor, now());
        }).onSuccess(this::announce);
    }

    private Change transition(Connection c, Ticket ticket, String action, String to, String timeColumn, Actor actor,
                              long now) throws SQLException {
        Sql.update(c, "UPDATE tickets SET status = ?, " + timeColumn + " = ? WHERE id = ?", to, now, ticket.id());
        event(c, ticket.id(), action, ticket.status(), to, ticket.serviceId(), ticket.roomId(), actor,
                ticket.recallCount(), now);
        Ticket changed = ticketById(c, ticket.id());
        return new Change(changed, List.of(), Set.of(changed.serviceId()), false, view(c, changed));
    }

    /** A returning no-show goes back to waiting, queue.requeueOffset places behind the head of its lane. */
    public Future<Change> requeue(long ticketId, Actor actor) {
        return db.write(c -> {
            long now = now();
            Ticket ticket = ticketById(c, ticketId);
            requireStatus(ticket, "requeue", Ticket.NO_SHOW);
            QueueOrdering.Lane lane = ticket.lane() == QueueOrdering.Lane.APPOINTMENT
                    ? QueueOrdering.Lane.NORMAL : ticket.lane();
            List<Long> laneKeys = orderedWaiting(c, List.of(ticket.serviceId()), now).stream()
                    .filter(t -> t.lane() == lane).map(Ticket::sortKey).sorted().toList();
            int offset = rules.current().requeueOffset();
            if (offset > 0 && offset < laneKeys.size() && laneKeys.get(offset) - laneKeys.get(offset - 1) < 2) {
                // No room left between the two neighbours (many requeues to the same place halved the gap away):
                // move every key of the day from the later neighbour on by one gap, which keeps every order intact.
                long from = laneKeys.get(offset);
                Sql.update(c, "UPDATE tickets SET sort_key = sort_key + ? WHERE day = ? AND sort_key >= ?",
                        SORT_KEY_GAP, ticket.day(), from);
                laneKeys = laneKeys.stream().map(k -> k >= from ? k + SORT_KEY_GAP : k).toList();
            }
            long sortKey = placeBehindHead(laneKeys, offset, now * 1000);
            Sql.update(c, """
                    UPDATE tickets SET status = 'waiting', sort_key = ?, slot_start = NULL, room_id = NULL,
                           called_by = NULL, recall_count = 0, requeued_at = ? WHERE id = ?""",
                    sortKey, now, ticket.id());
            event(c, ticket.id(), "requeue", ticket.status(), Ticket.WAITING, ticket.serviceId(), null, actor, 0, now);
            Ticket requeued = ticketById(c, ticket.id());
            return new Change(requeued, List.of(), Set.of(requeued.serviceId()), false, view(c, requeued));
        }).onSuccess(this::announce);
    }

    /** A sort key between the offset-th and the next key of a lane (keys are microseconds: room to split). */
    static long placeBehindHead(List<Long> sortedKeys, int offset, long fallback) {
        if (sortedKeys.isEmpty()) return fallback;
        if (offset <= 0) return sortedKeys.get(0) - 1;
        if (offset >= sortedKeys.size()) return Math.max(sortedKeys.get(sortedKeys.size() - 1) + 1, fallback);
        long before = sortedKeys.get(offset - 1);
        long after = sortedKeys.get(offset);
        return before + Math.max(1, (after - before) / 2);
    }

    /** Moves a ticket to another service keeping its number, arrival place and history. */
    public Future<Change> transfer(long ticketId, String serviceId, Actor actor) {
        return db.write(c -> {
            long now = now();
            Ticket ticket = ticketById(c, ticketId);
            requireStatus(ticket, "transfer", Ticket.WAITING, Ticket.CALLED, Ticket.SERVING);
            if (!ClinicCatalog.services(c).containsKey(serviceId)) throw ApiException.notFound("service '" + serviceId + "'");
            if (serviceId.equals(ticket.serviceId())) {
                throw ApiException.conflict("same_service", "ticket " + ticket.number() + " is already in that service");
            }
            Sql.update(c, """
                    UPDATE tickets SET status = 'waiting', service_id = ?, room_id = NULL, called_by = NULL,
                           recall_count = 0, slot_start = NULL, transferred_at = ? WHERE id = ?""",
                    serviceId, now, ticket.id());
            event(c, ticket.id(), "transfer", ticket.status(), Ticket.WAITING, serviceId, ticket.roomId(), actor, 0, now);
            Ticket moved = ticketById(c, ticket.id());
            return new Change(moved, List.of(), Set.of(ticket.serviceId(), serviceId), false, view(c, moved));
        }).onSuccess(this::announce);
    }

    public Future<JsonObject> setPaused(String roomId, boolean paused, Actor actor) {
        return db.write(c -> {
            ClinicCatalog.Room room = room(c, roomId);
            Sql.update(c, "UPDATE rooms SET paused = ? WHERE id = ?", paused, roomId);
            return new JsonObject().put("id", room.id()).put("paused", paused).put("services", new JsonArray(room.serviceIds()));
        }).onSuccess(json -> vertx.eventBus().publish(CHANGED, new JsonObject().put("type", "room")
                .put("roomId", roomId).put("serviceIds", json.getJsonArray("services"))));
    }

    // ---- reading ----------------------------------------------------------------------------------------------

    public Future<JsonObject> ticket(long ticketId) {
        return db.read(c -> view(c, ticketById(c, ticketId)));
    }

    public Future<JsonObject> ticketByToken(String token) {
        return db.read(c -> view(c, Sql.one(c, "SELECT * FROM tickets WHERE public_token = ?", Ticket::from, token)
                .orElseThrow(() -> ApiException.notFound("ticket"))));
    }

    /** Services with their waiting counts and estimated waits, as the kiosk tiles and the display show them. */
    public Future<JsonArray> services() {
        return db.read(c -> {
            long now = now();
            ZonedDateTime local = Instant.ofEpochMilli(now).atZone(zone);
            JsonArray out = new JsonArray();
            Map<String, ClinicCatalog.Room> rooms = ClinicCatalog.rooms(c);
            Map<String, Integer> counts = waitingCounts(c, today(now));
            for (ClinicCatalog.Service s : ClinicCatalog.services(c).values()) {
                int waiting = counts.getOrDefault(s.id(), 0);
                out.add(new JsonObject().put("id", s.id()).put("name", s.name()).put("nameEn", s.nameEn())
                        .put("prefix", s.prefix()).put("opens", s.opens().toString()).put("closes", s.closes().toString())
                        .put("open", s.open()).put("openNow", s.openAt(local.toLocalTime()))
                        .put("waiting", waiting)
                        .put("estimatedWaitMinutes", estimatedWaitMinutes(c, s, waiting, rooms)));
            }
            return out;
        });
    }

    public Future<JsonArray> rooms() {
        return db.read(c -> {
            JsonArray out = new JsonArray();
            for (ClinicCatalog.Room r : ClinicCatalog.rooms(c).values()) {
                out.add(new JsonObject().put("id", r.id()).put("name", r.name()).put("nameEn", r.nameEn())
                        .put("paused", r.paused()).put("services", new JsonArray(r.serviceIds())));
            }
            return out;
        });
    }

    /** A room's live list: its called/serving tickets and everyone waiting for its services, in call order. */
    public Future<JsonObject> roomQueue(String roomId) {
        return db.read(c -> {
            long now = now();
            ClinicCatalog.Room room = room(c, roomId);
            JsonArray waiting = new JsonArray();
            for (Ticket t : orderedWaiting(c, room.serviceIds(), now)) waiting.add(listEntry(c, t, now));
            JsonArray active = new JsonArray();
            for (Ticket t : Sql.list(c, "SELECT * FROM tickets WHERE room_id = ? AND day = ? AND status IN ('called', 'serving') ORDER BY called_at",
                    Ticket::from, roomId, today(now))) {
                active.add(listEntry(c, t, now));
            }
            JsonArray noShows = new JsonArray();
            for (Ticket t : Sql.list(c, "SELECT * FROM tickets WHERE service_id IN (" + Sql.placeholders(room.serviceIds().size())
                    + ") AND day = ? AND status = 'no_show' ORDER BY no_show_at DESC LIMIT 20", Ticket::from,
                    concat(room.serviceIds(), today(now)))) {
                noShows.add(listEntry(c, t, now));
            }
            return new JsonObject().put("room", new JsonObject().put("id", room.id()).put("name", room.name())
                            .put("paused", room.paused()).put("services", new JsonArray(room.serviceIds())))
                    .put("active", active).put("waiting", waiting).put("noShows", noShows)
                    .put("lastEventId", lastEventId(c));
        });
    }

    /** The display's starting point: current call per room, recent calls, waiting counts. */
    public Future<JsonObject> displaySnapshot() {
        return db.read(c -> {
            long now = now();
            String today = today(now);
            List<JsonObject> calls = recentCalls(c, today, 0, 20);
            JsonObject current = new JsonObject();
            for (JsonObject call : calls) {
                if (!current.containsKey(call.getString("roomId"))) current.put(call.getString("roomId"), call);
            }
            return new JsonObject().put("currentByRoom", current).put("recentCalls", new JsonArray(new ArrayList<>(calls)))
                    .put("services", waitingByService(c, today)).put("lastEventId", lastEventId(c));
        });
    }

    /** Waiting counts per service, as the display shows them; one grouped count, cheap enough to run often. */
    public Future<JsonArray> waitingByService() {
        return db.read(c -> waitingByService(c, today(now())));
    }

    private JsonArray waitingByService(Connection c, String today) throws SQLException {
        Map<String, Integer> counts = waitingCounts(c, today);
        JsonArray out = new JsonArray();
        for (ClinicCatalog.Service s : ClinicCatalog.services(c).values()) {
            out.add(new JsonObject().put("serviceId", s.id()).put("name", s.name()).put("nameEn", s.nameEn())
                    .put("waiting", counts.getOrDefault(s.id(), 0)));
        }
        return out;
    }

    private static Map<String, Integer> waitingCounts(Connection c, String today) throws SQLException {
        Map<String, Integer> counts = new java.util.HashMap<>();
        for (Object[] row : Sql.list(c, "SELECT service_id, COUNT(*) FROM tickets WHERE day = ? AND status = 'waiting' GROUP BY service_id",
                rs -> new Object[]{rs.getString(1), rs.getInt(2)}, today)) {
            counts.put((String) row[0], (Integer) row[1]);
        }
        return counts;
    }

    /** Call and recall events after a given event id (for resuming a display stream), oldest first. */
    public Future<List<JsonObject>> callsAfter(long eventId, int limit) {
        return db.read(c -> {
            List<JsonObject> newestFirst = recentCalls(c, today(now()), eventId, limit);
            List<JsonObject> out = new ArrayList<>(newestFirst);
            java.util.Collections.reverse(out);
            return out;
        });
    }

    private List<JsonObject> recentCalls(Connection c, String day, long afterEventId, int limit) throws SQLException {
        Map<String, ClinicCatalog.Room> rooms = ClinicCatalog.rooms(c);
        return Sql.list(c, """
                SELECT e.id AS event_id, e.at AS event_at, e.recall_count AS event_recalls, e.room_id AS event_room, t.*
                FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id
                WHERE e.action IN ('call', 'call-next', 'recall') AND t.day = ? AND e.id > ?
                ORDER BY e.id DESC LIMIT ?""", rs -> {
            Ticket t = Ticket.from(rs);
            ClinicCatalog.Room room = rooms.get(rs.getString("event_room"));
            return callJson(c, rs.getLong("event_id"), t, room, rs.getInt("event_recalls"), rs.getLong("event_at"));
        }, day, afterEventId, limit);
    }

    // ---- day turn ---------------------------------------------------------------------------------------------

    /**
     * Closes the previous days: tickets still open from before today are cancelled (with an event), once, and
     * idempotency keys older than two days are forgotten. Safe to repeat: a second run finds nothing to change.
     */
    public Future<Integer> turnDay() {
        return db.write(c -> {
            long now = now();
            String today = today(now);
            List<Ticket> open = Sql.list(c, "SELECT * FROM tickets WHERE day < ? AND status IN ('waiting', 'called', 'serving')",
                    Ticket::from, today);
            for (Ticket t : open) {
                Sql.update(c, "UPDATE tickets SET status = 'cancelled', cancelled_at = ? WHERE id = ?", now, t.id());
                event(c, t.id(), "day-closed", t.status(), Ticket.CANCELLED, t.serviceId(), t.roomId(), Actor.system(),
                        t.recallCount(), now);
            }
            Sql.update(c, "INSERT OR IGNORE INTO day_turns (day, turned_at, closed_tickets) VALUES (?, ?, ?)",
                    today, now, open.size());
            // A retried request comes within seconds or minutes; keys older than that only grow the table.
            Sql.update(c, "DELETE FROM idempotency_keys WHERE created_at < ?", now - IDEMPOTENCY_KEPT_MILLIS);
            return open.size();
        }).onSuccess(n -> {
            if (n > 0) vertx.eventBus().publish(CHANGED, new JsonObject().put("type", "day"));
        });
    }

    /** Milliseconds until the next local midnight in the clinic's time zone. */
    public long millisUntilMidnight() {
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(zone));
        ZonedDateTime midnight = now.toLocalDate().plusDays(1).atStartOfDay(zone);
        return Math.max(1, midnight.toInstant().toEpochMilli() - now.toInstant().toEpochMilli());
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /** Waiting tickets of the given services today, in the order they will be called. */
    List<Ticket> orderedWaiting(Connection c, List<String> serviceIds, long now) throws SQLException {
        List<QueueOrdering.Candidate> order = callOrder(c, serviceIds, now);
        if (order.isEmpty()) return List.of();
        Map<Long, Ticket> byId = new java.util.HashMap<>();
        for (Ticket t : Sql.list(c, "SELECT * FROM tickets WHERE service_id IN (" + Sql.placeholders(serviceIds.size())
                + ") AND day = ? AND status = 'waiting'", Ticket::from, concat(serviceIds, today(now)))) {
            byId.put(t.id(), t);
        }
        return order.stream().map(cand -> byId.get(cand.id())).toList();
    }

    /**
     * The call order of the waiting tickets of these services, reading only the four columns the ordering needs
     * (this runs for every call and every ticket's place, so it must stay light as the day's queue grows).
     */
    List<QueueOrdering.Candidate> callOrder(Connection c, List<String> serviceIds, long now) throws SQLException {
        if (serviceIds.isEmpty()) return List.of();
        String in = Sql.placeholders(serviceIds.size());
        String today = today(now);
        List<QueueOrdering.Candidate> waiting = Sql.list(c, "SELECT id, priority, slot_start, sort_key FROM tickets"
                + " WHERE service_id IN (" + in + ") AND day = ? AND status = 'waiting'",
                rs -> new QueueOrdering.Candidate(rs.getLong(1), Ticket.lane(rs.getString(2), Sql.longOrNull(rs, "slot_start")),
                        rs.getLong(4), Sql.longOrNull(rs, "slot_start")), concat(serviceIds, today));
        if (waiting.size() <= 1) return waiting;
        return QueueOrdering.order(waiting, normalsSinceLastPriority(c, serviceIds, today),
                rules.current().priorityEvery(), now);
    }

    /** Normal walk-ins first called since the last priority one, today, in these services. */
    int normalsSinceLastPriority(Connection c, List<String> serviceIds, String today) throws SQLException {
        List<QueueOrdering.Lane> recentLanes = Sql.list(c, "SELECT priority, slot_start FROM tickets WHERE service_id IN ("
                + Sql.placeholders(serviceIds.size()) + ") AND day = ? AND first_called_at IS NOT NULL"
                + " ORDER BY first_called_at DESC, id DESC LIMIT ?",
                rs -> Ticket.lane(rs.getString(1), Sql.longOrNull(rs, "slot_start")),
                concat(serviceIds, today, rules.current().priorityEvery() * 4 + 8));
        return QueueOrdering.normalsSinceLastPriority(recentLanes);
    }

    private static Object[] concat(List<String> values, Object... more) {
        Object[] out = new Object[values.size() + more.length];
        for (int i = 0; i < values.size(); i++) out[i] = values.get(i);
        System.arraycopy(more, 0, out, values.size(), more.length);
        return out;
    }

    private int estimatedWaitMinutes(Connection c, ClinicCatalog.Service s, int peopleAhead,
                                     Map<String, ClinicCatalog.Room> rooms) throws SQLException {
        if (peopleAhead <= 0) return 0;
        return estimateMinutes(peopleAhead, recentAverageServiceMillis(c, s.id(), now()), s.avgServiceMinutes(),
                openRooms(rooms, s.id()));
    }

    /** Rooms serving this service that are not paused. */
    static long openRooms(Map<String, ClinicCatalog.Room> rooms, String serviceId) {
        return rooms.values().stream().filter(r -> !r.paused() && r.serviceIds().contains(serviceId)).count();
    }

    /** The average of the service's last 20 service times in the past two weeks, or -1 with fewer than 3. */
    double recentAverageServiceMillis(Connection c, String serviceId, long now) throws SQLException {
        return Sql.one(c, """
                SELECT AVG(finished_at - started_at), COUNT(*) FROM (
                    SELECT finished_at, started_at FROM tickets
                    WHERE service_id = ? AND finished_at IS NOT NULL AND started_at IS NOT NULL AND finished_at > ?
                    ORDER BY finished_at DESC LIMIT ?)""",
                rs -> rs.getInt(2) >= 3 ? rs.getDouble(1) : -1, serviceId, now - 14L * 24 * 3600 * 1000,
                RECENT_SERVICE_TIMES).orElse(-1.0);
    }

    /** Minutes until {@code peopleAhead} are served by the open rooms, at the recent pace (or the configured one). */
    static int estimateMinutes(int peopleAhead, double recentAverageMillis, double configuredMinutes, long openRooms) {
        if (peopleAhead <= 0) return 0;
        double minutesEach = recentAverageMillis > 0 ? recentAverageMillis / 60000.0 : configuredMinutes;
        return (int) Math.ceil(peopleAhead * minutesEach / Math.max(1, openRooms));
    }

    private JsonObject view(Connection c, Ticket t) throws SQLException {
        ClinicCatalog.Service service = ClinicCatalog.services(c).get(t.serviceId());
        if (Ticket.WAITING.equals(t.status())) {
            List<QueueOrdering.Candidate> order = callOrder(c, List.of(t.serviceId()), now());
            int ahead = 0;
            while (ahead < order.size() && order.get(ahead).id() != t.id()) ahead++;
            return viewJson(t, service, new WaitingOrder.Place(service, ahead,
                    estimatedWaitMinutes(c, service, ahead, ClinicCatalog.rooms(c))));
        }
        return viewJson(t, service, null);
    }

    /** A ticket as the API shows it; {@code place} is null unless it is waiting. */
    private JsonObject viewJson(Ticket t, ClinicCatalog.Service service, WaitingOrder.Place place) {
        JsonObject json = new JsonObject()
                .put("id", t.id()).put("number", t.number()).put("serviceId", t.serviceId())
                .put("serviceName", service.name()).put("serviceNameEn", service.nameEn())
                .put("status", t.status()).put("priority", t.priority()).put("priorityDeclared", t.priorityDeclared())
                .put("token", t.token()).put("day", t.day()).put("issuedAt", iso(t.issuedAt()))
                .put("recallCount", t.recallCount()).put("roomId", t.roomId())
                .put("appointmentId", t.appointmentId()).put("kioskId", t.kioskId());
        if (place != null) {
            json.put("position", place.ahead() + 1).put("peopleAhead", place.ahead())
                    .put("estimatedWaitMinutes", place.estimatedWaitMinutes());
        } else {
            json.put("position", null).put("peopleAhead", 0).put("estimatedWaitMinutes", 0);
        }
        return json;
    }

    private JsonObject listEntry(Connection c, Ticket t, long now) throws SQLException {
        return new JsonObject().put("id", t.id()).put("number", t.number()).put("serviceId", t.serviceId())
                .put("status", t.status()).put("priority", t.priority()).put("priorityDeclared", t.priorityDeclared())
                .put("appointment", t.appointmentId() != null).put("slotStart", t.slotStart() == null ? null : iso(t.slotStart()))
                .put("waitingMinutes", (now - t.issuedAt()) / 60000).put("recallCount", t.recallCount())
                .put("roomId", t.roomId()).put("residentId", t.residentId())
                .put("maskedName", maskedName(c, t.residentId()));
    }

    private JsonObject callEvent(Connection c, long eventId, Ticket t, ClinicCatalog.Room room, long at)
            throws SQLException {
        return callJson(c, eventId, t, room, t.recallCount(), at);
    }

    private JsonObject callJson(Connection c, long eventId, Ticket t, ClinicCatalog.Room room, int recalls, long at)
            throws SQLException {
        ClinicCatalog.Service service = ClinicCatalog.services(c).get(t.serviceId());
        JsonObject json = new JsonObject().put("eventId", eventId).put("ticketId", t.id()).put("number", t.number())
                .put("roomId", room == null ? null : room.id()).put("roomName", room == null ? null : room.name())
                .put("roomNameEn", room == null ? null : room.nameEn())
                .put("serviceId", t.serviceId()).put("serviceName", service.name()).put("serviceNameEn", service.nameEn())
                .put("recallCount", recalls).put("at", iso(at));
        if (showMaskedNameOnDisplay) json.put("maskedName", maskedName(c, t.residentId()));
        return json;
    }

    private String maskedName(Connection c, Long residentId) throws SQLException {
        if (residentId == null) return null;
        return Sql.one(c, "SELECT name FROM residents WHERE id = ?", rs -> Masking.name(rs.getString(1)), residentId)
                .orElse(null);
    }

    private static final String INSERT_EVENT = """
            INSERT INTO ticket_events (ticket_id, at, action, from_status, to_status, service_id, room_id, staff_id, recall_count)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    /** Records a transition in the ticket's history. */
    private void event(Connection c, long ticketId, String action, String from, String to, String serviceId,
                       String roomId, Actor actor, int recallCount, long at) throws SQLException {
        Sql.update(c, INSERT_EVENT, ticketId, at, action, from, to, serviceId, roomId, actor.staffId(), recallCount);
    }

    /** Records a call or recall and returns its event id: the display's call id (Last-Event-ID). */
    private long recordCall(Connection c, long ticketId, String action, String from, String to, String serviceId,
                            String roomId, Actor actor, int recallCount, long at) throws SQLException {
        return Sql.insert(c, INSERT_EVENT, ticketId, at, action, from, to, serviceId, roomId, actor.staffId(),
                recallCount);
    }

    private static long lastEventId(Connection c) throws SQLException {
        return Sql.count(c, "SELECT COALESCE(MAX(id), 0) FROM ticket_events");
    }

    static Ticket ticketById(Connection c, long id) throws SQLException {
        return Sql.one(c, "SELECT * FROM tickets WHERE id = ?", Ticket::from, id)
                .orElseThrow(() -> ApiException.notFound("ticket " + id));
    }

    private static ClinicCatalog.Room room(Connection c, String roomId) throws SQLException {
        ClinicCatalog.Room room = roomId == null ? null : ClinicCatalog.rooms(c).get(roomId);
        if (room == null) throw ApiException.notFound("room '" + roomId + "'");
        return room;
    }

    private static void requireStatus(Ticket t, String action, String... allowed) {
        for (String s : allowed) if (s.equals(t.status())) return;
        throw ApiException.conflict("invalid_transition", "ticket " + t.number() + " is " + t.status().replace('_', '-')
                + "; it cannot be given '" + action + "' (allowed from: " + String.join(", ", allowed) + ")");
    }

    /** Publishes what a committed change means to the display, room and kiosk streams. */
    public void announce(Change change) {
        if (change.repeated()) return;
        for (JsonObject call : change.calls()) vertx.eventBus().publish(CALLED, call);
        if (!change.serviceIds().isEmpty()) {
            vertx.eventBus().publish(CHANGED, new JsonObject().put("type", "ticket")
                    .put("ticketId", change.ticket() == null ? null : change.ticket().id())
                    .put("serviceIds", new JsonArray(new ArrayList<>(change.serviceIds()))));
        }
    }

    private long now() {
        return clock.millis();
    }

    long nowMillis() {
        return now();
    }

    /** How often the in-memory waiting order was read again from the database (for tests). */
    long waitingOrderReloads() {
        return waiting.reloads();
    }

    private String today(long now) {
        return Instant.ofEpochMilli(now).atZone(zone).toLocalDate().toString();
    }

    private String iso(long millis) {
        return Instant.ofEpochMilli(millis).atZone(zone).toOffsetDateTime().toString();
    }

    /** A ticket number: the service's prefix and at least three digits (A001, A999, A1000). */
    static String number(String prefix, int seq) {
        String digits = Integer.toString(seq); // not String.format: it was a sixth of the writer's time per ticket
        return prefix + "000".substring(Math.min(3, digits.length())) + digits;
    }

    private String newToken() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String hash(IssueRequest r) {
        try {
            String canonical = String.join("\u0000", r.serviceId(), String.valueOf(r.residentId()),
                    String.valueOf(r.priority()), String.valueOf(r.kioskId()));
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
