package org.clinickiosk.config;

import io.vertx.core.json.JsonObject;

import java.time.LocalTime;
import java.util.List;

/** The demo clinic: what runs without --config, and what "demo": true seeds. Fictional throughout. */
public final class DemoSetup {
    private DemoSetup() {}

    public static final String DEMO_KIOSK_TOKEN = "demo-kiosk-K1-token-change-me";

    /** Demo staff and their passwords, printed at demo start. The hashes below are bcrypt (cost 12) of these. */
    public static final List<String[]> DEMO_LOGINS = List.of(
            new String[]{"nurse1", "nurse1-demo"},
            new String[]{"nurse2", "nurse2-demo"},
            new String[]{"admin", "admin-demo"});

    static List<ClinicConfig.Kiosk> kiosks() {
        JsonObject simulated = new JsonObject();
        for (String kind : List.of("idCardReader", "scanner", "healthCardReader", "printer")) {
            simulated.put(kind, new JsonObject().put("port", "simulated"));
        }
        simulated.put("bpMonitor", new JsonObject().put("port", "simulated").put("model", "and-tm2655"));
        return List.of(new ClinicConfig.Kiosk("K1", "大厅1号自助机", DEMO_KIOSK_TOKEN, simulated));
    }

    static List<ClinicConfig.Service> services() {
        // The demo is tried at any hour, so most services are open all day; blood tests keep real morning hours to
        // show how a closed service looks.
        LocalTime eight = LocalTime.MIDNIGHT;
        LocalTime halfFive = LocalTime.of(23, 59);
        return List.of(
                new ClinicConfig.Service("gp", "全科门诊", "General practice", "A", eight, halfFive, true, 6),
                new ClinicConfig.Service("tcm", "中医科", "Traditional Chinese medicine", "B", eight, halfFive, true, 8),
                new ClinicConfig.Service("vaccination", "预防接种", "Vaccination", "C", eight, halfFive, true, 4),
                new ClinicConfig.Service("chronic", "慢病随访", "Chronic disease follow-up", "D", eight, halfFive, true, 10),
                new ClinicConfig.Service("lab", "检验采血", "Blood tests", "E", LocalTime.of(7, 30), LocalTime.of(11, 0), true, 3));
    }

    static List<ClinicConfig.Room> rooms() {
        return List.of(
                new ClinicConfig.Room("R1", "1号诊室", "Room 1", List.of("gp")),
                new ClinicConfig.Room("R2", "2号诊室", "Room 2", List.of("gp", "chronic")),
                new ClinicConfig.Room("R3", "3号诊室", "Room 3", List.of("tcm")),
                new ClinicConfig.Room("R4", "接种室", "Vaccination room", List.of("vaccination")),
                new ClinicConfig.Room("R5", "采血室", "Blood test room", List.of("lab")));
    }

    static List<ClinicConfig.Staff> staff() {
        return List.of(
                new ClinicConfig.Staff("nurse1", "护士 王", "nurse", HASH_NURSE1),
                new ClinicConfig.Staff("nurse2", "护士 李", "nurse", HASH_NURSE2),
                new ClinicConfig.Staff("admin", "管理员", "admin", HASH_ADMIN));
    }

    private static final String HASH_NURSE1 = "$2a$12$E9Ptap0peWsMk0WUbWXDruWOs1Rd6sr9ti47WTSkvjSZCnaCnfItS";
    private static final String HASH_NURSE2 = "$2a$12$Jwvw1NzZ5/4mw7nfEZ6Nt.h5FSef33YinAc1kqUVsEFDESucB2M9.";
    private static final String HASH_ADMIN = "$2a$12$qHn8T2Y5t63omTahMDJsH.1TvzYVBzg.JC.ggeXtGDt0JIM0ja9FC";
}
