package org.clinickiosk.admin;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.clinickiosk.appointment.AppointmentSlots;
import org.clinickiosk.audit.AuditLog;
import org.clinickiosk.clinic.ClinicCatalog;
import org.clinickiosk.clinic.KioskDirectory;
import org.clinickiosk.device.DeviceStatusBoard;
import org.clinickiosk.queue.QueueRulesSetting;
import org.clinickiosk.queue.QueueService;
import org.clinickiosk.staff.StaffService;
import org.clinickiosk.store.Database;
import org.clinickiosk.stream.KioskStream;
import org.clinickiosk.web.Access;
import org.clinickiosk.web.Actor;
import org.clinickiosk.web.Responses;

import java.time.Clock;
import java.util.function.Function;

/**
 * The admin console's management API: services, rooms, staff, kiosks and queue rules. Every change is validated
 * with the same checks as the config file, audited, and in force for the next request (no restart).
 */
public final class AdminRoutes {
    private final io.vertx.core.Vertx vertx;
    private final Database db;
    private final StaffService staff;
    private final KioskDirectory kiosks;
    private final DeviceStatusBoard devices;
    private final QueueRulesSetting rules;
    private final AuditLog audit;
    private final Clock clock;
    private final AppointmentSlots slots;

    public AdminRoutes(io.vertx.core.Vertx vertx, Database db, StaffService staff, KioskDirectory kiosks,
                       DeviceStatusBoard devices, QueueRulesSetting rules, AuditLog audit, Clock clock,
                       AppointmentSlots slots) {
        this.vertx = vertx;
        this.db = db;
        this.staff = staff;
        this.kiosks = kiosks;
        this.devices = devices;
        this.rules = rules;
        this.audit = audit;
        this.clock = clock;
        this.slots = slots;
    }

    // ---- services and rooms ----------------------------------------------------------------------------------

    public void listAdminServices(RoutingContext ctx) {
        Responses.respond(ctx, 200, db.read(c -> new JsonArray(ClinicCatalog.services(c).values().stream()
                .map(ClinicCatalog::toJson).toList())));
    }

    public void createService(RoutingContext ctx) {
        JsonObject body = Responses.body(ctx);
        String id = body.getString("id");
        changed(ctx, 201, "admin.service.create", "service " + id, a -> db.write(c ->
                ClinicCatalog.toJson(ClinicCatalog.saveService(c, id, withoutId(body), true))), true);
    }

    public void updateService(RoutingContext ctx) {
        String id = ctx.pathParam("serviceId");
        changed(ctx, 200, "admin.service.update", "service " + id, a -> db.write(c ->
                ClinicCatalog.toJson(ClinicCatalog.saveService(c, id, Responses.body(ctx), false))), true);
    }

    public void listAdminRooms(RoutingContext ctx) {
        Responses.respond(ctx, 200, db.read(c -> new JsonArray(ClinicCatalog.rooms(c).values().stream()
                .map(ClinicCatalog::toJson).toList())));
    }

    public void createRoom(RoutingContext ctx) {
        JsonObject body = Responses.body(ctx);
        String id = body.getString("id");
        changed(ctx, 201, "admin.room.create", "room " + id, a -> db.write(c ->
                ClinicCatalog.toJson(ClinicCatalog.saveRoom(c, id, withoutId(body), true))), true);
    }

    public void updateRoom(RoutingContext ctx) {
        String id = ctx.pathParam("roomId");
        changed(ctx, 200, "admin.room.update", "room " + id, a -> db.write(c ->
                ClinicCatalog.toJson(ClinicCatalog.saveRoom(c, id, Responses.body(ctx), false))), true);
    }

    // ---- staff -----------------------------------------------------------------------------------------------

    public void listStaff(RoutingContext ctx) {
        Responses.respond(ctx, 200, staff.accounts().map(list -> new JsonArray(list.stream().map(StaffService::toJson).toList())));
    }

    public void createStaff(RoutingContext ctx) {
        JsonObject body = Responses.body(ctx);
        changed(ctx, 201, "admin.staff.create", "staff " + body.getString("username"), a -> staff.create(
                body.getString("username"), body.getString("displayName"), body.getString("role"),
                body.getString("password")).map(StaffService::toJson), false);
    }

