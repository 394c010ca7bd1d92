package org.clinickiosk.lab;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.clinickiosk.audit.AuditLog;
import org.clinickiosk.common.IdNumber;
import org.clinickiosk.common.Masking;
import org.clinickiosk.config.ClinicConfig;
import org.clinickiosk.store.Database;
import org.clinickiosk.store.Sql;
import org.clinickiosk.web.Actor;
import org.clinickiosk.web.ApiException;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Lab reports in the store: import (every message or bundle one write transaction, matched to a resident or put in
 * quarantine), staff assignment of quarantined reports, the kiosk's lists, and the print ledger behind the reprint
 * limit.
 *
 * <p>Versions: a report is one specimen and one ordered test. A later version (final after preliminary, a
 * correction after final) supersedes the earlier one, which is kept as history. Kiosks see the current final or
 * corrected version of each, masked and without result values (those go on paper only).
 */
public final class LabService {

    public enum Source {
        HL7, FHIR;

        String code() {
            return name().toLowerCase();
        }
    }

    /** Why a report waits in quarantine. */
    static final String NO_MATCH = "no_match";
    static final String BIRTH_DATE_MISMATCH = "birth_date_mismatch";
    static final String IDENTIFIERS_DISAGREE = "identifiers_disagree";

    /** What one import did: a stored message's reports, or a resent message taken as already stored. */
    public record ImportSummary(boolean duplicate, List<Long> reportIds, int quarantined) {
        public String summary() {
            return duplicate ? "already stored (resent)" : "stored " + reportIds.size() + " report(s), "
                    + quarantined + " in quarantine";
        }

        JsonObject toJson() {
            return new JsonObject().put("duplicate", duplicate).put("reportIds", new JsonArray(reportIds))
                    .put("quarantined", quarantined);
        }
    }

    /** Everything a print needs, read in the transaction that reserved it. */
    public record PrintJob(long printId, long reportId, String printer, JsonObject report, JsonObject resident,
                           int printsBefore) {}

    private final Database db;
    private final AuditLog audit;
    private final ClinicConfig.Lab config;
    private final Clock clock;
    private final ZoneId zone;

    public LabService(Database db, AuditLog audit, ClinicConfig.Lab config, ZoneId zone, Clock clock) {
        this.db = db;
        this.audit = audit;
        this.config = config;
        this.zone = zone;
        this.clock = clock;
    }

    public int allowedPrints() {
        return 1 + config.maxReprints();
    }

    /** A print that was running when the server stopped will never finish: it no longer holds a print. */
    public Future<Integer> failInterruptedPrints() {
        return db.write(c -> Sql.update(c, "UPDATE lab_prints SET outcome = 'failed', reason = ?, finished_at = ? "
                + "WHERE outcome = 'pending'", "interrupted: the server stopped during the print", clock.millis()));
    }

    // ---- import -----------------------------------------------------------------------------------------------

    /**
     * Stores the reports of one message in one transaction; a problem in any report (a correction of a specimen we
     * never had, a preliminary after the final) fails the whole message and stores nothing.
     */
    public Future<ImportSummary> importReports(Source source, String sender, String controlId, List<LabReport> reports) {
        return db.write(c -> {
            if (controlId != null && Sql.count(c, "SELECT COUNT(*) FROM lab_messages WHERE source = ? AND sender = ? "
                    + "AND control_id = ?", source.code(), sender, controlId) > 0) {
                return new ImportSummary(true, List.of(), 0);
            }
            long now = clock.millis();
            long messageId = Sql.insert(c, "INSERT INTO lab_messages (source, sender, control_id, received_at) "
                    + "VALUES (?, ?, ?, ?)", source.code(), sender,
                    controlId != null ? controlId : "unnumbered-" + now + "-" + System.nanoTime(), now);
            List<Long> ids = new ArrayList<>();
            int quarantined = 0;
            for (LabReport report : reports) {
                long id = storeReport(c, messageId, report, now);
                ids.add(id);
                if (Sql.count(c, "SELECT COUNT(*) FROM lab_reports WHERE id = ? AND resident_id IS NULL", id) > 0) {
                    quarantined++;
                }
            }
            return new ImportSummary(false, List.copyOf(ids), quarantined);
        }).recover(e -> Future.failedFuture(e instanceof ImportRefusal refusal ? refusal.reason : e));
    }

