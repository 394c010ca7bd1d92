package org.clinickiosk.device.scanner;

/** What a scanned text is, as far as the kiosk can tell from its shape. */
public enum ScanCategory {
    /** Electronic health card QR: an opaque token, resolved by the server's resolvers. */
    HEALTH_CARD("healthCard"),
    /** CODE128 barcode on a lab specimen or report slip. */
    LAB_SPECIMEN("labSpecimen"),
    /** Our appointment confirmation QR: {@value ScanClassifier#APPOINTMENT_PREFIX} + appointment id. */
    APPOINTMENT("appointment"),
    /** Our queue ticket QR: a URL whose path ends in /t/{token}. */
    TICKET("ticket"),
    UNKNOWN("unknown");

    private final String jsonName;

    ScanCategory(String jsonName) { this.jsonName = jsonName; }

    public String jsonName() { return jsonName; }
}
