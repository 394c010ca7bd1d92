package org.clinickiosk.display;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientSession;
import io.vertx.junit5.VertxExtension;
import org.clinickiosk.testsupport.MutableClock;
import org.clinickiosk.testsupport.RunningServer;
import org.clinickiosk.testsupport.SseClient;
import org.clinickiosk.testsupport.TestConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the display stream carries for the lobby page: the phrase to speak with each call, and the settings. */
@ExtendWith(VertxExtension.class)
class DisplayStreamContentTest {
    private RunningServer s;
    private WebClientSession nurse;
    private String csrf;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        s = new RunningServer(vertx, MutableClock.shanghai(9, 0), json -> json.put("display", new JsonObject()
                .put("message", "接种后请留观30分钟").put("showMaskedName", true)), 15_000);
        nurse = s.browser();
        csrf = s.login(nurse, "nurse1");
    }

    @AfterEach
    void stop() throws Exception {
        s.close();
    }

    private void issue(String serviceId) {
        s.client.post("/api/tickets").putHeader("X-Kiosk-Token", TestConfigs.KIOSK1_TOKEN)
                .putHeader("Idempotency-Key", "content-" + System.nanoTime())
                .sendJsonObject(new JsonObject().put("serviceId", serviceId)).await();
    }

    @Test
    void callsCarryTheirSpokenPhraseAndEveryConnectionGetsTheSettings() throws Exception {
        issue("tcm");
        issue("tcm");
        nurse.post("/api/rooms/R3/call-next").putHeader("X-CSRF-Token", csrf).send().await();
        String lastSeen;
        try (SseClient display = new SseClient(s.vertx, s.port(), "/api/display/stream", Map.of())) {
            JsonObject snapshot = display.next("snapshot").data();
            assertEquals(new JsonObject().put("clinicName", "测试社区卫生服务中心").put("message", "接种后请留观30分钟"),
                    snapshot.getJsonObject("settings"));
            JsonObject current = snapshot.getJsonObject("currentByRoom").getJsonObject("R3");
            assertEquals("请 B零零一 号 到 3号诊室 就诊", current.getJsonObject("spoken").getString("zh-CN"));
            s.clock.advance(java.time.Duration.ofSeconds(5)); // past the double-click guard
            nurse.post("/api/rooms/R3/call-next").putHeader("X-CSRF-Token", csrf).send().await();
            SseClient.Event call = display.next("call");
            assertEquals("请 B零零二 号 到 3号诊室 就诊", call.data().getJsonObject("spoken").getString("zh-CN"));
            assertEquals("Number B zero zero two, please go to 3号诊室.", call.data().getJsonObject("spoken").getString("en"));
            lastSeen = call.id();
        }
        try (SseClient resumed = new SseClient(s.vertx, s.port(), "/api/display/stream", Map.of("Last-Event-ID", lastSeen))) {
            assertEquals("services", resumed.next().name());
            SseClient.Event settings = resumed.next();
            assertEquals("settings", settings.name(), "a resumed display gets no snapshot, but does get the settings");
            assertEquals("接种后请留观30分钟", settings.data().getString("message"));
        }
    }
}
