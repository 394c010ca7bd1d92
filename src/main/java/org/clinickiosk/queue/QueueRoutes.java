package org.clinickiosk.queue;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.clinickiosk.appointment.AppointmentService;
import org.clinickiosk.audit.AuditLog;
import org.clinickiosk.web.Access;
import org.clinickiosk.web.Actor;
import org.clinickiosk.web.ApiException;
import org.clinickiosk.web.Responses;

import java.util.function.BiFunction;
import java.util.function.Function;

/** HTTP handlers of the queue: taking numbers (kiosk/staff) and every nurse action (staff, audited). */
public final class QueueRoutes {
    private final QueueService queue;
    private final AppointmentService appointments;
    private final AuditLog audit;

    public QueueRoutes(QueueService queue, AppointmentService appointments, AuditLog audit) {
        this.queue = queue;
        this.appointments = appointments;
        this.audit = audit;
    }

    public void listServices(RoutingContext ctx) {
        Responses.respond(ctx, 200, queue.services());
    }

    public void listRooms(RoutingContext ctx) {
        Responses.respond(ctx, 200, queue.rooms());
    }

    public void issueTicket(RoutingContext ctx) {
        JsonObject body = Responses.body(ctx);
        Actor actor = Access.actor(ctx);
        String kioskId = body.getString("kioskId");
        if (actor.isKiosk() && kioskId != null && !kioskId.equals(actor.kioskId())) {
            throw new ApiException(403, "forbidden", "a kiosk can only issue tickets in its own name");
        }
        if (body.getLong("appointmentId") != null) {
            Responses.respond(ctx, 201, appointments.checkIn(body.getLong("appointmentId"), actor));
            return;
        }
        QueueService.IssueRequest request = new QueueService.IssueRequest(body.getString("serviceId"),
                body.getLong("residentId"), body.getString("priority"), actor.isKiosk() ? actor.kioskId() : kioskId);
        queue.issue(request, actor, ctx.request().getHeader("Idempotency-Key"))
                .onSuccess(change -> {
                    if (change.repeated()) ctx.response().putHeader("Idempotent-Replayed", "true");
                    Responses.json(ctx, change.repeated() ? 200 : 201, change.view());
                })
                .onFailure(ctx::fail);
    }

    public void getTicket(RoutingContext ctx) {
        Responses.respond(ctx, 200, queue.ticket(Responses.longParam(ctx, "ticketId")));
    }

    /** The phone page behind a ticket's QR: number, service and live place only. */
    public void getPublicTicket(RoutingContext ctx) {
        Responses.respond(ctx, 200, queue.ticketByToken(ctx.pathParam("token")).map(t -> new JsonObject()
                .put("number", t.getString("number")).put("serviceName", t.getString("serviceName"))
                .put("serviceNameEn", t.getString("serviceNameEn")).put("status", t.getString("status"))
                .put("peopleAhead", t.getInteger("peopleAhead")).put("roomId", t.getString("roomId"))
                .put("estimatedWaitMinutes", t.getInteger("estimatedWaitMinutes"))));
    }

    public void callNext(RoutingContext ctx) {
        String roomId = ctx.pathParam("roomId");
        staffAction(ctx, "room.call-next", "room " + roomId, a -> queue.callNext(roomId, a).map(change -> {
            JsonObject out = new JsonObject().put("ticket", change.view()).put("repeated", change.repeated());
            return out;
        }));
    }

    public void callTicket(RoutingContext ctx) {
        long id = Responses.longParam(ctx, "ticketId");
        String roomId = Responses.body(ctx).getString("roomId");
        staffAction(ctx, "ticket.call", "ticket " + id, a -> queue.call(id, roomId, a).map(QueueService.Change::view));
    }

    public void recallTicket(RoutingContext ctx) {
        ticketAction(ctx, "recall", queue::recall);
    }

    public void startTicket(RoutingContext ctx) {
        ticketAction(ctx, "start", queue::start);
    }

    public void finishTicket(RoutingContext ctx) {
        ticketAction(ctx, "finish", queue::finish);
    }

    public void noShowTicket(RoutingContext ctx) {
        ticketAction(ctx, "no-show", queue::noShow);
    }

    public void requeueTicket(RoutingContext ctx) {
        ticketAction(ctx, "requeue", queue::requeue);
    }

    public void cancelTicket(RoutingContext ctx) {
        ticketAction(ctx, "cancel", queue::cancel);
    }

    public void transferTicket(RoutingContext ctx) {
        long id = Responses.longParam(ctx, "ticketId");
        String serviceId = Responses.body(ctx).getString("serviceId");
        staffAction(ctx, "ticket.transfer", "ticket " + id + " to " + serviceId,
                a -> queue.transfer(id, serviceId, a).map(QueueService.Change::view));
    }

    public void pauseRoom(RoutingContext ctx) {
        String roomId = ctx.pathParam("roomId");
        staffAction(ctx, "room.pause", "room " + roomId, a -> queue.setPaused(roomId, true, a));
    }

    public void resumeRoom(RoutingContext ctx) {
        String roomId = ctx.pathParam("roomId");
        staffAction(ctx, "room.resume", "room " + roomId, a -> queue.setPaused(roomId, false, a));
    }

    /** A staff action on the ticket in the path that answers with the ticket as it is afterwards. */
    private void ticketAction(RoutingContext ctx, String action,
                              BiFunction<Long, Actor, Future<QueueService.Change>> work) {
        long id = Responses.longParam(ctx, "ticketId");
        staffAction(ctx, "ticket." + action, "ticket " + id, a -> work.apply(id, a).map(QueueService.Change::view));
    }

    /** Runs a staff action and audits its outcome (ok or the refusal's code) before answering. */
    private void staffAction(RoutingContext ctx, String action, String target,
                             Function<Actor, Future<JsonObject>> work) {
        Actor actor = Access.actor(ctx);
        audit.audited(actor, action, target, () -> work.apply(actor))
                .onSuccess(body -> Responses.json(ctx, 200, body)).onFailure(ctx::fail);
    }
}
