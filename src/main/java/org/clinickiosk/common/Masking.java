package org.clinickiosk.common;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Masking applied on the server before personal data leaves it (screens, tickets, displays, logs):
 * 1101**********1234 for ID numbers, 张* / 张*三 for names.
 */
public final class Masking {
    private static final Set<String> ID_FIELDS = Set.of("idNumber", "permitNumber", "passNumber", "cardNumber");
    private static final Set<String> NAME_FIELDS = Set.of("name", "chineseName", "englishName");
    private static final Set<String> DROPPED_FIELDS = Set.of("address", "photo", "raw", "phone");

    private Masking() {}

    /**
     * An event as it may leave the server for a screen: identity fields masked at any depth (inside arrays too),
     * fields a screen never needs dropped. An electronic health card's QR text is a bearer credential (whoever shows
     * it is taken as its holder), so a scan of one loses its text.
     */
    public static JsonObject event(JsonObject event) {
        return event(event, new TreeSet<>());
    }

    /** As {@link #event(JsonObject)}, adding to {@code touched} the name of every field it masked or dropped. */
    public static JsonObject event(JsonObject event, Set<String> touched) {
        if ("scan".equals(event.getString("type")) && "healthCard".equals(event.getString("category"))) {
            JsonObject withoutToken = event.copy();
            if (withoutToken.remove("text") != null) touched.add("text");
            if (withoutToken.remove("value") != null) touched.add("value");
            event = withoutToken;
        }
        JsonObject out = new JsonObject();
        for (Map.Entry<String, Object> e : event) {
            String key = e.getKey();
            Object value = e.getValue();
            if (DROPPED_FIELDS.contains(key)) {
                touched.add(key);
            } else if (ID_FIELDS.contains(key) && value instanceof String s) {
                touched.add(key);
                out.put(key, idNumber(s));
            } else if (NAME_FIELDS.contains(key) && value instanceof String s) {
                touched.add(key);
                out.put(key, name(s));
            } else {
                out.put(key, nested(value, touched));
            }
        }
        return out;
    }

    private static Object nested(Object value, Set<String> touched) {
        if (value instanceof JsonObject object) return event(object, touched);
        if (value instanceof JsonArray array) {
            JsonArray out = new JsonArray();
            array.forEach(item -> out.add(nested(item, touched)));
            return out;
        }
        return value;
    }

    /** Keeps the first 4 and last 4 characters of an ID-like number; shorter values are masked whole. */
    public static String idNumber(String id) {
        if (id == null || id.isEmpty()) return "";
        int n = id.length();
        if (n <= 8) return "*".repeat(n);
        return id.substring(0, 4) + "*".repeat(n - 8) + id.substring(n - 4);
    }

    /**
     * Chinese names keep the surname and, for three or more characters, the last character (张* / 张*三 / 欧阳**锋);
     * Latin-script names keep the first letter of each word.
     */
    public static String name(String name) {
        if (name == null || name.isBlank()) return "";
        String s = name.strip();
        if (s.codePoints().anyMatch(Character::isIdeographic)) {
            int[] cps = s.codePoints().toArray();
            if (cps.length == 1) return "*";
            if (cps.length == 2) return new String(cps, 0, 1) + "*";
            return new String(cps, 0, 1) + "*".repeat(cps.length - 2) + new String(cps, cps.length - 1, 1);
        }
        StringBuilder out = new StringBuilder();
        for (String word : s.split("\\s+")) {
            if (out.length() > 0) out.append(' ');
            out.append(word.charAt(0)).append("*".repeat(Math.max(1, word.length() - 1)));
        }
        return out.toString();
    }

    /** 20-digit health-record number: the division code stays, most of the serial is hidden. */
    public static String recordNumber(String recordNumber) {
        if (recordNumber == null || recordNumber.length() < 8) return idNumber(recordNumber);
        int n = recordNumber.length();
        return recordNumber.substring(0, 6) + "*".repeat(n - 10) + recordNumber.substring(n - 4);
    }

    /** Phone numbers: 138****5678. */
    public static String phone(String phone) {
        if (phone == null || phone.length() < 7) return phone == null ? "" : "*".repeat(phone.length());
        return phone.substring(0, 3) + "*".repeat(phone.length() - 7) + phone.substring(phone.length() - 4);
    }
}
