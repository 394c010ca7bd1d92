package org.clinickiosk.bp;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import org.clinickiosk.common.IdNumber;
import org.clinickiosk.store.Sql;
import org.clinickiosk.testsupport.RunningServer;
import org.clinickiosk.testsupport.SseClient;
import org.clinickiosk.testsupport.TestConfigs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shared steps of the BP tests: fictional residents, kiosk calls, stored rows, stream events and FHIR checks. */
final class BpTestKit {
    private BpTestKit() {}

    /** A valid fictional ID number (area 340524, the given birth date, serial, computed check character). */
    static String idNumber(String birthYyyyMmDd, int serial) {
        String first17 = "340524" + birthYyyyMmDd + String.format("%03d", serial);
        return first17 + IdNumber.checkChar(first17);
    }

    static long createResident(RunningServer s, String idNumber, String name) {
        HttpResponse<Buffer> r = kiosk(s.client.post("/api/residents"), TestConfigs.KIOSK1_TOKEN)
                .sendJsonObject(new JsonObject().put("idNumber", idNumber).put("name", name)
                        .put("healthDataConsent", true)).await();
        assertEquals(201, r.statusCode(), r.bodyAsString());
        return r.bodyAsJsonObject().getLong("id");
    }

    /** The resident identifies at the kiosk by typing their ID number, as at a real kiosk (the kiosk session). */
    static void identifyAt(RunningServer s, String kioskId, String token, String idNumber) {
        HttpResponse<Buffer> r = kiosk(s.client.post("/api/kiosks/" + kioskId + "/session/identify"), token)
                .sendJsonObject(new JsonObject().put("idNumber", idNumber)).await();
        assertEquals(200, r.statusCode(), r.bodyAsString());
    }

    /** The resident leaves: the kiosk session ends. */
    static void leave(RunningServer s, String kioskId, String token) {
        assertEquals(204, kiosk(s.client.delete("/api/kiosks/" + kioskId + "/session"), token).send().await().statusCode());
    }

    static HttpRequest<Buffer> kiosk(HttpRequest<Buffer> request, String token) {
        return request.putHeader("X-Kiosk-Token", token);
    }

    static HttpResponse<Buffer> k1Get(RunningServer s, String path) {
        return kiosk(s.client.get(path), TestConfigs.KIOSK1_TOKEN).send().await();
    }

    static HttpResponse<Buffer> k1Post(RunningServer s, String path, JsonObject body) {
        HttpRequest<Buffer> request = kiosk(s.client.post(path), TestConfigs.KIOSK1_TOKEN);
        return (body == null ? request.send() : request.sendJsonObject(body)).await();
    }

    static void assertError(HttpResponse<Buffer> r, int status, String code) {
        assertEquals(status, r.statusCode(), r.bodyAsString());
        JsonObject error = r.bodyAsJsonObject().getJsonObject("error");
        assertEquals(code, error.getString("code"), r.bodyAsString());
        assertFalse(error.getString("message").isBlank());
        assertFalse(r.bodyAsString().contains("Exception"), r.bodyAsString());
    }

    static SseClient kioskStream(RunningServer s) {
        return new SseClient(s.vertx, s.port(), "/api/kiosks/K1/stream", Map.of("X-Kiosk-Token", TestConfigs.KIOSK1_TOKEN));
    }

    /** Waits until the kiosk's monitor is connected, from the stream's snapshot or a later state event. */
    static void awaitMonitorConnected(SseClient stream) throws InterruptedException {
        SseClient.Event snapshot = stream.next("snapshot");
        JsonObject state = snapshot.data().getJsonObject("devices").getJsonObject("bpMonitor");
        if ("connected".equals(state.getString("status"))) return;
        while (true) {
            JsonObject e = stream.next("device").data();
            if ("state".equals(e.getString("type")) && "bpMonitor".equals(e.getString("kind"))
                    && "connected".equals(e.getString("status"))) return;
        }
    }

