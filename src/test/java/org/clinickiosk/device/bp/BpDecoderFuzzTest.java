package org.clinickiosk.device.bp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Random and damaged input to every BP decoder. */
class BpDecoderFuzzTest {
    private static final LocalDateTime T = LocalDateTime.of(2026, 7, 11, 9, 5);

    /** A valid record of each model and the byte positions of its value digits (SYS, DIA, PR, mean). */
    private record Sample(BpModel model, byte[] record, int[] valueDigits) {}

    private static Sample sample(BpModel model) {
        return switch (model) {
            case OMRON_HBP9030 -> sample(model, BpRecordFormat.omron9030Reading(T, 128, 84, 66), ",128,084,066,");
            case OMRON_HBP9020 -> sample(model, BpRecordFormat.omron9020Reading(T, 128, 99, 84, 66),
                    ",128,099,084,066,");
            case AND_TM2655 -> sample(model, BpRecordFormat.andReading(T, 128, 99, 84, 66),
                    "S128", "M 99", "D 84", "P 66");
        };
    }

    private static Sample sample(BpModel model, byte[] record, String... valueTokens) {
        String text = new String(record, StandardCharsets.ISO_8859_1);
        List<Integer> at = new ArrayList<>();
        for (String token : valueTokens) {
            int start = text.indexOf(token);
            assertTrue(start >= 0, token + " not in sample record");
            for (int i = start; i < start + token.length(); i++) if (Character.isDigit(text.charAt(i))) at.add(i);
        }
        return new Sample(model, record, at.stream().mapToInt(Integer::intValue).toArray());
    }

    @Property(tries = 300)
    void randomBytesNeverThrowAndStayBounded(@ForAll BpModel model,
                                             @ForAll @Size(max = 20) List<@Size(max = 300) byte[]> chunks) {
        BpRecordParser parser = BpRecordParser.forModel(model, OmronHbp9020Layout.DEFAULT);
        for (byte[] chunk : chunks) {
            parser.feed(chunk);
            assertTrue(parser.bufferedBytes() <= parser.maxBufferedBytes());
        }
    }

    @Property(tries = 300)
    void damagedValueDigitNeverYieldsAReading(@ForAll BpModel model, @ForAll @IntRange(max = 100) int which,
                                              @ForAll("nonDigits") byte replacement) {
        Sample s = sample(model);
        byte[] damaged = s.record().clone();
        damaged[s.valueDigits()[which % s.valueDigits().length]] = replacement;
        assertNoReading(model, damaged);
    }

    @Property(tries = 300)
    void insertedByteInsideAValueNeverYieldsAReading(@ForAll BpModel model, @ForAll @IntRange(max = 100) int which,
                                                     @ForAll("nonDigits") byte inserted) {
        Sample s = sample(model);
        int at = s.valueDigits()[which % s.valueDigits().length];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(s.record(), 0, at);
        out.write(inserted);
        out.write(s.record(), at, s.record().length - at);
        assertNoReading(model, out.toByteArray());
    }

    /** Only the Omron formats have fixed widths; A&D pads values, so "S128" losing a digit is a valid-looking "S12". */
    @Property(tries = 200)
    void droppedDigitNeverYieldsAReadingInFixedWidthFormats(@ForAll("omronModels") BpModel model,
                                                            @ForAll @IntRange(max = 100) int which) {
        Sample s = sample(model);
        int at = s.valueDigits()[which % s.valueDigits().length];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(s.record(), 0, at);
        out.write(s.record(), at + 1, s.record().length - at - 1);
        assertNoReading(model, out.toByteArray());
    }

    private static void assertNoReading(BpModel model, byte[] damaged) {
        List<BpEvent> events = BpRecordParser.forModel(model, OmronHbp9020Layout.DEFAULT).feed(damaged);
        assertTrue(events.stream().noneMatch(e -> e instanceof BpReading), () -> "reading from " + describe(damaged));
    }

    @Property(tries = 200)
    void noiseBetweenRecordsLosesNoReading(@ForAll BpModel model, @ForAll("noise") List<byte[]> noise,
                                           @ForAll @IntRange(max = 5) int chunking) {
        Sample s = sample(model);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (byte[] n : noise) {
            stream.writeBytes(n);
            stream.writeBytes(s.record());
        }
        BpRecordParser parser = BpRecordParser.forModel(model, OmronHbp9020Layout.DEFAULT);
        List<BpEvent> events = new ArrayList<>();
        for (byte[] chunk : BpCaptureTest.chunks(stream.toByteArray(), chunking)) events.addAll(parser.feed(chunk));
        long readings = events.stream().filter(e -> e instanceof BpReading).count();
        assertEquals(noise.size(), readings, () -> "events " + events.stream().map(Capture::describe).toList());
        events.stream().filter(e -> e instanceof BpReading).map(e -> (BpReading) e)
                .forEach(r -> assertEquals(List.of(128, 84, 66), List.of(r.systolic(), r.diastolic(), r.pulse())));
    }

    /** The A&D simulator decodes host bytes too: noise around a start command must not hide it. */
    @Property(tries = 200)
    void andSimulatorFindsTheStartCommandInNoise(@ForAll @Size(max = 50) byte[] before, @ForAll @Size(max = 50) byte[] after) {
        BpMonitorSimulator monitor = new BpMonitorSimulator(BpModel.AND_TM2655);
        List<BpEvent> heard = new ArrayList<>();
        BpRecordParser host = BpRecordParser.forModel(BpModel.AND_TM2655, null);
        monitor.connect(bytes -> heard.addAll(host.feed(bytes)));
        monitor.fromHost(before);
        monitor.fromHost(AndCommands.start());
        monitor.fromHost(after);
        long acks = heard.stream().filter(e -> e instanceof BpAcknowledged).count();
        assertTrue(acks >= 1, "start command not acknowledged");
    }

    /** Not a digit, and not the space A&D pads values with ("S 99" is a valid value). */
    @Provide
    Arbitrary<Byte> nonDigits() {
        return Arbitraries.bytes().filter(b -> (b < '0' || b > '9') && b != ' ');
    }

    @Provide
    Arbitrary<BpModel> omronModels() {
        return Arbitraries.of(BpModel.OMRON_HBP9030, BpModel.OMRON_HBP9020);
    }

    /** Any bytes but STX/ETX: an STX ... ETX pair in noise is, to an A&D decoder, a (damaged) record. */
    @Provide
    Arbitrary<List<byte[]>> noise() {
        return Arbitraries.bytes().filter(b -> b != 0x02 && b != 0x03).array(byte[].class).ofMaxSize(120)
                .list().ofMinSize(1).ofMaxSize(6);
    }

    private static String describe(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) sb.append(b >= 0x20 && b < 0x7F ? String.valueOf((char) b) : String.format("<x%02X>", b));
        return sb.toString();
    }
}
