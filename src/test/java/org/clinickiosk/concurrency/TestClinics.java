package org.clinickiosk.concurrency;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.clinickiosk.staff.Passwords;

import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * Test clinic configurations for the concurrency and durability tests: services open all day, two kiosks, rooms
 * sharing services, nurses with one known password, no debounce and no nightly backup.
 */
public final class TestClinics {
    private TestClinics() {}

    public static final String KIOSK1 = "K1";
    public static final String KIOSK2 = "K2";
    public static final String KIOSK1_TOKEN = "test-kiosk-one-token-0001";
    public static final String KIOSK2_TOKEN = "test-kiosk-two-token-0002";
    public static final List<String> SERVICES = List.of("gp", "tcm", "vaccination", "chronic");
    public static final List<String> PREFIXES = List.of("A", "B", "C", "D");
    public static final String NURSE_PASSWORD = "nurse-test-password-1";

    /** bcrypt at cost 12 takes ~250 ms: computed once per test JVM and shared by every nurse. */
    private static final class Hash {
        static final String NURSE = Passwords.hash(NURSE_PASSWORD);
    }

    public static String nurseHash() {
        return Hash.NURSE;
    }

    public static String nurse(int i) {
        return String.format("nurse%02d", i);
    }

    public static String room(int i) {
        return String.format("R%02d", i);
    }

    /**
     * A fixed UTC offset in which the local time right now is between 11:00 and 13:00. Services open 00:00–23:59 are
     * then open whatever the wall clock says, and the clinic day does not turn in the middle of a test.
     */
    public static String middayZone() {
        int utcHour = ZonedDateTime.now(ZoneOffset.UTC).getHour();
        return ZoneOffset.ofHours(12 - utcHour).getId();
    }

    /** The service a room calls from: room i serves services i and i+1 (mod 4), so each service has five rooms. */
    public static List<String> servicesOfRoom(int i) {
        return List.of(SERVICES.get(i % SERVICES.size()), SERVICES.get((i + 1) % SERVICES.size()));
    }

    /**
     * A config with the four services, kiosks K1 and K2, {@code rooms} rooms R01.. and as many nurses nurse01..,
     * debounce off, backups off.
     */
    public static JsonObject config(Path database, int port, int rooms) {
        JsonArray services = new JsonArray();
        for (int i = 0; i < SERVICES.size(); i++) {
            services.add(new JsonObject().put("id", SERVICES.get(i)).put("name", "Service " + SERVICES.get(i))
                    .put("prefix", PREFIXES.get(i)).put("opens", "00:00").put("closes", "23:59"));
        }
        JsonArray roomList = new JsonArray();
        JsonArray staff = new JsonArray();
        for (int i = 1; i <= rooms; i++) {
            roomList.add(new JsonObject().put("id", room(i)).put("name", "Room " + i)
                    .put("services", new JsonArray(servicesOfRoom(i))));
            staff.add(new JsonObject().put("username", nurse(i)).put("role", "nurse").put("passwordHash", nurseHash()));
        }
        return new JsonObject()
                .put("http", new JsonObject().put("host", "127.0.0.1").put("port", port))
                .put("database", new JsonObject().put("path", database.toAbsolutePath().toString()))
                .put("backup", new JsonObject().put("enabled", false))
                .put("clinic", new JsonObject().put("timezone", middayZone()))
                .put("queue", new JsonObject().put("callDebounceSeconds", 0))
                .put("services", services)
                .put("rooms", roomList)
                .put("staff", staff)
                .put("kiosks", new JsonArray()
                        .add(new JsonObject().put("id", KIOSK1).put("token", KIOSK1_TOKEN))
                        .add(new JsonObject().put("id", KIOSK2).put("token", KIOSK2_TOKEN)));
    }
}
