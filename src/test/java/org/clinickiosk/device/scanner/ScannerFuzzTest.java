package org.clinickiosk.device.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.clinickiosk.device.idcard.CaptureFile;

class ScannerFuzzTest {

    private static final int MAX = 256;

    @Property(tries = 300)
    void randomBytesNeverThrowAndStayBounded(@ForAll @Size(max = 4000) byte[] bytes, @ForAll Random random,
                                             @ForAll("charsets") Charset charset) {
        ScanFramer framer = new ScanFramer(charset, "]Q1", "", MAX);
        ScanClassifier classifier = new ScanClassifier(Pattern.compile(ScanClassifier.DEFAULT_HEALTH_CARD_PATTERN),
                Pattern.compile(ScanClassifier.DEFAULT_LAB_SPECIMEN_PATTERN));
        for (byte[] chunk : CaptureFile.randomChunks(bytes, random)) {
            for (ScanFramer.Result r : framer.feed(chunk)) {
                if (r instanceof ScanFramer.Scan scan) {
                    String text = scan.text();
                    assertTrue(!text.isEmpty() && text.indexOf('\r') < 0 && text.indexOf('\n') < 0, text);
                    classifier.classify(scan.text());
                }
            }
            assertTrue(framer.bufferedBytes() <= MAX);
        }
    }

    @Property(tries = 300)
    void scansSurviveAnyChunkingAndTerminator(@ForAll("scanTexts") List<String> texts,
                                              @ForAll("terminators") List<String> terminators,
                                              @ForAll Random random) {
        StringBuilder stream = new StringBuilder();
        for (int i = 0; i < texts.size(); i++) {
            stream.append(texts.get(i)).append(terminators.get(i % terminators.size()));
        }
        ScanFramer framer = new ScanFramer(StandardCharsets.UTF_8, "", "", MAX);
        List<String> scanned = new ArrayList<>();
        for (byte[] chunk : CaptureFile.randomChunks(stream.toString().getBytes(StandardCharsets.UTF_8), random)) {
            framer.feed(chunk).forEach(r -> scanned.add(((ScanFramer.Scan) r).text()));
        }
        assertEquals(texts, scanned);
    }

    @Provide
    Arbitrary<Charset> charsets() {
        return Arbitraries.of(StandardCharsets.UTF_8, Charset.forName("GBK"));
    }

    @Provide
    Arbitrary<List<String>> scanTexts() {
        return Arbitraries.strings().withChars("0123456789ABCxyz:/-_挂号诊").ofMinLength(1).ofMaxLength(40)
                .list().ofMaxSize(8);
    }

    @Provide
    Arbitrary<List<String>> terminators() {
        return Arbitraries.of("\r", "\n", "\r\n").list().ofMinSize(1).ofMaxSize(8);
    }
}
