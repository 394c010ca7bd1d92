package org.clinickiosk.stats;

import org.clinickiosk.store.Database;
import org.clinickiosk.store.Sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * Writes ticket histories with chosen timestamps straight into the tickets and ticket_events tables, the way the
 * queue engine would have (same columns, same event actions), so statistics can be checked against figures worked
 * out by hand.
 */
public final class TicketHistory {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private final Database db;
    private int nextSeq = 1;

    public TicketHistory(Database db) {
        this.db = db;
    }

    /** Epoch ms of a Shanghai local date and time "HH:mm" or "HH:mm:ss". */
    static long at(String day, String time) {
        return LocalDate.parse(day).atTime(LocalTime.parse(time)).atZone(SHANGHAI).toInstant().toEpochMilli();
    }

    long issue(String serviceId, String day, String time) {
        long issuedAt = at(day, time);
        int seq = nextSeq++;
        return db.write(c -> {
            long id = Sql.insert(c, """
                    INSERT INTO tickets (public_token, issuing_service_id, service_id, day, seq, number, status, priority,
                                         sort_key, issued_at)
                    VALUES (?, ?, ?, ?, ?, ?, 'waiting', 'normal', ?, ?)""",
                    "tok-" + seq, serviceId, serviceId, day, seq, "X" + seq, issuedAt * 1000, issuedAt);
            event(c, id, issuedAt, "issued", null, "waiting", serviceId, null, null, 0);
            return id;
        }).await();
    }

    void call(long ticket, String day, String time, String roomId, long staffId) {
        long when = at(day, time);
        db.write(c -> {
            Sql.update(c, """
                    UPDATE tickets SET status = 'called', room_id = ?, called_by = ?, called_at = ?,
                           first_called_at = COALESCE(first_called_at, ?), recall_count = 0 WHERE id = ?""",
                    roomId, staffId, when, when, ticket);
            event(c, ticket, when, "call-next", status(c, ticket), "called", service(c, ticket), roomId, staffId, 0);
            return null;
        }).await();
    }

    void recall(long ticket, String day, String time, long staffId) {
        long when = at(day, time);
        db.write(c -> {
            Sql.update(c, "UPDATE tickets SET recall_count = recall_count + 1, called_at = ? WHERE id = ?", when, ticket);
            int recalls = (int) Sql.count(c, "SELECT recall_count FROM tickets WHERE id = ?", ticket);
            event(c, ticket, when, "recall", "called", "called", service(c, ticket), room(c, ticket), staffId, recalls);
            return null;
        }).await();
    }

    void start(long ticket, String day, String time, long staffId) {
        transition(ticket, day, time, "start", "serving", "started_at", staffId);
    }

    void finish(long ticket, String day, String time, long staffId) {
        transition(ticket, day, time, "finish", "done", "finished_at", staffId);
    }

    void noShow(long ticket, String day, String time, long staffId) {
        transition(ticket, day, time, "no-show", "no_show", "no_show_at", staffId);
    }

    void cancel(long ticket, String day, String time, long staffId) {
        transition(ticket, day, time, "cancel", "cancelled", "cancelled_at", staffId);
    }

    void transfer(long ticket, String day, String time, String toService, long staffId) {
        long when = at(day, time);
        db.write(c -> {
            String from = status(c, ticket);
            String room = room(c, ticket);
            Sql.update(c, """
                    UPDATE tickets SET status = 'waiting', service_id = ?, room_id = NULL, called_by = NULL,
                           recall_count = 0, transferred_at = ? WHERE id = ?""", toService, when, ticket);
            event(c, ticket, when, "transfer", from, "waiting", toService, room, staffId, 0);
            return null;
        }).await();
    }

    private void transition(long ticket, String day, String time, String action, String to, String column,
                            long staffId) {
        long when = at(day, time);
        db.write(c -> {
            String from = status(c, ticket);
            Sql.update(c, "UPDATE tickets SET status = ?, " + column + " = ? WHERE id = ?", to, when, ticket);
            event(c, ticket, when, action, from, to, service(c, ticket), room(c, ticket), staffId, 0);
            return null;
        }).await();
    }

    private static String status(Connection c, long ticket) throws SQLException {
        return Sql.one(c, "SELECT status FROM tickets WHERE id = ?", rs -> rs.getString(1), ticket).orElseThrow();
    }

    private static String service(Connection c, long ticket) throws SQLException {
        return Sql.one(c, "SELECT service_id FROM tickets WHERE id = ?", rs -> rs.getString(1), ticket).orElseThrow();
    }

