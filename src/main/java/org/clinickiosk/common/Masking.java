package org.clinickiosk.common;

/**
 * Masking applied on the server before personal data leaves it (screens, tickets, displays, logs):
 * 1101**********1234 for ID numbers, 张* / 张*三 for names.
 */
public final class Masking {
    private Masking() {}

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
