package org.clinickiosk.clinic;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.clinickiosk.config.ClinicConfig;
import org.clinickiosk.config.ConfigException;
import org.clinickiosk.store.Sql;
import org.clinickiosk.web.ApiException;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Services (queues with a number prefix and opening hours) and rooms (which services each one calls from). */
public final class ClinicCatalog {
    private ClinicCatalog() {}

    public record Service(String id, String name, String nameEn, String prefix, LocalTime opens, LocalTime closes,
                          boolean open, double avgServiceMinutes) {
        public boolean openAt(LocalTime time) {
            return open && !time.isBefore(opens) && time.isBefore(closes);
        }
    }

    public record Room(String id, String name, String nameEn, boolean paused, List<String> serviceIds) {}

    /** Adds the services and rooms of the config that the database does not have yet; existing rows stay as edited. */
    public static void seed(Connection c, ClinicConfig config) throws SQLException {
        int order = 0;
        for (ClinicConfig.Service s : config.services()) {
            Sql.update(c, """
                    INSERT OR IGNORE INTO services (id, name, name_en, prefix, opens, closes, is_open, avg_service_minutes, sort_order)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    s.id(), s.name(), s.nameEn(), s.prefix(), s.opens().toString(), s.closes().toString(), s.open(),
                    s.avgServiceMinutes(), order++);
        }
        order = 0;
        for (ClinicConfig.Room r : config.rooms()) {
            int added = Sql.update(c, "INSERT OR IGNORE INTO rooms (id, name, name_en, sort_order) VALUES (?, ?, ?, ?)",
                    r.id(), r.name(), r.nameEn(), order++);
            if (added == 1) {
                for (String serviceId : r.services()) {
                    Sql.update(c, "INSERT INTO room_services (room_id, service_id) VALUES (?, ?)", r.id(), serviceId);
                }
            }
        }
    }

    public static JsonObject toJson(Service s) {
        return new JsonObject().put("id", s.id()).put("name", s.name()).put("nameEn", s.nameEn())
                .put("prefix", s.prefix()).put("opens", s.opens().toString()).put("closes", s.closes().toString())
                .put("open", s.open()).put("avgServiceMinutes", s.avgServiceMinutes());
    }

    public static JsonObject toJson(Room r) {
        return new JsonObject().put("id", r.id()).put("name", r.name()).put("nameEn", r.nameEn())
                .put("paused", r.paused()).put("services", new JsonArray(r.serviceIds()));
    }

    /** Adds or changes a service, checked as the config file is (prefix unique, hours in order). */
    public static Service saveService(Connection c, String id, JsonObject body, boolean create) throws SQLException {
        ClinicConfig.Service s = parse(() -> ClinicConfig.service(body.copy().put("id", id)));
        boolean exists = services(c).containsKey(id);
        if (create && exists) throw ApiException.conflict("exists", "a service with id '" + id + "' exists already");
        if (!create && !exists) throw ApiException.notFound("service '" + id + "'");
        if (Sql.count(c, "SELECT COUNT(*) FROM services WHERE prefix = ? AND id <> ?", s.prefix(), id) > 0) {
            throw ApiException.conflict("prefix_taken", "another service already numbers with prefix " + s.prefix());
        }
        if (create) {
            Sql.update(c, """
                    INSERT INTO services (id, name, name_en, prefix, opens, closes, is_open, avg_service_minutes, sort_order)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(sort_order), 0) + 1 FROM services))""",
                    id, s.name(), s.nameEn(), s.prefix(), s.opens().toString(), s.closes().toString(), s.open(),
                    s.avgServiceMinutes());
        } else {
            Sql.update(c, """
                    UPDATE services SET name = ?, name_en = ?, prefix = ?, opens = ?, closes = ?, is_open = ?,
                           avg_service_minutes = ? WHERE id = ?""",
                    s.name(), s.nameEn(), s.prefix(), s.opens().toString(), s.closes().toString(), s.open(),
                    s.avgServiceMinutes(), id);
        }
        return services(c).get(id);
    }

    /** Adds or changes a room and the services it calls from; every service must exist. */
    public static Room saveRoom(Connection c, String id, JsonObject body, boolean create) throws SQLException {
        ClinicConfig.Room r = parse(() -> ClinicConfig.room(body.copy().put("id", id)));
        boolean exists = rooms(c).containsKey(id);
        if (create && exists) throw ApiException.conflict("exists", "a room with id '" + id + "' exists already");
        if (!create && !exists) throw ApiException.notFound("room '" + id + "'");
        Map<String, Service> known = services(c);
        for (String serviceId : r.services()) {
            if (!known.containsKey(serviceId)) throw ApiException.badRequest("unknown_service", "unknown service '" + serviceId + "'");
        }
        if (create) {
            Sql.update(c, "INSERT INTO rooms (id, name, name_en, sort_order) VALUES (?, ?, ?, (SELECT COALESCE(MAX(sort_order), 0) + 1 FROM rooms))",
                    id, r.name(), r.nameEn());
        } else {
            Sql.update(c, "UPDATE rooms SET name = ?, name_en = ? WHERE id = ?", r.name(), r.nameEn(), id);
            Sql.update(c, "DELETE FROM room_services WHERE room_id = ?", id);
        }
        for (String serviceId : r.services()) {
            Sql.update(c, "INSERT INTO room_services (room_id, service_id) VALUES (?, ?)", id, serviceId);
        }
        return rooms(c).get(id);
    }

    private static <T> T parse(java.util.function.Supplier<T> reader) {
        try {
            return reader.get();
        } catch (ConfigException e) {
            throw ApiException.badRequest("invalid_value", e.getMessage());
        }
    }

    public static Map<String, Service> services(Connection c) throws SQLException {
        Map<String, Service> out = new LinkedHashMap<>();
        for (Service s : Sql.list(c, "SELECT " + SERVICE_COLUMNS + " FROM services ORDER BY sort_order, id", ClinicCatalog::service)) {
            out.put(s.id(), s);
        }
        return out;
    }

    /** One service, or null (for paths that need only the one: issuing a ticket reads it every time). */
    public static Service service(Connection c, String id) throws SQLException {
        return Sql.one(c, "SELECT " + SERVICE_COLUMNS + " FROM services WHERE id = ?", ClinicCatalog::service, id).orElse(null);
    }

    // Columns by position: every ticket reads its service, and sqlite-jdbc looks a name up through a map it builds
    // for each result set.
    private static final String SERVICE_COLUMNS = "id, name, name_en, prefix, opens, closes, is_open, avg_service_minutes";

    private static Service service(java.sql.ResultSet rs) throws SQLException {
        return new Service(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                time(rs.getString(5)), time(rs.getString(6)), rs.getInt(7) == 1, rs.getDouble(8));
    }

    /** A stored opening time: "HH:mm" read directly (DateTimeFormatter's parse was a tenth of issuing a ticket). */
    static LocalTime time(String stored) {
        if (stored.length() == 5 && stored.charAt(2) == ':' && digits(stored, 0, 2) && digits(stored, 3, 5)) {
            return LocalTime.of(Integer.parseInt(stored, 0, 2, 10), Integer.parseInt(stored, 3, 5, 10));
        }
        return LocalTime.parse(stored);
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        return true;
    }

    public static Map<String, Room> rooms(Connection c) throws SQLException {
        Map<String, List<String>> servicesByRoom = new LinkedHashMap<>();
        for (String[] pair : Sql.list(c, "SELECT room_id, service_id FROM room_services ORDER BY service_id",
                rs -> new String[]{rs.getString(1), rs.getString(2)})) {
            servicesByRoom.computeIfAbsent(pair[0], k -> new ArrayList<>()).add(pair[1]);
        }
        Map<String, Room> out = new LinkedHashMap<>();
        for (Room r : Sql.list(c, "SELECT * FROM rooms ORDER BY sort_order, id", rs -> new Room(
                rs.getString("id"), rs.getString("name"), rs.getString("name_en"), rs.getInt("paused") == 1,
                List.copyOf(servicesByRoom.getOrDefault(rs.getString("id"), List.of()))))) {
            out.put(r.id(), r);
        }
        return out;
    }
}
