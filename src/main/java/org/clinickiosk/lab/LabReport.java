package org.clinickiosk.lab;

import java.util.List;
import java.util.Set;

/**
 * One report as the lab sent it (one specimen, one ordered test), whichever way it came (HL7 v2 or FHIR): the
 * common shape both importers produce and {@link LabStore} keeps.
 */
public record LabReport(Patient patient, String specimenBarcode, String testCode, String testName,
                        String orderingDoctor, Status status, Long collectedAt, long reportedAt,
                        List<Result> results) {

    public enum Status {
        PRELIMINARY, FINAL, CORRECTED;

        public String code() {
            return name().toLowerCase();
        }
    }

    /** What the lab says about the patient; any part may be missing. Identifiers are kept by type. */
    public record Patient(List<Identifier> identifiers, String name, String birthDate) {}

    public record Identifier(String type, String value) {}

    /** One observation. {@code numeric} is true when the value is a number (HL7 NM, FHIR valueQuantity). */
    public record Result(String code, String name, String value, boolean numeric, String units,
                         String referenceRange, String flag) {}

    /** Abnormal flags we keep (HL7 table 0078 subset): high, low, critically high/low, abnormal, normal. */
    public static final Set<String> FLAGS = Set.of("H", "L", "HH", "LL", "A", "N");

    public static boolean isAbnormal(String flag) {
        return flag != null && !flag.equals("N");
    }
}
