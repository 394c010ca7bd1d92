package org.clinickiosk.lab;

/**
 * A message or bundle we will not store, with a reason the lab system's staff can act on. {@code refused} marks
 * messages we do not take at all (wrong type or version: HL7 AR); otherwise the content is wrong (HL7 AE).
 */
public final class LabImportException extends Exception {
    private final boolean refused;

    private LabImportException(String message, boolean refused) {
        super(message, null, false, false);
        this.refused = refused;
    }

    /** The content is wrong (missing field, value that is not a number, unknown specimen): HL7 AE. */
    public static LabImportException invalid(String message) {
        return new LabImportException(message, false);
    }

    /** A message we do not accept at all (type, version, processing id): HL7 AR. */
    public static LabImportException refused(String message) {
        return new LabImportException(message, true);
    }

    public boolean refused() {
        return refused;
    }
}
