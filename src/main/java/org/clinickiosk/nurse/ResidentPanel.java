package org.clinickiosk.nurse;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
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
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * The panel a nurse sees for the resident of a called (or serving) ticket: masked name, age, sex, key groups and
 * recent blood pressure. Only masked or derived values leave the server (no ID number, birth date, phone or
 * address), and every read is audited in the transaction that reads it.
 */
public final class ResidentPanel {
    private static final Set<String> SHOWN_FOR = Set.of("called", "serving");

    private record Row(long ticketId, String number, String status, String priority, Long residentId, String name,
                       String sex, String birthDate, String keyGroups) {}

    private final Database db;
    private final AuditLog audit;
    private final ZoneId zone;
    private final Clock clock;

    public ResidentPanel(Database db, AuditLog audit, ZoneId zone, Clock clock) {
        this.db = db;
        this.audit = audit;
        this.zone = zone;
        this.clock = clock;
    }

    /** The panel shows the resident's last few readings, newest first, and their trend. */
    static final int LAST_READINGS = 5;

    public Future<JsonObject> read(long ticketId, Actor actor) {
        return db.write(c -> {
            Row row = Sql.one(c, """
                    SELECT t.id, t.number, t.status, t.priority, t.resident_id, r.name, r.sex, r.birth_date, r.key_groups
                    FROM tickets t LEFT JOIN residents r ON r.id = t.resident_id WHERE t.id = ?""",
                    rs -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            Sql.longOrNull(rs, "resident_id"), rs.getString(6), rs.getString(7), rs.getString(8),
                            rs.getString(9)), ticketId).orElse(null);
            String target = "ticket " + ticketId + (row != null && row.residentId() != null
                    ? " resident " + row.residentId() : "");
            String outcome = row == null ? "not_found" : SHOWN_FOR.contains(row.status()) ? "ok" : "not_called";
            // The refusal is thrown only after commit, so its audit row is kept.
            audit.recordWithin(c, actor, "resident.panel-read", target, outcome);
            return outcome.equals("ok") ? panel(c, row) : new JsonObject().put("refused", outcome)
                    .put("number", row == null ? null : row.number());
        }).map(result -> {
            String refused = result.getString("refused");
            if ("not_found".equals(refused)) throw ApiException.notFound("ticket " + ticketId);
            if ("not_called".equals(refused)) {
                throw ApiException.conflict("not_called", "ticket " + result.getString("number")
                        + " is not called or being served; the panel is only for the resident in front of you");
            }
            return result;
        });
    }

    private JsonObject panel(Connection c, Row row) throws SQLException {
        JsonObject out = new JsonObject().put("ticketId", row.ticketId()).put("number", row.number())
                .put("status", row.status()).put("priority", row.priority());
        if (row.residentId() == null) {
            return out.put("resident", null).put("bloodPressure", bloodPressure(List.of()));
        }
        Integer age = row.birthDate() == null ? null
                : Period.between(LocalDate.parse(row.birthDate()), LocalDate.now(clock.withZone(zone))).getYears();
        out.put("resident", new JsonObject().put("id", row.residentId()).put("maskedName", Masking.name(row.name()))
                .put("age", age).put("sex", row.sex()).put("keyGroups", new JsonArray(row.keyGroups())));
        List<BpTrend.Reading> lastReadings = Sql.list(c, """
                SELECT systolic, diastolic, measured_at FROM bp_readings WHERE resident_id = ?
                ORDER BY measured_at DESC LIMIT ?""", rs -> new BpTrend.Reading(rs.getInt(1), rs.getInt(2),
                java.time.Instant.ofEpochMilli(rs.getLong(3)).atZone(zone).toOffsetDateTime().toString()),
                row.residentId(), LAST_READINGS);
        return out.put("bloodPressure", bloodPressure(lastReadings));
    }

    private static JsonObject bloodPressure(List<BpTrend.Reading> newestFirst) {
        JsonArray readings = new JsonArray();
        newestFirst.forEach(r -> readings.add(new JsonObject().put("systolic", r.systolic())
                .put("diastolic", r.diastolic()).put("at", r.at())));
        return new JsonObject().put("readings", readings).put("trend", BpTrend.of(newestFirst));
    }
}
