package org.clinickiosk.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.clinickiosk.testsupport.TestConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClinicConfigTest {

    private static JsonObject base() {
        return TestConfigs.clinic(Path.of("x.db"));
    }

    private static String refusal(JsonObject json) {
        return assertThrows(ConfigException.class, () -> ClinicConfig.fromJson(json)).getMessage();
    }

    @Test
    void theDemoRunsWithoutAnyFile() {
        ClinicConfig demo = ClinicConfig.demoDefaults();
        assertTrue(demo.demo());
        assertEquals("data/clinic.db", demo.databasePath());
        assertEquals(ZoneId.of("Asia/Shanghai"), demo.clinic().timezone());
        assertEquals("K1", demo.kiosks().get(0).id());
        assertEquals(java.util.Set.of("idCardReader", "scanner", "healthCardReader", "printer", "bpMonitor"), demo.kiosks().get(0).devices().fieldNames());
        assertEquals(3, demo.staff().size());
        assertTrue(demo.rooms().stream().allMatch(r -> demo.services().stream()
                .map(ClinicConfig.Service::id).toList().containsAll(r.services())));
    }

    @Test
    void demoTrueInAFileKeepsTheFilesOwnServicesButFillsTheRest() {
        JsonObject json = new JsonObject().put("demo", true).put("services", new JsonArray().add(new JsonObject()
                .put("id", "only").put("name", "唯一").put("prefix", "Z"))).put("rooms", new JsonArray());
        ClinicConfig config = ClinicConfig.fromJson(json);
        assertEquals(1, config.services().size());
        assertEquals(3, config.staff().size(), "staff not given: the demo's");
        assertEquals(1, config.kiosks().size());
    }

    @Test
    void aFileIsReadAndItsErrorsNamed() throws Exception {
        Path file = Files.createTempFile("clinic", ".json");
        try {
            Files.writeString(file, base().encodePrettily());
            assertEquals("测试社区卫生服务中心", ClinicConfig.load(file).clinic().name());
            Files.writeString(file, "{ \"http\": ");
            assertTrue(assertThrows(ConfigException.class, () -> ClinicConfig.load(file)).getMessage()
                    .contains("not valid JSON"));
            assertTrue(assertThrows(ConfigException.class, () -> ClinicConfig.load(Path.of("/no/such/file.json")))
                    .getMessage().contains("cannot read"));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void unknownKeysStopStartupNamingTheKey() {
        assertEquals("queue.prioritEvery: unknown key (see docs/configuration.md)",
                refusal(base().put("queue", new JsonObject().put("prioritEvery", 3))));
        assertEquals("colour: unknown key (see docs/configuration.md)", refusal(base().put("colour", "red")));
        JsonObject badRoom = base();
        badRoom.getJsonArray("rooms").getJsonObject(0).put("floor", 2);
        assertEquals("rooms[0].floor: unknown key (see docs/configuration.md)", refusal(badRoom));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http      | port            | 70000       | http.port: must be between 0 and 65535, got 70000",
            "http      | port            | \"80\"      | http.port: must be a whole number, got \"80\"",
            "clinic    | divisionCode    | \"12345\"   | clinic.divisionCode: must be the 12-digit statistical division code",
            "clinic    | timezone        | \"Mars/Olympus\" | clinic.timezone: unknown time zone",
            "queue     | priorityEvery   | 0           | queue.priorityEvery: must be between 1 and 100, got 0",
            "queue     | elderlyAge      | 2.5         | queue.elderlyAge: must be a whole number, got 2.5",
            "queue     | maxRecalls      | -1          | queue.maxRecalls: must be between 0 and 20",
            "backup    | time            | \"25:00\"   | backup.time: must be a time HH:mm",
            "backup    | enabled         | \"yes\"     | backup.enabled: must be true or false",
    })
    void badValuesStopStartupNamingKeyAndProblem(String section, String key, String value, String expected) {
        JsonObject json = base();
        json.put(section, json.getJsonObject(section, new JsonObject()).copy().put(key, new JsonObject("{\"v\":" + value + "}").getValue("v")));
        assertTrue(refusal(json).startsWith(expected), refusal(json));
    }

    @Test
    void crossReferencesAndDuplicatesAreChecked() {
        JsonObject unknownService = base();
        unknownService.getJsonArray("rooms").getJsonObject(0).put("services", new JsonArray().add("dentist"));
        assertEquals("rooms[0].services: unknown service \"dentist\"", refusal(unknownService));
        JsonObject samePrefix = base();
        samePrefix.getJsonArray("services").getJsonObject(1).put("prefix", "A");
        assertEquals("services[].prefix: \"A\" appears more than once", refusal(samePrefix));
        JsonObject shortToken = base();
        shortToken.getJsonArray("kiosks").getJsonObject(0).put("token", "short");
        assertEquals("kiosks[0].token: must have at least 16 characters", refusal(shortToken));
        JsonObject plainPassword = base();
        plainPassword.getJsonArray("staff").getJsonObject(0).put("passwordHash", "hunter22");
        assertTrue(refusal(plainPassword).startsWith("staff[0].passwordHash: must be a bcrypt hash"));
        JsonObject badRole = base();
        badRole.getJsonArray("staff").getJsonObject(0).put("role", "doctor");
        assertEquals("staff[0].role: must be \"nurse\" or \"admin\", got \"doctor\"", refusal(badRole));
        JsonObject hours = base();
        hours.getJsonArray("services").getJsonObject(0).put("opens", "18:00");
        assertEquals("services[0].closes: must be after opens", refusal(hours));
        JsonObject notArray = base().put("kiosks", new JsonObject());
        assertEquals("kiosks: must be an array, got {}", refusal(notArray));
    }

    @Test
    void theDocumentedExampleFileIsValid() throws Exception {
        Path example = Path.of("docs/clinic.example.json");
        ClinicConfig config = ClinicConfig.load(example);
        assertTrue(config.kiosks().size() >= 1);
        assertTrue(!config.demo());
    }
}
