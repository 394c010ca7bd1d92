package org.clinickiosk.web;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientSession;
import io.vertx.junit5.VertxExtension;
import org.clinickiosk.device.DeviceAddresses;
import org.clinickiosk.testsupport.RunningServer;
import org.clinickiosk.testsupport.TestConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Everything the server logs, at every level, while residents are handled: no ID number, no full name. */
@ExtendWith(VertxExtension.class)
class LogPrivacyTest {
    private static final String ID_NUMBER = "34052419800101001X";
    private static final String NAME = "王小明";

    @Test
    void logsNeverHoldAnIdNumberOrAFullName(Vertx vertx) throws Exception {
        List<String> lines = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                StringWriter text = new StringWriter();
                text.append(r.getLevel().toString()).append(' ').append(String.valueOf(r.getMessage()));
                if (r.getParameters() != null) for (Object p : r.getParameters()) text.append(' ').append(String.valueOf(p));
                if (r.getThrown() != null) r.getThrown().printStackTrace(new PrintWriter(text));
                synchronized (lines) {
                    lines.add(text.toString());
                }
            }
            @Override public void flush() {}
            @Override public void close() {}
        };
        capture.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        Level before = root.getLevel();
        root.setLevel(Level.ALL);
        root.addHandler(capture);
        try (RunningServer s = new RunningServer(vertx)) {
            JsonObject resident = new JsonObject().put("idNumber", ID_NUMBER).put("name", NAME)
                    .put("phone", "13800138000").put("healthDataConsent", true);
            long id = s.client.post("/api/residents").putHeader("X-Kiosk-Token", TestConfigs.KIOSK1_TOKEN)
                    .sendJsonObject(resident).await().bodyAsJsonObject().getLong("id");
            s.client.post("/api/residents").putHeader("X-Kiosk-Token", TestConfigs.KIOSK1_TOKEN)
                    .sendJsonObject(resident).await();                                         // refused: exists
            s.client.post("/api/residents").putHeader("X-Kiosk-Token", TestConfigs.KIOSK1_TOKEN)
                    .sendJsonObject(resident.copy().put("idNumber", "340524198001010019")).await(); // refused: check digit
            s.client.post("/api/tickets").putHeader("X-Kiosk-Token", TestConfigs.KIOSK1_TOKEN)
                    .putHeader("Idempotency-Key", "privacy-key-1")
                    .sendJsonObject(new JsonObject().put("serviceId", "gp").put("residentId", id)).await();
            WebClientSession nurse = s.browser();
            s.login(nurse, "nurse1");
            nurse.get("/api/residents/" + id).send().await();
            vertx.eventBus().publish(DeviceAddresses.events("K1"), new JsonObject().put("kind", "idCardReader")
                    .put("type", "identified").put("idNumber", ID_NUMBER).put("name", NAME));
            s.client.get("/api/health").send().await();
        } finally {
            root.removeHandler(capture);
            root.setLevel(before);
        }
        synchronized (lines) {
            assertTrue(lines.size() > 0, "the server logged nothing at all: the capture is not working");
            for (String line : lines) {
                assertFalse(line.contains(ID_NUMBER), "ID number in a log line: " + line);
                assertFalse(line.contains(NAME), "full name in a log line: " + line);
            }
        }
    }
}
