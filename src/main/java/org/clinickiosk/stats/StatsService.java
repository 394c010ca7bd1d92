package org.clinickiosk.stats;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.clinickiosk.clinic.ClinicCatalog;
import org.clinickiosk.store.Database;
import org.clinickiosk.store.Sql;
import org.clinickiosk.web.ApiException;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Service statistics computed by SQL over the stored ticket timestamps and ticket events. The definitions (what
 * counts as served, which service a wait belongs to, what idle time is) are in docs/admin.md; in short: every figure
 * belongs to the clinic day its ticket was issued on, outcomes to where the ticket ended, durations to where they
 * ended. Only aggregates leave this class: no resident, ticket number or name.
 */
public final class StatsService {

    /** Upper bounds (minutes, exclusive) of the wait-time histogram; the last bucket is open-ended. */
    static final int[] WAIT_BUCKET_BOUNDS = {5, 10, 15, 20, 30, 45, 60};

    private final Database db;
    private final ZoneId zone;

    public StatsService(Database db, ZoneId zone) {
        this.db = db;
        this.zone = zone;
    }

    /** The whole report for a query: summary, one table per dimension, distributions, BP and lab sections. */
    public Future<JsonObject> report(StatsQuery q) {
        return db.read(c -> report(c, q));
    }

    JsonObject report(Connection c, StatsQuery q) throws SQLException {
        Map<String, ClinicCatalog.Service> services = ClinicCatalog.services(c);
        if (q.serviceId() != null && !services.containsKey(q.serviceId())) {
            throw ApiException.badRequest("unknown_service", "there is no service '" + q.serviceId()
                    + "'; choose one of " + String.join(", ", services.keySet()));
        }
        Map<String, ClinicCatalog.Room> rooms = ClinicCatalog.rooms(c);
        List<Gap> gaps = idleGaps(c, q, rooms);
        Map<String, LocalTime[]> hours = roomHours(rooms, services);

        JsonObject summary = aggregate(c, q, "'all'").getOrDefault("all", emptyRow());
        summary.put("idleSeconds", seconds(idleMillis(gaps, hours, g -> true)));

        JsonArray periods = new JsonArray();
        Map<String, JsonObject> byPeriod = aggregate(c, q, q.grouping().bucketSql("day"));
        for (String bucket : buckets(q)) {
            JsonObject row = byPeriod.getOrDefault(bucket, emptyRow());
            row.put("idleSeconds", seconds(idleMillis(gaps, hours, g -> q.grouping().bucketOf(g.day()).equals(bucket))));
            periods.add(new JsonObject().put("key", bucket).mergeIn(row));
        }

        JsonArray serviceRows = new JsonArray();
        Map<String, JsonObject> byService = aggregate(c, q, "service_id");
        for (ClinicCatalog.Service s : services.values()) {
            if (q.serviceId() != null && !q.serviceId().equals(s.id())) continue;
            JsonObject row = byService.getOrDefault(s.id(), emptyRow());
            row.putNull("idleSeconds");
            serviceRows.add(new JsonObject().put("key", s.id()).put("name", s.name()).put("nameEn", s.nameEn())
                    .mergeIn(row));
        }

        JsonArray roomRows = new JsonArray();
        Map<String, JsonObject> byRoom = aggregate(c, q, "room_id");
        for (ClinicCatalog.Room r : rooms.values()) {
            boolean relevant = q.serviceId() == null || r.serviceIds().contains(q.serviceId()) || byRoom.containsKey(r.id());
            if (!relevant) continue;
            JsonObject row = byRoom.getOrDefault(r.id(), emptyRow());
            row.putNull("issued");
            row.put("idleSeconds", seconds(idleMillis(gaps, hours, g -> g.roomId().equals(r.id()))));
            roomRows.add(new JsonObject().put("key", r.id()).put("name", r.name()).put("nameEn", r.nameEn())
                    .mergeIn(row));
        }

        JsonArray staffRows = new JsonArray();
        Map<String, JsonObject> byStaff = aggregate(c, q, "staff_id");
        Map<String, String[]> staffNames = new HashMap<>();
        for (String[] s : Sql.list(c, "SELECT id, username, display_name FROM staff", rs -> new String[]{
                rs.getString(1), rs.getString(2), rs.getString(3)})) {
            staffNames.put(s[0], s);
        }
        List<String> staffIds = new ArrayList<>(byStaff.keySet());
        staffIds.sort(Comparator.comparingLong(Long::parseLong));
        for (String id : staffIds) {
            String[] names = staffNames.getOrDefault(id, new String[]{id, "staff " + id, null});
            JsonObject row = byStaff.get(id);
            row.putNull("issued").putNull("idleSeconds");
            staffRows.add(new JsonObject().put("key", id).put("name", names[1]).put("displayName", names[2])
                    .mergeIn(row));
        }

        return new JsonObject()
                .put("from", q.from().toString()).put("to", q.to().toString())
                .put("grouping", q.grouping().lower()).put("serviceId", q.serviceId())
                .put("timezone", zone.getId())
                .put("summary", summary)
                .put("periods", periods)
                .put("services", serviceRows)
                .put("rooms", roomRows)
                .put("staff", staffRows)
                .put("waitDistribution", waitDistribution(c, q))
                .put("hours", issuedPerHour(c, q))
                .put("bp", bloodPressure(c, q))
                .put("lab", labReports(c, q));
    }

