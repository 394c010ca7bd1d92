package org.clinickiosk.device.bp;

/**
 * A measurement that must not be shown or stored as a reading.
 *
 * @param detail     what exactly was wrong, for staff and logs (may name the device code or the offending value)
 * @param deviceCode the monitor's own code ("E44", "ERR 3"), null when the check was ours
 * @param raw        the record as received, patient-ID field masked
 */
public record BpMeasurementError(BpErrorCode code, String detail, String deviceCode, BpModel model, String raw)
        implements BpEvent {

    /** The plain reason: the code's text, followed by the detail when there is one. */
    public String reason() {
        return detail == null ? code.text() : code.text() + " (" + detail + ")";
    }
}
