package org.clinickiosk;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.OpenAPIContract;
import org.clinickiosk.admin.AdminRoutes;
import org.clinickiosk.appointment.AppointmentRoutes;
import org.clinickiosk.appointment.AppointmentService;
import org.clinickiosk.audit.AuditLog;
import org.clinickiosk.bp.BpRoutes;
import org.clinickiosk.bp.BpService;
import org.clinickiosk.bp.ResidentAtKiosk;
import org.clinickiosk.clinic.ClinicCatalog;
import org.clinickiosk.clinic.KioskDirectory;
import org.clinickiosk.cluster.KioskLinkMonitor;
import org.clinickiosk.config.ClinicConfig;
import org.clinickiosk.config.ConfigException;
import org.clinickiosk.demo.DemoResidents;
import org.clinickiosk.device.DeviceCatalog;
import org.clinickiosk.device.port.DeviceRegistry;
import org.clinickiosk.device.port.KioskDevices;
import org.clinickiosk.device.DeviceStatusBoard;
import org.clinickiosk.lab.FhirBundles;
import org.clinickiosk.lab.LabPrinting;
import org.clinickiosk.lab.LabRoutes;
import org.clinickiosk.lab.LabService;
import org.clinickiosk.lab.MllpListener;
import org.clinickiosk.healthcard.HealthCardResolver;
import org.clinickiosk.healthcard.HealthCardResolverChain;
import org.clinickiosk.kiosk.KioskRoutes;
import org.clinickiosk.kiosk.KioskSessions;
import org.clinickiosk.queue.QueueRoutes;
import org.clinickiosk.queue.QueueRulesSetting;
import org.clinickiosk.queue.QueueService;
import org.clinickiosk.resident.ResidentRoutes;
import org.clinickiosk.resident.ResidentService;
import org.clinickiosk.staff.SessionRoutes;
import org.clinickiosk.staff.StaffDirectory;
import org.clinickiosk.staff.StaffSessionStore;
import org.clinickiosk.staff.StaffService;
import org.clinickiosk.stats.StatsRoutes;
import org.clinickiosk.stats.StatsService;
import org.clinickiosk.store.Backup;
import org.clinickiosk.store.Database;
import org.clinickiosk.stream.DisplayStream;
import org.clinickiosk.stream.KioskStream;
import org.clinickiosk.stream.RoomStream;
import org.clinickiosk.web.Access;
import org.clinickiosk.web.HttpApi;
import org.clinickiosk.web.Responses;
import org.clinickiosk.alert.StaffAlerts;
import org.clinickiosk.nurse.NurseRoutes;
import org.clinickiosk.nurse.ResidentPanel;
import org.clinickiosk.voice.EspeakVoice;
import org.clinickiosk.voice.VoiceRoutes;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One clinic's server: store, queue, API and UIs. {@link #start} is the whole startup as one future chain; any step
 * that fails (bad database, port taken) fails the start with its reason and releases what was opened.
 */
public final class ClinicServer {
    private static final System.Logger LOG = System.getLogger(ClinicServer.class.getName());

    /** Knobs tests turn; production uses the defaults. */
    public record Options(Clock clock, long heartbeatMillis) {
        public static Options defaults() {
            return new Options(Clock.systemUTC(), 15_000);
        }
    }

    private final Vertx vertx;
    private final ClinicConfig config;
    private final Options options;
    private Database db;
    private HttpServer http;
    private QueueService queue;
    private StaffAlerts alerts;
    private final List<Long> timers = new ArrayList<>();
    private final List<String> deploymentIds = new ArrayList<>();
    /** What unregisters from the event bus when the server closes. */
    private final List<java.util.function.Supplier<Future<Void>>> closers = new ArrayList<>();
    private List<String[]> oneTimePasswords = List.of();
    private KioskDirectory kiosks;
    private StaffDirectory staffDirectory;
    private QueueRulesSetting rules;
    // ---- lab results (issue 7) ----
    private LabService lab;
    private LabPrinting labPrinting;
    private MllpListener mllp;
    // --- electronic health card (healthcard/) ---
    private HealthCardResolverChain healthCards;
    private KioskLinkMonitor kioskLinks; // clustered deployment only (issue 9)

    private ClinicServer(Vertx vertx, ClinicConfig config, Options options) {
        this.vertx = vertx;
        this.config = config;
        this.options = options;
    }

