package org.clinickiosk.stats;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.clinickiosk.clinic.ClinicCatalog;
import org.clinickiosk.config.ClinicConfig;
import org.clinickiosk.staff.StaffService;
import org.clinickiosk.store.Database;
import org.clinickiosk.store.Sql;
import org.clinickiosk.testsupport.MutableClock;
import org.clinickiosk.testsupport.TestConfigs;
import org.clinickiosk.web.ApiException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every figure of the report against the hand-computed fixture of {@link TicketHistory#writeHandComputedWeek}, on a
 * real SQLite file: counts, the ticket issued before midnight and served after, the transfer between services, the
 * no-show after recalls, empty days, percentiles, idle time clipped to opening hours, weeks and months.
 */
class StatsServiceTest {
    private final Vertx vertx = Vertx.vertx();
    private Path dir;
    private Database db;
    private StatsService stats;

    @BeforeEach
    void open() throws Exception {
        dir = Files.createTempDirectory("stats-test");
        ClinicConfig config = ClinicConfig.fromJson(TestConfigs.clinic(dir.resolve("clinic.db")));
        db = Database.open(vertx, dir.resolve("clinic.db"));
        db.write(c -> {
            ClinicCatalog.seed(c, config);
            StaffService.seed(c, config.staff(), MutableClock.shanghai(7, 0));
            return null;
        }).await();
        assertEquals(List.of("1:nurse1", "2:nurse2", "3:admin"), db.read(c -> Sql.list(c,
                "SELECT id || ':' || username FROM staff ORDER BY id", rs -> rs.getString(1))).await());
        stats = new StatsService(db, TicketHistory.SHANGHAI);
    }

    @AfterEach
    void close() throws Exception {
        db.close();
        vertx.close().await();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private JsonObject report(String from, String to, String groupBy, String serviceId) {
        return stats.report(StatsQuery.parse(from, to, groupBy, serviceId)).await();
    }

    private static JsonObject row(JsonArray rows, String key) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.getJsonObject(i).getString("key").equals(key)) return rows.getJsonObject(i);
        }
        throw new AssertionError("no row " + key + " in " + rows.encodePrettily());
    }

    /** counts: issued, served, noShows, cancelled, transfersIn. */
    private static void assertCounts(JsonObject row, Long issued, long served, long noShows, long cancelled,
                                     long transfersIn) {
        assertEquals(issued, row.getLong("issued"), "issued in " + row);
        assertEquals(served, row.getLong("served"), "served in " + row);
        assertEquals(noShows, row.getLong("noShows"), "no-shows in " + row);
        assertEquals(cancelled, row.getLong("cancelled"), "cancelled in " + row);
        assertEquals(transfersIn, row.getLong("transfersIn"), "transfers in " + row);
    }

    /** A duration's count, average, median and p90 in seconds (null when there is nothing to measure). */
    private static void assertDuration(JsonObject row, String metric, long count, Double avg, Double median, Double p90) {
        assertEquals(count, row.getLong(metric + "Count"), metric + " count in " + row);
        assertEquals(avg, row.getDouble(metric + "AvgSeconds"), metric + " average in " + row);
        assertEquals(median, row.getDouble(metric + "MedianSeconds"), metric + " median in " + row);
        assertEquals(p90, row.getDouble(metric + "P90Seconds"), metric + " p90 in " + row);
    }

    @Test
    void theSummaryOfTheFixtureIsTheHandComputedOne() {
        new TicketHistory(db).writeHandComputedWeek();
        JsonObject summary = report("2026-11-23", "2026-11-25", "day", null).getJsonObject("summary");
        // T1..T9 issued; T1 T2 T4 T6 T7 T8 served; T3 a no-show; T5 cancelled; T9 still waiting; T4 moved to chronic.
        assertCounts(summary, 9L, 6, 1, 1, 1);
        // waits 300 600 900 1200 1380 1800 1800: mean 7980/7, the 4th value, nearest rank ceil(6.3) = 7th.
        assertDuration(summary, "wait", 7, 1140.0, 1200.0, 1800.0);
        // walks 60 60 60 60 120 120 300 (T4 walked twice: once per service).
        assertDuration(summary, "walk", 7, 111.4, 60.0, 300.0);
        // services 240 240 480 780 840 1200: median (480 + 780) / 2, p90 the 6th; T4's part before the transfer
        // ended in a transfer, not a finish, so only its chronic service counts.
        assertDuration(summary, "service", 6, 630.0, 630.0, 1200.0);
        assertEquals(360.0 + 420.0 + 600.0, summary.getDouble("idleSeconds"));
    }

    @Test
    void eachDayHasItsRowAndATicketServedAfterMidnightBelongsToTheDayItWasIssued() {
        new TicketHistory(db).writeHandComputedWeek();
        JsonArray periods = report("2026-11-23", "2026-11-25", "day", null).getJsonArray("periods");
        assertEquals(List.of("2026-11-23", "2026-11-24", "2026-11-25"),
                periods.stream().map(p -> ((JsonObject) p).getString("key")).toList());
        JsonObject monday = row(periods, "2026-11-23");
        assertCounts(monday, 8L, 6, 1, 1, 1);
        assertDuration(monday, "service", 6, 630.0, 630.0, 1200.0);
        JsonObject emptyTuesday = row(periods, "2026-11-24");
        assertCounts(emptyTuesday, 0L, 0, 0, 0, 0);
        assertDuration(emptyTuesday, "wait", 0, null, null, null);
        assertEquals(0.0, emptyTuesday.getDouble("idleSeconds"));
        assertCounts(row(periods, "2026-11-25"), 1L, 0, 0, 0, 0);

        // Asked for the Tuesday alone, T8 (issued Monday 23:50, served Tuesday 00:10) is not there.
        JsonObject tuesdayOnly = report("2026-11-24", "2026-11-24", "day", null);
        assertCounts(tuesdayOnly.getJsonObject("summary"), 0L, 0, 0, 0, 0);
        assertEquals(0L, tuesdayOnly.getJsonArray("hours").stream().mapToLong(h -> ((JsonObject) h).getLong("issued")).sum());
    }

    @Test
    void servicesCountIssuesWhereIssuedAndOutcomesWhereTheTicketEnded() {
        new TicketHistory(db).writeHandComputedWeek();
        JsonArray services = report("2026-11-23", "2026-11-25", "day", null).getJsonArray("services");
        assertEquals(List.of("gp", "tcm", "vaccination", "chronic"),
                services.stream().map(s -> ((JsonObject) s).getString("key")).toList());
        JsonObject gp = row(services, "gp");
        assertEquals("全科门诊", gp.getString("name"));
        assertCounts(gp, 5L, 2, 1, 0, 0);
        assertDuration(gp, "wait", 4, 1350.0, 1500.0, 1800.0); // T1 T2 T3 T4 were first called for gp
        assertDuration(gp, "walk", 3, 80.0, 60.0, 120.0);      // T1 T2 and T4 before its transfer
        assertDuration(gp, "service", 2, 660.0, 660.0, 840.0);
        assertNull(gp.getValue("idleSeconds"));

        JsonObject chronic = row(services, "chronic");
        assertCounts(chronic, 0L, 1, 0, 0, 1);
        assertDuration(chronic, "wait", 0, null, null, null);
        assertDuration(chronic, "walk", 1, 120.0, 120.0, 120.0);
        assertDuration(chronic, "service", 1, 780.0, 780.0, 780.0);

        JsonObject tcm = row(services, "tcm");
        assertCounts(tcm, 3L, 2, 0, 1, 0);
        assertDuration(tcm, "wait", 2, 840.0, 840.0, 1380.0);
        assertDuration(tcm, "service", 2, 720.0, 720.0, 1200.0);

        assertCounts(row(services, "vaccination"), 1L, 1, 0, 0, 0);
    }

    @Test
    void roomsAndStaffCarryWhatHappenedInThemWithIdleTimeInsideOpeningHours() {
        new TicketHistory(db).writeHandComputedWeek();
        JsonObject report = report("2026-11-23", "2026-11-25", "day", null);
        JsonArray rooms = report.getJsonArray("rooms");
        JsonObject r1 = row(rooms, "R1");
        assertCounts(r1, null, 2, 1, 0, 0);
        assertDuration(r1, "wait", 3, 1200.0, 1200.0, 1800.0);
        assertEquals(360.0, r1.getDouble("idleSeconds"));
        JsonObject r2 = row(rooms, "R2");
        assertCounts(r2, null, 1, 0, 0, 0);
        assertDuration(r2, "walk", 2, 90.0, 90.0, 120.0);
        assertEquals(420.0, r2.getDouble("idleSeconds")); // the transfer freed the room until the next start
        assertEquals(600.0, row(rooms, "R3").getDouble("idleSeconds")); // 07:50→08:10, counted from opening 08:00
        assertEquals(0.0, row(rooms, "R4").getDouble("idleSeconds"));

        JsonArray staff = report.getJsonArray("staff");
        assertEquals(List.of("1", "2"), staff.stream().map(s -> ((JsonObject) s).getString("key")).toList());
        JsonObject nurse1 = row(staff, "1");
        assertEquals("nurse1", nurse1.getString("name"));
        assertCounts(nurse1, null, 2, 1, 1, 0);
        JsonObject nurse2 = row(staff, "2");
        assertCounts(nurse2, null, 4, 0, 0, 1);
        assertDuration(nurse2, "service", 4, 615.0, 510.0, 1200.0); // 240 240 780 1200
    }

    @Test
    void distributionsBucketWaitsAndCountIssuesPerLocalHour() {
        new TicketHistory(db).writeHandComputedWeek();
        JsonObject report = report("2026-11-23", "2026-11-25", "day", null);
        // 300 s is exactly 5 minutes and 1800 s exactly 30: a boundary belongs to the bucket it starts.
        assertEquals(List.of(0L, 1L, 1L, 1L, 2L, 2L, 0L, 0L), report.getJsonArray("waitDistribution").stream()
                .map(b -> ((JsonObject) b).getLong("count")).toList());
        JsonObject last = report.getJsonArray("waitDistribution").getJsonObject(7);
        assertEquals(60, last.getInteger("fromMinutes"));
        assertNull(last.getValue("toMinutes"));
        long[] expected = new long[24];
        expected[7] = 2;
        expected[8] = 3;
        expected[9] = 2;
        expected[10] = 1;
        expected[23] = 1;
        assertEquals(java.util.Arrays.stream(expected).boxed().toList(), report.getJsonArray("hours").stream()
                .map(h -> ((JsonObject) h).getLong("issued")).toList());
    }

    @Test
    void weeksStartOnMondayAndMonthsOnTheFirst() {
        new TicketHistory(db).writeHandComputedWeek();
        JsonArray weeks = report("2026-11-23", "2026-11-30", "week", null).getJsonArray("periods");
        assertEquals(List.of("2026-11-23", "2026-11-30"), weeks.stream().map(w -> ((JsonObject) w).getString("key")).toList());
        assertCounts(row(weeks, "2026-11-23"), 9L, 6, 1, 1, 1);
        JsonObject secondWeek = row(weeks, "2026-11-30");
        assertCounts(secondWeek, 1L, 1, 0, 0, 0);
        assertDuration(secondWeek, "wait", 1, 1200.0, 1200.0, 1200.0);
        assertDuration(secondWeek, "service", 1, 600.0, 600.0, 600.0);

        JsonArray months = report("2026-11-20", "2026-12-02", "month", null).getJsonArray("periods");
        assertEquals(List.of("2026-11", "2026-12"), months.stream().map(m -> ((JsonObject) m).getString("key")).toList());
        assertCounts(row(months, "2026-11"), 10L, 7, 1, 1, 1);
        assertCounts(row(months, "2026-12"), 0L, 0, 0, 0, 0);
    }

    @Test
    void oneServiceKeepsOnlyItsFiguresAndTheIdleTimeOfItsRooms() {
        new TicketHistory(db).writeHandComputedWeek();
        JsonObject report = report("2026-11-23", "2026-11-25", "day", "gp");
        JsonObject summary = report.getJsonObject("summary");
        assertCounts(summary, 5L, 2, 1, 0, 0);
        assertDuration(summary, "wait", 4, 1350.0, 1500.0, 1800.0);
        assertEquals(360.0 + 420.0, summary.getDouble("idleSeconds")); // R1 and R2 serve gp
        assertEquals(List.of("gp"), report.getJsonArray("services").stream().map(s -> ((JsonObject) s).getString("key")).toList());
        assertEquals(List.of("R1", "R2"), report.getJsonArray("rooms").stream().map(r -> ((JsonObject) r).getString("key")).toList());
        assertEquals(5L, report.getJsonArray("hours").stream().mapToLong(h -> ((JsonObject) h).getLong("issued")).sum());
    }

    @Test
    void anEmptyPeriodIsAllZerosAndNoMeasurements() {
        JsonObject report = report("2026-01-01", "2026-01-31", "week", null);
        assertCounts(report.getJsonObject("summary"), 0L, 0, 0, 0, 0);
        assertDuration(report.getJsonObject("summary"), "service", 0, null, null, null);
        assertEquals(5, report.getJsonArray("periods").size()); // weeks from Mon 29 Dec to Mon 26 Jan
        assertEquals("2025-12-29", report.getJsonArray("periods").getJsonObject(0).getString("key"));
        assertTrue(report.getJsonArray("staff").isEmpty());
        assertEquals(4, report.getJsonArray("rooms").size());
    }

    @Test
    void bloodPressureReadingsByCategoryAndLabPrintsCountInTheClinicsLocalDays() {
        java.time.ZoneId shanghai = java.time.ZoneId.of("Asia/Shanghai");
        java.util.function.BiFunction<String, String, Long> at = (day, time) ->
                java.time.LocalDateTime.parse(day + "T" + time).atZone(shanghai).toInstant().toEpochMilli();
        db.write(c -> {
            Object[][] readings = {
                    {"2026-11-23", "00:10", "normal"}, {"2026-11-23", "09:00", "normal"},
                    {"2026-11-23", "23:50", "grade-1"}, {"2026-11-22", "23:59", "grade-3"}, {"2026-11-24", "00:00", "grade-2"}};
            for (Object[] r : readings) {
                Sql.update(c, "INSERT INTO bp_readings (kiosk_id, systolic, diastolic, pulse, category, monitor_model, measured_at, raw)"
                        + " VALUES ('K1', 120, 80, 70, ?, 'and-tm2655', ?, 'raw')", r[2], at.apply((String) r[0], (String) r[1]));
            }
            Sql.update(c, "INSERT INTO lab_messages (id, source, sender, control_id, received_at) VALUES (1, 'hl7', 'LIS', 'm1', 0)");
            for (int report = 1; report <= 2; report++) {
                Sql.update(c, "INSERT INTO lab_reports (id, message_id, quarantine_reason, specimen_barcode, test_code, status, reported_at, received_at)"
                        + " VALUES (?, 1, 'unmatched', 'S', 'GLU', 'final', 0, 0)", report);
            }
            Object[][] prints = {{1, "printed", "10:00"}, {1, "printed", "11:00"}, {2, "failed", "12:00"}, {2, "printed", "12:05"}};
            for (Object[] p : prints) {
                Sql.update(c, "INSERT INTO lab_prints (report_id, actor, printer, outcome, started_at, finished_at) VALUES (?, 'kiosk:K1', 'a4', ?, ?, ?)",
                        p[0], p[1], at.apply("2026-11-23", (String) p[2]), at.apply("2026-11-23", (String) p[2]));
            }
            return null;
        }).await();
        JsonObject report = report("2026-11-23", "2026-11-23", "day", null);
        JsonObject bp = report.getJsonObject("bp");
        assertEquals(3L, bp.getLong("readings"), "00:10 and 23:50 local are the 23rd; 23:59 the day before is not");
        assertEquals(new JsonArray()
                .add(new JsonObject().put("category", "grade-1").put("count", 1L).put("share", 0.333))
                .add(new JsonObject().put("category", "normal").put("count", 2L).put("share", 0.667)),
                bp.getJsonArray("categories"));
        assertEquals(3L, report.getJsonObject("lab").getLong("printed"), "a failed attempt is not a print");
        assertEquals(2L, report.getJsonObject("lab").getLong("reports"));
    }

    @Test
    void badQueriesAreRefusedWithAReason() {
        assertRefused("invalid_date", () -> StatsQuery.parse("2026-13-01", "2026-12-31", null, null));
        assertRefused("invalid_date", () -> StatsQuery.parse("2026-02-30", "2026-03-01", null, null));
        assertRefused("invalid_date", () -> StatsQuery.parse("yesterday", "2026-03-01", null, null));
        assertRefused("invalid_date", () -> StatsQuery.parse(null, "2026-03-01", null, null));
        assertRefused("invalid_period", () -> StatsQuery.parse("2026-03-02", "2026-03-01", null, null));
        assertRefused("period_too_long", () -> StatsQuery.parse("2025-01-01", "2026-01-02", null, null));
        assertRefused("invalid_grouping", () -> StatsQuery.parse("2026-03-01", "2026-03-01", "hour", null));
        assertEquals(366, java.time.temporal.ChronoUnit.DAYS.between(
                StatsQuery.parse("2024-01-01", "2024-12-31", "month", null).from(),
                StatsQuery.parse("2024-01-01", "2024-12-31", "month", null).to()) + 1);
        assertRefused("unknown_service", () -> report("2026-03-01", "2026-03-01", "day", "dentist"));
    }

    private static void assertRefused(String code, org.junit.jupiter.api.function.Executable call) {
        ApiException e = assertThrows(ApiException.class, call);
        assertEquals(code, e.code(), e.getMessage());
        assertEquals(400, e.status());
    }
}
