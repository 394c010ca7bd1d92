package org.clinickiosk.bp;

/**
 * The category of one reading or of the mean of several: systolic and diastolic are placed separately and the higher
 * category counts; isolated systolic hypertension is systolic ≥ 140 with diastolic &lt; 90, graded by the systolic
 * value. Means are classified exactly (139.5 is still below 140), never rounded first.
 */
public record BpClassification(BpCategory category, boolean isolatedSystolic) {

    public static BpClassification of(double systolic, double diastolic) {
        if (!(systolic > 0) || !(diastolic > 0) || Double.isInfinite(systolic) || Double.isInfinite(diastolic)) {
            throw new IllegalArgumentException("pressures must be positive numbers, got " + systolic + "/" + diastolic);
        }
        BpCategory bySystolic = BpCategory.NORMAL;
        BpCategory byDiastolic = BpCategory.NORMAL;
        for (BpCategory c : BpCategory.values()) {
            if (systolic >= c.systolicFrom()) bySystolic = c;
            if (diastolic >= c.diastolicFrom()) byDiastolic = c;
        }
        BpCategory higher = bySystolic.compareTo(byDiastolic) >= 0 ? bySystolic : byDiastolic;
        boolean isolated = systolic >= BpCategory.GRADE_1.systolicFrom() && diastolic < BpCategory.GRADE_1.diastolicFrom();
        return new BpClassification(higher, isolated);
    }
}