    public void updateStaff(RoutingContext ctx) {
        long id = Responses.longParam(ctx, "staffId");
        changed(ctx, 200, "admin.staff.update", "staff " + id,
                a -> staff.update(id, Responses.body(ctx), a.staffId()).map(StaffService::toJson), false);
    }

    public void setStaffPassword(RoutingContext ctx) {
        long id = Responses.longParam(ctx, "staffId");
        audit.audited(Access.actor(ctx), "admin.staff.password", "staff " + id,
                        () -> staff.setPassword(id, Responses.body(ctx).getString("password")))
                .onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
    }

    // ---- appointment slots ----------------------------------------------------------------------------------

    public void listSlots(RoutingContext ctx) {
        Responses.respond(ctx, 200, slots.list(ctx.queryParams().get("serviceId"), ctx.queryParams().get("day")));
    }

    public void openSlot(RoutingContext ctx) {
        JsonObject body = Responses.body(ctx);
        changed(ctx, 201, "admin.slot.open", "service " + body.getString("serviceId") + " " + body.getString("day")
                + " " + body.getString("starts"), a -> slots.open(body), false);
    }

    public void closeSlot(RoutingContext ctx) {
        long id = Responses.longParam(ctx, "slotId");
        audit.audited(Access.actor(ctx), "admin.slot.close", "slot " + id, () -> slots.close(id))
                .onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
    }

    // ---- kiosks and rules ------------------------------------------------------------------------------------

    public void listKiosks(RoutingContext ctx) {
        JsonArray out = new JsonArray();
        for (KioskDirectory.Kiosk k : kiosks.all()) out.add(kioskJson(k));
        Responses.json(ctx, 200, out);
    }

    public void rotateKioskToken(RoutingContext ctx) {
        String id = ctx.pathParam("kioskId");
        changed(ctx, 200, "admin.kiosk.token", "kiosk " + id,
                a -> kiosks.rotateToken(id, clock.millis()).map(token -> new JsonObject().put("token", token)), false);
    }

    public void setKioskMaintenance(RoutingContext ctx) {
        String id = ctx.pathParam("kioskId");
        JsonObject body = Responses.body(ctx);
        boolean enabled = body.getBoolean("enabled");
        String message = body.getString("message");
        changed(ctx, 200, "admin.kiosk.maintenance", "kiosk " + id, a -> kiosks.setMaintenance(id, enabled, message)
                .onSuccess(k -> vertx.eventBus().publish(KioskStream.uiAddress(id), k.maintenanceJson()
                        .put("type", "maintenance")))
                .map(this::kioskJson), false);
    }

    public void getQueueRules(RoutingContext ctx) {
        Responses.json(ctx, 200, rules.current().toJson());
    }

    public void updateQueueRules(RoutingContext ctx) {
        changed(ctx, 200, "admin.queue-rules", "queue rules",
                a -> rules.update(Responses.body(ctx)).map(r -> r.toJson()), true);
    }

    private JsonObject kioskJson(KioskDirectory.Kiosk k) {
        return new JsonObject().put("id", k.id()).put("name", k.name()).put("maintenance", k.maintenanceJson())
                .put("devices", devices.states(k.id()));
    }

    /**
     * Runs a change, audits its outcome, answers; {@code queueChanged} tells open displays and nurse pages to
     * refresh (their lists depend on services, rooms and rules).
     */
    private void changed(RoutingContext ctx, int status, String action, String target,
                         Function<Actor, Future<JsonObject>> change, boolean queueChanged) {
        Actor actor = Access.actor(ctx);
        audit.audited(actor, action, target, () -> change.apply(actor))
                .onSuccess(json -> {
                    if (queueChanged) vertx.eventBus().publish(QueueService.CHANGED, new JsonObject().put("type", "admin"));
                    Responses.json(ctx, status, json);
                })
                .onFailure(ctx::fail);
    }

    private static JsonObject withoutId(JsonObject body) {
        JsonObject copy = body.copy();
        copy.remove("id");
        return copy;
    }
}
