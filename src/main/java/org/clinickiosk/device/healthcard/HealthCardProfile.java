package org.clinickiosk.device.healthcard;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a resident health card (居民健康卡) keeps each field and how to reach it. The AIDs, file ids, APDU sequence,
 * record layout and text encoding of real cards are not public (UNVERIFIED), so all of it is configuration;
 * {@link #DEFAULT_JSON} is our own guess, matched by the fictional cards in devices/healthcard/.
 *
 * @param prelude APDUs sent once after connecting, before any file is read; each must answer 9000
 */
public record HealthCardProfile(Charset encoding, List<Command> prelude, Map<String, CardFile> files,
                                Map<String, Field> fields) {

    /** One APDU with the text that names it in error messages. */
    public record Command(String label, byte[] apdu) {}

    public enum ReadMode { BINARY, RECORD }

    /** One read unit: the SELECT steps that reach it, then one READ BINARY (from offset) or READ RECORD. */
    public record CardFile(String name, List<Command> select, ReadMode mode, int record, int offset, int length) {}

    public enum Format { TEXT, BCD, HEX }

    /** {@code offset} counts from the first byte read from the file (for binary files, the file's own offset). */
    public record Field(String file, int offset, int length, Format format) {}

    /** Fields the reader publishes; {@link #REQUIRED_FIELDS} must be in every profile. */
    public static final List<String> FIELD_NAMES = List.of("name", "sex", "nation", "birthDate", "idNumber", "cardNumber");
    public static final Set<String> REQUIRED_FIELDS = Set.of("name", "idNumber");

    /** READ BINARY offsets are 15 bits (P1 bit 8 set means a short file id instead). */
    static final int MAX_BINARY_END = 0x7FFF;

    public static final String DEFAULT_JSON = """
            {
              "encoding": "GBK",
              "prelude": [],
              "files": {
                "cardInfo": {"select": ["fid:3F00", "fid:DDF1", "fid:EF05"], "read": "record", "record": 1},
                "holder":   {"select": ["fid:3F00", "fid:DDF1", "fid:EF06"], "read": "binary", "length": 64}
              },
              "fields": {
                "cardNumber": {"file": "cardInfo", "offset": 0,  "length": 18, "format": "text"},
                "name":       {"file": "holder",   "offset": 0,  "length": 30, "format": "text"},
                "sex":        {"file": "holder",   "offset": 30, "length": 1,  "format": "text"},
                "nation":     {"file": "holder",   "offset": 31, "length": 2,  "format": "text"},
                "birthDate":  {"file": "holder",   "offset": 33, "length": 4,  "format": "bcd"},
                "idNumber":   {"file": "holder",   "offset": 37, "length": 18, "format": "text"}
              }
            }""";

    public static HealthCardProfile defaults() {
        return parse("profile", new JsonObject(DEFAULT_JSON));
    }

    /**
     * @param name how the profile is called in error messages, e.g. {@code devices.healthCardReader.profile}
     * @throws IllegalArgumentException naming the offending key
     */
    public static HealthCardProfile parse(String name, JsonObject json) {
        known(name, json, Set.of("encoding", "prelude", "files", "fields"));
        Charset encoding = charset(name + ".encoding", json.getValue("encoding", "GBK"));
        List<Command> prelude = commands(name + ".prelude", json.getValue("prelude", new JsonArray()), true);

        JsonObject filesJson = object(name + ".files", json.getValue("files"));
        if (filesJson.isEmpty()) throw new IllegalArgumentException(name + ".files must name at least one file");
        Map<String, CardFile> files = new LinkedHashMap<>();
        for (String file : filesJson.fieldNames()) {
            files.put(file, cardFile(name + ".files." + file, file, filesJson.getValue(file)));
        }

        JsonObject fieldsJson = object(name + ".fields", json.getValue("fields"));
        known(name + ".fields", fieldsJson, Set.copyOf(FIELD_NAMES));
        Map<String, Field> fields = new LinkedHashMap<>();
        for (String field : FIELD_NAMES) {
            String key = name + ".fields." + field;
            if (!fieldsJson.containsKey(field)) {
                if (REQUIRED_FIELDS.contains(field)) throw new IllegalArgumentException(key + " is required");
                continue;
            }
            Field parsed = field(key, fieldsJson.getValue(field));
            CardFile file = files.get(parsed.file());
            if (file == null) {
                throw new IllegalArgumentException(key + ".file names \"" + parsed.file() + "\", which is not in "
                        + name + ".files");
            }
            if (parsed.offset() + parsed.length() > file.length()) {
                throw new IllegalArgumentException(key + " ends at byte " + (parsed.offset() + parsed.length())
                        + " but " + name + ".files." + parsed.file() + " reads only " + file.length() + " bytes");
            }
            fields.put(field, parsed);
        }
        // in the order written, so files are read in the profile's order
        return new HealthCardProfile(encoding, prelude, Collections.unmodifiableMap(files),
                Collections.unmodifiableMap(fields));
    }

    private static CardFile cardFile(String key, String fileName, Object value) {
        JsonObject json = object(key, value);
        known(key, json, Set.of("select", "read", "record", "offset", "length"));
        List<Command> select = commands(key + ".select", json.getValue("select"), false);
        Object read = json.getValue("read");
        if (!"binary".equals(read) && !"record".equals(read)) {
            throw new IllegalArgumentException(key + ".read must be \"binary\" or \"record\", got " + shown(read));
        }
        if ("record".equals(read)) {
            if (json.containsKey("offset")) {
                throw new IllegalArgumentException(key + ".offset applies to binary files only; a record is read whole");
            }
            int record = whole(key + ".record", json.getValue("record"), 1, 254, null);
            // Le 00: the whole record, up to 256 bytes
            int length = whole(key + ".length", json.getValue("length"), 1, 256, 256);
            return new CardFile(fileName, select, ReadMode.RECORD, record, 0, length);
        }
        if (json.containsKey("record")) {
            throw new IllegalArgumentException(key + ".record applies to record files only (\"read\": \"record\")");
        }
        int offset = whole(key + ".offset", json.getValue("offset"), 0, MAX_BINARY_END, 0);
        int length = whole(key + ".length", json.getValue("length"), 1, MAX_BINARY_END, null);
        if (offset + length > MAX_BINARY_END + 1) {
            throw new IllegalArgumentException(key + ": offset + length must not pass byte " + (MAX_BINARY_END + 1));
        }
        return new CardFile(fileName, select, ReadMode.BINARY, 0, offset, length);
    }

    private static Field field(String key, Object value) {
        JsonObject json = object(key, value);
        known(key, json, Set.of("file", "offset", "length", "format"));
        if (!(json.getValue("file") instanceof String file) || file.isBlank()) {
            throw new IllegalArgumentException(key + ".file is required: the name of an entry in files");
        }
        int offset = whole(key + ".offset", json.getValue("offset"), 0, MAX_BINARY_END, null);
        int length = whole(key + ".length", json.getValue("length"), 1, 256, null);
        Object format = json.getValue("format", "text");
        Format parsed = switch (String.valueOf(format)) {
            case "text" -> Format.TEXT;
            case "bcd" -> Format.BCD;
            case "hex" -> Format.HEX;
            default -> throw new IllegalArgumentException(key + ".format must be \"text\", \"bcd\" or \"hex\", got "
                    + shown(format));
        };
        return new Field(file, offset, length, parsed);
    }

    /**
     * A list of steps: {@code fid:DDF1} (SELECT by file id), {@code aid:D156...} (SELECT by application name) or
     * {@code apdu:00A4...} (sent as written). The prelude allows only {@code apdu:}.
     */
    private static List<Command> commands(String key, Object value, boolean rawOnly) {
        if (!(value instanceof JsonArray array)) {
            throw new IllegalArgumentException(key + " must be a list like [\"fid:3F00\", \"fid:DDF1\"], got " + shown(value));
        }
        if (!rawOnly && array.isEmpty()) throw new IllegalArgumentException(key + " must have at least one step");
        List<Command> out = new java.util.ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String stepKey = key + "[" + i + "]";
            if (!(array.getValue(i) instanceof String step)) {
                throw new IllegalArgumentException(stepKey + " must be text, got " + shown(array.getValue(i)));
            }
            int colon = step.indexOf(':');
            String kind = colon < 0 ? "" : step.substring(0, colon);
            byte[] data = colon < 0 ? null : hex(stepKey, step, step.substring(colon + 1));
            byte[] apdu = switch (rawOnly ? (kind.equals("apdu") ? "apdu" : "") : kind) {
                case "fid" -> {
                    if (data.length != 2) throw new IllegalArgumentException(stepKey + ": a file id has 4 hex digits, got \"" + step + "\"");
                    yield Apdus.selectFile(data);
                }
                case "aid" -> {
                    if (data.length < 5 || data.length > 16) {
                        throw new IllegalArgumentException(stepKey + ": an AID has 5 to 16 bytes, got \"" + step + "\"");
                    }
                    yield Apdus.selectAid(data);
                }
                case "apdu" -> {
                    if (data.length < 4) throw new IllegalArgumentException(stepKey + ": an APDU has at least 4 bytes");
                    yield data;
                }
                default -> throw new IllegalArgumentException(stepKey + " must be "
                        + (rawOnly ? "\"apdu:<hex>\"" : "\"fid:<4 hex digits>\", \"aid:<hex>\" or \"apdu:<hex>\"")
                        + ", got \"" + step + "\"");
            };
            out.add(new Command(step, apdu));
        }
        return List.copyOf(out);
    }

    private static byte[] hex(String key, String step, String text) {
        String digits = text.replace(" ", "");
        try {
            if (digits.isEmpty() || digits.length() % 2 != 0) throw new IllegalArgumentException();
            return HexFormat.of().parseHex(digits);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": \"" + step + "\" is not an even number of hex digits");
        }
    }

    private static Charset charset(String key, Object value) {
        if (value instanceof String text) {
            try {
                return Charset.forName(text);
            } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException(key + " must be a text encoding this Java knows, such as GBK, GB18030 or "
                + "UTF-8, got " + shown(value));
    }

    private static JsonObject object(String key, Object value) {
        if (value instanceof JsonObject json) return json;
        throw new IllegalArgumentException(key + (value == null ? " is required" : " must be an object, got " + shown(value)));
    }

    private static int whole(String key, Object value, int min, int max, Integer fallback) {
        if (value == null && fallback != null) return fallback;
        if (value == null) throw new IllegalArgumentException(key + " is required");
        if ((value instanceof Integer || value instanceof Long) && ((Number) value).longValue() >= min
                && ((Number) value).longValue() <= max) {
            return ((Number) value).intValue();
        }
        throw new IllegalArgumentException(key + " must be a whole number from " + min + " to " + max + ", got " + shown(value));
    }

    private static void known(String key, JsonObject json, Set<String> allowed) {
        for (String field : json.fieldNames()) {
            if (!allowed.contains(field)) {
                throw new IllegalArgumentException(key + "." + field + ": unknown key, expected one of "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }

    private static String shown(Object value) {
        return value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
    }
}
