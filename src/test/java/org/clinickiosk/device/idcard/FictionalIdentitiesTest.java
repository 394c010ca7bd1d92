package org.clinickiosk.device.idcard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The shipped identities file holds the promised mix of invented cards, all of which pass the checks. */
class FictionalIdentitiesTest {

    @Test
    void shippedCardsCoverEveryCardTypeAndAnExpiredCard() {
        IdentityCheck check = new IdentityCheck(Pattern.compile(IdentityCheck.DEFAULT_FOREIGNER_PERMIT_PATTERN));
        List<Identity> identities = ReaderBench.cards().stream()
                .map(c -> assertInstanceOf(IdentityCheck.Accepted.class,
                        check.check(c.text(), ReaderBench.TODAY), c.toString()).identity())
                .toList();
        assertEquals(List.of(CardType.RESIDENT_ID, CardType.RESIDENT_ID, CardType.RESIDENT_ID, CardType.RESIDENT_ID,
                CardType.FOREIGNER_PERMANENT_RESIDENCE, CardType.HK_MACAU_TAIWAN_RESIDENCE),
                identities.stream().map(Identity::cardType).toList());
        assertEquals(List.of(false, false, true, false, false, false),
                identities.stream().map(Identity::expired).toList());
    }

    @Test
    void valuesTooWideForTheCardAreRefusedOnLoading() {
        assertThrows(IllegalArgumentException.class, () -> FictionalIdentities.parse(
                "[{\"cardType\":\"resident\",\"name\":\"一二三四五六七八九十一二三四五六\"}]"));
        assertThrows(IllegalArgumentException.class, () -> FictionalIdentities.parse("[{\"cardType\":\"passport\"}]"));
    }
}
