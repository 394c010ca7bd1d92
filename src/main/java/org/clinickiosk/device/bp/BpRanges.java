package org.clinickiosk.device.bp;

import java.time.LocalDateTime;

/** Plausibility checks every record passes before it may become a reading (limits from bp-monitors.md). */
public final class BpRanges {
    public static final int SYSTOLIC_MIN = 60, SYSTOLIC_MAX = 260;
    public static final int DIASTOLIC_MIN = 30, DIASTOLIC_MAX = 215;
    public static final int PULSE_MIN = 40, PULSE_MAX = 180;

    private BpRanges() {}

    /** A reading when all values are plausible and consistent, otherwise a measurement error naming the value. */
    public static BpEvent check(int systolic, int diastolic, int pulse, Integer mean, LocalDateTime deviceTime,
                                BpModel model, String raw) {
        if (systolic < SYSTOLIC_MIN || systolic > SYSTOLIC_MAX) {
            return outOfRange("systolic " + systolic + " mmHg, plausible " + SYSTOLIC_MIN + "–" + SYSTOLIC_MAX, model, raw);
        }
        if (diastolic < DIASTOLIC_MIN || diastolic > DIASTOLIC_MAX) {
            return outOfRange("diastolic " + diastolic + " mmHg, plausible " + DIASTOLIC_MIN + "–" + DIASTOLIC_MAX, model, raw);
        }
        if (pulse < PULSE_MIN || pulse > PULSE_MAX) {
            return outOfRange("pulse " + pulse + "/min, plausible " + PULSE_MIN + "–" + PULSE_MAX, model, raw);
        }
        if (systolic <= diastolic) {
            return new BpMeasurementError(BpErrorCode.INCONSISTENT,
                    "systolic " + systolic + " not above diastolic " + diastolic, null, model, raw);
        }
        // The mean lies between diastolic and systolic by definition; anything else means a damaged record.
        if (mean != null && (mean < diastolic || mean > systolic)) {
            return new BpMeasurementError(BpErrorCode.INCONSISTENT,
                    "mean " + mean + " outside " + diastolic + "–" + systolic, null, model, raw);
        }
        return new BpReading(systolic, diastolic, pulse, mean, deviceTime, model, raw);
    }

    private static BpMeasurementError outOfRange(String detail, BpModel model, String raw) {
        return new BpMeasurementError(BpErrorCode.OUT_OF_RANGE, detail, null, model, raw);
    }
}
