package org.clinickiosk.healthcard;

import org.clinickiosk.store.Sql;
import org.clinickiosk.web.Actor;
import org.clinickiosk.web.ApiException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HealthCardBindingsTest {

    /** Shaped like one platform's static code: 64 hex digits and ":1". */
    private static final String TOKEN = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08:1";
    private static final Actor KIOSK = Actor.kiosk("K1", "127.0.0.1");

    private HealthCardFixture fixture;

    @BeforeEach
    void open() throws Exception {
        fixture = new HealthCardFixture();
    }

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    @Test
    void aBoundTokenResolvesToItsResidentAndOnlyItsHashIsStored() {
        fixture.chain.bind(TOKEN, fixture.lin, KIOSK).await();

        assertEquals(Optional.of(fixture.lin), fixture.chain.residentFor(TOKEN).await());
        assertEquals(new Resolution.Resolved(fixture.lin, "binding"), fixture.chain.resolve(TOKEN).await());
        // the scanner's line ending is not part of the token
        assertEquals(Optional.of(fixture.lin), fixture.chain.residentFor(TOKEN + "\r\n").await());

        List<String> stored = fixture.db.read(c -> Sql.list(c, "SELECT token_hash || '|' || bound_by FROM "
                + "health_card_bindings", rs -> rs.getString(1))).await();
        assertEquals(1, stored.size());
        assertFalse(stored.get(0).contains(TOKEN.substring(0, 64)), "the token itself is not stored");
        assertEquals(HealthCardToken.hash(TOKEN) + "|kiosk:K1", stored.get(0));
        assertEquals(List.of("kiosk:K1 healthcard.bind resident " + fixture.lin + " bound"), audit());
    }

    @Test
    void aTokenBoundToSomeoneElseIsRefusedWithAReasonAndStaysWithItsOwner() {
        fixture.chain.bind(TOKEN, fixture.lin, KIOSK).await();

        ApiException refused = apiFailure(() -> fixture.chain.bind(TOKEN, fixture.wang, KIOSK).await());
        assertEquals(409, refused.status());
        assertEquals("health_card_bound_elsewhere", refused.code());
        assertTrue(refused.getMessage().contains("already bound to another resident"), refused.getMessage());

        assertEquals(Optional.of(fixture.lin), fixture.chain.residentFor(TOKEN).await());
        assertEquals(List.of("kiosk:K1 healthcard.bind resident " + fixture.lin + " bound",
                "kiosk:K1 healthcard.bind resident " + fixture.wang + " bound_to_other"), audit());
    }

    @Test
    void bindingTheSameTokenToTheSameResidentAgainChangesNothing() {
        fixture.chain.bind(TOKEN, fixture.lin, KIOSK).await();
        fixture.chain.bind(" " + TOKEN, fixture.lin, KIOSK).await();

        assertEquals(1L, fixture.db.read(c -> Sql.count(c, "SELECT count(*) FROM health_card_bindings")).await());
        assertEquals("already_bound", audit().get(1).substring(audit().get(1).lastIndexOf(' ') + 1));
    }

    @Test
    void aResidentMayHaveSeveralCards() {
        fixture.chain.bind(TOKEN, fixture.lin, KIOSK).await();
        fixture.chain.bind("another-card-token", fixture.lin, KIOSK).await();

        assertEquals(Optional.of(fixture.lin), fixture.chain.residentFor("another-card-token").await());
        assertEquals(Optional.of(fixture.lin), fixture.chain.residentFor(TOKEN).await());
    }

    @Test
    void bindingToAnUnknownResidentIsRefused() {
        ApiException refused = apiFailure(() -> fixture.chain.bind(TOKEN, 9999, KIOSK).await());
        assertEquals(404, refused.status());
        assertEquals(Optional.empty(), fixture.chain.residentFor(TOKEN).await());
    }

    @Test
    void unknownTokensAreRefusedWithAClearMessage() {
        fixture.chain.bind(TOKEN, fixture.lin, KIOSK).await();

        assertEquals(Optional.empty(), fixture.chain.residentFor(TOKEN.replace(":1", ":2")).await());
        Resolution refused = fixture.chain.resolve("some-other-code").await();
        assertEquals(new Resolution.Refused(HealthCardResolverChain.UNKNOWN_CARD), refused);
    }

    @Test
    void textThatCannotBeATokenIsRefusedAndNeverBound() {
        for (String bad : new String[]{"", "   ", "abc\u0007def", "x".repeat(HealthCardToken.MAX_LENGTH + 1), null}) {
            Resolution refused = fixture.chain.resolve(bad).await();
            assertInstanceOf(Resolution.Refused.class, refused);
            assertEquals(Optional.empty(), fixture.chain.residentFor(bad).await());
            ApiException failure = apiFailure(() -> fixture.chain.bind(bad, fixture.lin, KIOSK).await());
            assertEquals("invalid_health_card", failure.code());
        }
        assertEquals("the health card code is empty", ((Resolution.Refused) fixture.chain.resolve(" ").await()).reason());
        assertEquals(0L, fixture.db.read(c -> Sql.count(c, "SELECT count(*) FROM health_card_bindings")).await());
    }

    private List<String> audit() {
        return fixture.db.read(c -> Sql.list(c, "SELECT actor || ' ' || action || ' ' || target || ' ' || outcome "
                + "FROM audit_log ORDER BY id", rs -> rs.getString(1))).await();
    }

    private static ApiException apiFailure(Runnable call) {
        Throwable thrown = assertThrows(Throwable.class, call::run);
        if (thrown instanceof CompletionException && thrown.getCause() != null) thrown = thrown.getCause();
        return assertInstanceOf(ApiException.class, thrown);
    }
}
