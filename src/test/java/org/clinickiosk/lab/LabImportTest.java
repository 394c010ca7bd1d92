package org.clinickiosk.lab;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClientSession;
import io.vertx.junit5.VertxExtension;
import org.clinickiosk.store.Sql;
import org.clinickiosk.testsupport.TestConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lab import end to end: our MLLP client sends the sample ORU messages to the real server's listener (whole,
 * two per write, split over many writes, with garbage), and the ACKs and the database are checked; the FHIR import
 * over HTTP; quarantine and assignment by staff; the kiosk's lists.
 */
@ExtendWith(VertxExtension.class)
class LabImportTest {
    private LabFixture f;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        f = new LabFixture(vertx, json -> json);
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    private long reports() {
        return f.count("SELECT COUNT(*) FROM lab_reports");
    }

    // ---- MLLP ------------------------------------------------------------------------------------------------

    @Test
    void aNormalMessageIsStoredForTheResidentMatchedByIdNumberThenAcknowledged() throws Exception {
        MllpClient.Ack ack = f.send("oru-normal.hl7");
        assertEquals("AA", ack.code(), ack.text());
        assertEquals("LAB0001", ack.controlId());
        assertEquals("20261123090000.000+0800", ack.messageTime(), "the server's clock, in the clinic's zone");
        assertEquals(1, f.count("SELECT COUNT(*) FROM lab_reports WHERE resident_id = ? AND status = 'final' "
                + "AND specimen_barcode = 'BC20261123001' AND ordering_doctor = '张建国'", f.wang));
        assertEquals(5, f.count("SELECT COUNT(*) FROM lab_results"));
        assertEquals(1, f.count("SELECT COUNT(*) FROM lab_results WHERE code = 'HGB' AND value = '105' "
                + "AND units = 'g/L' AND reference_range = '130-175' AND flag = 'L' AND value_type = 'number'"));
        assertEquals(1, f.count("SELECT COUNT(*) FROM lab_results WHERE code = 'GLU' AND flag = 'HH'"));
    }

    @Test
    void aCorrectionSupersedesTheFinalReportAndKeepsItAsHistory() throws Exception {
        assertEquals("AA", f.send("oru-normal.hl7").code());
        assertEquals("AA", f.send("oru-corrected.hl7").code());
        assertEquals(2, reports());
        long corrected = f.count("SELECT id FROM lab_reports WHERE status = 'corrected'");
        assertEquals(1, f.count("SELECT COUNT(*) FROM lab_reports WHERE status = 'final' AND superseded_by = ?", corrected));
        assertEquals(1, f.count("SELECT COUNT(*) FROM lab_results WHERE report_id = ? AND code = 'HGB' AND value = '135' "
                + "AND flag = 'N'", corrected));
        JsonArray list = f.kioskGetAs(f.wang, "/api/lab/residents/" + f.wang + "/reports").bodyAsJsonObject().getJsonArray("reports");
        assertEquals(1, list.size(), "the kiosk sees only the current version");
        assertEquals("corrected", list.getJsonObject(0).getString("status"));
        assertEquals(corrected, list.getJsonObject(0).getLong("id"));
    }

    @Test
    void aMatchByRecordNumberAndTwoReportsInOneMessage() throws Exception {
        assertEquals("AA", f.send("oru-record-number.hl7").code());
        assertEquals(2, f.count("SELECT COUNT(*) FROM lab_reports WHERE resident_id = ?", f.li));
        assertEquals(1, f.count("SELECT COUNT(*) FROM lab_results WHERE code = 'UA' AND value = '<90' AND flag = 'LL' "
                + "AND value_type = 'text'"));
    }