    // ---- facts ------------------------------------------------------------------------------------------------

    /**
     * One row per countable fact of the tickets issued in the period: (metric, day, service_id, room_id, staff_id,
     * value in ms). Parameters: from, to (clinic days, inclusive). Outcomes come from each ticket's last event (what
     * gave it its final status); the wait from its first call; walk and service times from each start and finish
     * event and the call or start before it on the same ticket.
     */
    private static final String FACTS = """
            WITH t AS (SELECT * FROM tickets WHERE day BETWEEN ?1 AND ?2),
            ev AS (SELECT e.*, t.day AS day FROM ticket_events e JOIN t ON t.id = e.ticket_id),
            last_event AS (
                SELECT ev.* FROM ev
                WHERE ev.id = (SELECT MAX(x.id) FROM ticket_events x WHERE x.ticket_id = ev.ticket_id)),
            first_call AS (
                SELECT ev.* FROM ev
                WHERE ev.id = (SELECT MIN(x.id) FROM ticket_events x
                               WHERE x.ticket_id = ev.ticket_id AND x.action IN ('call', 'call-next'))),
            facts AS (
                SELECT 'issued' AS metric, t.day, t.issuing_service_id AS service_id, NULL AS room_id,
                       NULL AS staff_id, NULL AS value FROM t
                UNION ALL
                SELECT CASE to_status WHEN 'done' THEN 'served' WHEN 'no_show' THEN 'no_show' ELSE 'cancelled' END,
                       day, service_id, room_id, staff_id, NULL
                FROM last_event WHERE to_status IN ('done', 'no_show', 'cancelled')
                UNION ALL
                SELECT 'transfer_in', day, service_id, NULL, staff_id, NULL FROM ev WHERE action = 'transfer'
                UNION ALL
                SELECT 'wait', fc.day, fc.service_id, fc.room_id, fc.staff_id, t.first_called_at - t.issued_at
                FROM first_call fc JOIN t ON t.id = fc.ticket_id WHERE t.first_called_at IS NOT NULL
                UNION ALL
                SELECT 'walk', s.day, s.service_id, s.room_id, s.staff_id,
                       s.at - (SELECT p.at FROM ticket_events p WHERE p.ticket_id = s.ticket_id AND p.id < s.id
                               AND p.action IN ('call', 'call-next', 'recall') ORDER BY p.id DESC LIMIT 1)
                FROM ev s WHERE s.action = 'start'
                UNION ALL
                SELECT 'service', f.day, f.service_id, f.room_id, f.staff_id,
                       f.at - (SELECT p.at FROM ticket_events p WHERE p.ticket_id = f.ticket_id AND p.id < f.id
                               AND p.action = 'start' ORDER BY p.id DESC LIMIT 1)
                FROM ev f WHERE f.action = 'finish'),
            kept AS (
                SELECT * FROM facts
                WHERE (?3 IS NULL OR service_id = ?3) AND (metric IN ('issued', 'served', 'no_show', 'cancelled',
                       'transfer_in') OR value IS NOT NULL))
            """;