    public static Future<ClinicServer> start(Vertx vertx, ClinicConfig config, Options options) {
        ClinicServer server = new ClinicServer(vertx, config, options);
        return server.openStore()
                .compose(v -> OpenAPIContract.from(vertx, "api/openapi.yaml"))
                .compose(server::listen)
                .compose(v -> server.startLab())
                .compose(v -> server.deployDevices())
                .compose(v -> server.turnDay())
                .map(v -> {
                    server.scheduleDayTurn();
                    server.scheduleBackups();
                    return server;
                })
                .recover(e -> server.close().transform(v -> Future.failedFuture(e)));
    }

    private Future<Void> openStore() {
        return vertx.executeBlocking(() -> {
            db = Database.open(vertx, Path.of(config.databasePath()));
            return null;
        }).compose(v -> db.write(c -> {
            ClinicCatalog.seed(c, config);
            oneTimePasswords = StaffService.seed(c, config.staff(), options.clock());
            kiosks = KioskDirectory.load(db, c, config.kiosks());
            staffDirectory = StaffDirectory.load(c);
            rules = QueueRulesSetting.load(db, c, config.queue());
            if (config.demo()) DemoResidents.seed(c, config, DeviceCatalog.identities(null), options.clock());
            return null;
        }));
    }

    private Future<HttpServer> listen(OpenAPIContract contract) {
        Clock clock = options.clock();
        AuditLog audit = new AuditLog(db, clock);
        queue = new QueueService(vertx, db, config, rules, clock);
        AppointmentService appointments = new AppointmentService(db, queue, config, rules, clock);
        ResidentService residents = new ResidentService(db, audit, config.clinic().divisionCode(),
                config.clinic().timezone(), clock);
        StaffService staff = new StaffService(vertx, db, staffDirectory, clock);
        // --- electronic health card (healthcard/) ---
        healthCards = HealthCardResolverChain.create(vertx, db, audit, config, clock);
        Map<String, List<String>> deviceKinds = new LinkedHashMap<>();
        config.kiosks().forEach(k -> deviceKinds.put(k.id(), new ArrayList<>(k.devices().fieldNames())));
        DeviceStatusBoard devices = new DeviceStatusBoard(vertx, deviceKinds);
        alerts = new StaffAlerts(vertx, db, audit, clock);
        // Server-rendered speech is cached next to the database, so it survives restarts and moves with the data.
        Path voiceCache = Path.of(config.databasePath()).toAbsolutePath().getParent().resolve("voice-cache");

        DisplayStream display = new DisplayStream(vertx, queue, options.heartbeatMillis(), new JsonObject()
                .put("clinicName", config.clinic().name()).put("message", config.display().message()));
        RoomStream roomStream = new RoomStream(vertx, queue, options.heartbeatMillis(), alerts);
        KioskStream kioskStream = new KioskStream(vertx, devices, kiosks, options.heartbeatMillis());
        // Optional kiosk features. KioskSessions announces one list to every kiosk, so "bpSelfTest" is on when any
        // kiosk has a BP monitor (the page hides the tile on a kiosk without one, from its devices list), and
        // "labReports" when reports can arrive (an MLLP port or the FHIR import token).
        List<String> kioskFeatures = new ArrayList<>();
        if (config.kiosks().stream().anyMatch(k -> k.devices().containsKey(DeviceCatalog.BP_MONITOR))) {
            kioskFeatures.add("bpSelfTest");
        }
        if (config.lab().mllpPort() != null || config.lab().token() != null) kioskFeatures.add("labReports");
        KioskSessions kioskSessions = new KioskSessions(vertx, db, queue, appointments, residents, healthCards, config,
                kioskFeatures, id -> kiosks.byId(id).map(KioskDirectory.Kiosk::maintenance).orElse(false), clock);
        BpService bp = new BpService(vertx, db, audit, queue, new ResidentAtKiosk() {
            @Override
            public java.util.Optional<Long> residentAt(String kioskId) {
                return kioskSessions.residentAt(kioskId);
            }

            @Override
            public void activity(String kioskId) {
                kioskSessions.activity(kioskId);
            }

            @Override
            public Future<JsonObject> printTicket(String kioskId, JsonObject ticketView, String baseUrl) {
                return kioskSessions.printTicket(kioskId, ticketView, baseUrl);
            }
        }, devices, config, clock);
        closers.addAll(List.of(devices::close, display::close, roomStream::close, kioskStream::close, bp::close));
        watchKioskNodes(deviceKinds);

        HttpApi.Handlers handlers = new HttpApi.Handlers(
                new QueueRoutes(queue, appointments, audit),
                new SessionRoutes(staff, clock, audit),
                new ResidentRoutes(residents),
                new AppointmentRoutes(appointments),
                ctx -> health(ctx, devices),
                display,
                roomStream,
                kioskStream,
                new AdminRoutes(vertx, db, staff, kiosks, devices, rules, audit, clock, appointments.slots()),
                labRoutes(audit, kioskSessions),
                new StatsRoutes(new StatsService(db, config.clinic().timezone())),
                // ---- blood pressure (issue 6) ----
                new BpRoutes(bp, config.kioskScreen().publicBaseUrl()),
                new NurseRoutes(new ResidentPanel(db, audit, config.clinic().timezone(), clock), alerts),
                new VoiceRoutes(db, new EspeakVoice(vertx, voiceCache, "espeak-ng")),
                new KioskRoutes(kioskSessions, config.kioskScreen().publicBaseUrl()));
        // The open staff alerts are loaded before the first nurse page can connect and ask for them.
        // Staff sessions from before a restart are loaded before the first request can bring their cookie.
        return alerts.start().compose(v -> StaffSessionStore.open(vertx, db)).compose(sessions -> {
            closers.add(() -> {
                sessions.close();
                return Future.succeededFuture();
            });
            return vertx.createHttpServer()
                    .requestHandler(HttpApi.create(vertx, contract, config, new Access(kiosks, staffDirectory),
                            sessions, handlers))
                    .listen(config.http().port(), config.http().host())
                    .onSuccess(server -> http = server);
        });
    }