    @Test
    void anUnmatchedReportWaitsInQuarantineUntilStaffAssignIt() throws Exception {
        assertEquals("AA", f.send("oru-unmatched.hl7").code());
        assertEquals(1, f.count("SELECT COUNT(*) FROM lab_reports WHERE resident_id IS NULL AND quarantine_reason = 'no_match'"));

        WebClientSession staff = f.s.browser();
        String csrf = f.s.login(staff, "nurse1");
        HttpResponse<Buffer> list = staff.get("/api/lab/quarantine").send().await();
        assertEquals(200, list.statusCode(), list.bodyAsString());
        JsonObject waiting = list.bodyAsJsonArray().getJsonObject(0);
        assertEquals("no_match", waiting.getString("reason"));
        assertEquals("4403**********0034", waiting.getJsonObject("patient").getString("idNumberMasked"));
        assertEquals("赵*勇", waiting.getJsonObject("patient").getString("nameMasked"));
        assertFalse(list.bodyAsString().contains("440306199207080034"), "the list shows masked identifiers only");
        assertEquals(401, f.s.client.get("/api/lab/quarantine").send().await().statusCode());
        assertEquals(401, f.kioskGet("/api/lab/quarantine").statusCode());

        long reportId = waiting.getLong("id");
        assertEquals(403, staff.post("/api/lab/quarantine/" + reportId + "/assign")
                .sendJsonObject(new JsonObject().put("residentId", f.li)).await().statusCode(), "CSRF header required");
        HttpResponse<Buffer> assigned = staff.post("/api/lab/quarantine/" + reportId + "/assign")
                .putHeader("X-CSRF-Token", csrf).sendJsonObject(new JsonObject().put("residentId", f.li)).await();
        assertEquals(200, assigned.statusCode(), assigned.bodyAsString());
        assertEquals(f.li, f.count("SELECT resident_id FROM lab_reports WHERE id = ?", reportId));
        assertEquals(0, staff.get("/api/lab/quarantine").send().await().bodyAsJsonArray().size());
        assertEquals(1, f.count("SELECT COUNT(*) FROM audit_log WHERE action = 'lab.quarantine.assign' "
                + "AND actor = 'staff:nurse1' AND target = ?", "lab_report " + reportId + " -> resident " + f.li));
        assertEquals(409, staff.post("/api/lab/quarantine/" + reportId + "/assign").putHeader("X-CSRF-Token", csrf)
                .sendJsonObject(new JsonObject().put("residentId", f.li)).await().statusCode(), "not in quarantine any more");

        // A later version of the same specimen follows the staff's assignment.
        String corrected = MllpClient.sample("oru-unmatched.hl7").replace("LAB0004", "LAB0104")
                .replace("||F\rOBX", "||C\rOBX").replace("|5.4|", "|5.6|");
        try (MllpClient client = f.mllp()) {
            assertEquals("AA", client.send(corrected).code());
        }
        assertEquals(2, f.count("SELECT COUNT(*) FROM lab_reports WHERE resident_id = ?", f.li));
    }

    @Test
    void aBirthDateThatDisagreesWithTheRecordIsQuarantined() throws Exception {
        try (MllpClient client = f.mllp()) {
            MllpClient.Ack ack = client.send(MllpClient.sample("oru-normal.hl7").replace("||19800101|", "||19800102|"));
            assertEquals("AA", ack.code());
        }
        assertEquals(1, f.count("SELECT COUNT(*) FROM lab_reports WHERE resident_id IS NULL "
                + "AND quarantine_reason = 'birth_date_mismatch'"));
    }

    @Test
    void aMalformedMessageIsAnAeAndLeavesWhatIsStoredUntouched() throws Exception {
        assertEquals("AA", f.send("oru-normal.hl7").code());
        String before = f.s.server.database().read(c -> org.clinickiosk.store.Sql.list(c,
                "SELECT id, status, superseded_by FROM lab_reports ORDER BY id", rs -> rs.getString(1) + rs.getString(2)
                        + rs.getString(3))).await().toString();
        MllpClient.Ack bad = f.send("oru-bad-value.hl7");
        assertEquals("AE", bad.code());
        assertEquals("LAB0005", bad.controlId());
        assertTrue(bad.error().contains("OBX 1 (TSH): OBX-5 value \"2..1\" is not a number"), bad.text());

        MllpClient.Ack unknown = f.send("oru-unknown-correction.hl7");
        assertEquals("AE", unknown.code());
        assertTrue(unknown.error().contains("unknown specimen: specimen BC20269999999 test K"), unknown.text());

        // A correction whose second report is bad: the whole message is refused, the first report is not stored.
        String halfBad = MllpClient.sample("oru-corrected.hl7").replace("LAB0002", "LAB0202")
                + "\rOBR|2|PL0001|BC20261123001|ESR^血沉^L|||20261123073000||||||||||||||20261123095500|||F"
                + "\rOBX|1|NM|ESR^血沉^L||fast|mm/h|0-20||||F";
        try (MllpClient client = f.mllp()) {
            assertEquals("AE", client.send(halfBad).code());
        }
        assertEquals("AR", f.send("oru-wrong-type.hl7").code());
        String after = f.s.server.database().read(c -> org.clinickiosk.store.Sql.list(c,
                "SELECT id, status, superseded_by FROM lab_reports ORDER BY id", rs -> rs.getString(1) + rs.getString(2)
                        + rs.getString(3))).await().toString();
        assertEquals(before, after);
        assertEquals(1, f.count("SELECT COUNT(*) FROM lab_messages"));
    }

