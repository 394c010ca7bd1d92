package org.clinickiosk.demo;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.clinickiosk.ClinicServer;
import org.clinickiosk.config.ClinicConfig;
import org.clinickiosk.store.Sql;
import org.clinickiosk.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The demo as a newcomer starts it: fictional residents with records and an appointment today, seeded once. */
@ExtendWith(VertxExtension.class)
class DemoResidentsTest {

    @Test
    void theDemoHasTwoFictionalRecordsAndAnAppointmentTodayAndRestartsAddNothing(Vertx vertx) throws Exception {
        Path dir = Files.createTempDirectory("demo");
        JsonObject json = new JsonObject().put("demo", true)
                .put("http", new JsonObject().put("port", 0).put("host", "127.0.0.1"))
                .put("database", new JsonObject().put("path", dir.resolve("clinic.db").toString()))
                .put("backup", new JsonObject().put("enabled", false));
        MutableClock clock = MutableClock.shanghai(10, 40);
        for (int start = 0; start < 2; start++) {
            ClinicServer server = ClinicServer.start(vertx, ClinicConfig.fromJson(json)
                            , new ClinicServer.Options(clock, 15_000)).await();
            try {
                assertEquals(2L, (long) server.database().read(c -> Sql.count(c, "SELECT COUNT(*) FROM residents")).await());
                assertEquals(1L, (long) server.database().read(c -> Sql.count(c,
                        "SELECT COUNT(*) FROM appointments a JOIN residents r ON r.id = a.resident_id"
                                + " WHERE a.status = 'booked' AND r.key_groups LIKE '%hypertension%' AND a.slot_start = ?",
                        java.time.ZonedDateTime.of(2026, 11, 23, 10, 30, 0, 0, java.time.ZoneId.of("Asia/Shanghai"))
                                .toInstant().toEpochMilli())).await(), "the follow-up slot is the current half hour");
            } finally {
                server.close().await();
            }
        }
    }
}