    // ---- lab results (issue 7) ----
    private LabRoutes labRoutes(AuditLog audit, KioskSessions kioskSessions) {
        ZoneId zone = config.clinic().timezone();
        lab = new LabService(db, audit, config.lab(), zone, options.clock());
        labPrinting = new LabPrinting(vertx, lab, config.printers().a4(), config.clinic().name(), zone, options.clock());
        return new LabRoutes(lab, labPrinting, new FhirBundles(zone), config.lab().token(), kioskSessions,
                options.clock());
    }

    /** The A4 font is checked, prints cut off by a stop are released, and the MLLP listener opens (if configured). */
    private Future<Void> startLab() {
        Future<Void> ready = labPrinting.checkFont()
                .recover(e -> Future.failedFuture(new ConfigException(e.getMessage())))
                .compose(v -> lab.failInterruptedPrints()).mapEmpty();
        if (config.lab().mllpPort() == null) return ready;
        return ready.compose(v -> {
            mllp = new MllpListener(vertx, lab, config.lab().mllpHost(), config.lab().mllpPort(),
                    config.lab().maxFrameKilobytes() * 1024, config.clinic().timezone(), options.clock());
            return mllp.start().mapEmpty();
        });
    }

    /** The port the lab's MLLP listener took (tests configure 0); -1 when it is off. */
    public int labMllpPort() {
        return mllp == null ? -1 : mllp.actualPort();
    }

    /**
     * Starts the device verticles of every kiosk configured here (one per port). A device that is unplugged still
     * starts and reports its state; a device config that is wrong stops startup, naming the key.
     */
    private Future<Void> deployDevices() {
        KioskDevices devices = new KioskDevices(vertx, new DeviceRegistry(), DeviceCatalog.DRIVERS, DeviceCatalog.SIMULATORS,
                DeviceCatalog.OWN_VERTICLES);
        Future<Void> chain = kioskLinks == null ? Future.succeededFuture()
                : vertx.deployVerticle(kioskLinks).onSuccess(deploymentIds::add).mapEmpty();
        for (int i = 0; i < config.kiosks().size(); i++) {
            ClinicConfig.Kiosk kiosk = config.kiosks().get(i);
            if (runsOnOwnNode(kiosk.id())) continue;
            String key = "kiosks[" + i + "].";
            chain = chain.compose(v -> devices.deploy(kiosk.id(), kiosk.devices())
                    .recover(e -> Future.failedFuture(new ConfigException(key + e.getMessage())))
                    .onSuccess(deploymentIds::addAll)
                    .mapEmpty());
        }
        return chain;
    }

    // ---- clustered deployment (issue 9) ----
    /** In {@code --role server}, kiosks with a key in cluster.kioskKeys run their devices on their own PC. */
    private boolean runsOnOwnNode(String kioskId) {
        return config.cluster() != null && config.cluster().kioskKeys().containsKey(kioskId);
    }

