package org.clinickiosk.common;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdNumberTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);

    @Test
    void theDocumentsExamplesPass() {
        IdNumber id = IdNumber.check("34052419800101001x", TODAY).idNumber();
        assertEquals("34052419800101001X", id.value());
        assertEquals(LocalDate.of(1980, 1, 1), id.birthDate());
        assertEquals("M", id.sex());
        assertEquals(46, id.ageOn(TODAY));
        assertTrue(IdNumber.check("932682198501010017", TODAY).valid(), "2023 foreigner card");
    }

    @ParameterizedTest
    @CsvSource({
            "340524198001010019, check digit",
            "3405241980010100, 18 characters",
            "34052419800101001A, digit or X",
            "3405241980A101001X, only contain digits",
            "340524198002300010, not a real date",
            "340524203001010010, future",
            "340524180001010014, implausibly early",
    })
    void wrongNumbersAreRefusedWithTheReason(String number, String reason) {
        IdNumber.Check check = IdNumber.check(number, TODAY);
        assertFalse(check.valid());
        assertTrue(check.problem().contains(reason), check.problem());
    }

    @Test
    void everySingleDigitTypoIsCaught() {
        String valid = "34052419800101001X";
        for (int i = 0; i < 17; i++) {
            for (char d = '0'; d <= '9'; d++) {
                if (d == valid.charAt(i)) continue;
                String typo = valid.substring(0, i) + d + valid.substring(i + 1);
                assertFalse(IdNumber.check(typo, TODAY).valid(), typo);
            }
        }
    }

    @Test
    void femaleFromAnEvenSequenceDigitAndNeverPrintedInFull() {
        String first17 = "11010519900307002";
        IdNumber id = IdNumber.check(first17 + IdNumber.checkChar(first17), TODAY).idNumber();
        assertEquals("F", id.sex());
        assertEquals("1101**********002" + IdNumber.checkChar(first17), id.toString());
    }

    @Test
    void masking() {
        assertEquals("1101**********1234", Masking.idNumber("110105199003071234"));
        assertEquals("张*", Masking.name("张三"));
        assertEquals("张*三", Masking.name("张小三"));
        assertEquals("欧**锋", Masking.name("欧阳小锋"));
        assertEquals("*", Masking.name("张"));
        assertEquals("J*** S****", Masking.name("John Smith"));
        assertEquals("138****8000", Masking.phone("13800138000"));
        assertEquals("110105**********0042", Masking.recordNumber("11010500100100000042"));
        assertEquals("", Masking.name(null));
    }
}
