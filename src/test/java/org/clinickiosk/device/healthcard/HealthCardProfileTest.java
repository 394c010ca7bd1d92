package org.clinickiosk.device.healthcard;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.Charset;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HealthCardProfileTest {

    private static final String NAME = "devices.healthCardReader.profile";

    @Test
    void theDefaultProfileSelectsThroughTheMasterFileAndReadsSixFields() {
        HealthCardProfile profile = HealthCardProfile.defaults();
        assertEquals(Charset.forName("GBK"), profile.encoding());
        assertEquals(HealthCardProfile.FIELD_NAMES.size(), profile.fields().size());
        HealthCardProfile.CardFile holder = profile.files().get("holder");
        assertEquals("00A40000023F00", Apdus.hex(holder.select().get(0).apdu()));
        assertEquals("00A4000002DDF1", Apdus.hex(holder.select().get(1).apdu()));
        assertEquals("00A4000002EF06", Apdus.hex(holder.select().get(2).apdu()));
        assertEquals(HealthCardProfile.ReadMode.RECORD, profile.files().get("cardInfo").mode());
    }

    @Test
    void commandsAreTheIsoBytes() {
        assertEquals("00A404000AD1560000150000000001",
                Apdus.hex(Apdus.selectAid(java.util.HexFormat.of().parseHex("D1560000150000000001"))));
        assertEquals("00B0012C40", Apdus.hex(Apdus.readBinary(300, 64)));
        assertEquals("00B0000000", Apdus.hex(Apdus.readBinary(0, 256)));
        assertEquals("00B2020400", Apdus.hex(Apdus.readRecord(2, 256)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "fields.name removed                | devices.healthCardReader.profile.fields.name is required",
            "fields.name.format = latin         | devices.healthCardReader.profile.fields.name.format must be \"text\", \"bcd\" or \"hex\", got \"latin\"",
            "fields.idNumber.length = 40        | devices.healthCardReader.profile.fields.idNumber ends at byte 77 but devices.healthCardReader.profile.files.holder reads only 64 bytes",
            "fields.idNumber.offset = -1        | devices.healthCardReader.profile.fields.idNumber.offset must be a whole number from 0 to 32767, got -1",
            "fields.idNumber.file = photo       | devices.healthCardReader.profile.fields.idNumber.file names \"photo\", which is not in devices.healthCardReader.profile.files",
            "fields.address = x                 | devices.healthCardReader.profile.fields.address: unknown key",
            "files.holder.read = tlv            | devices.healthCardReader.profile.files.holder.read must be \"binary\" or \"record\", got \"tlv\"",
            "files.holder.length removed        | devices.healthCardReader.profile.files.holder.length is required",
            "files.cardInfo.offset = 4          | devices.healthCardReader.profile.files.cardInfo.offset applies to binary files only",
            "files.cardInfo.record = 0          | devices.healthCardReader.profile.files.cardInfo.record must be a whole number from 1 to 254, got 0",
            "files.holder.select = [fid:DDF]    | devices.healthCardReader.profile.files.holder.select[0]: \"fid:DDF\" is not an even number of hex digits",
            "files.holder.select = [fid:3F0000] | devices.healthCardReader.profile.files.holder.select[0]: a file id has 4 hex digits",
            "files.holder.select = [DDF1]       | devices.healthCardReader.profile.files.holder.select[0] must be \"fid:<4 hex digits>\", \"aid:<hex>\" or \"apdu:<hex>\", got \"DDF1\"",
            "files.holder.select = []           | devices.healthCardReader.profile.files.holder.select must have at least one step",
            "prelude = [fid:3F00]               | devices.healthCardReader.profile.prelude[0] must be \"apdu:<hex>\", got \"fid:3F00\"",
            "encoding = GBX                     | devices.healthCardReader.profile.encoding must be a text encoding this Java knows",
            "colour = red                       | devices.healthCardReader.profile.colour: unknown key",
    })
    void configErrorsNameTheKey(String change, String expected) {
        JsonObject json = new JsonObject(HealthCardProfile.DEFAULT_JSON);
        apply(json, change.strip());
        var error = assertThrows(IllegalArgumentException.class, () -> HealthCardProfile.parse(NAME, json));
        assertTrue(error.getMessage().startsWith(expected.strip()), error.getMessage());
    }

    @Test
    void readerSettingsNameTheKeyToo() {
        Consumer<JsonObject> refused = config -> assertThrows(IllegalArgumentException.class,
                () -> HealthCardReaderSettings.parse("devices.healthCardReader", config));
        assertEquals("devices.healthCardReader.port must be \"pcsc\" (a PC/SC smart-card reader) or \"simulated\", "
                        + "got \"/dev/ttyUSB0\"",
                assertThrows(IllegalArgumentException.class, () -> HealthCardReaderSettings.parse(
                        "devices.healthCardReader", new JsonObject().put("port", "/dev/ttyUSB0"))).getMessage());
        refused.accept(new JsonObject().put("port", "pcsc").put("pollMs", 10));
        refused.accept(new JsonObject().put("port", "pcsc").put("baud", 9600));
        refused.accept(new JsonObject().put("port", "pcsc").put("reader", ""));
        refused.accept(new JsonObject().put("port", "pcsc").put("profile", "default"));
        HealthCardReaderSettings settings = HealthCardReaderSettings.parse("devices.healthCardReader",
                new JsonObject().put("port", "pcsc").put("reader", "ACS"));
        assertEquals("ACS", settings.reader());
        assertEquals(500, settings.pollMs());
    }

    /** "a.b = v" sets, "a.b removed" removes; v is a number, [list] or text. */
    private static void apply(JsonObject json, String change) {
        boolean remove = change.endsWith(" removed");
        String path = remove ? change.substring(0, change.length() - " removed".length()) : change.split(" = ")[0];
        String[] keys = path.strip().split("\\.");
        JsonObject target = json;
        for (int i = 0; i < keys.length - 1; i++) target = target.getJsonObject(keys[i]);
        String last = keys[keys.length - 1];
        if (remove) {
            target.remove(last);
            return;
        }
        String value = change.split(" = ")[1].strip();
        if (value.startsWith("[")) {
            JsonArray list = new JsonArray();
            String inner = value.substring(1, value.length() - 1);
            if (!inner.isEmpty()) for (String item : inner.split(",")) list.add(item.strip());
            target.put(last, list);
        } else if (value.matches("-?\\d+")) {
            target.put(last, Integer.parseInt(value));
        } else {
            target.put(last, value);
        }
    }
}
