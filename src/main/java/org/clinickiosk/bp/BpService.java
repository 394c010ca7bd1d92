package org.clinickiosk.bp;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.clinickiosk.audit.AuditLog;
import org.clinickiosk.common.Masking;
import org.clinickiosk.config.ClinicConfig;
import org.clinickiosk.device.DeviceAddresses;
import org.clinickiosk.device.DeviceCatalog;
import org.clinickiosk.device.DeviceStatusBoard;
import org.clinickiosk.device.bp.BpErrorCode;
import org.clinickiosk.device.bp.BpModel;
import org.clinickiosk.device.bp.BpRanges;
import org.clinickiosk.device.bp.BpReading;
import org.clinickiosk.queue.QueueService;
import org.clinickiosk.store.Database;
import org.clinickiosk.store.Sql;
import org.clinickiosk.stream.KioskStream;
import org.clinickiosk.web.Actor;
import org.clinickiosk.web.ApiException;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Blood-pressure self-test: a server-side session per kiosk listens to that kiosk's monitor events and stores every
 * reading the moment it arrives (so a closed page or a timed-out session loses nothing), for the resident
 * identified at that kiosk then ({@link ResidentAtKiosk}), or unassigned when nobody is. It classifies each reading
 * and each guided series' mean, tells the kiosk page on {@link KioskStream#uiAddress}, and raises a staff alert for a
 * crisis reading. The kiosk page and staff reach it through {@link BpRoutes}.
 */
public final class BpService {
    private final org.clinickiosk.common.Subscriptions subscriptions = new org.clinickiosk.common.Subscriptions();

    /** Stops listening to the monitors (the server is closing). */
    public Future<Void> close() {
        return subscriptions.close();
    }

    /** Staff alerts (crisis readings), for the nurse pages. */
    public static final String STAFF_ALERTS = "staff.alerts";
    static final int TREND_READINGS = 10;
    static final int SLIP_READINGS = 5;
    private static final long START_REPLY_MS = 5_000;
    private static final long PRINT_REPLY_MS = 20_000;
    private static final System.Logger LOG = System.getLogger(BpService.class.getName());

    private final Vertx vertx;
    private final Database db;
    private final AuditLog audit;
    private final QueueService queue;
    private final ResidentAtKiosk residents;
    private final DeviceStatusBoard devices;
    private final ClinicConfig.BloodPressure settings;
    private final String clinicName;
    private final ZoneId zone;
    private final Clock clock;
    /** Monitor model of each kiosk that has one. */
    private final Map<String, BpModel> monitors = new LinkedHashMap<>();

    public BpService(Vertx vertx, Database db, AuditLog audit, QueueService queue, ResidentAtKiosk residents,
                     DeviceStatusBoard devices, ClinicConfig config, Clock clock) {
        this.vertx = vertx;
        this.db = db;
        this.audit = audit;
        this.queue = queue;
        this.residents = residents;
        this.devices = devices;
        this.settings = config.bloodPressure();
        this.clinicName = config.clinic().name();
        this.zone = config.clinic().timezone();
        this.clock = clock;
        for (ClinicConfig.Kiosk kiosk : config.kiosks()) {
            JsonObject monitor = kiosk.devices().getJsonObject(DeviceCatalog.BP_MONITOR);
            if (monitor == null) continue;
            // the device layer refuses an unknown model at start-up; a simulated port without one is an A&D
            BpModel.fromConfigName(monitor.getString("model", BpModel.AND_TM2655.configName()))
                    .ifPresent(model -> monitors.put(kiosk.id(), model));
        }
        monitors.keySet().forEach(this::listen);
    }

    // ---- the per-kiosk session: device events in, stored readings out -----------------------------------------

