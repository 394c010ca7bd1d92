package org.clinickiosk.testsupport;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.clinickiosk.staff.Passwords;

import java.nio.file.Path;

/**
 * Test clinic configurations: four services (gp A, tcm B, vaccination C, chronic D), rooms R1 (gp), R2 (gp+chronic),
 * R3 (tcm), R4 (vaccination), two kiosks, and staff nurse1/nurse2/admin with password "secret-pass".
 */
public final class TestConfigs {
    private TestConfigs() {}

    public static final String PASSWORD = "secret-pass";
    public static final String KIOSK1_TOKEN = "test-kiosk-token-K1-0123456789";
    public static final String KIOSK2_TOKEN = "test-kiosk-token-K2-0123456789";
    /** Hashing is slow on purpose; hash once for every test. */
    private static final String HASH = Passwords.hash(PASSWORD);

    public static JsonObject clinic(Path database) {
        return new JsonObject()
                .put("http", new JsonObject().put("port", 0).put("host", "127.0.0.1"))
                .put("database", new JsonObject().put("path", database.toString()))
                .put("backup", new JsonObject().put("enabled", false))
                .put("clinic", new JsonObject().put("name", "测试社区卫生服务中心").put("divisionCode", "110105001001"))
                .put("queue", new JsonObject().put("priorityEvery", 2).put("elderlyAge", 70).put("maxRecalls", 2)
                        .put("requeueOffset", 2).put("callDebounceSeconds", 2))
                .put("services", new JsonArray()
                        .add(service("gp", "全科门诊", "A", "08:00", "17:30"))
                        .add(service("tcm", "中医科", "B", "08:00", "17:30"))
                        .add(service("vaccination", "预防接种", "C", "08:00", "16:00"))
                        .add(service("chronic", "慢病随访", "D", "08:00", "17:30")))
                .put("rooms", new JsonArray()
                        .add(room("R1", "1号诊室", "gp"))
                        .add(room("R2", "2号诊室", "gp", "chronic"))
                        .add(room("R3", "3号诊室", "tcm"))
                        .add(room("R4", "接种室", "vaccination")))
                .put("kiosks", new JsonArray()
                        .add(new JsonObject().put("id", "K1").put("token", KIOSK1_TOKEN))
                        .add(new JsonObject().put("id", "K2").put("token", KIOSK2_TOKEN)))
                .put("staff", new JsonArray()
                        .add(staff("nurse1", "nurse"))
                        .add(staff("nurse2", "nurse"))
                        .add(staff("admin", "admin")));
    }

    private static JsonObject service(String id, String name, String prefix, String opens, String closes) {
        return new JsonObject().put("id", id).put("name", name).put("prefix", prefix).put("opens", opens)
                .put("closes", closes);
    }

    private static JsonObject room(String id, String name, String... services) {
        return new JsonObject().put("id", id).put("name", name).put("services", new JsonArray(java.util.List.of(services)));
    }

    private static JsonObject staff(String username, String role) {
        return new JsonObject().put("username", username).put("role", role).put("passwordHash", HASH);
    }
}
