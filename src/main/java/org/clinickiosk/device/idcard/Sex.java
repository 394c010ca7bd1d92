package org.clinickiosk.device.idcard;

import java.util.Optional;

/** GB/T 2261.1 sex codes as the card stores them. */
public enum Sex {
    UNKNOWN("0", "unknown"),
    MALE("1", "M"),
    FEMALE("2", "F"),
    UNSPECIFIED("9", "unspecified");

    private final String code;
    private final String jsonName;

    Sex(String code, String jsonName) {
        this.code = code;
        this.jsonName = jsonName;
    }

    /** "M" / "F" like {@link org.clinickiosk.common.IdNumber#sex()}, else "unknown" / "unspecified". */
    public String jsonName() { return jsonName; }

    public static Optional<Sex> ofCode(String code) {
        for (Sex s : values()) {
            if (s.code.equals(code)) return Optional.of(s);
        }
        return Optional.empty();
    }
}
