package org.clinickiosk.lab;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * FHIR R4 lab results: a Bundle holding DiagnosticReports with their Patient, Specimen, Observations (and optionally
 * the ServiceRequest naming the ordering doctor), read into {@link LabReport}s. Strict: every element we keep is
 * checked and a problem names its place, e.g. {@code Observation/glu.valueQuantity.value: must be a number}.
 * Resources nobody references are ignored.
 */
public final class FhirBundles {
    private static final Set<String> BUNDLE_TYPES = Set.of("collection", "transaction", "batch", "message", "document");

    /** The reports of one bundle; {@code bundleId} (Bundle.identifier, else Bundle.id) makes a resend harmless. */
    public record Parsed(String bundleId, List<LabReport> reports) {}

    private final ZoneId zone;

    public FhirBundles(ZoneId zone) {
        this.zone = zone;
    }

    public Parsed parse(JsonObject bundle) throws LabImportException {
        if (!"Bundle".equals(bundle.getValue("resourceType"))) {
            throw LabImportException.invalid("resourceType: must be \"Bundle\"");
        }
        String type = string(bundle, "type", "Bundle");
        if (type == null || !BUNDLE_TYPES.contains(type)) {
            throw LabImportException.invalid("Bundle.type: must be one of " + BUNDLE_TYPES);
        }
        JsonArray entries = array(bundle, "entry", "Bundle");
        if (entries == null || entries.isEmpty()) throw LabImportException.invalid("Bundle.entry: is empty");
        Map<String, JsonObject> byReference = new HashMap<>();
        List<JsonObject> diagnosticReports = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String where = "Bundle.entry[" + i + "]";
            if (!(entries.getValue(i) instanceof JsonObject entry)) throw LabImportException.invalid(where + ": must be an object");
            if (!(entry.getValue("resource") instanceof JsonObject resource)) {
                throw LabImportException.invalid(where + ".resource: is missing");
            }
            String resourceType = string(resource, "resourceType", where + ".resource");
            if (resourceType == null) throw LabImportException.invalid(where + ".resource.resourceType: is missing");
            String id = string(resource, "id", where + ".resource");
            if (id != null) byReference.put(resourceType + "/" + id, resource);
            String fullUrl = string(entry, "fullUrl", where);
            if (fullUrl != null) byReference.put(fullUrl, resource);
            if (resourceType.equals("DiagnosticReport")) diagnosticReports.add(resource);
        }
        if (diagnosticReports.isEmpty()) throw LabImportException.invalid("Bundle: holds no DiagnosticReport");
        List<LabReport> reports = new ArrayList<>();
        for (JsonObject report : diagnosticReports) reports.add(report(report, byReference));
        return new Parsed(bundleId(bundle), List.copyOf(reports));
    }

    private static String bundleId(JsonObject bundle) throws LabImportException {
        if (bundle.getValue("identifier") instanceof JsonObject identifier) {
            String value = string(identifier, "value", "Bundle.identifier");
            if (value != null) return value;
        }
        return string(bundle, "id", "Bundle");
    }

    private LabReport report(JsonObject report, Map<String, JsonObject> refs) throws LabImportException {
        String where = name(report);
        String status = required(report, "status", where);
        LabReport.Status parsedStatus = switch (status) {
            case "registered", "partial", "preliminary" -> LabReport.Status.PRELIMINARY;
            case "final" -> LabReport.Status.FINAL;
            case "corrected", "amended", "appended" -> LabReport.Status.CORRECTED;
            default -> throw LabImportException.invalid(where + ".status: \"" + status
                    + "\" is not taken (preliminary, final, corrected or amended)");
        };
        String[] test = coded(report, "code", where);
        JsonObject patient = resolve(report, "subject", "Patient", refs, where);
        JsonObject specimen = resolveFirst(report, "specimen", "Specimen", refs, where);
        String barcode = specimenBarcode(specimen);
        Long collected = report.containsKey("effectiveDateTime")
                ? time(required(report, "effectiveDateTime", where), where + ".effectiveDateTime") : null;
        long reported = time(required(report, "issued", where), where + ".issued");
        String doctor = null;
        if (report.containsKey("basedOn")) {
            JsonObject request = resolveFirst(report, "basedOn", "ServiceRequest", refs, where);
            if (request.getValue("requester") instanceof JsonObject requester) {
                doctor = string(requester, "display", name(request) + ".requester");
            }
        }
        JsonArray resultRefs = array(report, "result", where);
        if (resultRefs == null || resultRefs.isEmpty()) throw LabImportException.invalid(where + ".result: is empty");
        List<LabReport.Result> results = new ArrayList<>();
        for (int i = 0; i < resultRefs.size(); i++) {
            if (!(resultRefs.getValue(i) instanceof JsonObject ref)) {
                throw LabImportException.invalid(where + ".result[" + i + "]: must be a Reference");
            }
            results.add(observation(target(ref, "Observation", refs, where + ".result[" + i + "]")));
        }
        return new LabReport(patient(patient), barcode, test[0], test[1], doctor, parsedStatus, collected, reported,
                List.copyOf(results));
    }

    private static String specimenBarcode(JsonObject specimen) throws LabImportException {
        String where = name(specimen);
        if (specimen.getValue("accessionIdentifier") instanceof JsonObject accession) {
            String value = string(accession, "value", where + ".accessionIdentifier");
            if (value != null && !value.isBlank()) return value.strip();
        }
        JsonArray identifiers = array(specimen, "identifier", where);
        if (identifiers != null && !identifiers.isEmpty() && identifiers.getValue(0) instanceof JsonObject first) {
            String value = string(first, "value", where + ".identifier[0]");
            if (value != null && !value.isBlank()) return value.strip();
        }
        throw LabImportException.invalid(where + ": no barcode (accessionIdentifier.value or identifier[0].value)");
    }

    private LabReport.Patient patient(JsonObject patient) throws LabImportException {
        String where = name(patient);
        JsonArray identifiers = array(patient, "identifier", where);
        if (identifiers == null || identifiers.isEmpty()) throw LabImportException.invalid(where + ".identifier: is empty");
        List<LabReport.Identifier> ids = new ArrayList<>();
        for (int i = 0; i < identifiers.size(); i++) {
            String at = where + ".identifier[" + i + "]";
            if (!(identifiers.getValue(i) instanceof JsonObject identifier)) throw LabImportException.invalid(at + ": must be an object");
            String value = required(identifier, "value", at);
            if (!(identifier.getValue("type") instanceof JsonObject typeConcept)) {
                throw LabImportException.invalid(at + ".type: is missing (e.g. coding code NNCHN for an ID number)");
            }
            ids.add(new LabReport.Identifier(coded(new JsonObject().put("t", typeConcept), "t", at + ".type")[0],
                    value.strip()));
        }
        String name = null;
        JsonArray names = array(patient, "name", where);
        if (names != null && !names.isEmpty() && names.getValue(0) instanceof JsonObject humanName) {
            name = string(humanName, "text", where + ".name[0]");
            if (name == null) {
                JsonArray given = array(humanName, "given", where + ".name[0]");
                name = OruMessages.personName(string(humanName, "family", where + ".name[0]"),
                        given == null || given.isEmpty() ? null : String.valueOf(given.getValue(0)));
            }
        }
        String birthDate = string(patient, "birthDate", where);
        if (birthDate != null) {
            try {
                LocalDate.parse(birthDate);
            } catch (DateTimeException e) {
                throw LabImportException.invalid(where + ".birthDate: \"" + birthDate + "\" is not a date YYYY-MM-DD");
            }
        }
        return new LabReport.Patient(List.copyOf(ids), name, birthDate);
    }

    private static LabReport.Result observation(JsonObject observation) throws LabImportException {
        String where = name(observation);
        String[] code = coded(observation, "code", where);
        String value;
        String units = null;
        boolean numeric = false;
        if (observation.getValue("valueQuantity") instanceof JsonObject quantity) {
            Object number = quantity.getValue("value");
            if (!(number instanceof Number n)) {
                throw LabImportException.invalid(where + ".valueQuantity.value: must be a number, got "
                        + (number == null ? "nothing" : "\"" + number + "\""));
            }
            value = new BigDecimal(n.toString()).toPlainString();
            units = string(quantity, "unit", where + ".valueQuantity");
            if (units == null) units = string(quantity, "code", where + ".valueQuantity");
            numeric = true;
        } else if (observation.containsKey("valueString")) {
            value = required(observation, "valueString", where);
        } else if (observation.containsKey("valueCodeableConcept")) {
            String[] concept = coded(observation, "valueCodeableConcept", where);
            value = concept[1] != null ? concept[1] : concept[0];
        } else {
            throw LabImportException.invalid(where + ": no value (valueQuantity, valueString or valueCodeableConcept)");
        }
        String range = null;
        JsonArray ranges = array(observation, "referenceRange", where);
        if (ranges != null && !ranges.isEmpty()) {
            if (!(ranges.getValue(0) instanceof JsonObject r)) {
                throw LabImportException.invalid(where + ".referenceRange[0]: must be an object");
            }
            range = string(r, "text", where + ".referenceRange[0]");
            if (range == null) {
                String low = quantityValue(r, "low", where + ".referenceRange[0]");
                String high = quantityValue(r, "high", where + ".referenceRange[0]");
                if (low != null && high != null) range = low + "-" + high;
                else if (low != null) range = ">=" + low;
                else if (high != null) range = "<=" + high;
            }
        }
        String flag = null;
        JsonArray interpretations = array(observation, "interpretation", where);
        if (interpretations != null && !interpretations.isEmpty()) {
            flag = coded(new JsonObject().put("i", interpretations.getValue(0)), "i", where + ".interpretation[0]")[0];
            if (!LabReport.FLAGS.contains(flag)) {
                throw LabImportException.invalid(where + ".interpretation[0]: \"" + flag
                        + "\" is not taken (H, L, HH, LL, A, N)");
            }
        }
        if (value == null || value.isBlank()) throw LabImportException.invalid(where + ": the value is empty");
        return new LabReport.Result(code[0], code[1], value.strip(), numeric, units, range, flag);
    }

    private static String quantityValue(JsonObject range, String key, String where) throws LabImportException {
        if (!(range.getValue(key) instanceof JsonObject quantity)) return null;
        if (!(quantity.getValue("value") instanceof Number n)) {
            throw LabImportException.invalid(where + "." + key + ".value: must be a number");
        }
        return new BigDecimal(n.toString()).toPlainString();
    }

    /** {code, display} of a CodeableConcept: the first coding's code is required. */
    private static String[] coded(JsonObject holder, String key, String where) throws LabImportException {
        if (!(holder.getValue(key) instanceof JsonObject concept)) {
            throw LabImportException.invalid(where + "." + key + ": is missing (a CodeableConcept)");
        }
        JsonArray codings = array(concept, "coding", where + "." + key);
        if (codings == null || codings.isEmpty() || !(codings.getValue(0) instanceof JsonObject coding)) {
            throw LabImportException.invalid(where + "." + key + ".coding: needs at least one coding");
        }
        String code = required(coding, "code", where + "." + key + ".coding[0]");
        String display = string(coding, "display", where + "." + key + ".coding[0]");
        if (display == null) display = string(concept, "text", where + "." + key);
        return new String[]{code.strip(), display};
    }

    private static JsonObject resolve(JsonObject holder, String key, String type, Map<String, JsonObject> refs,
                                      String where) throws LabImportException {
        if (!(holder.getValue(key) instanceof JsonObject ref)) {
            throw LabImportException.invalid(where + "." + key + ": is missing (a Reference to a " + type + ")");
        }
        return target(ref, type, refs, where + "." + key);
    }

    private static JsonObject resolveFirst(JsonObject holder, String key, String type, Map<String, JsonObject> refs,
                                           String where) throws LabImportException {
        JsonArray list = array(holder, key, where);
        if (list == null || list.isEmpty() || !(list.getValue(0) instanceof JsonObject ref)) {
            throw LabImportException.invalid(where + "." + key + ": is missing (a Reference to a " + type + ")");
        }
        return target(ref, type, refs, where + "." + key + "[0]");
    }

    private static JsonObject target(JsonObject ref, String type, Map<String, JsonObject> refs, String where)
            throws LabImportException {
        String reference = required(ref, "reference", where);
        JsonObject resource = refs.get(reference);
        if (resource == null) {
            throw LabImportException.invalid(where + ": \"" + reference + "\" is not in the bundle");
        }
        if (!type.equals(resource.getValue("resourceType"))) {
            throw LabImportException.invalid(where + ": \"" + reference + "\" must be a " + type);
        }
        return resource;
    }

    private long time(String text, String where) throws LabImportException {
        try {
            if (text.length() == 10) return LocalDate.parse(text).atStartOfDay(zone).toInstant().toEpochMilli();
            if (text.endsWith("Z") || text.matches(".*[+-]\\d\\d:\\d\\d$")) {
                return OffsetDateTime.parse(text).toInstant().toEpochMilli();
            }
            return LocalDateTime.parse(text).atZone(zone).toInstant().toEpochMilli();
        } catch (DateTimeException e) {
            throw LabImportException.invalid(where + ": \"" + text + "\" is not a FHIR dateTime");
        }
    }

    private static String name(JsonObject resource) {
        Object id = resource.getValue("id");
        return resource.getValue("resourceType") + (id == null ? "" : "/" + id);
    }

    private static String required(JsonObject o, String key, String where) throws LabImportException {
        String value = string(o, key, where);
        if (value == null || value.isBlank()) throw LabImportException.invalid(where + "." + key + ": is missing");
        return value;
    }

    private static String string(JsonObject o, String key, String where) throws LabImportException {
        Object value = o.getValue(key);
        if (value == null) return null;
        if (!(value instanceof String s)) throw LabImportException.invalid(where + "." + key + ": must be a string");
        return s;
    }

    private static JsonArray array(JsonObject o, String key, String where) throws LabImportException {
        Object value = o.getValue(key);
        if (value == null) return null;
        if (!(value instanceof JsonArray a)) throw LabImportException.invalid(where + "." + key + ": must be an array");
        return a;
    }
}
