package org.clinickiosk.device.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.clinickiosk.device.idcard.CaptureFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every recorded scanner stream in devices/scanner/captures gives its expected scans, however it is chunked. */
class ScannerCapturesTest {

    static List<Path> captures() {
        List<Path> all = CaptureFile.all("scanner");
        assertFalse(all.isEmpty(), "no captures found under devices/scanner/captures");
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void scansInAnyChunking(Path hexFile) throws IOException {
        CaptureFile capture = CaptureFile.read(hexFile);
        JsonObject expected = new JsonObject(Files.readString(capture.expectedJson()));
        ScannerSettings settings = ScannerDriver.settingsFrom(expected.getJsonObject("settings"));
        ScanClassifier classifier = new ScanClassifier(settings.healthCardPattern(), settings.labSpecimenPattern());
        Random random = new Random(hexFile.getFileName().toString().hashCode());
        for (int round = 0; round < 50; round++) {
            ScanFramer framer = new ScanFramer(settings.charset(), settings.prefix(), settings.suffix(),
                    settings.maxLength());
            JsonArray actual = new JsonArray();
            List<byte[]> chunks = round == 0 ? List.of(capture.toHost()) : CaptureFile.randomChunks(capture.toHost(),
                    random);
            for (byte[] chunk : chunks) {
                for (ScanFramer.Result result : framer.feed(chunk)) {
                    if (result instanceof ScanFramer.Overlong overlong) {
                        actual.add(new JsonObject().put("overlong", overlong.discardedBytes()));
                    } else {
                        ClassifiedScan scan = classifier.classify(((ScanFramer.Scan) result).text());
                        actual.add(new JsonObject().put("category", scan.category().jsonName())
                                .put("text", scan.text()).put("value", scan.value()));
                    }
                }
            }
            assertEquals(expected.getJsonArray("scans"), actual, chunks.size() + " chunks");
            assertEquals(0, framer.bufferedBytes());
        }
    }
}
