package org.clinickiosk.bp;

import java.util.Arrays;
import java.util.Optional;

/**
 * Office blood-pressure categories of the Chinese hypertension guidelines (2018, 2024), lowest first, with the
 * lower bounds of each for systolic and diastolic pressure in mmHg (shared/domain/bp-monitors.md).
 */
public enum BpCategory {
    NORMAL("normal", 0, 0),
    NORMAL_HIGH("normal-high", 120, 80),
    GRADE_1("grade-1", 140, 90),
    GRADE_2("grade-2", 160, 100),
    /** Grade 3: at a kiosk this is the crisis that needs immediate attention. */
    GRADE_3("grade-3", 180, 110);

    private final String code;
    private final int systolicFrom;
    private final int diastolicFrom;

    BpCategory(String code, int systolicFrom, int diastolicFrom) {
        this.code = code;
        this.systolicFrom = systolicFrom;
        this.diastolicFrom = diastolicFrom;
    }

    /** Stable code for pages, the database and the staff view. */
    public String code() { return code; }

    int systolicFrom() { return systolicFrom; }

    int diastolicFrom() { return diastolicFrom; }

    /** ≥ 180 and/or ≥ 110: advise immediate attention and alert the nurses. */
    public boolean crisis() { return this == GRADE_3; }

    /** Grade 1 and above: suggest a visit and offer a ticket. */
    public boolean hypertensive() { return compareTo(GRADE_1) >= 0; }

    public static Optional<BpCategory> fromCode(String code) {
        return Arrays.stream(values()).filter(c -> c.code.equals(code)).findFirst();
    }
}
