package org.clinickiosk.device.bp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every capture under devices/bp-monitor/captures, fed in random chunkings, decodes to exactly its expectations. */
class BpCaptureTest {
    static final Path CAPTURES = Path.of("devices/bp-monitor/captures");
    private static final int CHUNKINGS = 6;

    static Stream<Arguments> capturesAndSeeds() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(CAPTURES)) {
            files = list.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no captures in " + CAPTURES.toAbsolutePath());
        List<Arguments> cases = new ArrayList<>();
        for (Path f : files) {
            Capture c = Capture.read(f);
            for (long seed = 0; seed < CHUNKINGS; seed++) cases.add(Arguments.of(c.name(), c, seed));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} chunking {2}")
    @MethodSource("capturesAndSeeds")
    void decodesCaptureInAnyChunking(String name, Capture capture, long seed) {
        assertFalse(capture.expected().isEmpty(), name + " expects nothing");
        BpRecordParser parser = BpRecordParser.forModel(capture.model(), OmronHbp9020Layout.DEFAULT);
        List<String> decoded = new ArrayList<>();
        for (byte[] chunk : chunks(capture.bytes(), seed)) {
            parser.feed(chunk).forEach(e -> decoded.add(Capture.describe(e)));
            assertTrue(parser.bufferedBytes() <= parser.maxBufferedBytes());
        }
        assertEquals(capture.expected(), decoded, name);
    }

    /** Seed 0: one byte at a time; seed 1: all at once; others: random sizes 1–40. */
    static List<byte[]> chunks(byte[] bytes, long seed) {
        Random random = new Random(seed);
        List<byte[]> chunks = new ArrayList<>();
        int at = 0;
        while (at < bytes.length) {
            int size = seed == 0 ? 1 : seed == 1 ? bytes.length : 1 + random.nextInt(40);
            int end = Math.min(bytes.length, at + size);
            chunks.add(Arrays.copyOfRange(bytes, at, end));
            at = end;
        }
        return chunks;
    }
}
