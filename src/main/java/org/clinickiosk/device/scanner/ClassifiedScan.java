package org.clinickiosk.device.scanner;

/**
 * A scan and its category. value is the part the server looks up: the appointment id, the ticket token, the
 * specimen number, the health-card token; for unknown scans the whole text.
 */
public record ClassifiedScan(ScanCategory category, String text, String value) {

    @Override
    public String toString() {
        // a health-card token identifies a person: keep it out of logs
        return "ClassifiedScan[" + category + ", " + text.length() + " chars]";
    }
}
