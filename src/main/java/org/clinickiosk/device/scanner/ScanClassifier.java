package org.clinickiosk.device.scanner;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sorts scans by shape. Our own formats (ticket, appointment) are checked first because they are unambiguous; the
 * health-card and specimen shapes come from outside systems and are settings.
 */
public final class ScanClassifier {

    /** Start of our appointment QR text, followed by the appointment id; the 1 versions the format. */
    public static final String APPOINTMENT_PREFIX = "CKA1:";

    /** One platform's static health-card code: 64 hex characters, ":" and a digit. UNVERIFIED as national format. */
    public static final String DEFAULT_HEALTH_CARD_PATTERN = "[0-9A-Fa-f]{64}:\\d";

    /** Digits-only CODE128 specimen numbers; each laboratory system picks its own length. */
    public static final String DEFAULT_LAB_SPECIMEN_PATTERN = "\\d{8,20}";

    private static final Pattern APPOINTMENT =
            Pattern.compile(Pattern.quote(APPOINTMENT_PREFIX) + "([A-Za-z0-9-]{1,64})");
    /** Absolute or relative URL whose path ends in /t/{token}, optionally under a base path. */
    private static final Pattern TICKET =
            Pattern.compile("(?:https?://[A-Za-z0-9.:\\[\\]-]+)?(?:/[A-Za-z0-9._~-]+)*/t/([A-Za-z0-9_-]{1,128})/?");

    private final Pattern healthCard;
    private final Pattern labSpecimen;

    public ScanClassifier(Pattern healthCard, Pattern labSpecimen) {
        this.healthCard = healthCard;
        this.labSpecimen = labSpecimen;
    }

    public ClassifiedScan classify(String text) {
        Matcher ticket = TICKET.matcher(text);
        if (ticket.matches()) return new ClassifiedScan(ScanCategory.TICKET, text, ticket.group(1));
        Matcher appointment = APPOINTMENT.matcher(text);
        if (appointment.matches()) return new ClassifiedScan(ScanCategory.APPOINTMENT, text, appointment.group(1));
        if (healthCard.matcher(text).matches()) return new ClassifiedScan(ScanCategory.HEALTH_CARD, text, text);
        if (labSpecimen.matcher(text).matches()) return new ClassifiedScan(ScanCategory.LAB_SPECIMEN, text, text);
        return new ClassifiedScan(ScanCategory.UNKNOWN, text, text);
    }
}
