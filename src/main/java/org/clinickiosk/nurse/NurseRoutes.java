package org.clinickiosk.nurse;

import io.vertx.ext.web.RoutingContext;
import org.clinickiosk.alert.StaffAlerts;
import org.clinickiosk.web.Access;
import org.clinickiosk.web.Responses;

/** HTTP handlers of the nurse station beyond the queue actions: the called resident's panel and alert acknowledgement. */
public final class NurseRoutes {
    private final ResidentPanel panel;
    private final StaffAlerts alerts;

    public NurseRoutes(ResidentPanel panel, StaffAlerts alerts) {
        this.panel = panel;
        this.alerts = alerts;
    }

    public void residentPanel(RoutingContext ctx) {
        Responses.respond(ctx, 200, panel.read(Responses.longParam(ctx, "ticketId"), Access.actor(ctx)));
    }

    public void acknowledgeAlert(RoutingContext ctx) {
        Responses.respond(ctx, 200, alerts.acknowledge(ctx.pathParam("alertId"), Access.actor(ctx)));
    }
}
