package org.clinickiosk.device.bp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BpParsersTest {

    private static BpEvent single(BpModel model, OmronHbp9020Layout layout, String text) {
        List<BpEvent> events = BpRecordParser.forModel(model, layout)
                .feed(Capture.decode(text));
        assertEquals(1, events.size(), "events for " + text);
        return events.get(0);
    }

    @Test
    void omron9030ReadingKeepsValuesAndMasksTheIdField() {
        BpReading r = assertInstanceOf(BpReading.class, single(BpModel.OMRON_HBP9030, null,
                "2026,07,11,09,05,12345678901234567890,0,120,080,072,0<CR><LF>"));
        assertEquals(120, r.systolic());
        assertNull(r.meanArterialPressure(), "format 5 has no mean");
        assertEquals(BpModel.OMRON_HBP9030, r.model());
        assertEquals("2026,07,11,09,05,1234************7890,0,120,080,072,0", r.raw());
    }

    @Test
    void omron9020LayoutIsASetting() {
        // a site that distrusts the UNVERIFIED mean field switches it off
        OmronHbp9020Layout noMean = new OmronHbp9020Layout(4, 6, 7, -1, 9);
        BpReading r = assertInstanceOf(BpReading.class, single(BpModel.OMRON_HBP9020, noMean,
                "bp,99999999999999999999,2023/04/27,15:06,140,098,077,068,3<CR><LF>"));
        assertNull(r.meanArterialPressure());
        assertEquals(77, r.diastolic());
        assertFalse(r.raw().contains("99999999999999999999"), "patient ID field must be masked");

        OmronHbp9020Layout swapped = new OmronHbp9020Layout(4, 7, 6, -1, 9);
        BpEvent e = single(BpModel.OMRON_HBP9020, swapped,
                "bp,99999999999999999999,2023/04/27,15:06,140,098,077,068,3<CR><LF>");
        assertEquals(68, assertInstanceOf(BpReading.class, e).diastolic());
    }

    @Test
    void omron9020LayoutRejectsPositionsOutsideTheValueFields() {
        assertThrows(IllegalArgumentException.class, () -> new OmronHbp9020Layout(1, 6, 7, 5, 9));
        assertThrows(IllegalArgumentException.class, () -> new OmronHbp9020Layout(4, 6, 9, 5, 9));
        assertThrows(IllegalArgumentException.class, () -> new OmronHbp9020Layout(4, 6, 7, 2, 9));
    }

    @ParameterizedTest(name = "{0}/{1} pulse {2} -> {3}")
    @CsvSource({
            "60, 30, 40, reading", "260, 215, 180, reading",
            "59, 30, 40, out-of-range", "261, 100, 60, out-of-range",
            "120, 29, 60, out-of-range", "250, 216, 60, out-of-range",
            "120, 80, 39, out-of-range", "120, 80, 181, out-of-range",
            "100, 100, 60, inconsistent", "99, 100, 60, inconsistent"})
    void rangeChecksDecideBetweenReadingAndError(int sys, int dia, int pulse, String outcome) {
        BpEvent e = BpRanges.check(sys, dia, pulse, null, null, BpModel.AND_TM2655, "");
        String got = e instanceof BpMeasurementError err ? err.code().key() : "reading";
        assertEquals(outcome, got);
    }

    @Test
    void meanOutsideDiastolicToSystolicIsInconsistent() {
        BpEvent e = BpRanges.check(120, 80, 70, 79, null, BpModel.AND_TM2655, "");
        assertEquals(BpErrorCode.INCONSISTENT, assertInstanceOf(BpMeasurementError.class, e).code());
    }

    @Test
    void everyDocumentedAndCodeHasItsOwnReason() {
        for (String code : List.of("E11", "E12", "E13", "E15", "E21", "E22", "E23", "E24", "E42", "E43", "E44",
                "E45", "E46", "E48", "E61", "E63")) {
            BpErrorCode mapped = BpErrorCode.forAndCode(code);
            assertTrue(mapped != BpErrorCode.DEVICE_ERROR, code + " is documented and must not be generic");
        }
        assertEquals(BpErrorCode.DEVICE_ERROR, BpErrorCode.forAndCode("E77"));
        List<BpEvent> events = BpRecordParser.forModel(BpModel.AND_TM2655, null)
                .feed(BpRecordFormat.andError(LocalDateTime.of(2026, 1, 2, 3, 4), "E44"));
        BpMeasurementError e = assertInstanceOf(BpMeasurementError.class, events.get(0));
        assertEquals("patient-moved", e.code().key());
        assertTrue(e.reason().contains("keep still"), e.reason());
    }

    @Test
    void andParserReportsAcknowledgementOutsideFramesOnly() {
        BpRecordParser p = BpRecordParser.forModel(BpModel.AND_TM2655, null);
        assertEquals(List.of(new BpAcknowledged()), p.feed(BpRecordFormat.andAcknowledgement()));
        assertEquals(List.of(), p.feed(Capture.decode("<STX>TM2655<ACK>")), "ACK inside a frame is data");
    }

    @Test
    void overlongLineOfNoiseIsDroppedButTheRecordAfterItSurvives() {
        BpRecordParser p = BpRecordParser.forModel(BpModel.OMRON_HBP9030, null);
        p.feed("x".repeat(10_000).getBytes(StandardCharsets.US_ASCII));
        assertTrue(p.bufferedBytes() <= p.maxBufferedBytes());
        List<BpEvent> events = p.feed(Capture.decode("2026,07,11,09,05,12345678901234567890,0,120,080,072,0<CR><LF>"));
        assertEquals(1, events.size());
        assertInstanceOf(BpReading.class, events.get(0));
    }
}