    @Test
    void aResentMessageIsAcknowledgedAgainAndStoredOnce() throws Exception {
        assertEquals("AA", f.send("oru-normal.hl7").code());
        MllpClient.Ack again = f.send("oru-normal.hl7");
        assertEquals("AA", again.code());
        assertEquals("LAB0001", again.controlId());
        assertEquals(1, reports());
    }

    @Test
    void twoMessagesInOneWriteGetTwoAcksInOrder() throws Exception {
        try (MllpClient client = f.mllp()) {
            ByteArrayOutputStream both = new ByteArrayOutputStream();
            both.writeBytes(MllpClient.frame(MllpClient.sample("oru-normal.hl7")));
            both.writeBytes(MllpClient.frame(MllpClient.sample("oru-record-number.hl7")));
            client.write(both.toByteArray());
            assertEquals(List.of("LAB0001", "LAB0003"), List.of(client.readAck().controlId(), client.readAck().controlId()));
        }
        assertEquals(3, reports());
    }

    @Test
    void aMessageSplitOverManyWritesWithGarbageAroundIsStillTaken() throws Exception {
        try (MllpClient client = f.mllp()) {
            client.write("garbage before any frame\r\n".getBytes());
            byte[] frame = MllpClient.frame(MllpClient.sample("oru-record-number.hl7"));
            for (int i = 0; i < frame.length; i += 7) {
                client.write(java.util.Arrays.copyOfRange(frame, i, Math.min(frame.length, i + 7)));
                if (i % 70 == 0) Thread.sleep(2);
            }
            MllpClient.Ack ack = client.readAck();
            assertEquals("AA", ack.code());
            assertEquals("LAB0003", ack.controlId());
            // A frame cut off by a new one gets no ACK; the next good one does.
            client.write(new byte[]{MllpFramer.VT});
            client.write("MSH|^~\\&|LIS|half a mess".getBytes());
            assertEquals("AA", client.send(MllpClient.sample("oru-normal.hl7")).code());
        }
        assertEquals(3, reports());
    }