    private static String room(Connection c, long ticket) throws SQLException {
        return Sql.one(c, "SELECT room_id FROM tickets WHERE id = ?", rs -> rs.getString(1), ticket).orElse(null);
    }

    private static void event(Connection c, long ticket, long at, String action, String from, String to,
                              String serviceId, String roomId, Long staffId, int recalls) throws SQLException {
        Sql.insert(c, """
                INSERT INTO ticket_events (ticket_id, at, action, from_status, to_status, service_id, room_id, staff_id, recall_count)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""", ticket, at, action, from, to, serviceId, roomId, staffId, recalls);
    }

    /**
     * The fixture whose figures the tests work out by hand (Shanghai time; staff ids 1 nurse1, 2 nurse2):
     * <pre>
     * 2026-11-23 (Mon)
     *  T1 gp   issued 08:00, called R1 08:10 (nurse1), started 08:12, finished 08:20      wait 600 walk 120 service 480
     *  T2 gp   issued 08:05, called R1 08:25, started 08:26, finished 08:40               wait 1200 walk 60 service 840
     *  T3 gp   issued 08:30, called R1 09:00, recalled 09:02 and 09:04, no-show 09:06     wait 1800
     *  T4 gp   issued 09:00, called R2 09:30 (nurse2), started 09:31, transferred to chronic 09:40,
     *          called R2 09:45, started 09:47, finished 10:00                              wait 1800 walk 60+120 service 780
     *  T5 tcm  issued 10:00, cancelled while waiting 10:30 (nurse1)
     *  T6 tcm  issued 07:40, called R3 07:45 (nurse2), started 07:46, finished 07:50      wait 300 walk 60 service 240
     *  T7 tcm  issued 07:42, called R3 08:05, started 08:10, finished 08:30               wait 1380 walk 300 service 1200
     *  T8 vacc issued 23:50, called R4 00:05 the next day (nurse2), started 00:06, finished 00:10
     *                                                                                       wait 900 walk 60 service 240
     * 2026-11-24 (Tue) nothing
     * 2026-11-25 (Wed) T9 gp issued 09:00, still waiting
     * 2026-11-30 (Mon) T10 gp issued 10:00, called R1 10:20 (nurse1), started 10:21, finished 10:31
     * </pre>
     * Idle: R1 08:20→08:26 = 360 s; R2 09:40→09:47 = 420 s; R3 07:50→08:10 clipped to opening at 08:00 = 600 s.
     */
    public void writeHandComputedWeek() {
        String d1 = "2026-11-23";
        String d2 = "2026-11-24";
        long t1 = issue("gp", d1, "08:00");
        long t2 = issue("gp", d1, "08:05");
        long t3 = issue("gp", d1, "08:30");
        long t4 = issue("gp", d1, "09:00");
        long t5 = issue("tcm", d1, "10:00");
        long t6 = issue("tcm", d1, "07:40");
        long t7 = issue("tcm", d1, "07:42");
        long t8 = issue("vaccination", d1, "23:50");
        call(t6, d1, "07:45", "R3", 2);
        start(t6, d1, "07:46", 2);
        finish(t6, d1, "07:50", 2);
        call(t7, d1, "08:05", "R3", 2);
        start(t7, d1, "08:10", 2);
        call(t1, d1, "08:10", "R1", 1);
        start(t1, d1, "08:12", 1);
        finish(t1, d1, "08:20", 1);
        call(t2, d1, "08:25", "R1", 1);
        start(t2, d1, "08:26", 1);
        finish(t7, d1, "08:30", 2);
        finish(t2, d1, "08:40", 1);
        call(t3, d1, "09:00", "R1", 1);
        recall(t3, d1, "09:02", 1);
        recall(t3, d1, "09:04", 1);
        noShow(t3, d1, "09:06", 1);
        call(t4, d1, "09:30", "R2", 2);
        start(t4, d1, "09:31", 2);
        transfer(t4, d1, "09:40", "chronic", 2);
        call(t4, d1, "09:45", "R2", 2);
        start(t4, d1, "09:47", 2);
        finish(t4, d1, "10:00", 2);
        cancel(t5, d1, "10:30", 1);
        call(t8, d2, "00:05", "R4", 2);
        start(t8, d2, "00:06", 2);
        finish(t8, d2, "00:10", 2);

        issue("gp", "2026-11-25", "09:00");

        String d8 = "2026-11-30";
        long t10 = issue("gp", d8, "10:00");
        call(t10, d8, "10:20", "R1", 1);
        start(t10, d8, "10:21", 1);
        finish(t10, d8, "10:31", 1);
    }
}
