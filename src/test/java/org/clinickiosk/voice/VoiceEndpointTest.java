package org.clinickiosk.voice;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClientSession;
import io.vertx.junit5.VertxExtension;
import org.clinickiosk.testsupport.RunningServer;
import org.clinickiosk.testsupport.TestConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server-rendered announcement: a real WAV from espeak-ng, built from the stored call, cached per phrase. */
@ExtendWith(VertxExtension.class)
class VoiceEndpointTest {
    private RunningServer s;
    private WebClientSession nurse;
    private String csrf;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        requireEspeak();
        s = new RunningServer(vertx);
        nurse = s.browser();
        csrf = s.login(nurse, "nurse1");
    }

    @AfterEach
    void stop() throws Exception {
        if (s != null) s.close();
    }

    static void requireEspeak() {
        boolean present = Files.isExecutable(Path.of("/usr/bin/espeak-ng"));
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("espeak-ng is missing: .ci/run must install it");
        }
        Assumptions.assumeTrue(present, "voice tests skipped: install Debian's espeak-ng");
    }

    private long callAndGetEventId() {
        s.client.post("/api/tickets").putHeader("X-Kiosk-Token", TestConfigs.KIOSK1_TOKEN)
                .putHeader("Idempotency-Key", "voice-" + System.nanoTime())
                .sendJsonObject(new JsonObject().put("serviceId", "tcm")).await();
        nurse.post("/api/rooms/R3/call-next").putHeader("X-CSRF-Token", csrf).send().await();
        return s.server.database().read(c -> org.clinickiosk.store.Sql.count(c,
                "SELECT MAX(id) FROM ticket_events WHERE action = 'call-next'")).await();
    }

    @Test
    void aCallIsRenderedAsAReadableWavOnceAndThenServedFromTheCache() throws Exception {
        long eventId = callAndGetEventId();
        HttpResponse<Buffer> first = s.client.get("/api/voice/calls/" + eventId + "/audio.wav?lang=zh-CN").send().await();
        assertEquals(200, first.statusCode(), first.bodyAsString());
        assertEquals("audio/wav", first.getHeader("Content-Type"));
        assertEquals("miss", first.getHeader("X-Voice-Cache"));
        try (AudioInputStream audio = AudioSystem.getAudioInputStream(new ByteArrayInputStream(first.body().getBytes()))) {
            AudioFormat format = audio.getFormat();
            double seconds = audio.getFrameLength() / format.getFrameRate();
            assertTrue(seconds > 1 && seconds < 15, "a spoken phrase, not silence or garbage: " + seconds + " s");
        }
        HttpResponse<Buffer> second = s.client.get("/api/voice/calls/" + eventId + "/audio.wav?lang=zh-CN").send().await();
        assertEquals("hit", second.getHeader("X-Voice-Cache"));
        assertEquals(first.body(), second.body());
        Path cache = s.dir.resolve("voice-cache");
        try (var files = Files.list(cache)) {
            List<Path> wavs = files.toList();
            assertEquals(1, wavs.size(), "one file per phrase, no leftovers: " + wavs);
        }

        HttpResponse<Buffer> english = s.client.get("/api/voice/calls/" + eventId + "/audio.wav?lang=en").send().await();
        assertEquals("miss", english.getHeader("X-Voice-Cache"), "another language is another phrase");
        assertTrue(english.body().length() > 44);
    }

    @Test
    void onlyStoredCallsCanBeSpokenAndTheLanguageIsChecked() {
        long eventId = callAndGetEventId();
        HttpResponse<Buffer> missing = s.client.get("/api/voice/calls/" + (eventId + 100) + "/audio.wav").send().await();
        assertEquals(404, missing.statusCode());
        assertEquals("not_found", missing.bodyAsJsonObject().getJsonObject("error").getString("code"));
        long issuedEvent = eventId - 1; // the ticket's "issued" event is not a call
        assertEquals(404, s.client.get("/api/voice/calls/" + issuedEvent + "/audio.wav").send().await().statusCode());
        assertEquals(400, s.client.get("/api/voice/calls/" + eventId + "/audio.wav?lang=fr").send().await().statusCode());
        assertEquals(400, s.client.get("/api/voice/calls/abc/audio.wav").send().await().statusCode());
        HttpResponse<Buffer> defaultLanguage = s.client.get("/api/voice/calls/" + eventId + "/audio.wav").send().await();
        assertEquals(200, defaultLanguage.statusCode(), "Chinese when no language is given");
    }
}
