package org.clinickiosk.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The whole server configuration, read strictly from JSON (key names are public: docs/configuration.md).
 * Services, rooms, staff and kiosks given here seed the database at start; the database is the truth afterwards.
 */
public record ClinicConfig(
        Http http,
        String databasePath,
        Backup backup,
        Clinic clinic,
        Display display,
        QueueRules queue,
        List<Kiosk> kiosks,
        List<Service> services,
        List<Room> rooms,
        List<Staff> staff,
        boolean demo,
        // ---- lab results (issue 7) ----
        Lab lab,
        Printers printers,
        // ---- blood pressure (issue 6) ----
        BloodPressure bloodPressure,
        // --- electronic health card (healthcard/) ---
        HealthCard healthCard,
        // ---- kiosk screen (issue 4) ----
        KioskScreen kioskScreen,
        // ---- clustered deployment (issue 9) ----
        Cluster cluster) {

    public record Http(String host, int port, boolean secureCookies, double sessionIdleMinutes) {}

    public record Backup(boolean enabled, String directory, int keep, LocalTime time) {}

    public record Clinic(String name, String divisionCode, ZoneId timezone) {}

    public record Display(String message, boolean showMaskedName) {}

    public record QueueRules(int priorityEvery, int elderlyAge, int maxRecalls, int requeueOffset,
                             int callDebounceSeconds, int appointmentEarlyMinutes, int appointmentLateMinutes) {
        public JsonObject toJson() {
            return new JsonObject().put("priorityEvery", priorityEvery).put("elderlyAge", elderlyAge)
                    .put("maxRecalls", maxRecalls).put("requeueOffset", requeueOffset)
                    .put("callDebounceSeconds", callDebounceSeconds)
                    .put("appointmentEarlyMinutes", appointmentEarlyMinutes)
                    .put("appointmentLateMinutes", appointmentLateMinutes);
        }
    }

    public record Kiosk(String id, String name, String token, JsonObject devices) {}

    public record Service(String id, String name, String nameEn, String prefix, LocalTime opens, LocalTime closes,
                          boolean open, double avgServiceMinutes) {}

    public record Room(String id, String name, String nameEn, List<String> services) {}

    public record Staff(String username, String displayName, String role, String passwordHash) {}

    /**
     * The optional regional verifier of electronic health card QR codes: {@code verifierUrl} null means only the local
     * binding table resolves cards; {@code verifierAuthorization} is sent as the Authorization header when set.
     */
    public record HealthCard(String verifierUrl, int verifierTimeoutMs, String verifierAuthorization) {}

    // ---- lab results (issue 7) ----
    /**
     * The lab system's connections: {@code mllpPort} null = no MLLP listener; {@code token} null = no FHIR import.
     * PID-3 / Patient.identifier types that carry an ID number or a health-record number; reprints after the first print.
     */
    public record Lab(Integer mllpPort, String mllpHost, String token, List<String> idNumberTypes,
                      List<String> recordNumberTypes, int maxReprints, int maxFrameKilobytes) {}

    /** {@code uri} null = no A4 printer (lab reports go to the kiosk's slip printer as a summary). */
    public record A4Printer(java.net.URI uri, String fontPath, int jobTimeoutSeconds) {}

    public record Printers(A4Printer a4) {}
    // ---- blood pressure (issue 6) ----
    /**
     * @param referralServiceId the service a kiosk BP ticket is for (general practice)
     * @param claimMinutes      how long a reading taken with nobody identified can be claimed at that kiosk
     * @param inviteFromAge     residents this old with no reading this year are invited to measure (首诊测血压)
     */
    public record BloodPressure(String referralServiceId, int claimMinutes, int inviteFromAge) {}
    // ---- clustered deployment (issue 9) ----
    /**
     * The {@code cluster} section, null when absent (the single-process server). {@code host} is this node's own
     * address (Hazelcast and the event bus bind there), {@code members} the Hazelcast addresses of the nodes to join,
     * {@code secret} the clinic-wide shared secret, {@code kioskKeys} one secret per kiosk that runs on its own PC
     * (the server lists every such kiosk, a kiosk node its own), {@code tls} this node's PKCS#12 key store and the
     * clinic CA's trust store for the event bus.
     */
    public record Cluster(String host, int port, int eventBusPort, List<String> members, String secret,
                          Map<String, String> kioskKeys, ClusterTls tls, double kioskTimeoutSeconds) {}

    public record ClusterTls(String keyStore, String keyStorePassword, String trustStore, String trustStorePassword) {}
    // ---- end clustered deployment ----

    // ---- kiosk screen (issue 4: resident kiosk) ----
    /**
     * The resident kiosk page: a countdown after warnAfterSeconds without a touch, home (session wiped) at
     * homeAfterSeconds; publicBaseUrl (e.g. https://clinic.example.cn) starts the ticket QR's /t/{token} link, null
     * means the address the kiosk page itself was loaded from.
     */
    public record KioskScreen(int warnAfterSeconds, int homeAfterSeconds, String publicBaseUrl) {}
    // ---- end kiosk screen ----

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final Pattern DIVISION_CODE = Pattern.compile("\\d{12}");
    private static final Pattern PREFIX = Pattern.compile("[A-Z]{1,2}");
    private static final Pattern HH_MM = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d");
    private static final Pattern HTTP_URL = Pattern.compile("https?://[^\\s/?#]+(/\\S*)?");
    public static final Pattern USERNAME = Pattern.compile("[a-z0-9._-]{2,32}");
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(1[0-9]|2[0-9]|3[01])\\$[./A-Za-z0-9]{53}");

    /** The configuration used when the server starts without --config: demo data on data/clinic.db. */
    public static ClinicConfig demoDefaults() {
        return fromJson(new JsonObject().put("demo", true));
    }

    public static ClinicConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
        JsonObject json;
        try {
            json = new JsonObject(text);
        } catch (DecodeException e) {
            throw new ConfigException("config file " + file + " is not valid JSON: " + e.getMessage());
        }
        return fromJson(json);
    }

    public static ClinicConfig fromJson(JsonObject json) {
        ConfigReader root = new ConfigReader(json, "");

        ConfigReader http = root.object("http");
        Http httpConfig = new Http(
                http.string("host", "0.0.0.0"),
                http.integer("port", 8080, 0, 65535),
                http.bool("secureCookies", false),
                http.decimal("sessionIdleMinutes", 15, 0.05, 24 * 60));
        http.finish();

        ConfigReader database = root.object("database");
        String databasePath = database.string("path", "data/clinic.db");
        database.finish();

        ConfigReader backup = root.object("backup");
        Backup backupConfig = new Backup(
                backup.bool("enabled", true),
                backup.string("directory", "data/backups"),
                backup.integer("keep", 7, 1, 365),
                LocalTime.parse(backup.matching("time", "02:30", HH_MM, "a time HH:mm")));
        backup.finish();

        ConfigReader clinic = root.object("clinic");
        String timezone = clinic.string("timezone", "Asia/Shanghai");
        ZoneId zone;
        try {
            zone = ZoneId.of(timezone);
        } catch (DateTimeException e) {
            throw new ConfigException(clinic.key("timezone") + ": unknown time zone \"" + timezone + "\"");
        }
        Clinic clinicConfig = new Clinic(
                clinic.string("name", "示范社区卫生服务中心"),
                clinic.matching("divisionCode", "110105001001", DIVISION_CODE,
                        "the 12-digit statistical division code of the clinic's area"),
                zone);
        clinic.finish();

        ConfigReader display = root.object("display");
        Display displayConfig = new Display(
                display.string("message", "健康提示：请按号就诊，测量血压前请先静坐5分钟。"),
                display.bool("showMaskedName", false));
        display.finish();

        QueueRules rules = queueRules(root.object("queue"));

        List<Kiosk> kiosks = root.objects("kiosks", k -> new Kiosk(
                k.requiredMatching("id", ID, "letters, digits, - or _ (at most 32)"),
                k.string("name", null),
                tokenOf(k),
                k.has("devices") ? k.rawObject("devices") : new JsonObject()));
        List<Service> services = root.objects("services", ClinicConfig::service);
        List<Room> rooms = root.objects("rooms", ClinicConfig::room);
        List<Staff> staff = root.objects("staff", s -> {
            String role = s.string("role", "nurse");
            if (!role.equals("nurse") && !role.equals("admin")) {
                throw new ConfigException(s.key("role") + ": must be \"nurse\" or \"admin\", got \"" + role + "\"");
            }
            return new Staff(
                    s.requiredMatching("username", USERNAME,
                            "2-32 lowercase letters, digits, '.', '_' or '-'"),
                    s.string("displayName", null),
                    role,
                    s.matching("passwordHash", null, BCRYPT,
                            "a bcrypt hash made by `java -jar clinic-kiosk.jar hash-password` (or leave it out to "
                                    + "get a one-time password printed at first start)"));
        });
        boolean demo = root.bool("demo", false);
        // ---- lab results (issue 7) ----
        Lab labConfig = lab(root.object("lab"));
        Printers printersConfig = printers(root.object("printers"));
        // ---- blood pressure (issue 6) ----
        ConfigReader bp = root.object("bloodPressure");
        BloodPressure bloodPressure = new BloodPressure(
                bp.matching("referralServiceId", "gp", ID, "a service id"),
                bp.integer("claimMinutes", 5, 0, 60),
                bp.integer("inviteFromAge", 35, 0, 120));
        bp.finish();
        ConfigReader healthCard = root.object("healthCard");
        HealthCard healthCardConfig = new HealthCard(
                healthCard.matching("verifierUrl", null, HTTP_URL, "an http:// or https:// URL"),
                healthCard.integer("verifierTimeoutMs", 3000, 100, 60_000),
                healthCard.string("verifierAuthorization", null));
        healthCard.finish();
        // ---- kiosk screen (issue 4) ----
        KioskScreen kioskScreen = kioskScreen(root.object("kiosk"));
        Cluster clusterConfig = root.has("cluster") ? cluster(root.object("cluster")) : null;
        root.finish();

        ClinicConfig config = new ClinicConfig(httpConfig, databasePath, backupConfig, clinicConfig, displayConfig,
                rules, orEmpty(kiosks, demo ? DemoSetup.kiosks() : null),
                orEmpty(services, demo ? DemoSetup.services() : null),
                orEmpty(rooms, demo ? DemoSetup.rooms() : null),
                orEmpty(staff, demo ? DemoSetup.staff() : null), demo, labConfig, printersConfig, bloodPressure,
                healthCardConfig, kioskScreen, clusterConfig);
        config.checkReferences();
        return config;
    }

    /** One service from JSON, checked as in the config file (the admin console uses the same checks). */
    public static Service service(JsonObject json) {
        ConfigReader reader = new ConfigReader(json, "service");
        Service service = service(reader);
        reader.finish();
        return service;
    }

    private static Service service(ConfigReader s) {
        LocalTime opens = LocalTime.parse(s.matching("opens", "08:00", HH_MM, "a time HH:mm"));
        LocalTime closes = LocalTime.parse(s.matching("closes", "17:30", HH_MM, "a time HH:mm"));
        if (!closes.isAfter(opens)) throw new ConfigException(s.key("closes") + ": must be after opens");
        return new Service(
                s.requiredMatching("id", ID, "letters, digits, - or _ (at most 32)"),
                s.requiredString("name"),
                s.string("nameEn", null),
                s.requiredMatching("prefix", PREFIX, "one or two capital letters"),
                opens, closes,
                s.bool("open", true),
                s.decimal("avgServiceMinutes", 5, 0.5, 240));
    }

    /** One room from JSON, checked as in the config file. */
    public static Room room(JsonObject json) {
        ConfigReader reader = new ConfigReader(json, "room");
        Room room = room(reader);
        reader.finish();
        return room;
    }

    private static Room room(ConfigReader r) {
        return new Room(
                r.requiredMatching("id", ID, "letters, digits, - or _ (at most 32)"),
                r.requiredString("name"),
                r.string("nameEn", null),
                r.strings("services"));
    }

    /** Queue rules from JSON, checked as at start-up; the admin console changes them with the same checks. */
    public static QueueRules queueRules(JsonObject json) {
        return queueRules(new ConfigReader(json, "queue"));
    }

    private static QueueRules queueRules(ConfigReader queue) {
        QueueRules rules = new QueueRules(
                queue.integer("priorityEvery", 2, 1, 100),
                queue.integer("elderlyAge", 70, 50, 120),
                queue.integer("maxRecalls", 3, 0, 20),
                queue.integer("requeueOffset", 3, 0, 100),
                queue.integer("callDebounceSeconds", 2, 0, 60),
                queue.integer("appointmentEarlyMinutes", 60, 0, 24 * 60),
                queue.integer("appointmentLateMinutes", 15, 0, 24 * 60));
        queue.finish();
        return rules;
    }

    // ---- lab results (issue 7) ----
    private static final Pattern IDENTIFIER_TYPE = Pattern.compile("[A-Za-z0-9_-]{1,20}");

    private static Lab lab(ConfigReader lab) {
        Integer port = lab.has("mllpPort") ? lab.integer("mllpPort", 0, 0, 65535) : null;
        String host = lab.string("mllpHost", "0.0.0.0");
        String token = lab.string("token", null);
        if (token != null && token.length() < 24) {
            throw new ConfigException(lab.key("token") + ": must have at least 24 characters");
        }
        List<String> idTypes = identifierTypes(lab, "idNumberTypes", List.of("NNCHN", "ID"));
        List<String> recordTypes = identifierTypes(lab, "recordNumberTypes", List.of("HR", "MR"));
        for (String t : idTypes) {
            if (recordTypes.contains(t)) {
                throw new ConfigException(lab.key("recordNumberTypes") + ": \"" + t + "\" is also an ID-number type");
            }
        }
        Lab result = new Lab(port, host, token, idTypes, recordTypes, lab.integer("maxReprints", 2, 0, 20),
                lab.integer("maxFrameKilobytes", 1024, 16, 16 * 1024));
        lab.finish();
        return result;
    }

    private static List<String> identifierTypes(ConfigReader lab, String name, List<String> fallback) {
        List<String> types = lab.has(name) ? lab.strings(name) : fallback;
        if (types.isEmpty()) throw new ConfigException(lab.key(name) + ": must name at least one identifier type");
        for (String t : types) {
            if (!IDENTIFIER_TYPE.matcher(t).matches()) {
                throw new ConfigException(lab.key(name) + ": \"" + t + "\" is not an HL7 identifier type code");
            }
        }
        return List.copyOf(types);
    }

    private static Printers printers(ConfigReader printers) {
        ConfigReader a4 = printers.object("a4");
        String uri = a4.string("uri", null);
        java.net.URI parsed = null;
        if (uri != null) {
            try {
                parsed = new java.net.URI(uri);
            } catch (java.net.URISyntaxException e) {
                throw new ConfigException(a4.key("uri") + ": is not a URI: " + e.getMessage());
            }
            if (!"ipp".equals(parsed.getScheme()) && !"http".equals(parsed.getScheme()) || parsed.getHost() == null) {
                throw new ConfigException(a4.key("uri") + ": must be an ipp:// URI such as "
                        + "ipp://192.168.1.20/ipp/print, got \"" + uri + "\"");
            }
        }
        A4Printer a4Printer = new A4Printer(parsed,
                a4.string("fontPath", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
                a4.integer("jobTimeoutSeconds", 120, 5, 3600));
        a4.finish();
        printers.finish();
        return new Printers(a4Printer);
    }
    // ---- clustered deployment (issue 9) ----
    private static final Pattern MEMBER = Pattern.compile("[A-Za-z0-9.\\[\\]:_-]+:\\d{1,5}");
    private static final int MIN_SECRET_LENGTH = 32;

    private static Cluster cluster(ConfigReader c) {
        String host = c.requiredString("host");
        int port = c.integer("port", 5701, 1, 65535);
        int eventBusPort = c.integer("eventBusPort", 5702, 1, 65535);
        if (port == eventBusPort) throw new ConfigException(c.key("eventBusPort") + ": must differ from cluster.port");
        List<String> members = c.strings("members");
        if (members.isEmpty()) {
            throw new ConfigException(c.key("members") + ": is required (the Hazelcast host:port of the server and "
                    + "of every kiosk node, e.g. [\"192.168.1.10:5701\", \"192.168.1.21:5701\"])");
        }
        for (int i = 0; i < members.size(); i++) {
            if (!MEMBER.matcher(members.get(i)).matches()) {
                throw new ConfigException(c.key("members") + "[" + i + "]: must be host:port, got \"" + members.get(i) + "\"");
            }
        }
        String secret = secretOf(c.key("secret"), c.requiredString("secret"));
        Map<String, String> keys = new LinkedHashMap<>();
        JsonObject rawKeys = c.rawObject("kioskKeys");
        if (rawKeys != null) {
            for (String kioskId : rawKeys.fieldNames()) {
                String key = c.key("kioskKeys") + "." + kioskId;
                if (!ID.matcher(kioskId).matches()) throw new ConfigException(key + ": not a kiosk id");
                if (!(rawKeys.getValue(kioskId) instanceof String value)) throw new ConfigException(key + ": must be a string");
                keys.put(kioskId, secretOf(key, value));
            }
        }
        unique(new ArrayList<>(keys.values()), c.key("kioskKeys") + " values (each kiosk needs its own key)");
        if (keys.containsValue(secret)) {
            throw new ConfigException(c.key("kioskKeys") + ": a kiosk key must differ from cluster.secret");
        }
        ConfigReader tls = c.object("tls");
        ClusterTls tlsConfig = new ClusterTls(tls.requiredString("keyStore"), tls.requiredString("keyStorePassword"),
                tls.requiredString("trustStore"), tls.requiredString("trustStorePassword"));
        tls.finish();
        double timeout = c.decimal("kioskTimeoutSeconds", 5, 1, 120);
        c.finish();
        return new Cluster(host, port, eventBusPort, List.copyOf(members), secret, Map.copyOf(keys), tlsConfig, timeout);
    }

    private static String secretOf(String key, String value) {
        if (value.length() < MIN_SECRET_LENGTH) {
            throw new ConfigException(key + ": must have at least " + MIN_SECRET_LENGTH + " characters (make one with "
                    + "`java -jar clinic-kiosk.jar cluster-secret`)");
        }
        return value;
    }
    // ---- end clustered deployment ----

    // ---- kiosk screen (issue 4) ----
    private static final Pattern BASE_URL = Pattern.compile("https?://[A-Za-z0-9.:\\[\\]-]+");

    private static KioskScreen kioskScreen(ConfigReader kiosk) {
        int warn = kiosk.integer("warnAfterSeconds", 60, 1, 3600);
        int home = kiosk.integer("homeAfterSeconds", 90, 2, 3600);
        if (home <= warn) throw new ConfigException(kiosk.key("homeAfterSeconds") + ": must be more than warnAfterSeconds");
        String baseUrl = kiosk.matching("publicBaseUrl", null, BASE_URL,
                "http(s)://host[:port] without a path, e.g. https://clinic.example.cn");
        kiosk.finish();
        return new KioskScreen(warn, home, baseUrl);
    }
    // ---- end kiosk screen ----

    private static String tokenOf(ConfigReader k) {
        String token = k.requiredString("token");
        if (token.length() < 16) throw new ConfigException(k.key("token") + ": must have at least 16 characters");
        return token;
    }

    private static <T> List<T> orEmpty(List<T> given, List<T> demo) {
        if (given != null) return List.copyOf(given);
        return demo == null ? List.of() : demo;
    }

    private void checkReferences() {
        unique(kiosks.stream().map(Kiosk::id).toList(), "kiosks[].id");
        unique(kiosks.stream().map(Kiosk::token).toList(), "kiosks[].token");
        unique(services.stream().map(Service::id).toList(), "services[].id");
        unique(services.stream().map(Service::prefix).toList(), "services[].prefix");
        unique(rooms.stream().map(Room::id).toList(), "rooms[].id");
        unique(staff.stream().map(Staff::username).toList(), "staff[].username");
        Set<String> serviceIds = new HashSet<>(services.stream().map(Service::id).toList());
        for (int i = 0; i < rooms.size(); i++) {
            for (String s : rooms.get(i).services()) {
                if (!serviceIds.contains(s)) {
                    throw new ConfigException("rooms[" + i + "].services: unknown service \"" + s + "\"");
                }
            }
        }
    }

    private static void unique(List<String> values, String key) {
        Set<String> seen = new HashSet<>();
        for (String v : values) {
            if (!seen.add(v)) throw new ConfigException(key + ": \"" + v + "\" appears more than once");
        }
    }
}
