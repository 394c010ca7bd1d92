package org.clinickiosk.bp;

import io.vertx.core.json.JsonObject;
import org.clinickiosk.config.ClinicConfig;
import org.clinickiosk.config.ConfigException;
import org.clinickiosk.testsupport.TestConfigs;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bloodPressure config keys: defaults, and refusals that name the key. */
class BpConfigTest {
    private static JsonObject config(JsonObject bloodPressure) {
        JsonObject json = TestConfigs.clinic(Path.of("unused.db"));
        return bloodPressure == null ? json : json.put("bloodPressure", bloodPressure);
    }

    @Test
    void defaultsAndGivenValues() {
        ClinicConfig.BloodPressure defaults = ClinicConfig.fromJson(config(null)).bloodPressure();
        assertEquals(new ClinicConfig.BloodPressure("gp", 5, 35), defaults);
        ClinicConfig.BloodPressure given = ClinicConfig.fromJson(config(new JsonObject()
                .put("referralServiceId", "chronic").put("claimMinutes", 3).put("inviteFromAge", 40))).bloodPressure();
        assertEquals(new ClinicConfig.BloodPressure("chronic", 3, 40), given);
    }

    @Test
    void badValuesAndUnknownKeysStopStartupNamingTheKey() {
        ConfigException unknown = assertThrows(ConfigException.class,
                () -> ClinicConfig.fromJson(config(new JsonObject().put("claimMinute", 3))));
        assertTrue(unknown.getMessage().contains("bloodPressure.claimMinute"), unknown.getMessage());
        ConfigException range = assertThrows(ConfigException.class,
                () -> ClinicConfig.fromJson(config(new JsonObject().put("claimMinutes", 61))));
        assertTrue(range.getMessage().startsWith("bloodPressure.claimMinutes"), range.getMessage());
        ConfigException id = assertThrows(ConfigException.class,
                () -> ClinicConfig.fromJson(config(new JsonObject().put("referralServiceId", "g p"))));
        assertTrue(id.getMessage().startsWith("bloodPressure.referralServiceId"), id.getMessage());
    }
}
