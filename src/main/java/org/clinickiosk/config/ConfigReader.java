package org.clinickiosk.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Strict typed reads from one JSON object: every read names the full key path in its error, and {@link #finish}
 * refuses keys nobody asked for, so a typo ("prioritEvery") stops startup instead of being silently ignored.
 */
final class ConfigReader {
    private final JsonObject json;
    private final String path;
    private final Set<String> read = new java.util.HashSet<>();

    ConfigReader(JsonObject json, String path) {
        this.json = json == null ? new JsonObject() : json;
        this.path = path;
    }

    String key(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    boolean has(String name) {
        read.add(name);
        return json.containsKey(name) && json.getValue(name) != null;
    }

    String string(String name, String fallback) {
        if (!has(name)) return fallback;
        Object v = json.getValue(name);
        if (!(v instanceof String s)) throw wrongType(name, "a string", v);
        return s;
    }

    String requiredString(String name) {
        String s = string(name, null);
        if (s == null || s.isBlank()) throw new ConfigException(key(name) + ": is required");
        return s;
    }

    String matching(String name, String fallback, Pattern pattern, String what) {
        String s = string(name, fallback);
        if (s != null && !pattern.matcher(s).matches()) {
            throw new ConfigException(key(name) + ": must be " + what + ", got \"" + s + "\"");
        }
        return s;
    }

    String requiredMatching(String name, Pattern pattern, String what) {
        String s = matching(name, null, pattern, what);
        if (s == null) throw new ConfigException(key(name) + ": is required (" + what + ")");
        return s;
    }

    int integer(String name, int fallback, int min, int max) {
        if (!has(name)) return fallback;
        Object v = json.getValue(name);
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw wrongType(name, "a whole number", v);
        }
        long value = n.longValue();
        if (value < min || value > max) {
            throw new ConfigException(key(name) + ": must be between " + min + " and " + max + ", got " + value);
        }
        return (int) value;
    }

    double decimal(String name, double fallback, double min, double max) {
        if (!has(name)) return fallback;
        Object v = json.getValue(name);
        if (!(v instanceof Number n)) throw wrongType(name, "a number", v);
        double value = n.doubleValue();
        if (value < min || value > max) {
            throw new ConfigException(key(name) + ": must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    boolean bool(String name, boolean fallback) {
        if (!has(name)) return fallback;
        Object v = json.getValue(name);
        if (!(v instanceof Boolean b)) throw wrongType(name, "true or false", v);
        return b;
    }

    ConfigReader object(String name) {
        if (!has(name)) return new ConfigReader(new JsonObject(), key(name));
        Object v = json.getValue(name);
        if (!(v instanceof JsonObject o)) throw wrongType(name, "an object", v);
        return new ConfigReader(o, key(name));
    }

    JsonObject rawObject(String name) {
        if (!has(name)) return null;
        Object v = json.getValue(name);
        if (!(v instanceof JsonObject o)) throw wrongType(name, "an object", v);
        return o;
    }

    /** Reads an array of objects; null when the key is absent (so "absent" and "empty" can differ). */
    <T> List<T> objects(String name, Function<ConfigReader, T> each) {
        if (!has(name)) return null;
        Object v = json.getValue(name);
        if (!(v instanceof JsonArray array)) throw wrongType(name, "an array", v);
        List<T> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            Object item = array.getValue(i);
            String itemKey = key(name) + "[" + i + "]";
            if (!(item instanceof JsonObject o)) {
                throw new ConfigException(itemKey + ": must be an object");
            }
            ConfigReader reader = new ConfigReader(o, itemKey);
            out.add(each.apply(reader));
            reader.finish();
        }
        return out;
    }

    List<String> strings(String name) {
        if (!has(name)) return List.of();
        Object v = json.getValue(name);
        if (!(v instanceof JsonArray array)) throw wrongType(name, "an array of strings", v);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            if (!(array.getValue(i) instanceof String s)) {
                throw new ConfigException(key(name) + "[" + i + "]: must be a string");
            }
            out.add(s);
        }
        return out;
    }

    /** Refuses keys that were never read: they are typos or settings this version does not know. */
    void finish() {
        for (String name : json.fieldNames()) {
            if (!read.contains(name)) {
                throw new ConfigException(key(name) + ": unknown key (see docs/configuration.md)");
            }
        }
    }

    private ConfigException wrongType(String name, String expected, Object got) {
        String shown = got instanceof String ? "\"" + got + "\"" : String.valueOf(got);
        return new ConfigException(key(name) + ": must be " + expected + ", got " + shown);
    }
}
