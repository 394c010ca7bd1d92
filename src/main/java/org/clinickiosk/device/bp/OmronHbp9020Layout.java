package org.clinickiosk.device.bp;

/**
 * Field positions (0-based, comma-separated) of the Omron HBP-9020 mode 5 record, e.g.
 * {@code bp,99999999999999999999,2023/04/27,15:06,140,098,077,068,3}. Only SYS = 4, DIA = 6 and PR = 7 are seen in a
 * public integration; the mean position and the field count are UNVERIFIED, hence settings.
 *
 * @param mean       position of the mean arterial pressure, or -1 when the site does not trust that field
 * @param fieldCount fields per record; a record with another count is treated as damaged
 */
public record OmronHbp9020Layout(int systolic, int diastolic, int pulse, int mean, int fieldCount) {
    /** Fields 0–3: "bp", patient ID, date, time; their positions are fixed by the sample record. */
    static final int FIRST_VALUE_FIELD = 4;

    public static final OmronHbp9020Layout DEFAULT = new OmronHbp9020Layout(4, 6, 7, 5, 9);

    public OmronHbp9020Layout {
        for (int p : new int[] {systolic, diastolic, pulse}) {
            if (p < FIRST_VALUE_FIELD || p >= fieldCount) {
                throw new IllegalArgumentException("HBP-9020 value field " + p + " must be in " + FIRST_VALUE_FIELD
                        + ".." + (fieldCount - 1));
            }
        }
        if (mean != -1 && (mean < FIRST_VALUE_FIELD || mean >= fieldCount)) {
            throw new IllegalArgumentException("HBP-9020 mean field must be -1 or in " + FIRST_VALUE_FIELD + ".."
                    + (fieldCount - 1));
        }
    }
}