    @Test
    void invalidUtf8IsRefusedWithAReason() throws Exception {
        byte[] text = MllpClient.sample("oru-normal.hl7").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] broken = java.util.Arrays.copyOf(text, text.length + 1);
        broken[broken.length - 1] = (byte) 0xC3;
        try (MllpClient client = f.mllp()) {
            client.write(MllpFramer.wrap(broken));
            MllpClient.Ack ack = client.readAck();
            assertEquals("AR", ack.code());
            assertTrue(ack.error().contains("not valid UTF-8"), ack.text());
        }
        assertEquals(0, reports());
    }

    @Test
    void gb18030DeclaredInMsh18IsReadAndAnsweredInKind() throws Exception {
        String gb = MllpClient.sample("oru-unmatched.hl7").replace("UNICODE UTF-8", "GB 18030-2000");
        try (MllpClient client = f.mllp()) {
            client.write(MllpFramer.wrap(gb.getBytes(java.nio.charset.Charset.forName("GB18030"))));
            assertEquals("AA", client.readAck().code());
        }
        assertEquals("赵大勇", f.s.server.database().read(c -> org.clinickiosk.store.Sql.one(c,
                "SELECT patient_name FROM lab_reports", rs -> rs.getString(1))).await().orElseThrow());
    }

    // ---- FHIR ------------------------------------------------------------------------------------------------

    @Test
    void aFhirBundleIsStoredAndMatchedAndAResendChangesNothing() throws Exception {
        HttpResponse<Buffer> r = f.importFhir(LabFixture.json("fhir-bundle.json"), LabFixture.LAB_TOKEN);
        assertEquals(201, r.statusCode(), r.bodyAsString());
        assertEquals(0, r.bodyAsJsonObject().getInteger("quarantined"));
        assertEquals(1, f.count("SELECT COUNT(*) FROM lab_reports WHERE resident_id = ? AND test_code = 'LIPID' "
                + "AND specimen_barcode = 'BC20261123010' AND ordering_doctor = '陈丽' AND status = 'final'", f.li));
        assertEquals(1, f.count("SELECT COUNT(*) FROM lab_results WHERE code = 'TC' AND value = '6.5' AND units = 'mmol/L' "
                + "AND reference_range = '<=5.2' AND flag = 'H'"));
        assertEquals(1, f.count("SELECT COUNT(*) FROM lab_results WHERE code = 'HDL' AND reference_range = '1.04-1.55' AND flag IS NULL"));
        HttpResponse<Buffer> again = f.importFhir(LabFixture.json("fhir-bundle.json"), LabFixture.LAB_TOKEN);
        assertEquals(200, again.statusCode());
        assertTrue(again.bodyAsJsonObject().getBoolean("duplicate"));
        assertEquals(1, reports());
    }

    @Test
    void aBadFhirBundleIsRefusedNamingTheElementAndStoresNothing() throws Exception {
        HttpResponse<Buffer> r = f.importFhir(LabFixture.json("fhir-bundle-bad-value.json"), LabFixture.LAB_TOKEN);
        assertEquals(422, r.statusCode(), r.bodyAsString());
        JsonObject error = r.bodyAsJsonObject().getJsonObject("error");
        assertEquals("invalid_bundle", error.getString("code"));
        assertEquals("Observation/o2.valueQuantity.value: must be a number, got \"1.3 mmol\"", error.getString("message"));
        JsonObject noPatient = LabFixture.json("fhir-bundle.json");
        noPatient.getJsonArray("entry").remove(0);
        HttpResponse<Buffer> missing = f.importFhir(noPatient, LabFixture.LAB_TOKEN);
        assertEquals(422, missing.statusCode());
        assertTrue(missing.bodyAsJsonObject().getJsonObject("error").getString("message")
                .startsWith("DiagnosticReport/dr1.subject: \"urn:uuid:"), missing.bodyAsString());
        assertEquals(422, f.importFhir(new JsonObject().put("resourceType", "Patient"), LabFixture.LAB_TOKEN).statusCode());
        assertEquals(0, reports());
        assertEquals(0, f.count("SELECT COUNT(*) FROM lab_messages"));
    }

    @Test
    void theFhirImportNeedsTheLabToken() throws Exception {
        JsonObject bundle = LabFixture.json("fhir-bundle.json");
        assertEquals(401, f.importFhir(bundle, null).statusCode());
        HttpResponse<Buffer> wrong = f.importFhir(bundle, "not-the-lab-token-0123456789");
        assertEquals(401, wrong.statusCode());
        assertEquals("bad_lab_token", wrong.bodyAsJsonObject().getJsonObject("error").getString("code"));
        assertEquals(401, f.s.client.post("/api/lab/reports").putHeader("X-Kiosk-Token",
                org.clinickiosk.testsupport.TestConfigs.KIOSK1_TOKEN).sendJsonObject(bundle).await().statusCode());
        assertEquals(0, reports());
    }

    // ---- kiosk lists ----------------------------------------------------------------------------------------

    @Test
    void theKioskListHoldsFinalReportsWithoutValuesAndTheBarcodeLookupNeedsTheBirthDate() throws Exception {
        assertEquals("AA", f.send("oru-record-number.hl7").code());
        String preliminary = MllpClient.sample("oru-normal.hl7").replace("LAB0001", "LAB0301")
                .replace("|D017^张^建国||||||20261123082500|||F", "|D017^张^建国||||||20261123082500|||P")
                .replace("PID|1||34052419800101001X^^^^NNCHN", "PID|1||11010500100100000002^^^^HR")
                .replace("||19800101|M", "||19750315|F");
        try (MllpClient client = f.mllp()) {
            assertEquals("AA", client.send(preliminary).code());
        }
        HttpResponse<Buffer> r = f.kioskGetAs(f.li, "/api/lab/residents/" + f.li + "/reports");
        assertEquals(200, r.statusCode(), r.bodyAsString());
        JsonArray reports = r.bodyAsJsonObject().getJsonArray("reports");
        assertEquals(2, reports.size(), "the preliminary report is not offered");
        JsonObject first = reports.getJsonObject(0);
        assertEquals(0, first.getInteger("printed"));
        assertEquals(2, first.getInteger("printsLeft"));
        assertNull(first.getValue("results"));
        assertFalse(r.bodyAsString().contains("58"), "no result values on the kiosk screen");
        assertEquals("2026-11-23T08:30+08:00", first.getString("reportedAt"));

        HttpResponse<Buffer> found = f.kioskPost("/api/lab/lookup", new JsonObject()
                .put("specimenBarcode", "BC20261123002").put("birthDate", "1975-03-15"));
        assertEquals(200, found.statusCode(), found.bodyAsString());
        assertEquals(f.li, found.bodyAsJsonObject().getLong("residentId"));
        assertEquals("李*梅", found.bodyAsJsonObject().getJsonObject("resident").getString("nameMasked"));
        assertEquals("1101**********0022", found.bodyAsJsonObject().getJsonObject("resident").getString("idNumberMasked"));
        assertFalse(found.bodyAsString().contains(LabFixture.LI_ID));

        HttpResponse<Buffer> wrongBirth = f.kioskPost("/api/lab/lookup", new JsonObject()
                .put("specimenBarcode", "BC20261123002").put("birthDate", "1975-03-16"));
        HttpResponse<Buffer> unknown = f.kioskPost("/api/lab/lookup", new JsonObject()
                .put("specimenBarcode", "BC99999999999").put("birthDate", "1975-03-15"));
        assertEquals(404, wrongBirth.statusCode());
        assertEquals(wrongBirth.bodyAsString(), unknown.bodyAsString(), "the answer does not tell which part was wrong");
        assertEquals(2, f.count("SELECT COUNT(*) FROM audit_log WHERE action = 'lab.lookup' AND outcome = 'no_match' "
                + "AND actor = 'kiosk:K1'"));
        assertEquals(401, f.s.client.get("/api/lab/residents/" + f.li + "/reports").send().await().statusCode());
    }

    @Test
    void guessingBirthDatesForAReceiptIsStoppedAfterAFewWrongOnes() throws Exception {
        assertEquals("AA", f.send("oru-record-number.hl7").code());   // 李春梅's report, specimen BC20261123002
        JsonObject right = new JsonObject().put("specimenBarcode", "BC20261123002").put("birthDate", "1975-03-15");
        for (int day = 1; day <= LabRoutes.MAX_WRONG_PER_BARCODE; day++) {
            assertEquals(404, f.kioskPost("/api/lab/lookup", right.copy().put("birthDate", "1975-04-0" + day)).statusCode());
        }
        HttpResponse<Buffer> stopped = f.kioskPost("/api/lab/lookup", right);
        assertEquals(429, stopped.statusCode(), "even the right date waits once the barcode was guessed at");
        assertEquals("too_many_attempts", stopped.bodyAsJsonObject().getJsonObject("error").getString("code"));
        assertTrue(Long.parseLong(stopped.getHeader("Retry-After")) > 0);

        f.s.clock.advance(java.time.Duration.ofMillis(LabRoutes.LOOKUP_WINDOW_MILLIS + 1000));
        assertEquals(200, f.kioskPost("/api/lab/lookup", right).statusCode(), "the pause ends");
    }

    @Test
    void aKioskSeesOnlyTheReportsOfTheResidentIdentifiedThereAndTheReceiptIdentifies() throws Exception {
        assertEquals("AA", f.send("oru-normal.hl7").code());           // a report for 王小明 (f.wang)
        HttpResponse<Buffer> nobody = f.kioskGet("/api/lab/residents/" + f.wang + "/reports");
        assertEquals(403, nobody.statusCode(), "nobody is identified at K1 yet");
        assertEquals("not_identified_here", nobody.bodyAsJsonObject().getJsonObject("error").getString("code"));
        f.identifyAtKiosk(f.li);
        assertEquals(403, f.kioskGet("/api/lab/residents/" + f.wang + "/reports").statusCode(), "another resident's");
        long report = f.count("SELECT id FROM lab_reports WHERE resident_id = ?", f.wang);
        assertEquals(403, f.kioskPost("/api/lab/reports/" + report + "/print", new JsonObject()).statusCode(),
                "nor can it print another resident's report");
        String barcode = f.s.server.database().read(c -> Sql.one(c, "SELECT specimen_barcode FROM lab_reports WHERE id = ?",
                rs -> rs.getString(1), report).orElseThrow()).await();
        HttpResponse<Buffer> found = f.kioskPost("/api/lab/lookup", new JsonObject().put("specimenBarcode", barcode)
                .put("birthDate", "1980-01-01"));
        assertEquals(200, found.statusCode(), found.bodyAsString());
        assertEquals(200, f.kioskGet("/api/lab/residents/" + f.wang + "/reports").statusCode(),
                "the receipt confirmed with the birth date identified the resident at this kiosk");
        assertEquals(403, f.s.client.get("/api/lab/residents/" + f.wang + "/reports")
                .putHeader("X-Kiosk-Token", TestConfigs.KIOSK2_TOKEN).send().await().statusCode(), "but not at K2");
    }
}
