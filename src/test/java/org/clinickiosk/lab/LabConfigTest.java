package org.clinickiosk.lab;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.clinickiosk.ClinicServer;
import org.clinickiosk.config.ClinicConfig;
import org.clinickiosk.config.ConfigException;
import org.clinickiosk.testsupport.MutableClock;
import org.clinickiosk.testsupport.TestConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lab and printer keys: defaults, refusals naming the key, and the A4 font checked at start. */
@ExtendWith(VertxExtension.class)
class LabConfigTest {
    @TempDir
    Path dir;

    private ClinicConfig config(JsonObject extra) {
        JsonObject json = TestConfigs.clinic(dir.resolve("clinic.db"));
        extra.forEach(e -> json.put(e.getKey(), e.getValue()));
        return ClinicConfig.fromJson(json);
    }

    private void refused(JsonObject extra, String message) {
        ConfigException e = assertThrows(ConfigException.class, () -> config(extra));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void defaultsLeaveTheListenerAndImportOffAndPrintSlips() {
        ClinicConfig c = config(new JsonObject());
        assertNull(c.lab().mllpPort());
        assertNull(c.lab().token());
        assertEquals(List.of("NNCHN", "ID"), c.lab().idNumberTypes());
        assertEquals(2, c.lab().maxReprints());
        assertNull(c.printers().a4().uri());
        assertEquals("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", c.printers().a4().fontPath());
    }

    @Test
    void badValuesAreRefusedNamingTheKey() {
        refused(new JsonObject().put("lab", new JsonObject().put("token", "short")), "lab.token: must have at least 24");
        refused(new JsonObject().put("lab", new JsonObject().put("mllpPort", 70000)), "lab.mllpPort: must be between");
        refused(new JsonObject().put("lab", new JsonObject().put("maxReprint", 1)), "lab.maxReprint: unknown key");
        refused(new JsonObject().put("lab", new JsonObject().put("recordNumberTypes", new JsonArray().add("ID"))),
                "lab.recordNumberTypes: \"ID\" is also an ID-number type");
        refused(new JsonObject().put("printers", new JsonObject().put("a4", new JsonObject().put("uri", "lpd://x/q"))),
                "printers.a4.uri: must be an ipp:// URI");
        refused(new JsonObject().put("printers", new JsonObject().put("a5", new JsonObject())), "printers.a5: unknown key");
    }

    @Test
    void aFontPdfBoxCannotEmbedStopsStartNamingTheKey(Vertx vertx) throws Exception {
        Path noto = Path.of("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc");
        Path missing = dir.resolve("no-such-font.ttc");
        for (Path font : Files.exists(noto) ? List.of(noto, missing) : List.of(missing)) {
            ClinicConfig c = config(new JsonObject().put("printers", new JsonObject().put("a4", new JsonObject()
                    .put("uri", "ipp://127.0.0.1:1/ipp/print").put("fontPath", font.toString()))));
            Exception e = assertThrows(Exception.class, () -> ClinicServer.start(vertx, c,
                    new ClinicServer.Options(MutableClock.shanghai(9, 0), 15_000)).await());
            assertTrue(e instanceof ConfigException && e.getMessage().startsWith("printers.a4.fontPath: "), e.getMessage());
            assertTrue(e.getMessage().contains("fonts-wqy-zenhei"), e.getMessage());
        }
    }
}
