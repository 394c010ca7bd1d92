package org.clinickiosk.resident;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.clinickiosk.audit.AuditLog;
import org.clinickiosk.common.IdNumber;
import org.clinickiosk.common.Masking;
import org.clinickiosk.store.Database;
import org.clinickiosk.store.Sql;
import org.clinickiosk.web.Actor;
import org.clinickiosk.web.ApiException;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Resident health records (居民健康档案): one per resident, keyed by ID number, numbered with the clinic's 12-digit
 * division code and an 8-digit serial. Full records go only to staff, and every such read is audited in the same
 * transaction that reads it; kiosks get masked values.
 */
public final class ResidentService {

    public static final Set<String> KEY_GROUPS = Set.of("children", "pregnant", "elderly", "hypertension",
            "diabetes", "mental");
    private static final Pattern MOBILE = Pattern.compile("1[3-9]\\d{9}");

    private final Database db;
    private final AuditLog audit;
    private final String divisionCode;
    private final Clock clock;
    private final ZoneId zone;

    public ResidentService(Database db, AuditLog audit, String divisionCode, ZoneId zone, Clock clock) {
        this.db = db;
        this.audit = audit;
        this.divisionCode = divisionCode;
        this.zone = zone;
        this.clock = clock;
    }

    public Future<JsonObject> create(JsonObject body, Actor actor) {
        LocalDate today = LocalDate.now(clock.withZone(zone));
        IdNumber.Check check = IdNumber.check(body.getString("idNumber"), today);
        if (!check.valid()) throw ApiException.badRequest("invalid_id_number", check.problem());
        IdNumber id = check.idNumber();
        if (!Boolean.TRUE.equals(body.getBoolean("healthDataConsent"))) {
            throw ApiException.badRequest("consent_required",
                    "a health record needs the resident's explicit consent to process health data");
        }
        String name = body.getString("name", "").strip();
        if (name.isEmpty() || name.length() > 60) throw ApiException.badRequest("invalid_name", "name is required (at most 60 characters)");
        String phone = body.getString("phone");
        if (phone != null && !MOBILE.matcher(phone).matches()) {
            throw ApiException.badRequest("invalid_phone", "phone must be an 11-digit mobile number starting with 1");
        }
        String birth = body.getString("birthDate", id.birthDate().toString());
        try {
            if (!LocalDate.parse(birth).equals(id.birthDate())) {
                throw ApiException.badRequest("birth_date_mismatch", "birth date does not match the ID number");
            }
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("invalid_birth_date", "birthDate must be YYYY-MM-DD");
        }
        String sex = body.getString("sex", id.sex());
        if (!Set.of("M", "F", "U").contains(sex)) throw ApiException.badRequest("invalid_sex", "sex must be M, F or U");
        JsonArray groups = body.getJsonArray("keyGroups", new JsonArray());
        for (Object g : groups) {
            if (!KEY_GROUPS.contains(g)) throw ApiException.badRequest("invalid_key_group", "unknown key group '" + g + "'");
        }
        return db.write(c -> {
            Long existing = Sql.one(c, "SELECT id FROM residents WHERE id_number = ?", rs -> rs.getLong(1), id.value())
                    .orElse(null);
            if (existing != null) {
                throw new ApiException(409, "resident_exists", "a health record for this ID number already exists");
            }
            long serial = Sql.count(c, "SELECT COALESCE(MAX(CAST(substr(record_number, 13) AS INTEGER)), 0) + 1 "
                    + "FROM residents WHERE substr(record_number, 1, 12) = ?", divisionCode);
            if (serial > 99_999_999L) throw new ApiException(507, "record_numbers_exhausted", "no record numbers left");
            String recordNumber = divisionCode + String.format("%08d", serial);
            long now = clock.millis();
            long rid = Sql.insert(c, """
                    INSERT INTO residents (record_number, id_number, name, sex, birth_date, nation, phone, address,
                                           key_groups, health_data_consent_at, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    recordNumber, id.value(), name, sex, birth, body.getString("nation"), phone,
                    body.getString("address"), groups.encode(), now, now);
            audit.recordWithin(c, actor, "resident.create", "resident " + rid, "ok");
            return masked(load(c, rid));
        });
    }

    /** The full record, for staff: the read and its audit row commit together. */
    public Future<JsonObject> readForStaff(long residentId, Actor actor) {
        return db.write(c -> {
            JsonObject record = Sql.one(c, "SELECT * FROM residents WHERE id = ?", ResidentService::toJson, residentId)
                    .orElse(null);
            audit.recordWithin(c, actor, "resident.read", "resident " + residentId, record == null ? "not_found" : "ok");
            if (record == null) return null;
            return record;
        }).map(record -> {
            if (record == null) throw ApiException.notFound("resident " + residentId);
            return record;
        });
    }

    /** Masked view by ID number, for a kiosk that has just read a card; empty when there is no record. */
    public Future<JsonObject> findMaskedByIdNumber(String idNumber) {
        return db.read(c -> Sql.one(c, "SELECT * FROM residents WHERE id_number = ?", ResidentService::toJson, idNumber)
                .map(ResidentService::masked).orElse(null));
    }

    // ---- kiosk session (issue 4) ----
    /** Masked view by record id, for a kiosk that identified the resident by health card or appointment QR. */
    public Future<JsonObject> findMaskedById(long residentId) {
        return db.read(c -> Sql.one(c, "SELECT * FROM residents WHERE id = ?", ResidentService::toJson, residentId)
                .map(ResidentService::masked).orElse(null));
    }
    // ---- end kiosk session ----

    private static JsonObject load(Connection c, long id) throws SQLException {
        return Sql.one(c, "SELECT * FROM residents WHERE id = ?", ResidentService::toJson, id).orElseThrow();
    }

    private static JsonObject toJson(ResultSet rs) throws SQLException {
        return new JsonObject().put("id", rs.getLong("id")).put("recordNumber", rs.getString("record_number"))
                .put("idNumber", rs.getString("id_number")).put("name", rs.getString("name"))
                .put("sex", rs.getString("sex")).put("birthDate", rs.getString("birth_date"))
                .put("nation", rs.getString("nation")).put("phone", rs.getString("phone"))
                .put("address", rs.getString("address")).put("keyGroups", new JsonArray(rs.getString("key_groups")))
                .put("healthDataConsent", rs.getObject("health_data_consent_at") != null);
    }

    /** What may leave the server towards a kiosk screen or a ticket. */
    public static JsonObject masked(JsonObject record) {
        return new JsonObject().put("id", record.getLong("id"))
                .put("recordNumberMasked", Masking.recordNumber(record.getString("recordNumber")))
                .put("idNumberMasked", Masking.idNumber(record.getString("idNumber")))
                .put("nameMasked", Masking.name(record.getString("name")))
                .put("sex", record.getString("sex")).put("birthDate", record.getString("birthDate"))
                .put("phoneMasked", Masking.phone(record.getString("phone")));
    }
}
