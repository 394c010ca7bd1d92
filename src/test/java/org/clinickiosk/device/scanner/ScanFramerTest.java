package org.clinickiosk.device.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScanFramerTest {

    private static ScanFramer framer() {
        return new ScanFramer(StandardCharsets.UTF_8, "", "", 64);
    }

    /** Feeds the bytes cut at the split points given by the bits of mask. */
    private static List<ScanFramer.Result> feedSplit(ScanFramer framer, byte[] bytes, int mask) {
        List<ScanFramer.Result> results = new ArrayList<>();
        int start = 0;
        for (int i = 1; i < bytes.length; i++) {
            if ((mask & (1 << (i - 1))) != 0) {
                results.addAll(framer.feed(Arrays.copyOfRange(bytes, start, i)));
                start = i;
            }
        }
        results.addAll(framer.feed(Arrays.copyOfRange(bytes, start, bytes.length)));
        return results;
    }

    @Test
    void everyChunkingGivesTheSameScans() {
        byte[] stream = "AB\r\nC\n\r\nDE\rF\r\n".getBytes(StandardCharsets.US_ASCII);
        List<ScanFramer.Result> expected = List.of(new ScanFramer.Scan("AB"), new ScanFramer.Scan("C"),
                new ScanFramer.Scan("DE"), new ScanFramer.Scan("F"));
        for (int mask = 0; mask < 1 << (stream.length - 1); mask++) {
            assertEquals(expected, feedSplit(framer(), stream, mask), "split mask " + Integer.toBinaryString(mask));
        }
    }

    @Test
    void crLfSplitAcrossChunksIsOneTerminator() {
        ScanFramer framer = framer();
        assertEquals(List.of(new ScanFramer.Scan("12345678")), framer.feed("12345678\r".getBytes()));
        assertEquals(List.of(), framer.feed("\n".getBytes()));
        assertEquals(List.of(new ScanFramer.Scan("9")), framer.feed("9\n".getBytes()));
    }

    @Test
    void multiByteCharactersSplitAcrossChunksDecode() {
        for (Charset charset : List.of(StandardCharsets.UTF_8, Charset.forName("GBK"))) {
            byte[] stream = "挂号\r\n".getBytes(charset);
            for (int mask = 0; mask < 1 << (stream.length - 1); mask++) {
                assertEquals(List.of(new ScanFramer.Scan("挂号")),
                        feedSplit(new ScanFramer(charset, "", "", 64), stream, mask), charset + " " + mask);
            }
        }
    }

    @Test
    void prefixAndSuffixAreStrippedOnlyWhenPresent() {
        ScanFramer framer = new ScanFramer(StandardCharsets.UTF_8, "]C0", "\t", 64);
        assertEquals(List.of(new ScanFramer.Scan("12345678"), new ScanFramer.Scan("ABC"),
                new ScanFramer.Scan("]C")), framer.feed("]C012345678\t\rABC\r]C\r".getBytes()));
        assertEquals(List.of(), framer.feed("]C0\r".getBytes()), "a scan that is only the prefix is empty");
    }

    @Test
    void overlongScansAreDroppedAndTheBufferStaysBounded() {
        ScanFramer framer = new ScanFramer(StandardCharsets.UTF_8, "", "", 8);
        assertEquals(List.of(), framer.feed("0123456789".getBytes()));
        assertEquals(0, framer.bufferedBytes(), "an overlong scan is dropped, not kept");
        assertEquals(List.of(new ScanFramer.Overlong(12), new ScanFramer.Scan("12345678")),
                framer.feed("AB\r12345678\r".getBytes()));
    }
}
