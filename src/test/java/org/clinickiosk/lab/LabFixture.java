package org.clinickiosk.lab;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.clinickiosk.store.Sql;
import org.clinickiosk.testsupport.MutableClock;
import org.clinickiosk.testsupport.RunningServer;
import org.clinickiosk.testsupport.TestConfigs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A running server with the lab listener on a free port, the lab token, and the sample residents. */
final class LabFixture {
    static final String LAB_TOKEN = "test-lab-token-0123456789abcdef";
    /** Fictional residents of the sample messages; the third (赵大勇, 440306199207080034) has no record. */
    static final String WANG_ID = "34052419800101001X";
    static final String LI_ID = "110105197503150022";

    final RunningServer s;
    final long wang;
    final long li;

    LabFixture(Vertx vertx, UnaryOperator<JsonObject> tweak) throws Exception {
        s = new RunningServer(vertx, MutableClock.shanghai(9, 0), json -> {
            json.put("lab", new JsonObject().put("mllpPort", 0).put("mllpHost", "127.0.0.1").put("token", LAB_TOKEN)
                    .put("maxReprints", 1));
            return tweak.apply(json);
        }, 15_000);
        wang = resident(WANG_ID, "王小明");
        li = resident(LI_ID, "李春梅");
    }

    private long resident(String idNumber, String name) {
        HttpResponse<Buffer> r = s.client.post("/api/residents").putHeader("X-Kiosk-Token", TestConfigs.KIOSK1_TOKEN)
                .sendJsonObject(new JsonObject().put("idNumber", idNumber).put("name", name)
                        .put("healthDataConsent", true)).await();
        assertEquals(201, r.statusCode(), r.bodyAsString());
        return r.bodyAsJsonObject().getLong("id");
    }

    MllpClient mllp() throws Exception {
        return new MllpClient(s.server.labMllpPort());
    }

    /** Sends one sample over a fresh connection and returns the ACK. */
    MllpClient.Ack send(String sample) throws Exception {
        try (MllpClient client = mllp()) {
            return client.send(MllpClient.sample(sample));
        }
    }

    long count(String sql, Object... params) {
        return s.server.database().read(c -> Sql.count(c, sql, params)).await();
    }

    static JsonObject json(String name) throws Exception {
        return new JsonObject(Files.readString(Path.of("src/test/resources/lab", name), StandardCharsets.UTF_8));
    }

    HttpResponse<Buffer> importFhir(JsonObject bundle, String token) {
        var request = s.client.post("/api/lab/reports");
        if (token != null) request.putHeader("Authorization", "Bearer " + token);
        return request.sendJsonObject(bundle).await();
    }

    HttpResponse<Buffer> kioskGet(String path) {
        return s.client.get(path).putHeader("X-Kiosk-Token", TestConfigs.KIOSK1_TOKEN).send().await();
    }

    /** The resident identifies at kiosk K1 (typed ID number): a kiosk sees only that resident's reports. */
    void identifyAtKiosk(long residentId) {
        String idNumber = residentId == wang ? WANG_ID : residentId == li ? LI_ID : null;
        HttpResponse<Buffer> r = kioskPost("/api/kiosks/K1/session/identify", new JsonObject().put("idNumber", idNumber));
        assertEquals(200, r.statusCode(), r.bodyAsString());
        assertEquals(residentId, r.bodyAsJsonObject().getJsonObject("resident").getLong("id"),
                "the kiosk page learns which record to ask the lab reports of");
    }

    /** A kiosk GET by the resident identified there first. */
    HttpResponse<Buffer> kioskGetAs(long residentId, String path) {
        identifyAtKiosk(residentId);
        return kioskGet(path);
    }

    HttpResponse<Buffer> kioskPost(String path, JsonObject body) {
        return s.client.post(path).putHeader("X-Kiosk-Token", TestConfigs.KIOSK1_TOKEN).sendJsonObject(body).await();
    }

    void close() throws Exception {
        s.close();
    }
}
