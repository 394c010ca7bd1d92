package org.clinickiosk.resident;

import io.vertx.ext.web.RoutingContext;
import org.clinickiosk.web.Access;
import org.clinickiosk.web.Responses;

/** Creating a record (kiosk or staff) and reading one in full (staff, audited). */
public final class ResidentRoutes {
    private final ResidentService residents;

    public ResidentRoutes(ResidentService residents) {
        this.residents = residents;
    }

    public void createResident(RoutingContext ctx) {
        Responses.respond(ctx, 201, residents.create(Responses.body(ctx), Access.actor(ctx)));
    }

    public void getResident(RoutingContext ctx) {
        Responses.respond(ctx, 200, residents.readForStaff(Responses.longParam(ctx, "residentId"), Access.actor(ctx)));
    }
}