    private long storeReport(Connection c, long messageId, LabReport report, long now) throws SQLException {
        record Previous(long id, String status, Long residentId) {}
        Optional<Previous> previous = Sql.one(c, "SELECT id, status, resident_id FROM lab_reports WHERE "
                        + "specimen_barcode = ? AND test_code = ? AND superseded_by IS NULL",
                rs -> new Previous(rs.getLong(1), rs.getString(2), Sql.longOrNull(rs, "resident_id")),
                report.specimenBarcode(), report.testCode());
        String what = "specimen " + report.specimenBarcode() + " test " + report.testCode();
        if (report.status() == LabReport.Status.CORRECTED && previous.isEmpty()) {
            throw new ImportRefusal(LabImportException.invalid("unknown specimen: " + what
                    + " was never reported, so there is nothing to correct"));
        }
        if (report.status() == LabReport.Status.PRELIMINARY && previous.isPresent()
                && !previous.get().status().equals("preliminary")) {
            throw new ImportRefusal(LabImportException.invalid(what + ": a preliminary report cannot follow the "
                    + previous.get().status() + " one; send a correction (status C) instead"));
        }
        Match match = match(c, report.patient());
        Long residentId = match.residentId();
        String reason = match.reason();
        // The specimen was taken from one person: a later version belongs where the earlier one was put (also by staff).
        if (previous.isPresent() && previous.get().residentId() != null) {
            if (residentId == null && NO_MATCH.equals(reason)) {
                residentId = previous.get().residentId();
                reason = null;
            } else if (residentId != null && !residentId.equals(previous.get().residentId())) {
                residentId = null;
                reason = IDENTIFIERS_DISAGREE;
            }
        }
        LabReport.Patient p = report.patient();
        long id = Sql.insert(c, """
                INSERT INTO lab_reports (message_id, resident_id, quarantine_reason, patient_id_number,
                    patient_record_number, patient_name, patient_birth_date, specimen_barcode, test_code, test_name,
                    ordering_doctor, status, collected_at, reported_at, received_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                messageId, residentId, reason, identifier(p, config.idNumberTypes()),
                identifier(p, config.recordNumberTypes()), p.name(), p.birthDate(), report.specimenBarcode(),
                report.testCode(), report.testName(), report.orderingDoctor(), report.status().code(),
                report.collectedAt(), report.reportedAt(), now);
        int seq = 0;
        for (LabReport.Result r : report.results()) {
            Sql.update(c, """
                    INSERT INTO lab_results (report_id, seq, code, name, value, value_type, units, reference_range, flag)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""", id, ++seq, r.code(), r.name(), r.value(),
                    r.numeric() ? "number" : "text", r.units(), r.referenceRange(), r.flag());
        }
        if (previous.isPresent()) {
            Sql.update(c, "UPDATE lab_reports SET superseded_by = ? WHERE id = ?", id, previous.get().id());
        }
        return id;
    }

    /** Carries an import problem out of the write transaction (which rolls the whole message back). */
    static final class ImportRefusal extends SQLException {
        final LabImportException reason;

        ImportRefusal(LabImportException reason) {
            super(reason.getMessage());
            this.reason = reason;
        }
    }

    private record Match(Long residentId, String reason) {}

    private Match match(Connection c, LabReport.Patient patient) throws SQLException {
        LocalDate today = LocalDate.now(clock.withZone(zone));
        Long byId = null;
        Long byRecord = null;
        for (LabReport.Identifier id : patient.identifiers()) {
            if (config.idNumberTypes().contains(id.type())) {
                Optional<IdNumber> number = IdNumber.parse(id.value(), today);
                if (number.isPresent() && byId == null) {
                    byId = Sql.one(c, "SELECT id FROM residents WHERE id_number = ?", rs -> rs.getLong(1),
                            number.get().value()).orElse(null);
                }
            } else if (config.recordNumberTypes().contains(id.type()) && byRecord == null) {
                byRecord = Sql.one(c, "SELECT id FROM residents WHERE record_number = ?", rs -> rs.getLong(1),
                        id.value()).orElse(null);
            }
        }
        if (byId != null && byRecord != null && !byId.equals(byRecord)) return new Match(null, IDENTIFIERS_DISAGREE);
        Long resident = byId != null ? byId : byRecord;
        if (resident == null) return new Match(null, NO_MATCH);
        if (patient.birthDate() != null) {
            String birth = Sql.one(c, "SELECT birth_date FROM residents WHERE id = ?", rs -> rs.getString(1), resident)
                    .orElse(null);
            if (birth != null && !birth.equals(patient.birthDate())) return new Match(null, BIRTH_DATE_MISMATCH);
        }
        return new Match(resident, null);
    }

    private static String identifier(LabReport.Patient patient, List<String> types) {
        return patient.identifiers().stream().filter(i -> types.contains(i.type())).map(LabReport.Identifier::value)
                .findFirst().orElse(null);
    }

    // ---- staff: quarantine ------------------------------------------------------------------------------------

    /** Current reports that match nobody, masked, oldest first; the read is audited. */
    public Future<JsonArray> quarantine(Actor actor) {
        return db.write(c -> {
            JsonArray out = new JsonArray(Sql.list(c, """
                    SELECT r.*, m.source FROM lab_reports r JOIN lab_messages m ON m.id = r.message_id
                    WHERE r.resident_id IS NULL AND r.superseded_by IS NULL ORDER BY r.received_at, r.id""",
                    rs -> quarantineJson(rs)));
            audit.recordWithin(c, actor, "lab.quarantine.list", "lab_quarantine", "ok");
            return out;
        });
    }

    private JsonObject quarantineJson(ResultSet rs) throws SQLException {
        return new JsonObject().put("id", rs.getLong("id")).put("reason", rs.getString("quarantine_reason"))
                .put("source", rs.getString("source"))
                .put("receivedAt", time(rs.getLong("received_at")))
                .put("specimenBarcode", rs.getString("specimen_barcode"))
                .put("testCode", rs.getString("test_code")).put("testName", rs.getString("test_name"))
                .put("status", rs.getString("status"))
                .put("patient", new JsonObject()
                        .put("idNumberMasked", Masking.idNumber(rs.getString("patient_id_number")))
                        .put("recordNumberMasked", Masking.recordNumber(rs.getString("patient_record_number")))
                        .put("nameMasked", Masking.name(rs.getString("patient_name")))
                        .put("birthDate", rs.getString("patient_birth_date")));
    }

    /** Puts a quarantined report (with its earlier versions of the same specimen and test) on a resident. */
    public Future<JsonObject> assign(long reportId, long residentId, Actor actor) {
        return db.write(c -> {
            Optional<String[]> report = Sql.one(c, "SELECT specimen_barcode, test_code, resident_id, superseded_by "
                    + "FROM lab_reports WHERE id = ?", rs -> new String[]{rs.getString(1), rs.getString(2),
                    rs.getString(3), rs.getString(4)}, reportId);
            String target = "lab_report " + reportId;
            if (report.isEmpty()) throw ApiException.notFound("lab report " + reportId);
            if (report.get()[2] != null || report.get()[3] != null) {
                throw ApiException.conflict("not_in_quarantine", "lab report " + reportId
                        + " is not waiting in quarantine (already assigned or superseded)");
            }
            if (Sql.count(c, "SELECT COUNT(*) FROM residents WHERE id = ?", residentId) == 0) {
                throw ApiException.notFound("resident " + residentId);
            }
            int moved = Sql.update(c, "UPDATE lab_reports SET resident_id = ?, quarantine_reason = NULL, "
                    + "assigned_by = ?, assigned_at = ? WHERE specimen_barcode = ? AND test_code = ? "
                    + "AND resident_id IS NULL", residentId, actor.auditName(), clock.millis(), report.get()[0],
                    report.get()[1]);
            audit.recordWithin(c, actor, "lab.quarantine.assign", target + " -> resident " + residentId, "ok");
            return new JsonObject().put("id", reportId).put("residentId", residentId).put("versionsAssigned", moved);
        });
    }

    // ---- kiosk: lists -----------------------------------------------------------------------------------------

    /** The resident's current final (or corrected) reports: unprinted first, then newest first. */
    /** The resident a report belongs to; empty for a quarantined or unknown report. */
    public Future<java.util.Optional<Long>> residentOf(long reportId) {
        return db.read(c -> Sql.one(c, "SELECT resident_id FROM lab_reports WHERE id = ?",
                rs -> Sql.longOrNull(rs, "resident_id"), reportId));
    }

    public Future<JsonObject> listForResident(long residentId, Actor actor) {
        return db.write(c -> {
            if (Sql.count(c, "SELECT COUNT(*) FROM residents WHERE id = ?", residentId) == 0) {
                audit.recordWithin(c, actor, "lab.list", "resident " + residentId, "not_found");
                return null;
            }
            JsonObject out = new JsonObject().put("residentId", residentId).put("reports", reports(c, residentId));
            audit.recordWithin(c, actor, "lab.list", "resident " + residentId, "ok");
            return out;
        }).map(found -> {
            if (found == null) throw ApiException.notFound("resident " + residentId);
            return found;
        });
    }

    /**
     * The specimen-receipt path: the barcode finds the report, the birth date confirms the person. A wrong birth
     * date and an unknown barcode get the same answer, so the lookup tells nothing about whose specimen it is.
     */
    public Future<JsonObject> lookup(String specimenBarcode, String birthDate, Actor actor) {
        return db.write(c -> {
            Optional<Long> resident = Sql.one(c, """
                    SELECT r.resident_id FROM lab_reports r JOIN residents p ON p.id = r.resident_id
                    WHERE r.specimen_barcode = ? AND p.birth_date = ? AND r.superseded_by IS NULL
                    AND r.status IN ('final', 'corrected') LIMIT 1""", rs -> rs.getLong(1), specimenBarcode, birthDate);
            audit.recordWithin(c, actor, "lab.lookup", resident.map(id -> "resident " + id).orElse("specimen"),
                    resident.isPresent() ? "ok" : "no_match");
            if (resident.isEmpty()) return null;
            JsonObject person = Sql.one(c, "SELECT id, name, id_number FROM residents WHERE id = ?", rs -> new JsonObject()
                    .put("id", rs.getLong("id")).put("nameMasked", Masking.name(rs.getString("name")))
                    .put("idNumberMasked", Masking.idNumber(rs.getString("id_number"))), resident.get()).orElseThrow();
            return new JsonObject().put("residentId", resident.get()).put("resident", person)
                    .put("reports", reports(c, resident.get()));
        }).map(found -> {
            if (found == null) {
                throw ApiException.notFound("a final report for this specimen barcode and birth date");
            }
            return found;
        });
    }

    private JsonArray reports(Connection c, long residentId) throws SQLException {
        List<JsonObject> list = Sql.list(c, """
                SELECT r.*, (SELECT COUNT(*) FROM lab_results x WHERE x.report_id = r.id) AS result_count,
                       (SELECT COUNT(*) FROM lab_prints p WHERE p.report_id = r.id AND p.outcome = 'printed') AS prints
                FROM lab_reports r WHERE r.resident_id = ? AND r.superseded_by IS NULL
                AND r.status IN ('final', 'corrected')
                ORDER BY (prints > 0), r.reported_at DESC, r.id DESC""", rs -> new JsonObject()
                .put("id", rs.getLong("id")).put("specimenBarcode", rs.getString("specimen_barcode"))
                .put("testCode", rs.getString("test_code")).put("testName", rs.getString("test_name"))
                .put("status", rs.getString("status")).put("orderingDoctor", rs.getString("ordering_doctor"))
                .put("collectedAt", time(Sql.longOrNull(rs, "collected_at")))
                .put("reportedAt", time(rs.getLong("reported_at")))
                .put("resultCount", rs.getInt("result_count"))
                .put("printed", rs.getInt("prints"))
                .put("printsLeft", Math.max(0, allowedPrints() - rs.getInt("prints"))), residentId);
        return new JsonArray(new ArrayList<>(list));
    }

    // ---- printing ledger --------------------------------------------------------------------------------------

    /**
     * Takes one print of a report for the resident, or refuses: not a current final report of a matched resident,
     * or no prints left. The pending row holds the print while the job runs.
     */
    public Future<PrintJob> reservePrint(long reportId, String printer, Actor actor) {
        // Refusals are returned, not thrown, so that their audit rows commit.
        return db.write(c -> {
            JsonObject report = Sql.one(c, "SELECT * FROM lab_reports WHERE id = ?", LabService::reportJson, reportId)
                    .orElse(null);
            String target = "lab_report " + reportId;
            if (report == null || report.getLong("residentId") == null) {
                audit.recordWithin(c, actor, "lab.print", target, "not_found");
                return ApiException.notFound("lab report " + reportId);
            }
            if (report.getLong("supersededBy") != null || report.getString("status").equals("preliminary")) {
                audit.recordWithin(c, actor, "lab.print", target, "not_current");
                return ApiException.conflict("report_not_current", "this report was replaced by a newer version or "
                        + "is not final yet; reload the list");
            }
            int used = (int) Sql.count(c, "SELECT COUNT(*) FROM lab_prints WHERE report_id = ? AND outcome IN "
                    + "('printed', 'pending')", reportId);
            if (used >= allowedPrints()) {
                audit.recordWithin(c, actor, "lab.print", target, "reprint_limit");
                return ApiException.conflict("reprint_limit", "this report has been printed " + used
                        + " time(s), the most allowed; ask the staff at the desk for another copy");
            }
            report.put("results", new JsonArray(Sql.list(c, "SELECT * FROM lab_results WHERE report_id = ? ORDER BY seq",
                    rs -> new JsonObject().put("code", rs.getString("code")).put("name", rs.getString("name"))
                            .put("value", rs.getString("value")).put("numeric", rs.getString("value_type").equals("number"))
                            .put("units", rs.getString("units")).put("referenceRange", rs.getString("reference_range"))
                            .put("flag", rs.getString("flag")), reportId)));
            report.put("corrects", Sql.count(c, "SELECT COUNT(*) FROM lab_reports WHERE superseded_by = ? "
                    + "AND status IN ('final', 'corrected')", reportId) > 0);
            JsonObject resident = Sql.one(c, "SELECT * FROM residents WHERE id = ?", rs -> new JsonObject()
                    .put("id", rs.getLong("id")).put("nameMasked", Masking.name(rs.getString("name")))
                    .put("idNumberMasked", Masking.idNumber(rs.getString("id_number")))
                    .put("recordNumberMasked", Masking.recordNumber(rs.getString("record_number")))
                    .put("sex", rs.getString("sex")).put("birthDate", rs.getString("birth_date")),
                    report.getLong("residentId")).orElseThrow();
            long printId = Sql.insert(c, "INSERT INTO lab_prints (report_id, actor, kiosk_id, printer, outcome, "
                    + "started_at) VALUES (?, ?, ?, ?, 'pending', ?)", reportId, actor.auditName(), actor.kioskId(),
                    printer, clock.millis());
            return new PrintJob(printId, reportId, printer, report, resident, used);
        }).compose(outcome -> outcome instanceof PrintJob job ? Future.succeededFuture(job)
                : Future.failedFuture((ApiException) outcome));
    }

    /** Records how the print ended, with its audit row, in one transaction. */
    public Future<Void> finishPrint(PrintJob job, Actor actor, boolean printed, String reason, String jobId,
                                    Integer pages) {
        return db.write(c -> {
            Sql.update(c, "UPDATE lab_prints SET outcome = ?, reason = ?, job_id = ?, pages = ?, finished_at = ? "
                    + "WHERE id = ?", printed ? "printed" : "failed", reason, jobId, pages, clock.millis(), job.printId());
            audit.recordWithin(c, actor, "lab.print", "lab_report " + job.reportId() + " print " + job.printId()
                    + " (" + job.printer() + ")", printed ? "printed" : "failed");
            return null;
        });
    }

    private static JsonObject reportJson(ResultSet rs) throws SQLException {
        return new JsonObject().put("id", rs.getLong("id")).put("residentId", Sql.longOrNull(rs, "resident_id"))
                .put("specimenBarcode", rs.getString("specimen_barcode")).put("testCode", rs.getString("test_code"))
                .put("testName", rs.getString("test_name")).put("orderingDoctor", rs.getString("ordering_doctor"))
                .put("status", rs.getString("status")).put("collectedAt", Sql.longOrNull(rs, "collected_at"))
                .put("reportedAt", rs.getLong("reported_at")).put("supersededBy", Sql.longOrNull(rs, "superseded_by"));
    }

    private String time(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis).atZone(zone).toOffsetDateTime().toString();
    }
}
