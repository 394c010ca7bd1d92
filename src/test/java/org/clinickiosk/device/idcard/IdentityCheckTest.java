package org.clinickiosk.device.idcard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class IdentityCheckTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 6, 1);
    private final IdentityCheck check =
            new IdentityCheck(Pattern.compile(IdentityCheck.DEFAULT_FOREIGNER_PERMIT_PATTERN));

    private static CardText resident(String idNumber, String birth, String sex, String validFrom, String validTo) {
        return new CardText(CardType.RESIDENT_ID, "张三丰", sex, "01", birth, "安徽省某县某路1号", idNumber,
                "某县公安局", validFrom, validTo, "", "", "", "", "", "");
    }

    private Identity accepted(CardText card) {
        return assertInstanceOf(IdentityCheck.Accepted.class, check.check(card, TODAY)).identity();
    }

    private String refused(CardText card) {
        return assertInstanceOf(IdentityCheck.Refused.class, check.check(card, TODAY)).reason();
    }

    @Test
    void validResidentCard() {
        Identity id = accepted(resident("34052419800101001x", "19800101", "1", "20100101", "20300101"));
        assertEquals("34052419800101001X", id.idNumber());
        assertEquals(LocalDate.of(1980, 1, 1), id.birthDate());
        assertEquals(Sex.MALE, id.sex());
        assertEquals("汉", id.nation());
        assertEquals(LocalDate.of(2030, 1, 1), id.validTo());
        assertFalse(id.expired());
    }

    @Test
    void expiredCardIsFlaggedNotRefused() {
        Identity id = accepted(resident("34052419800101001X", "19800101", "1", "20060531", "20260531"));
        assertTrue(id.expired());
    }

    @Test
    void cardValidUntilTodayIsNotExpired() {
        assertFalse(accepted(resident("34052419800101001X", "19800101", "1", "20060601", "20260601")).expired());
    }

    @Test
    void longTermCardNeverExpires() {
        Identity id = accepted(resident("34052419800101001X", "19800101", "1", "20060601", "长期"));
        assertNull(id.validTo());
        assertTrue(id.longTerm());
        assertFalse(id.expired());
    }

    @Test
    void wrongCheckDigitIsRefused() {
        assertEquals("the card's ID number is invalid: the check digit does not match (a digit may be mistyped)",
                refused(resident("340524198001010010", "19800101", "1", "20100101", "20300101")));
    }

    @Test
    void birthDateMustMatchTheNumber() {
        assertEquals("the card's birth date does not match its ID number",
                refused(resident("34052419800101001X", "19800102", "1", "20100101", "20300101")));
    }

    @Test
    void impossibleDatesAreRefused() {
        assertEquals("the card's birth date is not a real date",
                refused(resident("34052419800101001X", "19800230", "1", "20100101", "20300101")));
        assertEquals("the card's birth date lies in the future",
                refused(resident("34052419800101001X", "20270101", "1", "20100101", "20300101")));
        assertEquals("the card's validity dates are not readable",
                refused(resident("34052419800101001X", "19800101", "1", "2010010", "20300101")));
        assertEquals("the card's validity ends before it starts",
                refused(resident("34052419800101001X", "19800101", "1", "20300101", "20100101")));
    }

    @Test
    void unknownSexCodeIsRefused() {
        assertEquals("the card has an unknown sex code",
                refused(resident("34052419800101001X", "19800101", "3", "20100101", "20300101")));
    }

    @Test
    void foreignerCardWithLegacyPermitNumber() {
        CardText card = new CardText(CardType.FOREIGNER_PERMANENT_RESIDENCE, "", "2", "", "19850615", "",
                "CAN310085061501", "", "20180301", "20280301", "MARTIN, ELENA SOFIA", "CAN", "01", "3100", "", "");
        Identity id = accepted(card);
        assertEquals("MARTIN, ELENA SOFIA", id.englishName());
        assertEquals("CAN", id.nationality());
        assertEquals("", id.nation());

        CardText odd = new CardText(CardType.FOREIGNER_PERMANENT_RESIDENCE, "", "2", "", "19850615", "",
                "CA3100850615010", "", "20180301", "20280301", "MARTIN, ELENA SOFIA", "CAN", "01", "3100", "", "");
        assertEquals("the card's permit number has an unknown format", refused(odd));
    }

    @Test
    void eighteenDigitForeignerNumberIsCheckedLikeAnIdNumber() {
        CardText card = new CardText(CardType.FOREIGNER_PERMANENT_RESIDENCE, "", "1", "", "19850101", "",
                "932682198501010017", "", "20230101", "20330101", "DOE, JOHN", "USA", "", "", "", "");
        assertEquals("932682198501010017", accepted(card).idNumber());
    }

    @Test
    void nameIsRequired() {
        CardText card = new CardText(CardType.RESIDENT_ID, "", "1", "01", "19800101", "", "34052419800101001X", "",
                "20100101", "20300101", "", "", "", "", "", "");
        assertEquals("the card has no name", refused(card));
    }

    @Test
    void identityNeverPrintsPersonalData() {
        String text = accepted(resident("34052419800101001X", "19800101", "1", "20100101", "20300101")).toString();
        assertFalse(text.contains("张三丰") || text.contains("34052419800101001X"), text);
        assertTrue(text.contains("3405**********001X"), text);
    }
}
