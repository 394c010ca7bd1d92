package org.clinickiosk.device.idcard;

import static org.clinickiosk.device.idcard.CaptureFile.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SamFrameParserTest {

    private final SamFrameParser parser = SamFrameParser.forReplies(SamFrameParser.DEFAULT_MAX_LENGTH);

    @Test
    void extraPreambleBytesBeforeAFrameAreSkipped() {
        List<SamFrameParser.Result> results = parser.feed(hex("AA AA AA AA 96 AA AA AA 96 69 00 04 00 00 80 84"));
        assertEquals(1, results.size());
        assertArrayEquals(hex("00 00 80"), frame(results.get(0)).body());
        assertEquals(5, parser.skippedBytes());
    }

    @Test
    void badChecksumIsAFailureAndTheNextFrameStillParses() {
        List<SamFrameParser.Result> results = parser.feed(
                hex("AA AA AA 96 69 00 04 00 00 80 85  AA AA AA 96 69 00 04 00 00 81 85"));
        assertEquals(2, results.size());
        assertEquals(SamFrameParser.FrameError.BAD_CHECKSUM, failure(results.get(0)).error());
        assertArrayEquals(hex("00 00 81"), frame(results.get(1)).body());
    }

    @Test
    void aFrameStartingInsideACutOffFrameIsRecovered() {
        // a find reply (LEN 8) cut after SW3; its length is reached inside the select-failed reply that follows
        List<SamFrameParser.Result> results = parser.feed(
                hex("AA AA AA 96 69 00 08 00 00 9F  AA AA AA 96 69 00 04 00 00 81 85"));
        assertEquals(2, results.size());
        assertEquals(SamFrameParser.FrameError.TRUNCATED, failure(results.get(0)).error());
        assertArrayEquals(hex("00 00 81"), frame(results.get(1)).body());
    }

    @Test
    void aFrameInsideALongCutOffFrameIsRecoveredOnFlush() {
        // a read reply (LEN 1288) cut after SW3, then a complete select-failed reply
        assertEquals(List.of(), parser.feed(hex("AA AA AA 96 69 05 08 00 00 90  AA AA AA 96 69 00 04 00 00 81 85")));
        List<SamFrameParser.Result> results = parser.flush();
        assertEquals(2, results.size());
        assertEquals(SamFrameParser.FrameError.TRUNCATED, failure(results.get(0)).error());
        assertArrayEquals(hex("00 00 81"), frame(results.get(1)).body());
        assertEquals(5, parser.skippedBytes(), "LEN and status words of the cut frame");
    }

    @Test
    void impossibleLengthsAreRefusedWithoutWaitingForThem() {
        List<SamFrameParser.Result> results = parser.feed(hex("AA AA AA 96 69 FF FF 00"));
        assertEquals(1, results.size());
        assertEquals(SamFrameParser.FrameError.LENGTH, failure(results.get(0)).error());
        assertEquals(0, parser.bufferedBytes());
    }

    @Test
    void flushReportsAPartialFrameAsTruncatedAndStartsAfresh() {
        assertEquals(List.of(), parser.feed(hex("AA AA AA 96 69 05 08 00 00 90 01 00")));
        assertEquals(12, parser.bufferedBytes());
        List<SamFrameParser.Result> flushed = parser.flush();
        assertEquals(1, flushed.size());
        assertEquals(SamFrameParser.FrameError.TRUNCATED, failure(flushed.get(0)).error());
        assertEquals(0, parser.bufferedBytes());
        assertEquals(1, parser.feed(hex("AA AA AA 96 69 00 04 00 00 90 94")).size());
    }

    @Test
    void commandParserAcceptsCommandsAndTheLargestReplyFits() {
        SamFrameParser commands = SamFrameParser.forCommands();
        assertArrayEquals(hex("20 01"), frame(commands.feed(SamCommand.FIND_CARD.frame()).get(0)).body());

        byte[] fingerprintRead = SamFrame.reply(0x90, ReadReplyDecoder.encodeData(new byte[256], new byte[1024],
                new byte[1024]));
        List<SamFrameParser.Result> results = new ArrayList<>(parser.feed(fingerprintRead));
        assertEquals(1, results.size());
        assertEquals(3 + 6 + 256 + 2048, frame(results.get(0)).body().length);
        assertTrue(parser.flush().isEmpty());
    }

    private static SamFrameParser.Frame frame(SamFrameParser.Result r) {
        return assertInstanceOf(SamFrameParser.Frame.class, r);
    }

    private static SamFrameParser.Failure failure(SamFrameParser.Result r) {
        return assertInstanceOf(SamFrameParser.Failure.class, r);
    }
}