    /**
     * Counts, averages and percentiles of the facts grouped by a key expression over the facts' columns. The median
     * is the middle value (the mean of the two middle values for an even count); p90 is the nearest-rank 90th
     * percentile: the smallest value with at least 90% of the values at or below it.
     */
    private Map<String, JsonObject> aggregate(Connection c, StatsQuery q, String keySql) throws SQLException {
        String sql = FACTS + """
                , numbered AS (
                    SELECT kept.*, KEY AS k,
                           ROW_NUMBER() OVER (PARTITION BY metric, KEY ORDER BY value) AS rn,
                           COUNT(*) OVER (PARTITION BY metric, KEY) AS n
                    FROM kept)
                SELECT k,
                       SUM(metric = 'issued') AS issued, SUM(metric = 'served') AS served,
                       SUM(metric = 'no_show') AS no_shows, SUM(metric = 'cancelled') AS cancelled,
                       SUM(metric = 'transfer_in') AS transfers_in
                """.replace("KEY", keySql)
                + durationColumns("wait") + durationColumns("walk") + durationColumns("service")
                + " FROM numbered GROUP BY k";
        Map<String, JsonObject> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonObject> e : Sql.list(c, sql, rs -> Map.entry(
                Optional.ofNullable(rs.getString("k")).orElse(""), row(rs)), q.from().toString(), q.to().toString(),
                q.serviceId())) {
            if (!e.getKey().isEmpty()) out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    private static String durationColumns(String metric) {
        String m = "metric = '" + metric + "'";
        return ", SUM(" + m + ") AS " + metric + "_count"
                + ", AVG(value) FILTER (WHERE " + m + ") AS " + metric + "_avg"
                + ", AVG(value) FILTER (WHERE " + m + " AND rn IN ((n + 1) / 2, (n + 2) / 2)) AS " + metric + "_median"
                + ", MIN(value) FILTER (WHERE " + m + " AND rn >= (9 * n + 9) / 10) AS " + metric + "_p90";
    }

    private static JsonObject row(ResultSet rs) throws SQLException {
        JsonObject row = new JsonObject()
                .put("issued", rs.getLong("issued")).put("served", rs.getLong("served"))
                .put("noShows", rs.getLong("no_shows")).put("cancelled", rs.getLong("cancelled"))
                .put("transfersIn", rs.getLong("transfers_in"));
        for (String metric : List.of("wait", "walk", "service")) {
            row.put(metric + "Count", rs.getLong(metric + "_count"))
                    .put(metric + "AvgSeconds", secondsOrNull(rs, metric + "_avg"))
                    .put(metric + "MedianSeconds", secondsOrNull(rs, metric + "_median"))
                    .put(metric + "P90Seconds", secondsOrNull(rs, metric + "_p90"));
        }
        return row;
    }

    static JsonObject emptyRow() {
        JsonObject row = new JsonObject().put("issued", 0L).put("served", 0L).put("noShows", 0L).put("cancelled", 0L)
                .put("transfersIn", 0L);
        for (String metric : List.of("wait", "walk", "service")) {
            row.put(metric + "Count", 0L).putNull(metric + "AvgSeconds").putNull(metric + "MedianSeconds")
                    .putNull(metric + "P90Seconds");
        }
        return row;
    }

    private static Double secondsOrNull(ResultSet rs, String column) throws SQLException {
        double ms = rs.getDouble(column);
        return rs.wasNull() ? null : seconds(ms);
    }

    /** Milliseconds to seconds, rounded to a tenth. */
    static double seconds(double millis) {
        return Math.round(millis / 100.0) / 10.0;
    }

    /** Every bucket key of the period, oldest first, so empty days, weeks and months appear as zero rows. */
    static List<String> buckets(StatsQuery q) {
        Set<String> keys = new LinkedHashSet<>();
        for (LocalDate d = q.from(); !d.isAfter(q.to()); d = d.plusDays(1)) keys.add(q.grouping().bucketOf(d));
        return new ArrayList<>(keys);
    }

    // ---- distributions ----------------------------------------------------------------------------------------

    private JsonArray waitDistribution(Connection c, StatsQuery q) throws SQLException {
        StringBuilder bucket = new StringBuilder("CASE");
        for (int i = 0; i < WAIT_BUCKET_BOUNDS.length; i++) {
            bucket.append(" WHEN value < ").append(WAIT_BUCKET_BOUNDS[i] * 60_000L).append(" THEN ").append(i);
        }
        bucket.append(" ELSE ").append(WAIT_BUCKET_BOUNDS.length).append(" END");
        Map<Integer, Long> counts = new HashMap<>();
        for (long[] r : Sql.list(c, FACTS + " SELECT " + bucket + " AS b, COUNT(*) FROM kept WHERE metric = 'wait' GROUP BY b",
                rs -> new long[]{rs.getLong(1), rs.getLong(2)}, q.from().toString(), q.to().toString(), q.serviceId())) {
            counts.put((int) r[0], r[1]);
        }
        JsonArray out = new JsonArray();
        for (int i = 0; i <= WAIT_BUCKET_BOUNDS.length; i++) {
            out.add(new JsonObject().put("fromMinutes", i == 0 ? 0 : WAIT_BUCKET_BOUNDS[i - 1])
                    .put("toMinutes", i < WAIT_BUCKET_BOUNDS.length ? WAIT_BUCKET_BOUNDS[i] : null)
                    .put("count", counts.getOrDefault(i, 0L)));
        }
        return out;
    }

    /**
     * Tickets issued per hour of the clinic's local day. SQLite knows no time zones, so each day's UTC offset (at
     * noon, which is right on every day without a daylight-saving change) is passed in as JSON and joined by day.
     */
    private JsonArray issuedPerHour(Connection c, StatsQuery q) throws SQLException {
        JsonObject offsets = new JsonObject();
        for (LocalDate d = q.from(); !d.isAfter(q.to()); d = d.plusDays(1)) {
            offsets.put(d.toString(), zone.getRules().getOffset(d.atTime(12, 0)).getTotalSeconds() * 1000L);
        }
        long[] perHour = new long[24];
        for (long[] r : Sql.list(c, """
                SELECT CAST(strftime('%H', (t.issued_at + o.value) / 1000, 'unixepoch') AS INTEGER) AS hour, COUNT(*)
                FROM tickets t JOIN json_each(?3) o ON o.key = t.day
                WHERE t.day BETWEEN ?1 AND ?2 AND (?4 IS NULL OR t.issuing_service_id = ?4)
                GROUP BY hour""", rs -> new long[]{rs.getLong(1), rs.getLong(2)},
                q.from().toString(), q.to().toString(), offsets.encode(), q.serviceId())) {
            perHour[(int) r[0]] = r[1];
        }
        JsonArray out = new JsonArray();
        for (int h = 0; h < 24; h++) out.add(new JsonObject().put("hour", h).put("issued", perHour[h]));
        return out;
    }

    // ---- idle time --------------------------------------------------------------------------------------------

    /** A room standing empty: a service ended at {@code from} and the next one started at {@code to}. */
    record Gap(String roomId, LocalDate day, long from, long to) {}

    /**
     * The gaps in each room between the moment it stopped serving anyone (a finish, or a transfer or day close of a
     * ticket being served) and the next start, within one clinic day. A running count of the tickets being served
     * makes overlapping services (two people served in one room) count as busy.
     */
    private List<Gap> idleGaps(Connection c, StatsQuery q, Map<String, ClinicCatalog.Room> rooms) throws SQLException {
        List<Gap> gaps = Sql.list(c, """
                WITH room_events AS (
                    SELECT e.room_id, t.day, e.at, e.id, CASE WHEN e.action = 'start' THEN 1 ELSE -1 END AS delta
                    FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id
                    WHERE t.day BETWEEN ?1 AND ?2 AND e.room_id IS NOT NULL
                      AND (e.action = 'start' OR e.from_status = 'serving')),
                running AS (
                    SELECT room_id, day, at, delta, SUM(delta) OVER w AS serving, LEAD(at) OVER w AS next_at
                    FROM room_events WINDOW w AS (PARTITION BY room_id, day ORDER BY at, id))
                SELECT room_id, day, at, next_at FROM running
                WHERE delta = -1 AND serving = 0 AND next_at IS NOT NULL
                ORDER BY room_id, at""", rs -> new Gap(rs.getString(1), LocalDate.parse(rs.getString(2)),
                rs.getLong(3), rs.getLong(4)), q.from().toString(), q.to().toString());
        if (q.serviceId() == null) return gaps;
        return gaps.stream().filter(g -> rooms.containsKey(g.roomId())
                && rooms.get(g.roomId()).serviceIds().contains(q.serviceId())).toList();
    }

    /**
     * Each room's opening hours: from the earliest opening to the latest closing of the services it serves now. A
     * room serving nothing has none.
     */
    private static Map<String, LocalTime[]> roomHours(Map<String, ClinicCatalog.Room> rooms,
                                                      Map<String, ClinicCatalog.Service> services) {
        Map<String, LocalTime[]> out = new HashMap<>();
        for (ClinicCatalog.Room room : rooms.values()) {
            for (String id : room.serviceIds()) {
                ClinicCatalog.Service s = services.get(id);
                if (s == null) continue;
                LocalTime[] h = out.computeIfAbsent(room.id(), k -> new LocalTime[]{s.opens(), s.closes()});
                if (s.opens().isBefore(h[0])) h[0] = s.opens();
                if (s.closes().isAfter(h[1])) h[1] = s.closes();
            }
        }
        return out;
    }

    /** The part of the matching gaps inside their room's opening hours that day. */
    private long idleMillis(List<Gap> gaps, Map<String, LocalTime[]> hours, Predicate<Gap> which) {
        long total = 0;
        for (Gap g : gaps) {
            LocalTime[] h = hours.get(g.roomId());
            if (h == null || !which.test(g)) continue;
            long opens = g.day().atTime(h[0]).atZone(zone).toInstant().toEpochMilli();
            long closes = g.day().atTime(h[1]).atZone(zone).toInstant().toEpochMilli();
            total += Math.max(0, Math.min(g.to(), closes) - Math.max(g.from(), opens));
        }
        return total;
    }

    // ---- blood pressure and lab reports ----------------------------------------------------------------------

    /** Blood-pressure readings measured in the period (clinic-local days) and their share by category. */
    private JsonObject bloodPressure(Connection c, StatsQuery q) throws SQLException {
        List<Object[]> rows = Sql.list(c, "SELECT category, COUNT(*) FROM bp_readings WHERE measured_at >= ? AND measured_at < ?"
                        + " GROUP BY category ORDER BY category",
                rs -> new Object[]{rs.getString(1), rs.getLong(2)}, startOf(q.from()), startOf(q.to().plusDays(1)));
        long total = rows.stream().mapToLong(r -> (Long) r[1]).sum();
        JsonArray categories = new JsonArray();
        for (Object[] r : rows) {
            long n = (Long) r[1];
            categories.add(new JsonObject().put("category", r[0]).put("count", n)
                    .put("share", Math.round(n * 1000.0 / total) / 1000.0));
        }
        return new JsonObject().put("readings", total).put("categories", categories);
    }

    /** Lab reports printed in the period: successful prints (a failed attempt is not a print), and distinct reports. */
    private JsonObject labReports(Connection c, StatsQuery q) throws SQLException {
        Object[] row = Sql.one(c, "SELECT COUNT(*), COUNT(DISTINCT report_id) FROM lab_prints"
                        + " WHERE outcome = 'printed' AND finished_at >= ? AND finished_at < ?",
                rs -> new Object[]{rs.getLong(1), rs.getLong(2)}, startOf(q.from()), startOf(q.to().plusDays(1)))
                .orElseThrow();
        return new JsonObject().put("printed", row[0]).put("reports", row[1]);
    }

    private long startOf(java.time.LocalDate day) {
        return day.atStartOfDay(zone).toInstant().toEpochMilli();
    }
}
