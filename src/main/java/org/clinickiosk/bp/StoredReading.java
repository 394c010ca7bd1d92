package org.clinickiosk.bp;

import io.vertx.core.json.JsonObject;
import org.clinickiosk.store.Sql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** One row of bp_readings. Times are epoch milliseconds; {@code deviceTime} is the monitor's own clock, as sent. */
record StoredReading(long id, Long residentId, String kioskId, int systolic, int diastolic, int pulse, Integer mean,
                     BpClassification classification, String model, String deviceTime, long measuredAt, String raw,
                     Long seriesId, String assignedVia, Long assignedAt, String alertId, Long ticketId) {

    /** With seconds and offset always present, as FHIR dateTime/instant need. */
    static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    static StoredReading from(ResultSet rs) throws SQLException {
        Long mean = Sql.longOrNull(rs, "mean_pressure");
        return new StoredReading(rs.getLong("id"), Sql.longOrNull(rs, "resident_id"), rs.getString("kiosk_id"),
                rs.getInt("systolic"), rs.getInt("diastolic"), rs.getInt("pulse"), mean == null ? null : mean.intValue(),
                new BpClassification(BpCategory.fromCode(rs.getString("category")).orElseThrow(),
                        rs.getInt("isolated_systolic") == 1),
                rs.getString("monitor_model"), rs.getString("device_time"), rs.getLong("measured_at"),
                rs.getString("raw"), Sql.longOrNull(rs, "series_id"), rs.getString("assigned_via"),
                Sql.longOrNull(rs, "assigned_at"), rs.getString("alert_id"), Sql.longOrNull(rs, "ticket_id"));
    }

    BpSeries.Values values() {
        return new BpSeries.Values(systolic, diastolic, pulse);
    }

    static String iso(long millis, ZoneId zone) {
        return ISO.format(Instant.ofEpochMilli(millis).atZone(zone));
    }

    /** What the resident's own kiosk screen shows. */
    JsonObject kioskView(ZoneId zone) {
        JsonObject json = new JsonObject().put("id", id).put("systolic", systolic).put("diastolic", diastolic)
                .put("pulse", pulse);
        if (mean != null) json.put("mean", mean);
        return json.put("category", classification.category().code())
                .put("isolatedSystolic", classification.isolatedSystolic())
                .put("crisis", classification.category().crisis())
                .put("measuredAt", iso(measuredAt, zone)).put("seriesId", seriesId)
                .put("text", BpTexts.describe(classification));
    }

    /** The full stored record, for staff (audited by the caller). */
    JsonObject staffView(ZoneId zone) {
        return kioskView(zone).put("residentId", residentId).put("kioskId", kioskId).put("model", model)
                .put("deviceTime", deviceTime).put("raw", raw).put("assignedVia", assignedVia)
                .put("assignedAt", assignedAt == null ? null : iso(assignedAt, zone)).put("alertId", alertId)
                .put("ticketId", ticketId);
    }
}
