package org.clinickiosk.device.idcard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every recorded exchange in devices/idcard/captures decodes to its expected results, however it is chunked. */
class IdCardCapturesTest {

    private static final int CHUNKINGS = 25;

    static List<Path> captures() {
        List<Path> all = CaptureFile.all("idcard");
        assertFalse(all.isEmpty(), "no captures found under devices/idcard/captures");
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void decodesInAnyChunking(Path hexFile) throws IOException {
        CaptureFile capture = CaptureFile.read(hexFile);
        JsonObject expected = new JsonObject(Files.readString(capture.expectedJson()));
        SamCommand request = SamCommand.valueOf(expected.getString("request"));
        assertArrayEquals(request.frame(), capture.fromHost(), "the recorded request is not " + request);
        LocalDate today = LocalDate.parse(expected.getString("today"));

        Random random = new Random(hexFile.getFileName().toString().hashCode());
        for (int round = 0; round < CHUNKINGS; round++) {
            List<byte[]> chunks = switch (round) {
                case 0 -> List.of(capture.toHost());
                case 1 -> oneByteEach(capture.toHost());
                default -> CaptureFile.randomChunks(capture.toHost(), random);
            };
            SamFrameParser parser = SamFrameParser.forReplies(SamFrameParser.DEFAULT_MAX_LENGTH);
            List<SamFrameParser.Result> results = new ArrayList<>();
            for (byte[] chunk : chunks) results.addAll(parser.feed(chunk));
            results.addAll(parser.flush());

            JsonArray actual = new JsonArray();
            results.forEach(r -> actual.add(describe(r, request, today)));
            String chunking = chunks.size() + " chunks in round " + round;
            assertEquals(expected.getJsonArray("results"), actual, chunking);
            assertEquals(expected.getLong("skippedBytes"), parser.skippedBytes(), chunking);
            assertEquals(0, parser.bufferedBytes(), chunking);
        }
    }

    private static JsonObject describe(SamFrameParser.Result result, SamCommand request, LocalDate today) {
        if (result instanceof SamFrameParser.Failure failure) {
            return new JsonObject().put("error", failure.error().name());
        }
        SamReply reply = SamReply.decode(((SamFrameParser.Frame) result).body());
        JsonObject json = new JsonObject().put("status", reply.status().name());
        if (reply.status() != SamStatus.OK) return json;
        switch (request) {
            case READ_SAM_ID -> json.put("samId", HexFormat.of().withUpperCase().formatHex(reply.data()));
            case READ_APPENDED_ADDRESS ->
                    json.put("appendedAddress", CardTextCodec.decodeAppendedAddress(reply.data()));
            case READ_TEXT_AND_PHOTO, READ_TEXT_PHOTO_AND_FINGERPRINT -> {
                var decoder = new ReadReplyDecoder(
                        new IdentityCheck(Pattern.compile(IdentityCheck.DEFAULT_FOREIGNER_PERMIT_PATTERN)));
                var outcome = decoder.decode(reply, request == SamCommand.READ_TEXT_PHOTO_AND_FINGERPRINT, today);
                if (outcome instanceof IdentityCheck.Accepted accepted) {
                    json.put("identity", IdCardReaderDriver.identityJson(accepted.identity()));
                } else {
                    json.put("refused", ((IdentityCheck.Refused) outcome).reason());
                }
            }
            default -> { }
        }
        return json;
    }

    private static List<byte[]> oneByteEach(byte[] bytes) {
        List<byte[]> chunks = new ArrayList<>();
        for (byte b : bytes) chunks.add(new byte[] {b});
        return chunks;
    }
}
