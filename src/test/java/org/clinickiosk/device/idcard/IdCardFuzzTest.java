package org.clinickiosk.device.idcard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Random and damaged input: nothing escapes, memory stays bounded, and no damaged read becomes an identity. */
class IdCardFuzzTest {

    private static final List<FictionalIdentities.FictionalCard> CARDS = ReaderBench.cards();
    private static final int MAX = SamFrameParser.DEFAULT_MAX_LENGTH;
    private static final IdCardReaderSettings SETTINGS = new IdCardReaderSettings(300, 3000, 5000, 3, false, false,
            Pattern.compile(IdentityCheck.DEFAULT_FOREIGNER_PERMIT_PATTERN), MAX);

    /** A good read reply of one of the fictional cards, with a random photo. */
    @Provide
    Arbitrary<byte[]> readReplies() {
        return Combinators.combine(Arbitraries.integers().between(0, CARDS.size() - 1), Arbitraries.longs())
                .as((index, seed) -> {
                    byte[] photo = new byte[1024];
                    new Random(seed).nextBytes(photo);
                    byte[] text = CardTextCodec.encode(CARDS.get(index).text());
                    return SamFrame.reply(0x90, ReadReplyDecoder.encodeData(text, photo, null));
                });
    }

    @Property(tries = 300)
    void randomBytesNeverThrowAndStayBounded(@ForAll @Size(max = 6000) byte[] bytes, @ForAll Random random) {
        SamFrameParser parser = SamFrameParser.forReplies(MAX);
        for (byte[] chunk : CaptureFile.randomChunks(bytes, random)) {
            parser.feed(chunk);
            assertTrue(parser.bufferedBytes() <= SamFrame.HEADER_LENGTH + MAX, "buffer " + parser.bufferedBytes());
        }
        parser.flush();
        assertEquals(0, parser.bufferedBytes());
    }

    @Property(tries = 200)
    void randomBytesIntoTheReaderSessionGiveNoIdentity(@ForAll @Size(max = 3000) byte[] bytes,
                                                      @ForAll Random random) {
        assertEquals(List.of(), identitiesFromReadReply(bytes, random));
    }

    @Property(tries = 200)
    void anIntactReplyGivesItsIdentityInAnyChunking(@ForAll("readReplies") byte[] reply, @ForAll Random random) {
        assertEquals(1, identitiesFromReadReply(reply, random).size());
    }

    @Property(tries = 500)
    void anyChangedByteMeansNoIdentity(@ForAll("readReplies") byte[] reply,
                                       @ForAll @IntRange(min = 0, max = 1294) int position,
                                       @ForAll @IntRange(min = 1, max = 255) int flip, @ForAll Random random) {
        byte[] damaged = reply.clone();
        damaged[position] ^= (byte) flip;
        assertEquals(List.of(), identitiesFromReadReply(damaged, random));
    }

    @Property(tries = 300)
    void aCutReplyMeansNoIdentity(@ForAll("readReplies") byte[] reply,
                                  @ForAll @IntRange(min = 0, max = 1294) int length, @ForAll Random random) {
        byte[] cut = new byte[length];
        System.arraycopy(reply, 0, cut, 0, length);
        assertEquals(List.of(), identitiesFromReadReply(cut, random));
    }

    @Property(tries = 300)
    void garbageBeforeAFrameIsSkippedAndTheFrameKept(@ForAll("readReplies") byte[] reply,
                                                     @ForAll @Size(max = 200) byte[] garbage, @ForAll Random random) {
        byte[] stream = new byte[garbage.length + reply.length];
        System.arraycopy(garbage, 0, stream, 0, garbage.length);
        System.arraycopy(reply, 0, stream, garbage.length, reply.length);
        SamFrameParser parser = SamFrameParser.forReplies(MAX);
        List<SamFrameParser.Result> results = new ArrayList<>();
        for (byte[] chunk : CaptureFile.randomChunks(stream, random)) results.addAll(parser.feed(chunk));
        results.addAll(parser.flush());
        List<SamFrameParser.Frame> frames = results.stream().filter(SamFrameParser.Frame.class::isInstance)
                .map(SamFrameParser.Frame.class::cast).toList();
        assertEquals(1, frames.size());
        assertArrayEquals(Arrays.copyOfRange(reply, 7, reply.length - 1), frames.get(0).body());
    }

    /** Brings a session to the point where it waits for a read reply, feeds the bytes, lets the reply time out. */
    private static List<Identity> identitiesFromReadReply(byte[] bytes, Random random) {
        IdCardReaderProtocol protocol = new IdCardReaderProtocol(SETTINGS, ReaderBench.CLOCK);
        List<IdCardReaderProtocol.Event> events = new ArrayList<>();
        protocol.start(0);
        events.addAll(protocol.received(SamFrame.reply(0x90, new byte[0]), 0).events());
        events.addAll(protocol.received(SamFrame.reply(0x90, new byte[16]), 0).events());
        events.addAll(protocol.received(SamFrame.reply(0x9F, new byte[4]), 0).events());
        IdCardReaderProtocol.Reaction selected = protocol.received(SamFrame.reply(0x90, new byte[8]), 0);
        assertArrayEquals(SamCommand.READ_TEXT_AND_PHOTO.frame(), selected.toSend().get(0));
        for (byte[] chunk : CaptureFile.randomChunks(bytes, random)) {
            events.addAll(protocol.received(chunk, 1).events());
        }
        events.addAll(protocol.tick(1 + SETTINGS.replyTimeoutMs()).events());
        return events.stream().filter(IdCardReaderProtocol.Identified.class::isInstance)
                .map(e -> ((IdCardReaderProtocol.Identified) e).identity()).toList();
    }
}