    private void listen(String kioskId) {
        subscriptions.add(vertx.eventBus().<JsonObject>consumer(DeviceAddresses.events(kioskId), message -> {
            JsonObject event = message.body();
            if (event == null || !DeviceCatalog.BP_MONITOR.equals(event.getString("kind"))) return;
            switch (String.valueOf(event.getString("type"))) {
                case "reading" -> received(kioskId, event);
                case "measurement-error" -> measurementFailed(kioskId, event.getString("code"),
                        event.getString("deviceCode"));
                default -> { } // state changes reach the page through the kiosk stream already
            }
        }));
    }

    private void received(String kioskId, JsonObject event) {
        Optional<BpReading> reading = decode(event);
        if (reading.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "kiosk " + kioskId + ": a reading event that is not a plausible "
                    + "reading was not stored");
            measurementFailed(kioskId, BpErrorCode.UNREADABLE_RECORD.key(), null);
            return;
        }
        residents.activity(kioskId);
        Long residentId = residents.residentAt(kioskId).orElse(null);
        long now = clock.millis();
        db.write(c -> store(c, kioskId, reading.get(), residentId, now))
                .onSuccess(stored -> announce(kioskId, stored))
                .onFailure(e -> {
                    LOG.log(System.Logger.Level.ERROR, "kiosk " + kioskId + ": storing a BP reading failed", e);
                    publishToKiosk(kioskId, new JsonObject().put("type", "bp-error").put("code", "not-saved")
                            .put("message", new JsonObject()
                                    .put(BpTexts.ZH, "结果没有保存成功。请再测一次，或请工作人员帮忙。")
                                    .put(BpTexts.EN, "The result could not be saved. Measure again or ask staff for help.")));
                });
    }

    /** The event as a reading, checked again: it may come over the bus from another process. */
    static Optional<BpReading> decode(JsonObject event) {
        try {
            BpModel model = BpModel.fromConfigName(event.getString("model")).orElse(null);
            Integer sys = whole(event, "systolic"), dia = whole(event, "diastolic"), pulse = whole(event, "pulse");
            Integer mean = whole(event, "mean");
            String raw = event.getString("raw", "");
            if (model == null || sys == null || dia == null || pulse == null) return Optional.empty();
            if (event.getValue("mean") != null && mean == null) return Optional.empty();
            LocalDateTime deviceTime = event.getString("deviceTime") == null ? null
                    : LocalDateTime.parse(event.getString("deviceTime"));
            return BpRanges.check(sys, dia, pulse, mean, deviceTime, model, raw)
                    instanceof BpReading r ? Optional.of(r) : Optional.empty();
        } catch (ClassCastException | DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** A whole number, or null when absent or anything else (120.5 or "120" is not a pressure the driver sends). */
    private static Integer whole(JsonObject event, String key) {
        return event.getValue(key) instanceof Integer i ? i : event.getValue(key) instanceof Long l
                && l == l.intValue() ? (Integer) l.intValue() : null;
    }

    private void measurementFailed(String kioskId, String code, String deviceCode) {
        String known = code == null ? BpErrorCode.DEVICE_ERROR.key() : code;
        publishToKiosk(kioskId, new JsonObject().put("type", "bp-error").put("code", known)
                .put("deviceCode", deviceCode).put("message", BpTexts.error(known)));
    }

    /** What one stored reading means, computed in its transaction. */
    record Stored(StoredReading reading, BpSeries series, String maskedName, boolean newAlert) {}

    private Stored store(Connection c, String kioskId, BpReading r, Long residentId, long now) throws SQLException {
        boolean known = residentId != null
                && Sql.count(c, "SELECT COUNT(*) FROM residents WHERE id = ?", residentId) == 1;
        BpClassification cls = BpClassification.of(r.systolic(), r.diastolic());
        long id = Sql.insert(c, """
                INSERT INTO bp_readings (resident_id, kiosk_id, systolic, diastolic, pulse, mean_pressure, category,
                                         isolated_systolic, monitor_model, device_time, measured_at, raw,
                                         assigned_via, assigned_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                known ? residentId : null, kioskId, r.systolic(), r.diastolic(), r.pulse(), r.meanArterialPressure(),
                cls.category().code(), cls.isolatedSystolic(), r.model().configName(),
                r.deviceTime() == null ? null : r.deviceTime().toString(), now, r.raw(),
                known ? "session" : null, known ? now : null);
        return settle(c, id);
    }

    /**
     * Puts an assigned reading into its series and decides on the crisis alert: one alert per series, and for an
     * unassigned crisis reading too (somebody at that kiosk needs a nurse, whoever it is).
     */
    private Stored settle(Connection c, long id) throws SQLException {
        StoredReading reading = load(c, id);
        BpSeries series = null;
        if (reading.residentId() != null) {
            long seriesId = joinableSeries(c, reading).orElse(id);
            Sql.update(c, "UPDATE bp_readings SET series_id = ? WHERE id = ?", seriesId, id);
            series = seriesOf(c, seriesId);
        }
        boolean alert = false;
        boolean crisis = reading.classification().category().crisis()
                || (series != null && series.classification().category().crisis());
        if (crisis) {
            long alerted = reading.residentId() == null ? 0 : Sql.count(c, "SELECT COUNT(*) FROM bp_readings "
                    + "WHERE series_id = (SELECT series_id FROM bp_readings WHERE id = ?) AND alert_id IS NOT NULL", id);
            if (alerted == 0) {
                Sql.update(c, "UPDATE bp_readings SET alert_id = ? WHERE id = ?", UUID.randomUUID().toString(), id);
                alert = true;
            }
        }
        String maskedName = reading.residentId() == null ? null : Sql.one(c, "SELECT name FROM residents WHERE id = ?",
                rs -> Masking.name(rs.getString(1)), reading.residentId()).orElse(null);
        return new Stored(load(c, id), series, maskedName, alert);
    }

    /** The latest series of this resident at this kiosk, if it began within the window and wants another reading. */
    private Optional<Long> joinableSeries(Connection c, StoredReading r) throws SQLException {
        Optional<Long> latest = Sql.one(c, """
                SELECT series_id FROM bp_readings
                WHERE resident_id = ? AND kiosk_id = ? AND id <> ? AND series_id IS NOT NULL AND measured_at <= ?
                ORDER BY measured_at DESC, id DESC LIMIT 1""", rs -> rs.getLong(1),
                r.residentId(), r.kioskId(), r.id(), r.measuredAt());
        if (latest.isEmpty()) return Optional.empty();
        StoredReading first = load(c, latest.get());
        if (r.measuredAt() - first.measuredAt() > BpSeries.WINDOW.toMillis()) return Optional.empty();
        return seriesOf(c, latest.get()).wantsAnother() ? latest : Optional.empty();
    }

    private static BpSeries seriesOf(Connection c, long seriesId) throws SQLException {
        return new BpSeries(Sql.list(c, "SELECT * FROM bp_readings WHERE series_id = ? ORDER BY measured_at, id",
                StoredReading::from, seriesId).stream().map(StoredReading::values).toList());
    }

    private static StoredReading load(Connection c, long id) throws SQLException {
        return Sql.one(c, "SELECT * FROM bp_readings WHERE id = ?", StoredReading::from, id)
                .orElseThrow(() -> ApiException.notFound("reading " + id));
    }

    private void announce(String kioskId, Stored stored) {
        StoredReading r = stored.reading();
        JsonObject event = new JsonObject().put("type", "bp-reading").put("assigned", r.residentId() != null)
                .put("reading", r.kioskView(zone));
        if (stored.series() != null) event.put("series", seriesJson(r.seriesId(), stored.series()));
        publishToKiosk(kioskId, event);
        if (stored.newAlert()) {
            BpClassification worst = stored.series() != null && stored.series().classification().category().crisis()
                    && !r.classification().category().crisis() ? stored.series().classification() : r.classification();
            String who = stored.maskedName() == null ? "（未登记身份）" : stored.maskedName();
            vertx.eventBus().publish(STAFF_ALERTS, new JsonObject()
                    .put("alertId", r.alertId()).put("type", "bp-crisis").put("kioskId", kioskId)
                    .put("message", kioskId + " 自助机血压 " + r.systolic() + "/" + r.diastolic() + " mmHg（"
                            + BpTexts.label(worst.category(), BpTexts.ZH) + "），" + who + "，请立即前往")
                    .put("messageEn", "Kiosk " + kioskId + ": blood pressure " + r.systolic() + "/" + r.diastolic()
                            + " mmHg (" + BpTexts.label(worst.category(), BpTexts.EN) + "); please attend now")
                    .put("at", StoredReading.iso(r.measuredAt(), zone))
                    .put("systolic", r.systolic()).put("diastolic", r.diastolic())
                    .put("maskedName", stored.maskedName())
                    .put("readingId", r.id()).put("residentId", r.residentId()));
        }
    }

    private static JsonObject seriesJson(long seriesId, BpSeries series) {
        return series.toJson().put("seriesId", seriesId);
    }

    private void publishToKiosk(String kioskId, JsonObject event) {
        vertx.eventBus().publish(KioskStream.uiAddress(kioskId), event.put("kioskId", kioskId));
    }

    // ---- kiosk page -------------------------------------------------------------------------------------------

    /**
     * What the BP screens need: the monitor (model, remote start, state), whether someone is identified, their last
     * {@value #TREND_READINGS} readings oldest first (the trend chart), their latest series, the 首诊测血压
     * invitation, and readings taken here with nobody identified that they may claim.
     */
    public Future<JsonObject> kioskState(String kioskId) {
        residents.activity(kioskId);
        Optional<Long> resident = residents.residentAt(kioskId);
        BpModel model = monitors.get(kioskId);
        JsonObject monitor = new JsonObject().put("configured", model != null);
        if (model != null) {
            monitor.put("model", model.configName()).put("modelName", model.displayName())
                    .put("remoteStart", model.remoteStart())
                    .put("state", devices.states(kioskId).getJsonObject(DeviceCatalog.BP_MONITOR));
        }
        JsonObject printer = devices.states(kioskId).getJsonObject(DeviceCatalog.PRINTER);
        JsonObject base = new JsonObject().put("kioskId", kioskId).put("monitor", monitor)
                .put("printer", printer == null ? new JsonObject().put("configured", false)
                        : printer.copy().put("configured", true))
                .put("identified", resident.isPresent());
        if (resident.isEmpty()) return Future.succeededFuture(base);
        long residentId = resident.get();
        long now = clock.millis();
        return db.read(c -> {
            List<StoredReading> recent = recentReadings(c, residentId, TREND_READINGS);
            JsonArray trend = new JsonArray();
            for (int i = recent.size() - 1; i >= 0; i--) trend.add(recent.get(i).kioskView(zone));
            base.put("readings", trend);
            if (!recent.isEmpty() && recent.get(0).seriesId() != null) {
                base.put("latestSeries", seriesJson(recent.get(0).seriesId(), seriesOf(c, recent.get(0).seriesId())));
            }
            base.put("invitation", invitation(c, residentId, now));
            JsonArray claimable = new JsonArray();
            Sql.list(c, "SELECT * FROM bp_readings WHERE kiosk_id = ? AND resident_id IS NULL AND measured_at >= ? "
                    + "ORDER BY measured_at DESC, id DESC", StoredReading::from, kioskId, claimSince(now))
                    .forEach(r -> claimable.add(r.kioskView(zone)));
            return base.put("claimable", claimable);
        });
    }

    private long claimSince(long now) {
        return now - settings.claimMinutes() * 60_000L;
    }

    private static List<StoredReading> recentReadings(Connection c, long residentId, int limit) throws SQLException {
        return Sql.list(c, "SELECT * FROM bp_readings WHERE resident_id = ? ORDER BY measured_at DESC, id DESC LIMIT ?",
                StoredReading::from, residentId, limit);
    }

    /**
     * 首诊测血压: residents aged {@code bloodPressure.inviteFromAge} (35) or more with no reading in this calendar year
     * are invited to measure. {invite, age, lastReadingAt}.
     */
    public Future<JsonObject> invitation(long residentId) {
        long now = clock.millis();
        return db.read(c -> invitation(c, residentId, now));
    }

    private JsonObject invitation(Connection c, long residentId, long now) throws SQLException {
        LocalDate today = Instant.ofEpochMilli(now).atZone(zone).toLocalDate();
        String birth = Sql.one(c, "SELECT birth_date FROM residents WHERE id = ?", rs -> rs.getString(1), residentId)
                .orElseThrow(() -> ApiException.notFound("resident " + residentId));
        Integer age = birth == null ? null : Period.between(LocalDate.parse(birth), today).getYears();
        long yearStart = today.withDayOfYear(1).atStartOfDay(zone).toInstant().toEpochMilli();
        Long last = Sql.one(c, "SELECT MAX(measured_at) AS last FROM bp_readings WHERE resident_id = ?",
                rs -> Sql.longOrNull(rs, "last"), residentId).orElse(null);
        boolean invite = age != null && age >= settings.inviteFromAge() && (last == null || last < yearStart);
        return new JsonObject().put("invite", invite).put("age", age)
                .put("lastReadingAt", last == null ? null : StoredReading.iso(last, zone));
    }

    /** Starts a measurement on a monitor that takes a start command (A&D); Omron monitors start from their button. */
    public Future<JsonObject> start(String kioskId) {
        residents.activity(kioskId);
        BpModel model = monitors.get(kioskId);
        if (model == null) throw ApiException.notFound("a blood-pressure monitor at kiosk '" + kioskId + "'");
        if (!model.remoteStart()) {
            throw ApiException.conflict("press_monitor_button", "the " + model.displayName()
                    + " starts from its own START button; ask the resident to press it");
        }
        return vertx.eventBus().<JsonObject>request(DeviceAddresses.requests(kioskId, DeviceCatalog.BP_MONITOR),
                        new JsonObject().put("action", "start"), new DeliveryOptions().setSendTimeout(START_REPLY_MS))
                .map(reply -> new JsonObject().put("started", true))
                .recover(e -> Future.failedFuture(new ApiException(503, "monitor_unavailable", deviceReason(e,
                        "the blood-pressure monitor"))));
    }

    /** Gives a reading taken here with nobody identified to the resident identified now, within the claim window. */
    public Future<JsonObject> claim(String kioskId, long readingId) {
        long residentId = currentResident(kioskId);
        long now = clock.millis();
        return db.write(c -> {
            StoredReading r = load(c, readingId);
            if (!r.kioskId().equals(kioskId)) throw ApiException.notFound("reading " + readingId);
            if (r.residentId() != null) {
                throw ApiException.conflict("already_assigned", "this reading already belongs to a health record");
            }
            if (r.measuredAt() < claimSince(now)) {
                throw ApiException.conflict("claim_expired", "this reading was taken more than "
                        + settings.claimMinutes() + " minutes ago and can no longer be claimed here; ask staff");
            }
            Sql.update(c, "UPDATE bp_readings SET resident_id = ?, assigned_via = 'claim', assigned_at = ? WHERE id = ?",
                    residentId, now, readingId);
            return settle(c, readingId);
        }).map(stored -> {
            announce(kioskId, stored);
            JsonObject out = new JsonObject().put("reading", stored.reading().kioskView(zone));
            return stored.series() == null ? out : out.put("series", seriesJson(stored.reading().seriesId(), stored.series()));
        });
    }

    /** Prints the result slip: the reading (or its series' mean), category, advice and the last five readings. */
    public Future<JsonObject> print(String kioskId, long readingId, String language) {
        long residentId = currentResident(kioskId);
        String lang = BpTexts.EN.equals(language) ? BpTexts.EN : BpTexts.ZH;
        return db.read(c -> {
            StoredReading r = ownReading(c, readingId, residentId);
            BpSeries series = r.seriesId() == null ? null : seriesOf(c, r.seriesId());
            return BpSlip.build(clinicName, r, series, recentReadings(c, residentId, SLIP_READINGS), zone, lang);
        }).compose(slip -> vertx.eventBus().<JsonObject>request(DeviceAddresses.requests(kioskId, DeviceCatalog.PRINTER),
                        new JsonObject().put("action", "print-slip").put("body", slip),
                        new DeliveryOptions().setSendTimeout(PRINT_REPLY_MS))
                .map(reply -> reply.body())
                .recover(e -> Future.failedFuture(new ApiException(503, "printer_unavailable",
                        deviceReason(e, "the printer")))));
    }

    /**
     * A general-practice ticket for a reading (or series mean) of grade 1 or above, for the resident identified here.
     * For grade 1–2 its priority is what the resident is entitled to anyway (elderly by age). For a crisis reading
     * (≥ 180 and/or ≥ 110) it is an emergency ticket, called before everyone else: residents cannot declare an
     * emergency themselves, but this is the measured reading's own classification, decided by the server, and the
     * nurses were alerted the moment it arrived. Retrying returns the same ticket (the reading id is the key).
     */
    public Future<JsonObject> ticket(String kioskId, long readingId, Actor actor, String baseUrl) {
        long residentId = currentResident(kioskId);
        return db.read(c -> {
            StoredReading r = ownReading(c, readingId, residentId);
            BpSeries series = r.seriesId() == null ? null : seriesOf(c, r.seriesId());
            boolean hypertensive = r.classification().category().hypertensive()
                    || (series != null && series.classification().category().hypertensive());
            if (!hypertensive) {
                throw ApiException.conflict("no_referral_needed", "this reading is not in a hypertension category; "
                        + "a ticket can be taken as usual");
            }
            boolean crisis = r.classification().category().crisis()
                    || (series != null && series.classification().category().crisis());
            return new Object[]{r, crisis};
        }).compose(found -> {
            StoredReading r = (StoredReading) found[0];
            boolean crisis = (Boolean) found[1];
            return queue.issue(new QueueService.IssueRequest(settings.referralServiceId(), residentId,
                            crisis ? "emergency" : null, kioskId), crisis ? Actor.bpCrisis(kioskId) : actor,
                            "bp-reading-" + readingId)
                .compose(change -> db.write(c -> {
                    Sql.update(c, "UPDATE bp_readings SET ticket_id = ? WHERE id = ? AND ticket_id IS NULL",
                            change.ticket().id(), readingId);
                    String alertId = Sql.one(c, "SELECT alert_id FROM bp_readings WHERE alert_id IS NOT NULL "
                            + "AND series_id = ?", rs -> rs.getString(1), r.seriesId()).orElse(null);
                    return alertId;
                }).map(alertId -> {
                    if (alertId != null && !change.repeated()) {
                        // An alert of its own, one per ticket (another reading of the series can take another):
                        // under the crisis alert's id StaffAlerts took it for a repeat and no nurse saw the number.
                        vertx.eventBus().publish(STAFF_ALERTS, new JsonObject()
                                .put("alertId", alertId + ":ticket:" + change.ticket().id())
                                .put("crisisAlertId", alertId).put("type", "bp-crisis-ticket").put("kioskId", kioskId)
                                .put("message", kioskId + " 自助机高血压危急者已取号 " + change.ticket().number())
                                .put("messageEn", "Kiosk " + kioskId + ": the resident with the crisis reading took "
                                        + "ticket " + change.ticket().number())
                                .put("at", StoredReading.iso(clock.millis(), zone))
                                .put("ticketId", change.ticket().id()).put("ticketNumber", change.ticket().number())
                                .put("readingId", readingId).put("residentId", residentId));
                    }
                    return new JsonObject().put("ticket", change.view()).put("repeated", change.repeated())
                            .put("crisis", alertId != null);
                }))
                // printed like any queue ticket; a retry returns the ticket without printing it twice
                .compose(result -> result.getBoolean("repeated")
                        ? Future.succeededFuture(result.put("print", new JsonObject().put("status", "not-printed")))
                        : residents.printTicket(kioskId, result.getJsonObject("ticket"), baseUrl)
                                .map(outcome -> result.put("print", outcome)));
        });
    }

    private long currentResident(String kioskId) {
        residents.activity(kioskId);
        return residents.residentAt(kioskId).orElseThrow(() -> ApiException.conflict("not_identified",
                "nobody is identified at this kiosk; read an ID card or health card first"));
    }

    /** A reading of this resident; another resident's reading is "not found", never shown. */
    private static StoredReading ownReading(Connection c, long readingId, long residentId) throws SQLException {
        StoredReading r = load(c, readingId);
        if (r.residentId() == null || r.residentId() != residentId) throw ApiException.notFound("reading " + readingId);
        return r;
    }

    private static String deviceReason(Throwable e, String device) {
        if (e instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS) {
            return device + " is not running at this kiosk";
        }
        if (e instanceof ReplyException reply && reply.failureType() == ReplyFailure.TIMEOUT) {
            return device + " did not answer in time";
        }
        return String.valueOf(e.getMessage());
    }

    // ---- staff ------------------------------------------------------------------------------------------------

    /** The resident's readings (newest first) and series means; the read and its audit row commit together. */
    public Future<JsonObject> readingsForStaff(long residentId, Actor actor) {
        return auditedRead(residentId, actor, "bp.read", (c, readings) -> {
            JsonArray list = new JsonArray();
            Map<Long, List<StoredReading>> bySeries = new LinkedHashMap<>();
            for (StoredReading r : readings) {
                list.add(r.staffView(zone));
                if (r.seriesId() != null) bySeries.computeIfAbsent(r.seriesId(), k -> new ArrayList<>()).add(r);
            }
            JsonArray series = new JsonArray();
            for (Map.Entry<Long, List<StoredReading>> e : bySeries.entrySet()) {
                List<StoredReading> members = new ArrayList<>(e.getValue());
                members.sort((a, b) -> Long.compare(a.measuredAt(), b.measuredAt()));
                JsonArray ids = new JsonArray();
                members.forEach(m -> ids.add(m.id()));
                series.add(seriesJson(e.getKey(), new BpSeries(members.stream().map(StoredReading::values).toList()))
                        .put("readingIds", ids).put("measuredAt", StoredReading.iso(members.get(0).measuredAt(), zone)));
            }
            return new JsonObject().put("residentId", residentId).put("readings", list).put("series", series);
        });
    }

    /** The resident's readings as a FHIR R4 Bundle of vital-signs Observations (staff, audited). */
    public Future<JsonObject> observationsForStaff(long residentId, Actor actor) {
        return auditedRead(residentId, actor, "bp.observations", (c, readings) -> {
            String recordNumber = Sql.one(c, "SELECT record_number FROM residents WHERE id = ?",
                    rs -> rs.getString(1), residentId).orElseThrow();
            return BpFhir.bundle(residentId, recordNumber, readings, zone, clock.millis());
        });
    }

    @FunctionalInterface
    private interface ReadingsView {
        JsonObject of(Connection c, List<StoredReading> newestFirst) throws SQLException;
    }

    private Future<JsonObject> auditedRead(long residentId, Actor actor, String action, ReadingsView view) {
        return db.write(c -> {
            boolean exists = Sql.count(c, "SELECT COUNT(*) FROM residents WHERE id = ?", residentId) == 1;
            audit.recordWithin(c, actor, action, "resident " + residentId, exists ? "ok" : "not_found");
            if (!exists) return null;
            return view.of(c, Sql.list(c, "SELECT * FROM bp_readings WHERE resident_id = ? "
                    + "ORDER BY measured_at DESC, id DESC", StoredReading::from, residentId));
        }).map(result -> {
            if (result == null) throw ApiException.notFound("resident " + residentId);
            return result;
        });
    }
}
