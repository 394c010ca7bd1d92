package org.clinickiosk.device.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScanClassifierTest {

    private final ScanClassifier classifier = new ScanClassifier(
            Pattern.compile(ScanClassifier.DEFAULT_HEALTH_CARD_PATTERN),
            Pattern.compile(ScanClassifier.DEFAULT_LAB_SPECIMEN_PATTERN));

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
        "3F9A1C0D5E7B2A4F8C6D0E1F2A3B4C5D6E7F8091A2B3C4D5E6F708192A3B4C5D:1 | HEALTH_CARD  | "
                + "3F9A1C0D5E7B2A4F8C6D0E1F2A3B4C5D6E7F8091A2B3C4D5E6F708192A3B4C5D:1",
        "3F9A1C0D5E7B2A4F8C6D0E1F2A3B4C5D6E7F8091A2B3C4D5E6F708192A3B4C5:1  | UNKNOWN      | "
                + "3F9A1C0D5E7B2A4F8C6D0E1F2A3B4C5D6E7F8091A2B3C4D5E6F708192A3B4C5:1",
        "20260601001                                                          | LAB_SPECIMEN | 20260601001",
        "1234567                                                              | UNKNOWN      | 1234567",
        "CKA1:A20260601-0042                                                  | APPOINTMENT  | A20260601-0042",
        "CKA1:                                                                | UNKNOWN      | CKA1:",
        "CKA2:42                                                              | UNKNOWN      | CKA2:42",
        "https://kiosk.clinic.example/t/Xy7_kq2M                              | TICKET       | Xy7_kq2M",
        "http://10.0.0.5:8080/queue/t/abc-123/                                | TICKET       | abc-123",
        "/t/abc                                                               | TICKET       | abc",
        "https://kiosk.clinic.example/t/abc?x=1                               | UNKNOWN      | "
                + "https://kiosk.clinic.example/t/abc?x=1",
        "https://evil.example/t/abc def                                       | UNKNOWN      | "
                + "https://evil.example/t/abc def",
    })
    void classifies(String text, ScanCategory category, String value) {
        ClassifiedScan scan = classifier.classify(text);
        assertEquals(category, scan.category());
        assertEquals(value, scan.value());
        assertEquals(text, scan.text());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"SP-00012345, LAB_SPECIMEN", "00012345, UNKNOWN"})
    void specimenShapeIsASetting(String text, ScanCategory category) {
        ScanClassifier site = new ScanClassifier(Pattern.compile(ScanClassifier.DEFAULT_HEALTH_CARD_PATTERN),
                Pattern.compile("SP-\\d{8}"));
        assertEquals(category, site.classify(text).category());
    }
}
