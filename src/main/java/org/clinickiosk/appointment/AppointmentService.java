package org.clinickiosk.appointment;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.clinickiosk.config.ClinicConfig;
import org.clinickiosk.queue.QueueRulesSetting;
import org.clinickiosk.queue.QueueService;
import org.clinickiosk.queue.Ticket;
import org.clinickiosk.store.Database;
import org.clinickiosk.store.Sql;
import org.clinickiosk.web.Actor;
import org.clinickiosk.web.ApiException;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * Time-slot appointments (分时段预约) and their check-in. Checked in on time (from queue.appointmentEarlyMinutes
 * before the slot until queue.appointmentLateMinutes after its start) the ticket is ordered by slot; later it joins
 * the walk-ins in arrival order; earlier, check-in is refused with the time it opens.
 */
public final class AppointmentService {

    public enum Timing { EARLY, ON_TIME, LATE }

    private final Database db;
    private final QueueService queue;
    private final QueueRulesSetting rules;
    private final AppointmentSlots slots;
    private final ZoneId zone;
    private final Clock clock;

    public AppointmentService(Database db, QueueService queue, ClinicConfig config, QueueRulesSetting rules,
                              Clock clock) {
        this.db = db;
        this.queue = queue;
        this.rules = rules;
        this.slots = new AppointmentSlots(db, config.clinic().timezone());
        this.zone = config.clinic().timezone();
        this.clock = clock;
    }

    public Future<JsonObject> book(JsonObject body, Actor actor) {
        long residentId = body.getLong("residentId");
        String serviceId = body.getString("serviceId");
        long start = parseTime(body.getString("slotStart"), "slotStart");
        long end = parseTime(body.getString("slotEnd"), "slotEnd");
        if (end <= start) throw ApiException.badRequest("invalid_slot", "slotEnd must be after slotStart");
        return db.write(c -> {
            if (Sql.count(c, "SELECT COUNT(*) FROM residents WHERE id = ?", residentId) == 0) {
                throw ApiException.notFound("resident " + residentId);
            }
            if (Sql.count(c, "SELECT COUNT(*) FROM services WHERE id = ?", serviceId) == 0) {
                throw ApiException.notFound("service '" + serviceId + "'");
            }
            slots.checkBooking(c, serviceId, start, end);
            long id = Sql.insert(c, """
                    INSERT INTO appointments (resident_id, service_id, slot_start, slot_end, status, created_at)
                    VALUES (?, ?, ?, ?, 'booked', ?)""", residentId, serviceId, start, end, clock.millis());
            JsonObject booked = json(id, residentId, serviceId, start, end, "booked", null);
            booked.remove("slotStartMillis");
            booked.remove("slotEndMillis");
            return booked;
        });
    }

    private record CheckIn(long ticketId, String timing, QueueService.Change change) {}

    /** Checks in (idempotent: a second check-in returns the ticket of the first) and returns the ticket + timing. */
    public Future<JsonObject> checkIn(long appointmentId, Actor actor) {
        return db.write(c -> {
            JsonObject a = Sql.one(c, "SELECT * FROM appointments WHERE id = ?", rs -> json(rs.getLong("id"),
                    rs.getLong("resident_id"), rs.getString("service_id"), rs.getLong("slot_start"),
                    rs.getLong("slot_end"), rs.getString("status"), Sql.longOrNull(rs, "ticket_id")), appointmentId)
                    .orElseThrow(() -> ApiException.notFound("appointment " + appointmentId));
            if (a.getLong("ticketId") != null) return new CheckIn(a.getLong("ticketId"), "already_checked_in", null);
            if (!"booked".equals(a.getString("status"))) {
                throw ApiException.conflict("appointment_" + a.getString("status"), "this appointment is "
                        + a.getString("status").replace('_', ' '));
            }
            long now = clock.millis();
            long slotStart = a.getLong("slotStartMillis");
            Timing timing = timing(now, slotStart);
            if (timing == Timing.EARLY) {
                String opens = Instant.ofEpochMilli(slotStart - rules.current().appointmentEarlyMinutes() * 60_000L).atZone(zone)
                        .toLocalTime().withSecond(0).withNano(0).toString();
                throw ApiException.conflict("too_early", "check-in for this appointment opens at " + opens);
            }
            Ticket ticket = queue.issueWithin(c, new QueueService.IssueRequest(a.getString("serviceId"),
                    a.getLong("residentId"), null, actor.kioskId()), timing == Timing.ON_TIME ? slotStart : null, actor);
            Sql.update(c, "UPDATE tickets SET appointment_id = ? WHERE id = ?", appointmentId, ticket.id());
            Sql.update(c, "UPDATE appointments SET status = 'checked_in', ticket_id = ?, checked_in_at = ? WHERE id = ?",
                    ticket.id(), now, appointmentId);
            return new CheckIn(ticket.id(), timing.name().toLowerCase(), QueueService.Change.issued(ticket));
        }).compose(checkIn -> {
            if (checkIn.change() != null) queue.announce(checkIn.change());
            return queue.ticket(checkIn.ticketId()).map(view -> view.put("timing", checkIn.timing()));
        });
    }

    public AppointmentSlots slots() {
        return slots;
    }

    Timing timing(long now, long slotStart) {
        if (now < slotStart - rules.current().appointmentEarlyMinutes() * 60_000L) return Timing.EARLY;
        if (now > slotStart + rules.current().appointmentLateMinutes() * 60_000L) return Timing.LATE;
        return Timing.ON_TIME;
    }

    private long parseTime(String value, String field) {
        try {
            return OffsetDateTime.parse(value).toInstant().toEpochMilli();
        } catch (DateTimeParseException | NullPointerException e) {
            throw ApiException.badRequest("invalid_time", field + " must be a date-time with offset, e.g. 2026-11-23T09:00:00+08:00");
        }
    }

    private JsonObject json(long id, long residentId, String serviceId, long start, long end, String status,
                            Long ticketId) {
        return new JsonObject().put("id", id).put("residentId", residentId).put("serviceId", serviceId)
                .put("slotStart", Instant.ofEpochMilli(start).atZone(zone).toOffsetDateTime().toString())
                .put("slotEnd", Instant.ofEpochMilli(end).atZone(zone).toOffsetDateTime().toString())
                .put("slotStartMillis", start).put("slotEndMillis", end)
                .put("status", status).put("ticketId", ticketId);
    }
}
