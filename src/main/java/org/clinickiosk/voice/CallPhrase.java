package org.clinickiosk.voice;

import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * What the lobby speaks for a call. Queue numbers are read digit by digit, as Chinese clinics read them: A023 is
 * "A零二三", never "A二十三"; in English "A zero two three".
 */
public final class CallPhrase {
    public static final String CHINESE = "zh-CN";
    public static final String ENGLISH = "en";
    public static final List<String> LANGUAGES = List.of(CHINESE, ENGLISH);

    private static final String[] CHINESE_DIGITS = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    private static final String[] ENGLISH_DIGITS = {"zero", "one", "two", "three", "four", "five", "six", "seven",
            "eight", "nine"};

    private CallPhrase() {}

    /** "请 A零二三 号 到 3号诊室 就诊" / "Number A zero two three, please go to Room 3." */
    public static String text(String language, String number, String roomName, String roomNameEn) {
        if (ENGLISH.equals(language)) {
            String room = roomNameEn == null || roomNameEn.isBlank() ? roomName : roomNameEn;
            return "Number " + spokenNumber(ENGLISH, number) + ", please go to " + room + ".";
        }
        return "请 " + spokenNumber(CHINESE, number) + " 号 到 " + roomName + " 就诊";
    }

    /** The spoken phrase in every language, for a display call event (number, roomName, roomNameEn). */
    public static JsonObject forCall(JsonObject call) {
        JsonObject spoken = new JsonObject();
        for (String language : LANGUAGES) {
            spoken.put(language, text(language, call.getString("number"), call.getString("roomName"),
                    call.getString("roomNameEn")));
        }
        return spoken;
    }

    static String spokenNumber(String language, String number) {
        StringBuilder out = new StringBuilder();
        for (char ch : number.toCharArray()) {
            if (ch >= '0' && ch <= '9') {
                if (ENGLISH.equals(language)) {
                    if (!out.isEmpty()) out.append(' ');
                    out.append(ENGLISH_DIGITS[ch - '0']);
                } else {
                    out.append(CHINESE_DIGITS[ch - '0']);
                }
            } else {
                if (ENGLISH.equals(language) && !out.isEmpty()) out.append(' ');
                out.append(ch);
            }
        }
        return out.toString();
    }
}
