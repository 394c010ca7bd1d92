package org.clinickiosk.queue;

import org.clinickiosk.clinic.ClinicCatalog;
import org.clinickiosk.store.Sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-memory copy of today's waiting order, so that issuing a ticket can tell its place and wait without reading
 * and sorting the whole day's queue: with a few thousand tickets a day that per-ticket read was what limited how fast
 * numbers could be issued.
 *
 * <p>The copy follows the committed database, never the other way round. It is used only on the store's writer
 * thread, after a write has committed ({@link org.clinickiosk.store.Database#write(org.clinickiosk.store.SqlWork,
 * org.clinickiosk.store.Database.CommittedWork)}). It knows it is current by the {@code queue_version} counter, which
 * triggers move on every change to tickets, services, rooms and queue rules (migration V008): a new ticket whose write
 * moved the counter from exactly the copy's version is added in O(log n); anything else (a call, a transfer, a paused
 * room, a new day, a write made by code that does not know this class) leaves the counter elsewhere and the copy is
 * read again from the database the next time it is asked.
 */
final class WaitingOrder {

    /** What the place and the wait estimate of one service's tickets depend on. */
    private static final class ServiceState {
        final ClinicCatalog.Service service;
        final QueueOrdering.Lanes lanes = new QueueOrdering.Lanes();
        int normalsSinceLastPriority;
        double recentAverageMillis;
        long openRooms;

        ServiceState(ClinicCatalog.Service service) {
            this.service = service;
        }
    }

    /** A waiting ticket's place in its service: {@code ahead} people before it and the estimated wait. */
    record Place(ClinicCatalog.Service service, int ahead, int estimatedWaitMinutes) {}

    private final QueueService queue;
    private String day;
    private long version = -1;
    private int priorityEvery;
    private final Map<String, ServiceState> services = new HashMap<>();
    private long reloads;

    WaitingOrder(QueueService queue) {
        this.queue = queue;
    }

    /**
     * The place of a ticket that the committed write ending at {@code versionAfter} has just issued, or null when it
     * is no longer waiting (a later write of the same commit already called or moved it).
     */
    Place placeOfIssued(Connection c, long versionAfter, Ticket issued, long now, int priorityEvery)
            throws SQLException {
        ServiceState state = services.get(issued.serviceId());
        boolean current = issued.day().equals(day) && priorityEvery == this.priorityEvery && state != null;
        if (current && version == versionAfter - 1) {
            state.lanes.add(candidate(issued));
            version = versionAfter;
        } else if (!current || version < versionAfter) {
            load(c, issued.day(), priorityEvery);
            state = services.get(issued.serviceId());
        }
        // else: the copy was read after this write committed, so it has the ticket already
        if (state == null) return null;
        int ahead = state.lanes.ahead(candidate(issued), state.normalsSinceLastPriority, priorityEvery, now);
        if (ahead < 0) return null;
        return new Place(state.service, ahead, QueueService.estimateMinutes(ahead, state.recentAverageMillis,
                state.service.avgServiceMinutes(), state.openRooms));
    }

    /** How many times the copy was read from the database (for tests: an issue that is simply added does not read). */
    long reloads() {
        return reloads;
    }

    private void load(Connection c, String day, int priorityEvery) throws SQLException {
        reloads++;
        services.clear();
        this.day = day;
        this.priorityEvery = priorityEvery;
        // Only the writer writes and this runs on the writer thread: nothing changes between these reads.
        this.version = version(c);
        long now = queue.nowMillis();
        Map<String, ClinicCatalog.Room> rooms = ClinicCatalog.rooms(c);
        for (ClinicCatalog.Service s : ClinicCatalog.services(c).values()) {
            ServiceState state = new ServiceState(s);
            state.openRooms = QueueService.openRooms(rooms, s.id());
            state.recentAverageMillis = queue.recentAverageServiceMillis(c, s.id(), now);
            state.normalsSinceLastPriority = queue.normalsSinceLastPriority(c, List.of(s.id()), day);
            services.put(s.id(), state);
        }
        for (Object[] row : Sql.list(c, "SELECT service_id, id, priority, slot_start, sort_key FROM tickets"
                        + " WHERE day = ? AND status = 'waiting'",
                rs -> new Object[]{rs.getString(1), new QueueOrdering.Candidate(rs.getLong(2),
                        Ticket.lane(rs.getString(3), Sql.longOrNull(rs, "slot_start")), rs.getLong(5),
                        Sql.longOrNull(rs, "slot_start"))}, day)) {
            ServiceState state = services.get((String) row[0]);
            if (state != null) state.lanes.add((QueueOrdering.Candidate) row[1]);
        }
    }

    static long version(Connection c) throws SQLException {
        return Sql.count(c, "SELECT version FROM queue_version WHERE id = 1");
    }

    private static QueueOrdering.Candidate candidate(Ticket t) {
        return new QueueOrdering.Candidate(t.id(), t.lane(), t.sortKey(), t.slotStart());
    }
}
