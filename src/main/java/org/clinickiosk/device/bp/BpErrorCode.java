package org.clinickiosk.device.bp;

import java.util.Map;

/**
 * Why a measurement produced no reading. The key is stable (the kiosk UI translates it); the text is plain English
 * for logs and staff screens.
 */
public enum BpErrorCode {
    NO_PRESSURE_AT_START("no-pressure-at-start", "The cuff did not hold pressure at the start; check that the arm is in the cuff and the hose is connected"),
    INFLATION_TIMEOUT("inflation-timeout", "The cuff could not be inflated in time; check the cuff and hose for leaks"),
    INFLATION_TOO_FAST("inflation-too-fast", "The cuff inflated too fast; check the arm position and measure again"),
    DEFLATION_TOO_SLOW("deflation-too-slow", "The cuff deflated too slowly; measure again"),
    DEFLATION_TOO_FAST("deflation-too-fast", "The cuff deflated too fast; check the cuff for leaks and measure again"),
    OVERPRESSURE("overpressure", "The cuff pressure went too high and the measurement was stopped; keep still and measure again"),
    TIME_LIMIT("time-limit", "The measurement took too long and was stopped; measure again"),
    INSUFFICIENT_PRESSURE("insufficient-pressure", "The cuff pressure was not high enough for this arm; measure again"),
    NO_PULSE("no-pulse", "No pulse was detected; place the arm correctly in the cuff and measure again"),
    PATIENT_MOVED("patient-moved", "The arm moved during the measurement; keep still and measure again"),
    DIASTOLIC_UNDETERMINED("diastolic-undetermined", "The diastolic pressure could not be determined; measure again"),
    MEAN_UNDETERMINED("mean-undetermined", "The mean pressure could not be determined; measure again"),
    SYSTOLIC_UNDETERMINED("systolic-undetermined", "The systolic pressure could not be determined; measure again"),
    PULSE_UNDETERMINED("pulse-undetermined", "The pulse rate could not be determined; measure again"),
    DEVICE_OUT_OF_RANGE("device-out-of-range", "The monitor reported a result outside its measuring range; measure again or ask staff"),
    DEVICE_ERROR("device-error", "The monitor reported an error; measure again or ask staff"),
    OUT_OF_RANGE("out-of-range", "The result is outside the plausible range; measure again or ask staff"),
    INCONSISTENT("inconsistent", "The result is inconsistent (systolic not above diastolic); measure again"),
    UNREADABLE_RECORD("unreadable-record", "The monitor's record could not be read (damaged or unexpected format); measure again");

    private static final Map<String, BpErrorCode> AND_CODES = Map.ofEntries(
            Map.entry("E11", NO_PRESSURE_AT_START), Map.entry("E15", NO_PRESSURE_AT_START),
            Map.entry("E12", INFLATION_TIMEOUT), Map.entry("E13", INFLATION_TOO_FAST),
            Map.entry("E21", DEFLATION_TOO_SLOW), Map.entry("E22", DEFLATION_TOO_FAST),
            Map.entry("E23", OVERPRESSURE), Map.entry("E24", TIME_LIMIT),
            Map.entry("E42", INSUFFICIENT_PRESSURE), Map.entry("E43", NO_PULSE),
            Map.entry("E44", PATIENT_MOVED), Map.entry("E45", DIASTOLIC_UNDETERMINED),
            Map.entry("E46", MEAN_UNDETERMINED), Map.entry("E48", SYSTOLIC_UNDETERMINED),
            Map.entry("E61", PULSE_UNDETERMINED), Map.entry("E63", DEVICE_OUT_OF_RANGE));

    private final String key;
    private final String text;

    BpErrorCode(String key, String text) {
        this.key = key;
        this.text = text;
    }

    public String key() { return key; }

    public String text() { return text; }

    /** An A&D "Exx" code other than E00; unknown codes become {@link #DEVICE_ERROR}. */
    public static BpErrorCode forAndCode(String eCode) {
        return AND_CODES.getOrDefault(eCode, DEVICE_ERROR);
    }
}
