package org.clinickiosk.lab;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading ORU^R01 with HAPI into reports, and the ACKs HAPI builds for each outcome. */
class OruMessagesTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** The server's clock, in UTC as on our servers: 09:02:03.456 in Shanghai. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T01:02:03.456Z"), ZoneOffset.UTC);
    private final OruMessages oru = new OruMessages(SHANGHAI, CLOCK);

    private static MllpClient.Ack ack(String text) {
        return new MllpClient.Ack(text);
    }

    @Test
    void aNormalMessageBecomesOneReportWithEveryFieldWeKeep() throws Exception {
        OruMessages.Parsed parsed = oru.parse(MllpClient.sample("oru-normal.hl7"));
        assertEquals("LAB0001", parsed.controlId());
        assertEquals("LIS/CITYLAB", parsed.sender());
        LabReport report = parsed.reports().get(0);
        assertEquals(List.of(new LabReport.Identifier("NNCHN", "34052419800101001X")), report.patient().identifiers());
        assertEquals("王小明", report.patient().name());
        assertEquals("1980-01-01", report.patient().birthDate());
        assertEquals("BC20261123001", report.specimenBarcode());
        assertEquals("CBC", report.testCode());
        assertEquals("血常规", report.testName());
        assertEquals("张建国", report.orderingDoctor());
        assertEquals(LabReport.Status.FINAL, report.status());
        assertEquals(ZonedDateTime.of(2026, 11, 23, 8, 25, 0, 0, SHANGHAI).toInstant().toEpochMilli(), report.reportedAt());
        assertEquals(5, report.results().size());
        LabReport.Result hgb = report.results().get(1);
        assertEquals(new LabReport.Result("HGB", "血红蛋白", "105", true, "g/L", "130-175", "L"), hgb);
        assertEquals("HH", report.results().get(3).flag());
        LabReport.Result comment = report.results().get(4);
        assertFalse(comment.numeric());
        assertEquals("标本轻度溶血", comment.value());
        assertNull(comment.flag());

        MllpClient.Ack ack = ack(oru.accept(parsed));
        assertEquals("AA", ack.code());
        assertEquals("LAB0001", ack.controlId());
        assertEquals("ACK^R01^ACK", ack.messageType());
    }

    @Test
    void everyAckIsStampedWithTheServersTimeInTheClinicsZone() throws Exception {
        String clinicTime = "20261123090203.456+0800";
        assertEquals(clinicTime, ack(oru.accept(oru.parse(MllpClient.sample("oru-normal.hl7")))).messageTime(), "AA");
        OruMessages.Unacceptable badValue = assertThrows(OruMessages.Unacceptable.class,
                () -> oru.parse(MllpClient.sample("oru-bad-value.hl7")));
        MllpClient.Ack ae = ack(oru.reject(badValue));
        assertEquals("AE", ae.code());
        assertEquals(clinicTime, ae.messageTime());
        OruMessages.Unacceptable wrongType = assertThrows(OruMessages.Unacceptable.class,
                () -> oru.parse(MllpClient.sample("oru-wrong-type.hl7")));
        MllpClient.Ack ar = ack(oru.reject(wrongType));
        assertEquals("AR", ar.code());
        assertEquals(clinicTime, ar.messageTime());
        OruMessages.Unacceptable unreadable = assertThrows(OruMessages.Unacceptable.class, () -> oru.parse("hello lab"));
        assertEquals(clinicTime, ack(oru.reject(unreadable)).messageTime(), "AR without a header to answer");
    }

    @Test
    void twoOrdersInOneMessageAreTwoReportsAndAStructuredNumberIsKeptAsText() throws Exception {
        List<LabReport> reports = oru.parse(MllpClient.sample("oru-record-number.hl7")).reports();
        assertEquals(List.of("LFT", "RFT"), reports.stream().map(LabReport::testCode).toList());
        LabReport.Result uricAcid = reports.get(1).results().get(1);
        assertEquals("<90", uricAcid.value());
        assertEquals("LL", uricAcid.flag());
    }

    @Test
    void aValueThatIsNotANumberIsAnAeNamingTheObservation() {
        OruMessages.Unacceptable u = assertThrows(OruMessages.Unacceptable.class,
                () -> oru.parse(MllpClient.sample("oru-bad-value.hl7")));
        assertFalse(u.reason().refused());
        assertEquals("OBR 1 OBX 1 (TSH): OBX-5 value \"2..1\" is not a number", u.reason().getMessage());
        MllpClient.Ack ack = ack(oru.reject(u));
        assertEquals("AE", ack.code());
        assertEquals("LAB0005", ack.controlId());
        assertTrue(ack.error().contains("is not a number"), ack.text());
    }

    @Test
    void anotherMessageTypeIsAnAr() {
        OruMessages.Unacceptable u = assertThrows(OruMessages.Unacceptable.class,
                () -> oru.parse(MllpClient.sample("oru-wrong-type.hl7")));
        assertTrue(u.reason().refused());
        MllpClient.Ack ack = ack(oru.reject(u));
        assertEquals("AR", ack.code());
        assertEquals("ADT0001", ack.controlId());
        assertTrue(ack.error().contains("ADT^A01 is not taken here"), ack.text());
    }

    @Test
    void anotherVersionIsAnAr() throws Exception {
        String v23 = MllpClient.sample("oru-normal.hl7").replace("|P|2.5.1|", "|P|2.3|");
        OruMessages.Unacceptable u = assertThrows(OruMessages.Unacceptable.class, () -> oru.parse(v23));
        assertEquals("AR", ack(oru.reject(u)).code());
        assertTrue(u.reason().getMessage().contains("version 2.3"));
    }

    @Test
    void textWithoutMshIsAnArWithoutAControlId() {
        OruMessages.Unacceptable u = assertThrows(OruMessages.Unacceptable.class, () -> oru.parse("hello lab"));
        MllpClient.Ack ack = ack(oru.reject(u));
        assertEquals("AR", ack.code());
        assertEquals("", ack.controlId());
        assertFalse(java.nio.file.Files.exists(java.nio.file.Path.of("id_file")),
                "ACK ids come from our generator, not HAPI's default file in the working directory");
    }

    @Test
    void strictFieldChecksNameTheField() throws Exception {
        String normal = MllpClient.sample("oru-normal.hl7");
        assertProblem(normal.replace("||F\rOBX|1", "||X\rOBX|1"), "OBR 1: OBR-25 result status \"X\" is not taken");
        assertProblem(normal.replace("|L|||F", "|LOW|||F"), "OBR 1 OBX 2 (HGB): OBX-8 abnormal flag \"LOW\" is not taken");
        assertProblem(normal.replace("^^^^NNCHN", ""), "PID-3 identifier without a type");
        assertProblem(normal.replace("\rSPM|1|BC20261123001||BLD^全血^HL70487", "").replace("|PL0001|BC20261123001|CBC", "|PL0001||CBC"),
                "OBR 1: no specimen barcode (SPM-2 or OBR-3)");
        assertProblem(normal.replace("20261123082500", "20261332"), "OBR 1 OBR-22: \"20261332\" is not a real time");
        assertProblem(normal.replace("OBX|5|ST|COMMENT", "OBX|5|ED|COMMENT"), "OBX-2 value type ED is not taken");
    }

    private void assertProblem(String message, String expectedStart) {
        OruMessages.Unacceptable u = assertThrows(OruMessages.Unacceptable.class, () -> oru.parse(message));
        assertTrue(u.reason().getMessage().contains(expectedStart), u.reason().getMessage());
        assertEquals("AE", ack(oru.reject(u)).code());
    }

    @Test
    void hl7TimesTakeTheirOffsetOrTheClinicZone() {
        long local = Hl7Time.parse("202611230825", SHANGHAI);
        assertEquals(ZonedDateTime.of(2026, 11, 23, 8, 25, 0, 0, SHANGHAI).toInstant().toEpochMilli(), local);
        assertEquals(local, Hl7Time.parse("20261123002500+0000", SHANGHAI));
        assertEquals(local + 500, Hl7Time.parse("20261123082500.5", SHANGHAI));
        assertThrows(IllegalArgumentException.class, () -> Hl7Time.parse("2026-11-23", SHANGHAI));
    }
}
