package org.clinickiosk.appointment;

import io.vertx.ext.web.RoutingContext;
import org.clinickiosk.web.Access;
import org.clinickiosk.web.Responses;

/** Booking a slot and checking in for it (kiosk or staff). */
public final class AppointmentRoutes {
    private final AppointmentService appointments;

    public AppointmentRoutes(AppointmentService appointments) {
        this.appointments = appointments;
    }

    public void bookAppointment(RoutingContext ctx) {
        Responses.respond(ctx, 201, appointments.book(Responses.body(ctx), Access.actor(ctx)));
    }

    public void checkInAppointment(RoutingContext ctx) {
        Responses.respond(ctx, 200, appointments.checkIn(Responses.longParam(ctx, "appointmentId"), Access.actor(ctx)));
    }
}
