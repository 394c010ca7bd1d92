package org.clinickiosk.web;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every page's translation files (kiosk-ui/PAGE/i18n/*.json) have the same keys, all with text. */
class TranslationsTest {

    @Test
    void everyLanguageHasTheSameKeysWithText() throws IOException {
        List<Path> folders;
        try (var walk = Files.walk(Path.of("kiosk-ui"))) {
            folders = walk.filter(p -> p.getFileName().toString().equals("i18n") && Files.isDirectory(p)).toList();
        }
        for (Path folder : folders) {
            Path chinese = folder.resolve("zh-CN.json");
            Path english = folder.resolve("en.json");
            assertTrue(Files.exists(chinese) && Files.exists(english), folder + " needs zh-CN.json and en.json");
            JsonObject zh = new JsonObject(Files.readString(chinese, StandardCharsets.UTF_8));
            JsonObject en = new JsonObject(Files.readString(english, StandardCharsets.UTF_8));
            Set<String> zhKeys = new TreeSet<>(zh.fieldNames());
            Set<String> enKeys = new TreeSet<>(en.fieldNames());
            assertEquals(zhKeys, enKeys, folder + ": zh-CN and en differ in keys");
            for (String key : zhKeys) {
                assertTrue(zh.getValue(key) instanceof String s && !s.isBlank(), folder + " zh-CN " + key + " is empty");
                assertTrue(en.getValue(key) instanceof String s && !s.isBlank(), folder + " en " + key + " is empty");
            }
        }
    }
}
