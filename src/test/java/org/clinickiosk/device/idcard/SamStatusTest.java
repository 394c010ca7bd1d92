package org.clinickiosk.device.idcard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SamStatusTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
        "90, OK", "9F, CARD_FOUND", "91, NO_CONTENT", "10, CHECKSUM_ERROR", "11, LENGTH_ERROR",
        "21, BAD_COMMAND", "23, UNAUTHORISED", "24, UNKNOWN_ERROR", "31, CARD_REJECTED_SAM",
        "32, SAM_REJECTED_CARD", "33, VERIFICATION_FAILED", "37, FINGERPRINT_ERROR", "3F, INFORMATION_LENGTH_ERROR",
        "40, UNKNOWN_CARD_TYPE", "41, READ_FAILED", "47, RANDOM_FAILED", "60, SAM_SELF_TEST_FAILED",
        "66, SAM_NOT_AUTHORISED", "80, FIND_FAILED", "81, SELECT_FAILED",
    })
    void everyDocumentedCodeHasItsStatus(String sw3, SamStatus expected) {
        assertEquals(expected, SamStatus.of(Integer.parseInt(sw3, 16)));
    }

    @Test
    void reasonsAreDistinctAndReadable() {
        Set<String> reasons = new HashSet<>();
        for (SamStatus s : SamStatus.values()) {
            assertTrue(s.reason().length() > 1 && s.reason().matches("[A-Za-z ,'-]+"), s.name());
            assertTrue(reasons.add(s.reason()), "duplicate reason " + s.reason());
        }
    }

    @Test
    void unknownCodesAreReportedWithTheirValue() {
        SamReply reply = SamReply.decode(new byte[] {0, 0, 0x55});
        assertEquals(SamStatus.UNRECOGNISED, reply.status());
        assertEquals("the reader sent a status code that is not in the protocol (SW3 55)", reply.describeStatus());
    }

    @Test
    void onlyTheSamCodesAreSamFaults() {
        for (SamStatus s : SamStatus.values()) {
            assertEquals(s == SamStatus.SAM_SELF_TEST_FAILED || s == SamStatus.SAM_NOT_AUTHORISED, s.samFault(),
                    s.name());
        }
    }
}
