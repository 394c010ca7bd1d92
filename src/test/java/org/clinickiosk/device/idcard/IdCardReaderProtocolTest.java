package org.clinickiosk.device.idcard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.clinickiosk.device.idcard.IdCardReaderProtocol.CardError;
import org.clinickiosk.device.idcard.IdCardReaderProtocol.ReaderFault;
import org.clinickiosk.device.idcard.IdCardReaderProtocol.ReaderReady;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdCardReaderProtocolTest {

    private static final String LIN = "340104198503120246";
    private static final String WANG = "510107195208070319";

    private static IdCardReaderSettings settings(boolean fingerprint, boolean appendedAddress) {
        return new IdCardReaderSettings(300, 3000, 5000, 3, fingerprint, appendedAddress,
                Pattern.compile(IdentityCheck.DEFAULT_FOREIGNER_PERMIT_PATTERN), SamFrameParser.DEFAULT_MAX_LENGTH);
    }

    private static ReaderBench bench(boolean keepsFinding) {
        return new ReaderBench(settings(false, false), keepsFinding).start();
    }

    @Test
    void startupChecksTheSamThenPolls() {
        ReaderBench b = bench(false);
        assertEquals(List.of(new ReaderReady("05000100112233445566778800000001")), b.events);
        b.runFor(1000);
        assertEquals(List.of(SamCommand.SAM_STATUS, SamCommand.READ_SAM_ID), b.sent.subList(0, 2));
        assertTrue(b.sent.subList(2, b.sent.size()).stream().allMatch(c -> c == SamCommand.FIND_CARD), "" + b.sent);
        assertEquals(1 + 1000 / 300, b.sent.size() - 2, "one find at once, then every 300 ms");
    }

    @ParameterizedTest(name = "reader keeps finding a read card: {0}")
    @ValueSource(booleans = {false, true})
    void onePresentationGivesOneEventAndARepresentationAnother(boolean keepsFinding) {
        ReaderBench b = bench(keepsFinding);
        b.perform("present-card", "idNumber", LIN);
        b.runFor(10_000);
        assertEquals(List.of(LIN), b.identifiedNumbers());

        b.perform("remove-card");
        b.runFor(1000);
        b.perform("present-card", "index", "0");
        b.runFor(10_000);
        assertEquals(List.of(LIN, LIN), b.identifiedNumbers());

        b.perform("remove-card");
        b.runFor(1000);
        b.perform("present-card", "idNumber", WANG);
        b.runFor(1000);
        assertEquals(List.of(LIN, LIN, WANG), b.identifiedNumbers());
        assertEquals(List.of(), b.events(CardError.class));
    }

    @Test
    void identityCarriesTheDecodedValues() {
        ReaderBench b = bench(false);
        b.perform("present-card", "index", "1");
        b.runFor(1000);
        Identity id = b.events(IdCardReaderProtocol.Identified.class).get(0).identity();
        assertEquals(List.of("王建国", "M", "汉", "1952-08-07", WANG, "2010-03-15"),
                List.of(id.name(), id.sex().jsonName(), id.nation(), id.birthDate().toString(), id.idNumber(),
                        id.validFrom().toString()));
        assertTrue(id.longTerm());
        assertFalse(id.expired());
    }

    @Test
    void expiredCardIsIdentifiedAndFlagged() {
        ReaderBench b = bench(false);
        b.perform("present-card", "index", "2");
        b.runFor(1000);
        assertTrue(b.events(IdCardReaderProtocol.Identified.class).get(0).identity().expired());
    }

    @ParameterizedTest(name = "{0} on the read reply")
    @ValueSource(strings = {"corrupt-checksum", "truncate"})
    void aDamagedReadReplyIsReadAgainByAReaderThatStillFindsTheCard(String damage) {
        ReaderBench b = bench(true);
        b.perform("present-card", "index", "3");
        b.beforeNext(SamCommand.READ_TEXT_AND_PHOTO, () -> b.perform(damage));
        b.runFor(10_000);
        assertEquals(List.of("150102201209150053"), b.identifiedNumbers());
        assertEquals(List.of(), b.events(CardError.class));
        assertEquals(2, b.sent.stream().filter(c -> c == SamCommand.READ_TEXT_AND_PHOTO).count());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "corrupt-checksum | garbled reply: the frame's checksum does not match",
        "truncate         | reply cut short",
    })
    void aDamagedReadReplyAsksThePersonToPresentAgainWhenTheReaderNoLongerFindsTheCard(String damage, String why) {
        ReaderBench b = bench(false);
        b.perform("present-card", "index", "3");
        b.beforeNext(SamCommand.READ_TEXT_AND_PHOTO, () -> b.perform(damage));
        b.runFor(10_000);
        assertEquals(List.of(new CardError("the card could not be read (" + why + "), present it again")),
                b.events(CardError.class));
        assertEquals(List.of(), b.identifiedNumbers());

        b.perform("present-card", "index", "3");
        b.runFor(1000);
        assertEquals(List.of("150102201209150053"), b.identifiedNumbers());
        assertEquals(1, b.events(CardError.class).size());
    }

    @Test
    void garbageBeforeTheReadReplyIsSkipped() {
        ReaderBench b = bench(false);
        b.perform("present-card", "index", "3");
        b.beforeNext(SamCommand.READ_TEXT_AND_PHOTO, () -> b.perform("garbage"));
        b.runFor(10_000);
        assertEquals(List.of("150102201209150053"), b.identifiedNumbers());
        assertEquals(1, b.sent.stream().filter(c -> c == SamCommand.READ_TEXT_AND_PHOTO).count());
    }

    @Test
    void cardThatFailsTheChecksGivesOneCardErrorAndNoIdentity() {
        ReaderBench b = new ReaderBench(new IdCardReaderSettings(300, 3000, 5000, 3, false, false,
                Pattern.compile("[A-Z]{4}\\d{11}"), SamFrameParser.DEFAULT_MAX_LENGTH), true).start();
        b.perform("present-card", "index", "4"); // its permit number does not fit this site's pattern
        b.runFor(10_000);
        assertEquals(List.of(new CardError("the card's permit number has an unknown format")),
                b.events(CardError.class));
        assertEquals(List.of(), b.identifiedNumbers());
    }

    @Test
    void unreadableCardIsReportedOnceAfterTheAllowedAttempts() {
        IdCardReaderProtocol p = new IdCardReaderProtocol(settings(false, false), ReaderBench.CLOCK);
        long now = 0;
        p.start(now);
        p.received(SamFrame.reply(0x90, new byte[0]), now);
        p.received(SamFrame.reply(0x90, new byte[16]), now);
        List<IdCardReaderProtocol.Event> errors = new ArrayList<>();
        for (int attempt = 1; attempt <= 3; attempt++) {
            p.received(SamFrame.reply(0x9F, new byte[4]), now);
            p.received(SamFrame.reply(0x90, new byte[8]), now);
            errors.addAll(p.received(SamFrame.reply(0x41, new byte[0]), now).events());
            now += 300;
            assertArrayEquals(SamCommand.FIND_CARD.frame(), p.tick(now).toSend().get(0));
        }
        assertEquals(List.of(new CardError("the card could not be read: reading the card failed (SW3 41)")), errors);
        var reaction = p.received(SamFrame.reply(0x9F, new byte[4]), now);
        assertEquals(List.of(), reaction.toSend(), "the card still lying there is not read again");
    }

    @Test
    void silentReaderIsAFaultRetriedQuietlyUntilItAnswers() {
        ReaderBench b = new ReaderBench(settings(false, false), false);
        b.readerAnswers = false;
        b.start();
        b.runFor(2999);
        assertEquals(List.of(), b.events);
        b.runFor(1);
        assertEquals(List.of(new ReaderFault(
                "the ID card reader does not answer properly: no reply within 3000 ms")), b.events);
        b.runFor(30_000);
        assertEquals(1, b.events.size(), "the same fault is not reported again");
        assertTrue(b.sent.stream().filter(c -> c == SamCommand.SAM_STATUS).count() >= 4, "it keeps asking");

        b.readerAnswers = true;
        b.runFor(8000);
        assertEquals(new ReaderReady("05000100112233445566778800000001"), b.events.get(1));
    }

    @Test
    void samFailureAtStartAndWhilePollingIsAFault() {
        ReaderBench b = new ReaderBench(settings(false, false), false);
        b.perform("sam-fail");
        b.start();
        assertEquals(List.of(new ReaderFault("SAM failure: the SAM self-test failed (SW3 60)")), b.events);

        b.perform("sam-recover");
        b.runFor(5000);
        assertEquals(new ReaderReady("05000100112233445566778800000001"), b.events.get(1));

        b.perform("sam-fail");
        b.runFor(300);
        assertEquals(new ReaderFault("SAM failure: the SAM self-test failed (SW3 60)"), b.events.get(2));
        b.perform("present-card", "index", "0");
        b.runFor(4000);
        assertEquals(List.of(), b.identifiedNumbers(), "no reads while the SAM is broken");
    }

    @Test
    void readerUnpluggedWhilePollingIsNoticed() {
        ReaderBench b = bench(false);
        b.readerAnswers = false;
        b.runFor(300 + 3000 + 3000);
        assertEquals(new ReaderFault("the ID card reader does not answer properly: no reply within 3000 ms"),
                b.events.get(b.events.size() - 1));
    }

    @Test
    void fingerprintReadAndAppendedAddress() {
        ReaderBench b = new ReaderBench(settings(true, true), false).start();
        b.perform("present-card", "index", "0");
        b.runFor(1000);
        assertTrue(b.sent.contains(SamCommand.READ_TEXT_PHOTO_AND_FINGERPRINT));
        assertFalse(b.sent.contains(SamCommand.READ_TEXT_AND_PHOTO));
        Identity id = b.events(IdCardReaderProtocol.Identified.class).get(0).identity();
        assertEquals("安徽省合肥市包河区徽州大道100号", id.appendedAddress());
        assertEquals("安徽省合肥市蜀山区梧桐路88号3栋502室", id.address());

        b.perform("remove-card");
        b.runFor(1000);
        b.perform("present-card", "index", "1"); // has no appended address: the reader answers 91
        b.runFor(1000);
        assertEquals("", b.events(IdCardReaderProtocol.Identified.class).get(1).identity().appendedAddress());
    }

    @Test
    void lateReadReplyIsNotTakenForAnotherCommandsReply() {
        IdCardReaderProtocol p = new IdCardReaderProtocol(settings(false, false), ReaderBench.CLOCK);
        p.start(0);
        byte[] lateRead = SamFrame.reply(0x90, ReadReplyDecoder.encodeData(new byte[256], new byte[1024], null));
        assertEquals(List.of(), p.received(lateRead, 10).toSend());
        assertArrayEquals(SamCommand.READ_SAM_ID.frame(),
                p.received(SamFrame.reply(0x90, new byte[0]), 20).toSend().get(0));
    }

    @Test
    void stopEndsTheSessionAndStartBeginsANewOne() {
        ReaderBench b = bench(false);
        var stopped = b.protocol.stop();
        assertTrue(stopped.wakeAtMs().isEmpty());
        assertEquals(List.of(), b.protocol.tick(100_000).toSend());
        b.start();
        assertEquals(2, b.events(ReaderReady.class).size(), "a reopened port reports ready again");
    }
}