    private void watchKioskNodes(Map<String, List<String>> deviceKinds) {
        if (config.cluster() == null) return;
        Map<String, List<String>> remote = new LinkedHashMap<>();
        config.cluster().kioskKeys().keySet().forEach(id -> remote.put(id, deviceKinds.getOrDefault(id, List.of())));
        kioskLinks = new KioskLinkMonitor(remote, (long) (config.cluster().kioskTimeoutSeconds() * 1000));
    }
    // ---- end clustered deployment ----

    private void health(RoutingContext ctx, DeviceStatusBoard devices) {
        db.read(Database::probe).onComplete(check -> {
            boolean dbOk = check.succeeded() && "ok".equals(check.result());
            JsonObject body = new JsonObject()
                    .put("status", dbOk ? "ok" : "degraded")
                    .put("database", new JsonObject().put("ok", dbOk).put("sqliteVersion", db.sqliteVersion())
                            .put("journalMode", "wal").put("synchronous", "full"))
                    .put("devices", devices.all());
            if (!dbOk) body.getJsonObject("database").put("reason", check.succeeded() ? check.result()
                    : "database unavailable");
            Responses.json(ctx, dbOk ? 200 : 503, body);
        });
    }

    /** The day turn's housekeeping: the queue closes the previous days; old acknowledged staff alerts are deleted. */
    private Future<Void> turnDay() {
        // Alert retention is housekeeping: its failure is logged and must not stop the server or the queue's turn.
        Future<Integer> alertRetention = alerts.deleteOldAcknowledged().recover(e -> {
            LOG.log(System.Logger.Level.ERROR, "deleting old acknowledged staff alerts failed", e);
            return Future.succeededFuture(0);
        });
        return Future.join(queue.turnDay(), alertRetention).mapEmpty();
    }

    /** Turns the day at every local midnight (and once at start, in case the server was off at midnight). */
    private void scheduleDayTurn() {
        long delay = queue.millisUntilMidnight() + 1000;
        timers.add(vertx.setTimer(delay, t -> turnDay()
                .onFailure(e -> LOG.log(System.Logger.Level.ERROR, "day turn failed; retrying at next midnight", e))
                .onComplete(r -> scheduleDayTurn())));
    }

    private void scheduleBackups() {
        ClinicConfig.Backup backup = config.backup();
        if (!backup.enabled()) return;
        ZonedDateTime now = ZonedDateTime.now(options.clock().withZone(config.clinic().timezone()));
        ZonedDateTime next = now.with(backup.time());
        if (!next.isAfter(now)) next = next.plusDays(1);
        timers.add(vertx.setTimer(Math.max(1, Duration.between(now, next).toMillis()), t -> vertx.executeBlocking(() ->
                        Backup.rotate(db.file(), Path.of(backup.directory()), backup.keep(), LocalDateTime.now(
                                options.clock().withZone(config.clinic().timezone()))))
                .onSuccess(file -> LOG.log(System.Logger.Level.INFO, "nightly backup written: " + file))
                .onFailure(e -> LOG.log(System.Logger.Level.ERROR, "nightly backup failed", e))
                .onComplete(r -> scheduleBackups())));
    }

    public int port() {
        return http.actualPort();
    }

    public Database database() {
        return db;
    }

    public List<String[]> oneTimePasswords() {
        return oneTimePasswords;
    }

    // --- electronic health card (healthcard/) ---
    /** The electronic health card QR resolver chain (binding table, then the configured verifier). */
    public HealthCardResolver healthCardResolver() {
        return healthCards;
    }

    public Future<Void> close() {
        timers.forEach(vertx::cancelTimer);
        closers.forEach(java.util.function.Supplier::get);
        if (alerts != null) alerts.close();
        Future<Void> devicesClosed = Future.join(deploymentIds.stream().map(vertx::undeploy).toList()).mapEmpty();
        // ---- lab results (issue 7): the lab listener closes with the HTTP server ----
        Future<Void> labClosed = devicesClosed.transform(v -> mllp == null ? Future.succeededFuture() : mllp.close())
                .transform(v -> labPrinting == null ? Future.succeededFuture() : labPrinting.close());
        Future<Void> httpClosed = labClosed.transform(v -> http == null ? Future.succeededFuture() : http.close())
                .transform(v -> healthCards == null ? Future.succeededFuture() : healthCards.close());
        return httpClosed.compose(v -> vertx.executeBlocking(() -> {
            if (db != null) db.close();
            return null;
        }));
    }
}
