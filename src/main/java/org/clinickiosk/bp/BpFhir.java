package org.clinickiosk.bp;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

/**
 * FHIR R4 export of stored readings: per reading a blood-pressure panel Observation (LOINC 85354-9 with systolic
 * 8480-6, diastolic 8462-4 and, when the monitor sent it, mean 8478-0, in mm[Hg]) and a heart-rate Observation
 * (8867-4, /min), both following the vital-signs profile (status, vital-signs category, LOINC code, subject,
 * effectiveDateTime, UCUM quantities), in a searchset Bundle.
 */
final class BpFhir {
    static final String LOINC = "http://loinc.org";
    static final String UCUM = "http://unitsofmeasure.org";
    static final String CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category";
    static final String RECORD_NUMBER_SYSTEM = "urn:clinickiosk:health-record-number";
    static final String BP_PROFILE = "http://hl7.org/fhir/StructureDefinition/bp";
    static final String HEART_RATE_PROFILE = "http://hl7.org/fhir/StructureDefinition/heartrate";

    private BpFhir() {}

    static JsonObject bundle(long residentId, String recordNumber, List<StoredReading> readings, ZoneId zone, long now) {
        JsonArray entries = new JsonArray();
        for (StoredReading r : readings) {
            entries.add(entry(bloodPressure(r, residentId, recordNumber, zone)));
            entries.add(entry(heartRate(r, residentId, recordNumber, zone)));
        }
        return new JsonObject().put("resourceType", "Bundle").put("type", "searchset")
                .put("timestamp", StoredReading.iso(now, zone)).put("total", entries.size()).put("entry", entries);
    }

    private static JsonObject entry(JsonObject resource) {
        String fullUrl = "urn:uuid:" + UUID.nameUUIDFromBytes(("clinickiosk/Observation/" + resource.getString("id"))
                .getBytes(StandardCharsets.UTF_8));
        return new JsonObject().put("fullUrl", fullUrl).put("resource", resource)
                .put("search", new JsonObject().put("mode", "match"));
    }

    private static JsonObject bloodPressure(StoredReading r, long residentId, String recordNumber, ZoneId zone) {
        JsonArray components = new JsonArray()
                .add(component("8480-6", "Systolic blood pressure", r.systolic(), "mmHg", "mm[Hg]"))
                .add(component("8462-4", "Diastolic blood pressure", r.diastolic(), "mmHg", "mm[Hg]"));
        if (r.mean() != null) {
            components.add(component("8478-0", "Mean blood pressure", r.mean(), "mmHg", "mm[Hg]"));
        }
        return observation("bp-" + r.id(), BP_PROFILE, r, residentId, recordNumber, zone,
                coding("85354-9", "Blood pressure panel with all children optional"), "Blood pressure")
                .put("component", components)
                .put("interpretation", new JsonArray().add(new JsonObject().put("text",
                        BpTexts.label(r.classification().category(), BpTexts.EN))));
    }

    private static JsonObject heartRate(StoredReading r, long residentId, String recordNumber, ZoneId zone) {
        return observation("hr-" + r.id(), HEART_RATE_PROFILE, r, residentId, recordNumber, zone,
                coding("8867-4", "Heart rate"), "Heart rate")
                .put("valueQuantity", quantity(r.pulse(), "beats/minute", "/min"));
    }

    private static JsonObject observation(String id, String profile, StoredReading r, long residentId,
                                          String recordNumber, ZoneId zone, JsonObject code, String text) {
        return new JsonObject().put("resourceType", "Observation").put("id", id)
                .put("meta", new JsonObject().put("profile", new JsonArray().add(profile)))
                .put("status", "final")
                .put("category", new JsonArray().add(new JsonObject()
                        .put("coding", new JsonArray().add(new JsonObject().put("system", CATEGORY_SYSTEM)
                                .put("code", "vital-signs").put("display", "Vital Signs")))
                        .put("text", "Vital Signs")))
                .put("code", new JsonObject().put("coding", new JsonArray().add(code)).put("text", text))
                .put("subject", new JsonObject().put("reference", "Patient/" + residentId)
                        .put("identifier", new JsonObject().put("system", RECORD_NUMBER_SYSTEM).put("value", recordNumber)))
                .put("effectiveDateTime", StoredReading.iso(r.measuredAt(), zone))
                .put("issued", StoredReading.iso(r.measuredAt(), zone))
                .put("device", new JsonObject().put("display", r.model() + " at kiosk " + r.kioskId()));
    }

    private static JsonObject component(String loinc, String display, int value, String unit, String ucum) {
        return new JsonObject().put("code", new JsonObject().put("coding", new JsonArray().add(coding(loinc, display))))
                .put("valueQuantity", quantity(value, unit, ucum));
    }

    private static JsonObject coding(String loinc, String display) {
        return new JsonObject().put("system", LOINC).put("code", loinc).put("display", display);
    }

    private static JsonObject quantity(int value, String unit, String ucum) {
        return new JsonObject().put("value", value).put("unit", unit).put("system", UCUM).put("code", ucum);
    }
}
