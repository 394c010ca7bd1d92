package org.clinickiosk.appointment;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.clinickiosk.clinic.ClinicCatalog;
import org.clinickiosk.store.Database;
import org.clinickiosk.store.Sql;
import org.clinickiosk.web.ApiException;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * Appointment slots per service and day (分时段预约), opened by an admin with a capacity. A day with slots takes
 * bookings only into them, and never more than their capacity: the check runs in the booking's own write
 * transaction, in the single writer, so two kiosks cannot both take the last place.
 */
public final class AppointmentSlots {
    private final Database db;
    private final ZoneId zone;

    public AppointmentSlots(Database db, ZoneId zone) {
        this.db = db;
        this.zone = zone;
    }

    public Future<JsonArray> list(String serviceId, String day) {
        LocalDate date = parseDay(day);
        return db.read(c -> {
            JsonArray out = new JsonArray();
            for (JsonObject slot : Sql.list(c, "SELECT * FROM appointment_slots WHERE service_id = ? AND day = ? ORDER BY starts",
                    AppointmentSlots::toJson, serviceId, date.toString())) {
                out.add(slot.put("booked", booked(c, slot)));
            }
            return out;
        });
    }

    public Future<JsonObject> open(JsonObject body) {
        String serviceId = body.getString("serviceId");
        LocalDate day = parseDay(body.getString("day"));
        LocalTime starts = parseTime(body.getString("starts"), "starts");
        LocalTime ends = parseTime(body.getString("ends"), "ends");
        int capacity = body.getInteger("capacity");
        if (!ends.isAfter(starts)) throw ApiException.badRequest("invalid_slot", "a slot must end after it starts");
        return db.write(c -> {
            ClinicCatalog.Service service = ClinicCatalog.services(c).get(serviceId);
            if (service == null) throw ApiException.notFound("service '" + serviceId + "'");
            if (starts.isBefore(service.opens()) || ends.isAfter(service.closes())) {
                throw ApiException.badRequest("outside_hours", service.name() + " is open " + service.opens() + "–"
                        + service.closes() + "; the slot must lie within those hours");
            }
            if (Sql.count(c, "SELECT COUNT(*) FROM appointment_slots WHERE service_id = ? AND day = ? AND starts < ? AND ends > ?",
                    serviceId, day.toString(), ends.toString(), starts.toString()) > 0) {
                throw ApiException.conflict("slot_overlaps", "another slot of this service overlaps " + starts + "–" + ends);
            }
            long id = Sql.insert(c, "INSERT INTO appointment_slots (service_id, day, starts, ends, capacity) VALUES (?, ?, ?, ?, ?)",
                    serviceId, day.toString(), starts.toString(), ends.toString(), capacity);
            JsonObject slot = Sql.one(c, "SELECT * FROM appointment_slots WHERE id = ?", AppointmentSlots::toJson, id).orElseThrow();
            return slot.put("booked", 0);
        });
    }

    /** Closes a slot nobody has booked yet; a slot with bookings stays (the residents were promised it). */
    public Future<Void> close(long slotId) {
        return db.write(c -> {
            JsonObject slot = Sql.one(c, "SELECT * FROM appointment_slots WHERE id = ?", AppointmentSlots::toJson, slotId)
                    .orElseThrow(() -> ApiException.notFound("slot " + slotId));
            long booked = booked(c, slot);
            if (booked > 0) {
                throw ApiException.conflict("slot_has_bookings", booked + " appointment(s) are booked in this slot; "
                        + "cancel them first");
            }
            Sql.update(c, "DELETE FROM appointment_slots WHERE id = ?", slotId);
            return null;
        });
    }

    /**
     * Inside a booking's transaction: when the service has slots that day, the booking must be one of them and the
     * slot must have room. Days without slots accept any time (the service's own rules apply).
     */
    void checkBooking(Connection c, String serviceId, long start, long end) throws SQLException {
        ZonedDateTime from = Instant.ofEpochMilli(start).atZone(zone);
        ZonedDateTime to = Instant.ofEpochMilli(end).atZone(zone);
        String day = from.toLocalDate().toString();
        if (Sql.count(c, "SELECT COUNT(*) FROM appointment_slots WHERE service_id = ? AND day = ?", serviceId, day) == 0) {
            return;
        }
        Optional<JsonObject> slot = Sql.one(c, "SELECT * FROM appointment_slots WHERE service_id = ? AND day = ? AND starts = ? AND ends = ?",
                AppointmentSlots::toJson, serviceId, day, hhmm(from.toLocalTime()), hhmm(to.toLocalTime()));
        if (slot.isEmpty() || !to.toLocalDate().equals(from.toLocalDate())) {
            throw ApiException.conflict("no_such_slot", "this service takes appointments only in its opened slots on " + day);
        }
        if (booked(c, slot.get()) >= slot.get().getInteger("capacity")) {
            throw ApiException.conflict("slot_full", "the slot " + slot.get().getString("starts") + "–"
                    + slot.get().getString("ends") + " is full");
        }
    }

    private long booked(Connection c, JsonObject slot) throws SQLException {
        long start = LocalDate.parse(slot.getString("day")).atTime(LocalTime.parse(slot.getString("starts")))
                .atZone(zone).toInstant().toEpochMilli();
        return Sql.count(c, "SELECT COUNT(*) FROM appointments WHERE service_id = ? AND slot_start = ? AND status <> 'cancelled'",
                slot.getString("serviceId"), start);
    }

    private static JsonObject toJson(java.sql.ResultSet rs) throws SQLException {
        return new JsonObject().put("id", rs.getLong("id")).put("serviceId", rs.getString("service_id"))
                .put("day", rs.getString("day")).put("starts", rs.getString("starts")).put("ends", rs.getString("ends"))
                .put("capacity", rs.getInt("capacity"));
    }

    private static String hhmm(LocalTime t) {
        return t.withSecond(0).withNano(0).toString();
    }

    private static LocalDate parseDay(String day) {
        try {
            return LocalDate.parse(day);
        } catch (DateTimeException | NullPointerException e) {
            throw ApiException.badRequest("invalid_date", "day must be a date YYYY-MM-DD");
        }
    }

    private static LocalTime parseTime(String time, String field) {
        if (time == null || !time.matches("([01]\\d|2[0-3]):[0-5]\\d")) {
            throw ApiException.badRequest("invalid_time", field + " must be a time HH:mm");
        }
        return LocalTime.parse(time);
    }
}
