package org.clinickiosk.lab;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** MLLP framing in every chunking, with garbage, cut-off and oversized frames around good ones. */
class MllpFramerTest {
    private static final String A = "MSH|^~\\&|A\rPID|1";
    private static final String B = "MSH|^~\\&|B\rPID|2||王小明";

    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            byte[] b = p instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : (byte[]) p;
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    private static List<String> frames(List<MllpFramer.Piece> pieces) {
        List<String> out = new ArrayList<>();
        for (MllpFramer.Piece p : pieces) {
            if (p instanceof MllpFramer.Frame f) out.add(new String(f.payload(), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void twoMessagesInOneChunkAreTwoFrames() {
        byte[] stream = bytes(MllpFramer.wrap(A.getBytes(StandardCharsets.UTF_8)), MllpFramer.wrap(B.getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of(A, B), frames(new MllpFramer(1024).feed(stream)));
    }

    @Test
    void everySplitOfTheStreamGivesTheSameFrames() {
        byte[] stream = bytes(MllpFramer.wrap(A.getBytes(StandardCharsets.UTF_8)), MllpFramer.wrap(B.getBytes(StandardCharsets.UTF_8)));
        for (int cut1 = 0; cut1 <= stream.length; cut1++) {
            for (int cut2 = cut1; cut2 <= stream.length; cut2 += 3) {
                MllpFramer framer = new MllpFramer(1024);
                List<MllpFramer.Piece> pieces = new ArrayList<>();
                pieces.addAll(framer.feed(java.util.Arrays.copyOfRange(stream, 0, cut1)));
                pieces.addAll(framer.feed(java.util.Arrays.copyOfRange(stream, cut1, cut2)));
                pieces.addAll(framer.feed(java.util.Arrays.copyOfRange(stream, cut2, stream.length)));
                assertEquals(List.of(A, B), frames(pieces), "cut at " + cut1 + "/" + cut2);
            }
        }
    }

    @Test
    void oneByteAtATimeGivesTheSameFrames() {
        byte[] stream = bytes(MllpFramer.wrap(A.getBytes(StandardCharsets.UTF_8)), MllpFramer.wrap(B.getBytes(StandardCharsets.UTF_8)));
        MllpFramer framer = new MllpFramer(1024);
        List<MllpFramer.Piece> pieces = new ArrayList<>();
        for (byte b : stream) pieces.addAll(framer.feed(new byte[]{b}));
        assertEquals(List.of(A, B), frames(pieces));
    }

    @Test
    void garbageBetweenFramesIsSkippedAndReported() {
        MllpFramer framer = new MllpFramer(1024);
        List<MllpFramer.Piece> pieces = framer.feed(bytes("GET / HTTP/1.1\r\n", MllpFramer.wrap(A.getBytes(StandardCharsets.UTF_8)),
                "\n\n", MllpFramer.wrap(B.getBytes(StandardCharsets.UTF_8))));
        assertEquals(List.of(A, B), frames(pieces));
        assertInstanceOf(MllpFramer.Skipped.class, pieces.get(0));
        assertEquals(16, ((MllpFramer.Skipped) pieces.get(0)).bytes());
    }

    @Test
    void aFrameCutOffByANewStartIsDroppedAndTheNextOneKept() {
        List<MllpFramer.Piece> pieces = new MllpFramer(1024).feed(bytes(new byte[]{MllpFramer.VT}, "MSH|half",
                MllpFramer.wrap(B.getBytes(StandardCharsets.UTF_8))));
        assertEquals(List.of(B), frames(pieces));
        assertEquals(MllpFramer.Skipped.class, pieces.get(0).getClass());
    }

    @Test
    void anOversizedFrameIsReportedOnceItEndsAndDoesNotSwallowTheNext() {
        String big = "MSH|" + "x".repeat(200);
        List<MllpFramer.Piece> pieces = new MllpFramer(100).feed(bytes(MllpFramer.wrap(big.getBytes(StandardCharsets.UTF_8)),
                MllpFramer.wrap(A.getBytes(StandardCharsets.UTF_8))));
        assertEquals(MllpFramer.Oversized.class, pieces.get(0).getClass());
        assertEquals(204, ((MllpFramer.Oversized) pieces.get(0)).bytes());
        assertEquals(List.of(A), frames(pieces));
    }

    @Test
    void aMissingCrAfterTheEndIsTolerated() {
        List<MllpFramer.Piece> pieces = new MllpFramer(1024).feed(bytes(new byte[]{MllpFramer.VT}, A,
                new byte[]{MllpFramer.FS, MllpFramer.VT}, B, new byte[]{MllpFramer.FS, MllpFramer.CR}));
        assertEquals(List.of(A, B), frames(pieces));
        assertEquals(2, pieces.size());
    }
}
