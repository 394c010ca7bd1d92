package org.clinickiosk.queue;

import org.clinickiosk.store.Sql;

import java.sql.ResultSet;
import java.sql.SQLException;

/** One row of the tickets table. Times are epoch milliseconds. */
public record Ticket(long id, String token, String issuingServiceId, String serviceId, String day, int seq,
                     String number, String status, String priority, boolean priorityDeclared, Long residentId,
                     Long appointmentId, Long slotStart, String kioskId, long sortKey, String roomId, Long calledBy,
                     int recallCount, long issuedAt, Long firstCalledAt, Long calledAt, Long startedAt,
                     Long finishedAt) {

    public static final String WAITING = "waiting";
    public static final String CALLED = "called";
    public static final String SERVING = "serving";
    public static final String DONE = "done";
    public static final String NO_SHOW = "no_show";
    public static final String CANCELLED = "cancelled";

    static Ticket from(ResultSet rs) throws SQLException {
        return new Ticket(rs.getLong("id"), rs.getString("public_token"), rs.getString("issuing_service_id"),
                rs.getString("service_id"), rs.getString("day"), rs.getInt("seq"), rs.getString("number"),
                rs.getString("status"), rs.getString("priority"), rs.getInt("priority_declared") == 1,
                Sql.longOrNull(rs, "resident_id"), Sql.longOrNull(rs, "appointment_id"),
                Sql.longOrNull(rs, "slot_start"), rs.getString("kiosk_id"), rs.getLong("sort_key"),
                rs.getString("room_id"), Sql.longOrNull(rs, "called_by"), rs.getInt("recall_count"),
                rs.getLong("issued_at"), Sql.longOrNull(rs, "first_called_at"), Sql.longOrNull(rs, "called_at"),
                Sql.longOrNull(rs, "started_at"), Sql.longOrNull(rs, "finished_at"));
    }

    QueueOrdering.Lane lane() {
        return lane(priority, slotStart);
    }

    static QueueOrdering.Lane lane(String priority, Long slotStart) {
        if ("emergency".equals(priority)) return QueueOrdering.Lane.EMERGENCY;
        if (slotStart != null) return QueueOrdering.Lane.APPOINTMENT;
        if (!"normal".equals(priority)) return QueueOrdering.Lane.PRIORITY;
        return QueueOrdering.Lane.NORMAL;
    }

}