    static List<JsonObject> rows(RunningServer s) {
        return s.server.database().read(c -> Sql.list(c, "SELECT * FROM bp_readings ORDER BY id", rs -> {
            JsonObject row = new JsonObject();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
            }
            return row;
        })).await();
    }

    /** The stored rows once there are {@code count}, waiting up to 5 s (the store commits asynchronously). */
    static List<JsonObject> awaitRows(RunningServer s, int count) throws InterruptedException {
        List<JsonObject> rows = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            rows = rows(s);
            if (rows.size() >= count) return rows;
            Thread.sleep(50);
        }
        throw new AssertionError("expected " + count + " stored readings, found " + rows.size());
    }

    static long auditRows(RunningServer s, String action, String outcome) {
        return s.server.database().read(c -> Sql.count(c,
                "SELECT COUNT(*) FROM audit_log WHERE action = ? AND outcome = ?", action, outcome)).await();
    }

    // ---- FHIR vital-signs profile checks (http://hl7.org/fhir/R4/vitalsigns.html), written out by hand -----------

    private static final Pattern FHIR_DATE_TIME = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})");

    /** The Bundle's own rules: type, and every entry a resource with a unique fullUrl. */
    static JsonArray assertBundle(JsonObject bundle) {
        assertEquals("Bundle", bundle.getString("resourceType"));
        assertEquals("searchset", bundle.getString("type"));
        JsonArray entries = bundle.getJsonArray("entry");
        assertEquals(entries.size(), bundle.getInteger("total"));
        assertEquals(entries.size(), entries.stream().map(e -> ((JsonObject) e).getString("fullUrl")).distinct().count(),
                "fullUrl unique (bdl-7)");
        entries.forEach(e -> assertTrue(((JsonObject) e).getString("fullUrl").startsWith("urn:uuid:")));
        return entries;
    }

    /** What the vital-signs profile requires of every Observation, and the LOINC code it must carry. */
    static void assertVitalSign(JsonObject obs, String loinc, long residentId) {
        assertEquals("Observation", obs.getString("resourceType"));
        assertTrue(List.of("registered", "preliminary", "final", "amended").contains(obs.getString("status")),
                "status is required");
        boolean vitalSigns = obs.getJsonArray("category").stream().map(c -> (JsonObject) c)
                .flatMap(c -> c.getJsonArray("coding").stream().map(x -> (JsonObject) x))
                .anyMatch(c -> "http://terminology.hl7.org/CodeSystem/observation-category".equals(c.getString("system"))
                        && "vital-signs".equals(c.getString("code")));
        assertTrue(vitalSigns, "category VSCat with system and code vital-signs");
        assertTrue(codings(obs.getJsonObject("code")).stream().anyMatch(c -> "http://loinc.org".equals(c.getString("system"))
                && loinc.equals(c.getString("code"))), "code carries LOINC " + loinc);
        assertEquals("Patient/" + residentId, obs.getJsonObject("subject").getString("reference"), "subject");
        String effective = obs.getString("effectiveDateTime");
        assertNotNull(effective, "effective[x] is required");
        assertTrue(FHIR_DATE_TIME.matcher(effective).matches(), "a FHIR dateTime with seconds and zone: " + effective);
        boolean hasValue = obs.containsKey("valueQuantity");
        boolean hasComponents = obs.containsKey("component");
        assertTrue(hasValue || hasComponents || obs.containsKey("dataAbsentReason"), "vs-2: a value, components or a reason");
    }

    static void assertUcum(JsonObject quantity, String code) {
        assertNotNull(quantity, "valueQuantity");
        assertTrue(quantity.getValue("value") instanceof Number, "a numeric value");
        assertEquals("http://unitsofmeasure.org", quantity.getString("system"), "UCUM system");
        assertEquals(code, quantity.getString("code"));
        assertNotNull(quantity.getString("unit"), "a human-readable unit");
    }

    /** The BP panel's component with this LOINC code, checked as the profile wants; its value. */
    static int component(JsonObject bp, String loinc) {
        JsonObject found = null;
        for (Object o : bp.getJsonArray("component")) {
            JsonObject c = (JsonObject) o;
            if (codings(c.getJsonObject("code")).stream().anyMatch(x -> "http://loinc.org".equals(x.getString("system"))
                    && loinc.equals(x.getString("code")))) found = c;
        }
        assertNotNull(found, "component " + loinc);
        assertUcum(found.getJsonObject("valueQuantity"), "mm[Hg]");
        return found.getJsonObject("valueQuantity").getInteger("value");
    }

    static boolean hasComponent(JsonObject bp, String loinc) {
        return bp.getJsonArray("component").stream().map(c -> ((JsonObject) c).getJsonObject("code"))
                .anyMatch(code -> codings(code).stream().anyMatch(x -> loinc.equals(x.getString("code"))));
    }

    static void assertBloodPressure(JsonObject bp, long residentId, int systolic, int diastolic) {
        assertVitalSign(bp, "85354-9", residentId);
        assertNull(bp.getValue("valueQuantity"), "the panel's values are in its components");
        assertEquals(systolic, component(bp, "8480-6"));
        assertEquals(diastolic, component(bp, "8462-4"));
    }

    static void assertHeartRate(JsonObject hr, long residentId, int pulse) {
        assertVitalSign(hr, "8867-4", residentId);
        assertUcum(hr.getJsonObject("valueQuantity"), "/min");
        assertEquals(pulse, hr.getJsonObject("valueQuantity").getInteger("value"));
    }

    private static List<JsonObject> codings(JsonObject codeableConcept) {
        assertNotNull(codeableConcept, "a CodeableConcept");
        return codeableConcept.getJsonArray("coding").stream().map(c -> (JsonObject) c).toList();
    }
}
