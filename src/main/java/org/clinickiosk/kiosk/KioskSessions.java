package org.clinickiosk.kiosk;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.clinickiosk.appointment.AppointmentService;
import org.clinickiosk.clinic.ClinicCatalog;
import org.clinickiosk.common.IdNumber;
import org.clinickiosk.common.Masking;
import org.clinickiosk.config.ClinicConfig;
import org.clinickiosk.device.DeviceAddresses;
import org.clinickiosk.device.port.DevicePortVerticle;
import org.clinickiosk.device.port.PortConfig;
import org.clinickiosk.healthcard.HealthCardResolver;
import org.clinickiosk.queue.QueueService;
import org.clinickiosk.resident.ResidentService;
import org.clinickiosk.store.Database;
import org.clinickiosk.store.Sql;
import org.clinickiosk.stream.KioskStream;
import org.clinickiosk.web.Actor;
import org.clinickiosk.web.ApiException;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The resident kiosk's server side: one {@link KioskSession} per kiosk, started by a card read, a scanned health
 * card or appointment QR, or a typed ID number, and wiped when the resident is done, goes home, or stops touching
 * the screen. It listens to the kiosk's device events, looks the resident up, takes numbers, checks appointments in,
 * prints, and tells the kiosk page what to show on {@link KioskStream#uiAddress} as masked views only:
 * {type: "session", session: view} after every change and {type: "problem", problem: code} for a failure the
 * resident must act on, {type: "ticket-status", ticket} for a scanned ticket QR.
 */
public final class KioskSessions {
    /** Priorities a resident may declare at the kiosk; staff verify them at the desk. Elderly comes from the age. */
    public static final Set<String> DECLARABLE = Set.of("pregnancy", "disability", "serviceman");
    /** Flows of other issues report their feature here when they are available (e.g. "bpSelfTest", "labReports"). */
    public static final List<String> BASE_FEATURES = List.of("ticket", "checkIn", "manualEntry");
    /** The page reports touches at most this often; the server waits this much longer before wiping on its own. */
    static final long ACTIVITY_GRACE_MS = 5_000;
    private static final System.Logger LOG = System.getLogger(KioskSessions.class.getName());

    private final Vertx vertx;
    private final Database db;
    private final QueueService queue;
    private final AppointmentService appointments;
    private final ResidentService residents;
    private final HealthCardResolver healthCards;
    private final ClinicConfig config;
    private final ZoneId zone;
    private final Clock clock;
    private final TicketPrinting printing;
    private final java.util.function.Predicate<String> outOfService;
    private final List<String> features;
    private final Map<String, KioskState> kiosks = new LinkedHashMap<>();

    /** A kiosk and its current session; every read and change of the session happens synchronized on this. */
    private static final class KioskState {
        final ClinicConfig.Kiosk kiosk;
        KioskSession session;
        long inactivityTimer = -1;

        KioskState(ClinicConfig.Kiosk kiosk) {
            this.kiosk = kiosk;
        }
    }

    /**
     * @param healthCards resolves electronic health card QR codes; null where no resolver is configured, and then
     *                    the kiosk says health cards are not accepted here
     * @param optionalFeatures features of other flows that are available on this server (shown as home tiles)
     * @param outOfService    whether the admin has put a kiosk out of service (its card reads and scans are ignored)
     */
    public KioskSessions(Vertx vertx, Database db, QueueService queue, AppointmentService appointments,
                         ResidentService residents, HealthCardResolver healthCards, ClinicConfig config,
                         List<String> optionalFeatures, java.util.function.Predicate<String> outOfService,
                         Clock clock) {
        this.vertx = vertx;
        this.db = db;
        this.queue = queue;
        this.appointments = appointments;
        this.residents = residents;
        this.healthCards = healthCards;
        this.config = config;
        this.zone = config.clinic().timezone();
        this.clock = clock;
        this.outOfService = outOfService;
        this.printing = new TicketPrinting(vertx, clock);
        List<String> all = new ArrayList<>(BASE_FEATURES);
        if (healthCards != null) all.add("healthCard");
        all.addAll(optionalFeatures);
        this.features = List.copyOf(all);
        for (ClinicConfig.Kiosk kiosk : config.kiosks()) {
            KioskState state = new KioskState(kiosk);
            kiosks.put(kiosk.id(), state);
            vertx.eventBus().<JsonObject>consumer(DeviceAddresses.events(kiosk.id()), m -> onDeviceEvent(state, m.body()));
        }
    }

    // ---- what the page reads -----------------------------------------------------------------------------------

    /** The kiosk's settings for its page, and the current session's masked view. */
    public JsonObject describe(String kioskId) {
        KioskState k = state(kioskId);
        ClinicConfig.KioskScreen screen = config.kioskScreen();
        JsonObject kiosk = new JsonObject().put("id", k.kiosk.id()).put("name", k.kiosk.name())
                .put("clinicName", config.clinic().name())
                .put("warnAfterSeconds", screen.warnAfterSeconds()).put("homeAfterSeconds", screen.homeAfterSeconds())
                .put("elderlyAge", config.queue().elderlyAge())
                .put("features", new JsonArray(features))
                .put("devices", new JsonArray(new ArrayList<>(k.kiosk.devices().fieldNames())))
                .put("simulatedDevices", new JsonArray(simulatedKinds(k)));
        synchronized (k) {
            return new JsonObject().put("kiosk", kiosk).put("session", view(k.session));
        }
    }

    // ---- identification ----------------------------------------------------------------------------------------

    private void onDeviceEvent(KioskState k, JsonObject event) {
        // Out of service the page shows only the admin's message: a card laid on the reader must not start a session
        // (with the resident's data) behind it.
        if (outOfService.test(k.kiosk.id())) return;
        try {
            String type = String.valueOf(event.getString("type"));
            String kind = String.valueOf(event.getString("kind"));
            switch (type) {
                case "identified" -> {
                    if (kind.equals("idCardReader") || kind.equals("healthCardReader")) onCard(k, event);
                }
                case "card-error" -> problem(k, "card-unreadable");
                case "scan" -> onScan(k, event.getString("category", "unknown"), event.getString("value", ""));
                case "scan-error" -> problem(k, "code-unknown");
                default -> { }
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "kiosk " + k.kiosk.id() + ": device event not handled", e);
        }
    }

    private void onCard(KioskState k, JsonObject event) {
        if (event.getBoolean("expired", false)) {
            end(k, "new-card");
            problem(k, "card-expired");
            return;
        }
        String idNumber = event.getString("idNumber");
        if (idNumber == null || idNumber.isBlank()) {
            problem(k, "card-unreadable");
            return;
        }
        KioskSession.Via via = "healthCardReader".equals(event.getString("kind"))
                ? KioskSession.Via.HEALTH_CARD_READER : KioskSession.Via.ID_CARD;
        String normalised = idNumber.strip().toUpperCase();
        KioskSession s;
        synchronized (k) {
            if (k.session != null && normalised.equals(k.session.idNumber) && k.session.cardPresented()) {
                touch(k); // the same card placed again: carry on where the resident was
                changed(k);
                return;
            }
            s = new KioskSession(via, event.copy(), normalised);
            replace(k, s);
        }
        lookUp(k, s, residents.findMaskedByIdNumber(normalised)).onFailure(e -> lookupFailed(k, e));
    }

    private void onScan(KioskState k, String category, String value) {
        switch (category) {
            case "ticket" -> queue.ticketByToken(value).onComplete(found -> {
                if (found.failed()) {
                    problem(k, "ticket-unknown");
                    return;
                }
                JsonObject t = found.result();
                publish(k, new JsonObject().put("type", "ticket-status").put("ticket", new JsonObject()
                        .put("number", t.getString("number")).put("serviceName", t.getString("serviceName"))
                        .put("serviceNameEn", t.getString("serviceNameEn")).put("status", t.getString("status"))
                        .put("peopleAhead", t.getInteger("peopleAhead"))
                        .put("estimatedWaitMinutes", t.getInteger("estimatedWaitMinutes"))));
            });
            case "appointment" -> onAppointmentQr(k, value);
            case "healthCard" -> onHealthCardQr(k, value);
            default -> problem(k, "code-unknown");
        }
    }

    private void onAppointmentQr(KioskState k, String value) {
        long appointmentId;
        try {
            appointmentId = Long.parseLong(value);
        } catch (NumberFormatException e) {
            problem(k, "appointment-unknown");
            return;
        }
        db.read(c -> Sql.one(c, "SELECT resident_id FROM appointments WHERE id = ?", rs -> rs.getLong(1), appointmentId)
                .orElse(null)).onComplete(found -> {
            if (found.failed() || found.result() == null) {
                problem(k, "appointment-unknown");
                return;
            }
            long residentId = found.result();
            KioskSession s;
            synchronized (k) {
                if (k.session != null && Long.valueOf(residentId).equals(k.session.residentId())) {
                    k.session.focusAppointmentId = appointmentId;
                    touch(k);
                    changed(k);
                    return;
                }
                s = new KioskSession(KioskSession.Via.APPOINTMENT_QR, null, null);
                s.focusAppointmentId = appointmentId;
                replace(k, s);
            }
            lookUp(k, s, residents.findMaskedById(residentId)).onFailure(e -> lookupFailed(k, e));
        });
    }

    private void onHealthCardQr(KioskState k, String token) {
        if (healthCards == null) {
            problem(k, "health-card-unsupported");
            return;
        }
        healthCards.residentFor(token).onComplete(resolved -> {
            if (resolved.failed()) {
                LOG.log(System.Logger.Level.WARNING, "kiosk " + k.kiosk.id() + ": health card resolver failed: "
                        + resolved.cause().getMessage());
                problem(k, "health-card-unavailable");
                return;
            }
            if (resolved.result().isPresent()) {
                long residentId = resolved.result().get();
                KioskSession s;
                synchronized (k) {
                    if (k.session != null && Long.valueOf(residentId).equals(k.session.residentId())) {
                        touch(k);
                        changed(k);
                        return;
                    }
                    s = new KioskSession(KioskSession.Via.HEALTH_CARD_QR, null, null);
                    replace(k, s);
                }
                lookUp(k, s, residents.findMaskedById(residentId)).onFailure(e -> lookupFailed(k, e));
                return;
            }
            synchronized (k) {
                KioskSession s = k.session;
                if (s != null && s.resident != null && s.cardPresented()) {
                    s.healthCardToBind = token; // offered; bound only when the resident agrees
                    touch(k);
                    changed(k);
                    return;
                }
            }
            problem(k, "health-card-unknown");
        });
    }

    /** Identification by a typed ID number: the check digit is validated here as well as on the page. */
    public Future<JsonObject> identifyManually(String kioskId, String idNumber) {
        KioskState k = state(kioskId);
        IdNumber.Check check = IdNumber.check(idNumber, LocalDate.now(clock.withZone(zone)));
        if (!check.valid()) throw ApiException.badRequest("invalid_id_number", check.problem());
        String value = check.idNumber().value();
        KioskSession s;
        synchronized (k) {
            if (k.session != null && value.equals(k.session.idNumber)) {
                touch(k);
                return Future.succeededFuture(view(k.session));
            }
            s = new KioskSession(KioskSession.Via.MANUAL, null, value);
            replace(k, s);
        }
        return lookUp(k, s, residents.findMaskedByIdNumber(value));
    }

    /**
     * Identification by the barcode of a specimen receipt confirmed with the birth date (the lab lookup did the
     * matching): the resident becomes the session's, so the lab screens can list and print that resident's reports.
     */
    public Future<JsonObject> identifyByLabSlip(String kioskId, long residentId) {
        KioskState k = state(kioskId);
        KioskSession s;
        synchronized (k) {
            if (k.session != null && Long.valueOf(residentId).equals(k.session.residentId())) {
                touch(k);
                return Future.succeededFuture(view(k.session));
            }
            s = new KioskSession(KioskSession.Via.LAB_SLIP, null, null);
            replace(k, s);
        }
        return lookUp(k, s, residents.findMaskedById(residentId));
    }

    /** Looks the resident up, then loads today's appointments; completes with the session's new view. */
    private Future<JsonObject> lookUp(KioskState k, KioskSession s, Future<JsonObject> residentLookup) {
        return residentLookup.compose(resident -> resident == null ? Future.succeededFuture((JsonArray) null)
                        : todaysAppointments(resident.getLong("id")).map(list -> {
                            synchronized (k) {
                                s.resident = resident;
                            }
                            return list;
                        }))
                .map(list -> {
                    synchronized (k) {
                        if (k.session != s) throw sessionEnded();
                        s.appointments = list == null ? new JsonArray() : list;
                        s.lookedUp = true;
                        changed(k);
                        return view(s);
                    }
                });
    }

    private void lookupFailed(KioskState k, Throwable e) {
        if (e instanceof ApiException api && api.code().equals("session_ended")) return;
        LOG.log(System.Logger.Level.ERROR, "kiosk " + k.kiosk.id() + ": resident lookup failed", e);
        end(k, "error");
        problem(k, "lookup-failed");
    }

    // ---- registration ------------------------------------------------------------------------------------------

    /** Creates the health record from the card read in this session, with the phone and explicit consent. */
    public Future<JsonObject> register(String kioskId, String phone, boolean healthDataConsent, Actor actor) {
        KioskState k = state(kioskId);
        KioskSession s;
        JsonObject body;
        synchronized (k) {
            s = current(k);
            touch(k);
            if (!s.lookedUp) throw ApiException.conflict("lookup_pending", "the record is still being looked up; try again");
            if (s.resident != null) throw ApiException.conflict("already_registered", "this resident already has a health record");
            if (!canRegister(s)) {
                throw ApiException.conflict("card_required", "a health record is created from a resident ID card read "
                        + "at this kiosk; place the card on the reader or ask the staff at the desk");
            }
            if (!healthDataConsent) {
                throw ApiException.badRequest("consent_required",
                        "a health record needs the resident's explicit consent to process health data");
            }
            JsonObject card = s.card;
            String address = card.getString("appendedAddress", card.getString("address"));
            body = new JsonObject().put("idNumber", s.idNumber).put("name", card.getString("name"))
                    .put("sex", switch (String.valueOf(card.getString("sex"))) {
                        case "M" -> "M";
                        case "F" -> "F";
                        default -> "U";
                    })
                    .put("birthDate", card.getString("birthDate"))
                    .put("nation", card.getString("nation"))
                    .put("address", address == null || address.length() > 200 ? null : address)
                    .put("phone", phone)
                    .put("healthDataConsent", true);
        }
        return residents.create(body, actor)
                .recover(e -> e instanceof ApiException api && api.code().equals("resident_exists")
                        ? residents.findMaskedByIdNumber(s.idNumber) : Future.failedFuture(e))
                .compose(resident -> lookUp(k, s, Future.succeededFuture(resident)));
    }

    private static boolean canRegister(KioskSession s) {
        return s.cardPresented() && s.card != null && s.idNumber != null && s.idNumber.length() == 18
                && !"foreignerPermanentResidence".equals(s.card.getString("cardType"));
    }

    // ---- tickets -----------------------------------------------------------------------------------------------

    /** Takes a number for the identified resident; a retry with the same key returns the same ticket, unprinted. */
    public Future<JsonObject> takeTicket(String kioskId, String serviceId, String priority, String idempotencyKey,
                                         String baseUrl, Actor actor) {
        KioskState k = state(kioskId);
        if (priority != null && !priority.equals("normal") && !DECLARABLE.contains(priority)) {
            throw ApiException.badRequest("invalid_priority",
                    "a kiosk may declare only pregnancy, disability or serviceman; age priority is automatic");
        }
        KioskSession s;
        String asked = "normal".equals(priority) ? null : priority;
        synchronized (k) {
            s = identified(k);
            touch(k);
            if (asked == null && s.resident == null && isElderly(IdNumber.parse(s.idNumber,
                    LocalDate.now(clock.withZone(zone))).map(id -> id.birthDate()).orElse(null))) {
                asked = "elderly"; // no record to take the age from: the typed ID number says it, staff check it
            }
        }
        QueueService.IssueRequest request = new QueueService.IssueRequest(serviceId, s.residentId(), asked, kioskId);
        return queue.issue(request, actor, idempotencyKey)
                .compose(change -> afterTicket(k, s, change.view(), null, baseUrl, !change.repeated()));
    }

    /** Checks in one of today's appointments of the identified resident; the ticket is ordered by its slot. */
    public Future<JsonObject> checkIn(String kioskId, long appointmentId, String baseUrl, Actor actor) {
        KioskState k = state(kioskId);
        KioskSession s;
        synchronized (k) {
            s = identified(k);
            touch(k);
            boolean theirs = s.appointments.stream().anyMatch(a -> ((JsonObject) a).getLong("id") == appointmentId);
            if (s.resident == null || !theirs) {
                throw ApiException.notFound("appointment " + appointmentId + " among today's appointments of this resident");
            }
        }
        return appointments.checkIn(appointmentId, actor).compose(ticket -> {
            String timing = ticket.getString("timing");
            return todaysAppointments(s.residentId()).compose(list -> {
                synchronized (k) {
                    s.appointments = list;
                }
                return afterTicket(k, s, ticket, timing, baseUrl, !"already_checked_in".equals(timing));
            });
        });
    }

    private Future<JsonObject> afterTicket(KioskState k, KioskSession s, JsonObject queueView, String timing,
                                           String baseUrl, boolean print) {
        return db.read(c -> ClinicCatalog.rooms(c)).map(rooms -> {
            String serviceId = queueView.getString("serviceId");
            List<ClinicCatalog.Room> serving = rooms.values().stream()
                    .filter(r -> r.serviceIds().contains(serviceId)).toList();
            String roomHint = roomNames(serving.stream().map(ClinicCatalog.Room::name).toList());
            String roomHintEn = roomNames(serving.stream().map(r -> r.nameEn() == null ? r.name() : r.nameEn()).toList());
            String publicUrl = baseUrl + "/t/" + queueView.getString("token");
            JsonObject ticket = new JsonObject()
                    .put("number", queueView.getString("number"))
                    .put("serviceId", serviceId)
                    .put("serviceName", queueView.getString("serviceName"))
                    .put("serviceNameEn", queueView.getString("serviceNameEn"))
                    .put("roomHint", roomHint).put("roomHintEn", roomHintEn)
                    .put("peopleAhead", queueView.getInteger("peopleAhead"))
                    .put("estimatedWaitMinutes", queueView.getInteger("estimatedWaitMinutes"))
                    .put("priority", queueView.getString("priority"))
                    .put("priorityDeclared", queueView.getBoolean("priorityDeclared"))
                    .put("issuedAt", queueView.getString("issuedAt"))
                    .put("timing", timing)
                    .put("publicUrl", publicUrl)
                    .put("qrImage", TicketQr.svgDataUrl(publicUrl));
            JsonObject printBody;
            synchronized (k) {
                printBody = printBody(queueView, roomHint, publicUrl, s);
                s.ticket = ticket;
                s.printBody = printBody;
                s.reprinted = false;
                s.print = new JsonObject().put("status", print ? "printing" : "not-printed");
                changed(k);
            }
            if (print) startPrint(k, s, printBody);
            synchronized (k) {
                return view(s);
            }
        });
    }

    /** What the ticket printer prints: the number, service, room, time, people ahead, the QR and the masked name. */
    private JsonObject printBody(JsonObject queueView, String roomHint, String publicUrl, KioskSession s) {
        JsonObject body = new JsonObject()
                .put("clinicName", config.clinic().name())
                .put("serviceName", queueView.getString("serviceName"))
                .put("ticketNumber", queueView.getString("number"))
                .put("roomHint", roomHint != null && roomHint.length() <= 40 ? roomHint : null)
                .put("issuedAt", OffsetDateTime.parse(queueView.getString("issuedAt")).toLocalDateTime()
                        .withSecond(0).withNano(0).toString())
                .put("peopleAhead", queueView.getInteger("peopleAhead"))
                .put("qrText", publicUrl);
        String maskedName = s == null || s.resident == null ? null : s.resident.getString("nameMasked");
        if (maskedName != null && maskedName.contains("*")) body.put("maskedName", maskedName);
        return body;
    }

    /**
     * Prints a ticket taken on another screen of this kiosk (the blood-pressure referral) exactly as a queue ticket
     * is printed, without taking over the session's own ticket screen; the outcome is {status, code?}.
     */
    public Future<JsonObject> printTicket(String kioskId, JsonObject queueView, String baseUrl) {
        KioskState k = state(kioskId);
        return db.read(c -> ClinicCatalog.rooms(c)).compose(rooms -> {
            String serviceId = queueView.getString("serviceId");
            String roomHint = roomNames(rooms.values().stream().filter(r -> r.serviceIds().contains(serviceId))
                    .map(ClinicCatalog.Room::name).toList());
            JsonObject body;
            synchronized (k) {
                body = printBody(queueView, roomHint, baseUrl + "/t/" + queueView.getString("token"), k.session);
            }
            return printing.print(kioskId, k.kiosk.devices().containsKey(TicketPrinting.KIND), body);
        });
    }

    private static String roomNames(List<String> names) {
        return names.isEmpty() ? null : String.join(" / ", names);
    }

    /** The one reprint a ticket gets (after a failed print, or a ticket the resident lost on the spot). */
    public Future<JsonObject> reprint(String kioskId) {
        KioskState k = state(kioskId);
        KioskSession s;
        JsonObject body;
        synchronized (k) {
            s = current(k);
            touch(k);
            if (s.ticket == null) throw ApiException.conflict("no_ticket", "no number was taken in this session");
            if (s.reprinted) throw ApiException.conflict("reprint_used", "this ticket was reprinted already; ask the staff");
            if ("printing".equals(s.print.getString("status"))) {
                throw ApiException.conflict("printing", "the ticket is still printing");
            }
            s.reprinted = true;
            s.print = new JsonObject().put("status", "printing");
            body = s.printBody;
            changed(k);
        }
        startPrint(k, s, body);
        synchronized (k) {
            return Future.succeededFuture(view(s));
        }
    }

    private void startPrint(KioskState k, KioskSession s, JsonObject body) {
        printing.print(k.kiosk.id(), k.kiosk.devices().containsKey(TicketPrinting.KIND), body).onSuccess(outcome -> {
            synchronized (k) {
                if (s.printBody != body) return; // a newer ticket took over
                s.print = outcome;
                if (k.session == s) changed(k);
            }
        });
    }

    // ---- health card binding -----------------------------------------------------------------------------------

    /** Binds the health-card QR scanned in this session to the resident identified by card, who agreed to it. */
    public Future<JsonObject> bindHealthCard(String kioskId, Actor actor) {
        KioskState k = state(kioskId);
        KioskSession s;
        String token;
        synchronized (k) {
            s = current(k);
            touch(k);
            if (healthCards == null) throw ApiException.conflict("health_card_unsupported", "health cards are not accepted here");
            if (s.healthCardToBind == null || s.resident == null || !s.cardPresented()) {
                throw ApiException.conflict("nothing_to_bind",
                        "place your ID card, then scan the health card you want to link to your record");
            }
            token = s.healthCardToBind;
        }
        return healthCards.bind(token, s.residentId(), actor)
                .recover(e -> Future.failedFuture(e instanceof ApiException ? e
                        : ApiException.conflict("bind_refused", String.valueOf(e.getMessage()))))
                .map(v -> {
                    synchronized (k) {
                        s.healthCardToBind = null;
                        s.healthCardBound = true;
                        changed(k);
                        return view(s);
                    }
                });
    }

    // ---- activity and ending -----------------------------------------------------------------------------------

    /** The page saw a touch: the session lives on. Nothing happens without a session. */
    public void activity(String kioskId) {
        KioskState k = state(kioskId);
        synchronized (k) {
            if (k.session != null) touch(k);
        }
    }

    /** Wipes the session (resident done, home pressed, inactivity): nothing personal stays on the server. */
    public void end(String kioskId, String reason) {
        end(state(kioskId), reason);
    }

    private void end(KioskState k, String reason) {
        synchronized (k) {
            vertx.cancelTimer(k.inactivityTimer);
            k.inactivityTimer = -1;
            if (k.session == null) return;
            k.session = null;
            publish(k, new JsonObject().put("type", "session").put("reason", reason).put("session", view(null)));
        }
    }

    /** The health-record id of the resident identified at this kiosk now (the BP flow attributes readings by it). */
    public java.util.Optional<Long> residentAt(String kioskId) {
        KioskState k = state(kioskId);
        synchronized (k) {
            return k.session == null ? java.util.Optional.empty() : java.util.Optional.ofNullable(k.session.residentId());
        }
    }

    /** Whether the kiosk has a session now (for tests of the wipe). */
    public boolean hasSession(String kioskId) {
        KioskState k = state(kioskId);
        synchronized (k) {
            return k.session != null;
        }
    }

    // ---- demo --------------------------------------------------------------------------------------------------

    /** Forwards a scripted behaviour to a simulated device of this kiosk (the port refuses it for real devices). */
    public Future<Void> simulate(String kioskId, String kind, String behaviour, JsonObject args) {
        KioskState k = state(kioskId);
        if (!simulatedKinds(k).contains(kind)) {
            throw ApiException.conflict("not_simulated", kind + " of kiosk " + kioskId + " is not a simulated device");
        }
        JsonObject request = new JsonObject().put("action", DevicePortVerticle.SIMULATE_ACTION)
                .put("body", new JsonObject().put("behaviour", behaviour).put("args", args == null ? new JsonObject() : args));
        return vertx.eventBus().request(DeviceAddresses.requests(kioskId, kind), request)
                .<Void>mapEmpty()
                .recover(e -> Future.failedFuture(e instanceof ReplyException r
                        ? ApiException.badRequest("simulation_refused", String.valueOf(r.getMessage()))
                        : e));
    }

    private static List<String> simulatedKinds(KioskState k) {
        List<String> out = new ArrayList<>();
        k.kiosk.devices().forEach(e -> {
            if (e.getValue() instanceof JsonObject device && PortConfig.SIMULATED_PORT.equals(device.getString("port"))) {
                out.add(e.getKey());
            }
        });
        return out;
    }

    // ---- views -------------------------------------------------------------------------------------------------

    /** What the page may see of a session: masked, and only what its screens need. */
    private JsonObject view(KioskSession s) {
        if (s == null) return new JsonObject().put("active", false);
        JsonObject v = new JsonObject().put("active", true).put("sessionId", s.id).put("version", s.version)
                .put("via", switch (s.via) {
                    case ID_CARD -> "idCard";
                    case HEALTH_CARD_READER -> "healthCardReader";
                    case HEALTH_CARD_QR -> "healthCardQr";
                    case APPOINTMENT_QR -> "appointmentQr";
                    case MANUAL -> "manual";
                    case LAB_SLIP -> "labSlip";
                })
                .put("stage", !s.lookedUp ? "lookup" : s.resident != null ? "identified"
                        : canRegister(s) ? "register" : "unregistered");
        if (s.resident != null) {
            JsonObject r = s.resident;
            Integer age = ageOf(r.getString("birthDate"));
            // the record's id (not the record number) lets the lab and BP screens ask for this resident's data;
            // the server still checks every such call against this session
            v.put("resident", new JsonObject().put("id", r.getLong("id")).put("nameMasked", r.getString("nameMasked"))
                    .put("idNumberMasked", r.getString("idNumberMasked"))
                    .put("recordNumberMasked", r.getString("recordNumberMasked"))
                    .put("phoneMasked", r.getString("phoneMasked"))
                    .put("sex", r.getString("sex")).put("age", age)
                    .put("elderly", age != null && age >= config.queue().elderlyAge()));
        } else if (s.lookedUp && s.card != null) {
            JsonObject c = s.card;
            v.put("card", new JsonObject().put("nameMasked", Masking.name(c.getString("name")))
                    .put("idNumberMasked", Masking.idNumber(s.idNumber))
                    .put("sex", c.getString("sex")).put("birthDate", c.getString("birthDate"))
                    .put("nation", c.getString("nation"))
                    .put("addressMasked", maskAddress(c.getString("appendedAddress", c.getString("address")))));
        } else if (s.lookedUp && s.idNumber != null) {
            v.put("card", new JsonObject().put("idNumberMasked", Masking.idNumber(s.idNumber)));
        }
        v.put("appointments", s.appointments.copy()).put("focusAppointmentId", s.focusAppointmentId)
                .put("healthCardBindOffer", s.healthCardToBind != null).put("healthCardBound", s.healthCardBound)
                .put("ticket", s.ticket == null ? null : s.ticket.copy())
                .put("print", s.print == null ? null : s.print.copy())
                .put("reprintAvailable", s.ticket != null && !s.reprinted);
        return v;
    }

    /** Province and city stay (enough to confirm the card is theirs), the street and number do not. */
    static String maskAddress(String address) {
        if (address == null || address.isBlank()) return "";
        int[] cps = address.strip().codePoints().toArray();
        int keep = Math.min(6, cps.length / 2);
        return new String(cps, 0, keep) + "****";
    }

    private Integer ageOf(String birthDate) {
        if (birthDate == null) return null;
        try {
            return Period.between(LocalDate.parse(birthDate), LocalDate.now(clock.withZone(zone))).getYears();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private boolean isElderly(LocalDate birth) {
        return birth != null && Period.between(birth, LocalDate.now(clock.withZone(zone))).getYears()
                >= config.queue().elderlyAge();
    }

    // ---- appointments ------------------------------------------------------------------------------------------

    /** Today's appointments of a resident, with the check-in window in clock times for the rules in words. */
    private Future<JsonArray> todaysAppointments(long residentId) {
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(zone));
        long from = now.toLocalDate().atStartOfDay(zone).toInstant().toEpochMilli();
        long to = now.toLocalDate().plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
        long nowMillis = clock.millis();
        long early = config.queue().appointmentEarlyMinutes() * 60_000L;
        long late = config.queue().appointmentLateMinutes() * 60_000L;
        return db.read(c -> Sql.list(c, """
                SELECT a.id, a.service_id, a.slot_start, a.slot_end, a.status, s.name, s.name_en
                FROM appointments a JOIN services s ON s.id = a.service_id
                WHERE a.resident_id = ? AND a.slot_start >= ? AND a.slot_start < ? ORDER BY a.slot_start, a.id""", rs -> {
            long start = rs.getLong("slot_start");
            String status = rs.getString("status");
            String timing = !"booked".equals(status) ? status
                    : nowMillis < start - early ? "early" : nowMillis > start + late ? "late" : "on_time";
            return new JsonObject().put("id", rs.getLong("id")).put("serviceId", rs.getString("service_id"))
                    .put("serviceName", rs.getString("name")).put("serviceNameEn", rs.getString("name_en"))
                    .put("slotStart", hhmm(start)).put("slotEnd", hhmm(rs.getLong("slot_end")))
                    .put("checkInOpensAt", hhmm(start - early)).put("lateAfter", hhmm(start + late))
                    .put("status", status).put("timing", timing);
        }, residentId, from, to)).map(JsonArray::new);
    }

    private String hhmm(long millis) {
        return Instant.ofEpochMilli(millis).atZone(zone).toLocalTime().withSecond(0).withNano(0).toString();
    }

    // ---- session plumbing --------------------------------------------------------------------------------------

    private KioskState state(String kioskId) {
        KioskState k = kiosks.get(kioskId);
        if (k == null) throw ApiException.notFound("kiosk '" + kioskId + "'");
        return k;
    }

    /** Caller holds the lock. */
    private static KioskSession current(KioskState k) {
        if (k.session == null) {
            throw ApiException.conflict("no_session", "no one is identified at this kiosk; place a card or type the ID number");
        }
        return k.session;
    }

    /** Caller holds the lock. */
    private static KioskSession identified(KioskState k) {
        KioskSession s = current(k);
        if (!s.lookedUp) throw ApiException.conflict("lookup_pending", "the record is still being looked up; try again");
        if (s.resident == null && (s.idNumber == null || s.via != KioskSession.Via.MANUAL)) {
            throw ApiException.conflict("not_registered", "create the health record first (or ask the staff)");
        }
        return s;
    }

    private static ApiException sessionEnded() {
        return ApiException.conflict("session_ended", "the kiosk session ended; start again");
    }

    /** Caller holds the lock: a new resident replaces whoever was there. */
    private void replace(KioskState k, KioskSession s) {
        k.session = s;
        touch(k);
        changed(k);
    }

    /** Caller holds the lock. */
    private void touch(KioskState k) {
        vertx.cancelTimer(k.inactivityTimer);
        KioskSession s = k.session;
        long delay = config.kioskScreen().homeAfterSeconds() * 1000L + ACTIVITY_GRACE_MS;
        k.inactivityTimer = vertx.setTimer(delay, id -> {
            synchronized (k) {
                if (k.session == s && k.inactivityTimer == id) end(k, "inactivity");
            }
        });
    }

    /** Caller holds the lock. */
    private void changed(KioskState k) {
        KioskSession s = k.session;
        if (s == null) return;
        s.version++;
        publish(k, new JsonObject().put("type", "session").put("session", view(s)));
    }

    private void problem(KioskState k, String code) {
        publish(k, new JsonObject().put("type", "problem").put("problem", code));
    }

    private void publish(KioskState k, JsonObject event) {
        vertx.eventBus().publish(KioskStream.uiAddress(k.kiosk.id()), event);
    }

}
