package org.clinickiosk.stats;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClientSession;
import io.vertx.junit5.VertxExtension;
import org.clinickiosk.store.Sql;
import org.clinickiosk.testsupport.RunningServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The statistics endpoints over real HTTP: who may read them, the report, CSV exports, and bad requests. */
@ExtendWith(VertxExtension.class)
class StatsApiTest {
    private static final String WEEK = "/api/admin/stats?from=2026-11-23&to=2026-11-25";
    private RunningServer s;
    private WebClientSession admin;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        s = new RunningServer(vertx);
        new TicketHistory(s.server.database()).writeHandComputedWeek();
        admin = s.browser();
        s.login(admin, "admin");
    }

    @AfterEach
    void stop() throws Exception {
        s.close();
    }

    private HttpResponse<Buffer> get(WebClientSession who, String uri) {
        return who.get(uri).send().await();
    }

    private static void assertError(HttpResponse<Buffer> r, int status, String code) {
        assertEquals(status, r.statusCode(), r.bodyAsString());
        JsonObject error = r.bodyAsJsonObject().getJsonObject("error");
        assertEquals(code, error.getString("code"), r.bodyAsString());
        assertFalse(error.getString("message").isBlank());
        assertFalse(r.bodyAsString().contains("Exception"), r.bodyAsString());
    }

    @Test
    void onlyTheAdminReadsStatistics() {
        assertError(s.client.get(WEEK).send().await(), 401, "login_required");
        WebClientSession nurse = s.browser();
        s.login(nurse, "nurse1");
        HttpResponse<Buffer> refused = get(nurse, WEEK);
        assertError(refused, 403, "admin_only");
        assertTrue(refused.bodyAsJsonObject().getJsonObject("error").getString("message").contains("admin"));
        assertError(get(nurse, "/api/admin/stats/export/services?from=2026-11-23&to=2026-11-25"), 403, "admin_only");
    }

    @Test
    void theReportOverHttpHasTheHandComputedFiguresAndNoPersonalData() {
        HttpResponse<Buffer> r = get(admin, WEEK + "&groupBy=day");
        assertEquals(200, r.statusCode(), r.bodyAsString());
        JsonObject report = r.bodyAsJsonObject();
        assertEquals("Asia/Shanghai", report.getString("timezone"));
        JsonObject summary = report.getJsonObject("summary");
        assertEquals(9, summary.getInteger("issued"));
        assertEquals(6, summary.getInteger("served"));
        assertEquals(1200.0, summary.getDouble("waitMedianSeconds"));
        assertEquals(1800.0, summary.getDouble("waitP90Seconds"));
        assertEquals(3, report.getJsonArray("periods").size());
        assertEquals(0L, report.getJsonObject("bp").getLong("readings"));
        assertEquals(0L, report.getJsonObject("lab").getLong("printed"));
        // ticket numbers, tokens and resident fields never appear in aggregates
        assertFalse(r.bodyAsString().contains("tok-"));
        assertFalse(r.bodyAsString().contains("\"X1\""));
        assertFalse(r.bodyAsString().contains("resident"));
    }

    @Test
    void badRequestsSayWhatIsWrong() {
        assertError(get(admin, "/api/admin/stats?from=2026-11-31&to=2026-12-01"), 400, "invalid_date");
        assertError(get(admin, "/api/admin/stats?from=23.11.2026&to=2026-12-01"), 400, "invalid_date");
        assertError(get(admin, "/api/admin/stats?to=2026-12-01"), 400, "invalid_request");
        assertError(get(admin, "/api/admin/stats?from=2026-12-02&to=2026-12-01"), 400, "invalid_period");
        HttpResponse<Buffer> tooLong = get(admin, "/api/admin/stats?from=2024-01-01&to=2026-01-01");
        assertError(tooLong, 400, "period_too_long");
        assertTrue(tooLong.bodyAsJsonObject().getJsonObject("error").getString("message").contains("366"));
        assertError(get(admin, WEEK + "&groupBy=year"), 400, "invalid_grouping");
        HttpResponse<Buffer> unknown = get(admin, WEEK + "&serviceId=dentist");
        assertError(unknown, 400, "unknown_service");
        assertTrue(unknown.bodyAsJsonObject().getJsonObject("error").getString("message").contains("gp"));
        assertError(get(admin, "/api/admin/stats/export/patients?from=2026-11-23&to=2026-11-25"), 400, "invalid_request");
    }

    @Test
    void csvExportsAreUtf8WithBomQuotedAndHeadedInTheChosenLanguage() {
        s.server.database().write(c -> Sql.update(c, "UPDATE services SET name = ? WHERE id = 'tcm'",
                "中医科, \"名医\"馆")).await();
        HttpResponse<Buffer> r = get(admin, "/api/admin/stats/export/services?from=2026-11-23&to=2026-11-25");
        assertEquals(200, r.statusCode(), r.bodyAsString());
        assertEquals("text/csv; charset=utf-8", r.getHeader("Content-Type"));
        assertEquals("attachment; filename=\"clinic-stats-services-2026-11-23_2026-11-25.csv\"",
                r.getHeader("Content-Disposition"));
        byte[] bytes = r.body().getBytes();
        assertArrayEquals(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, Arrays.copyOf(bytes, 3));
        String[] lines = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8).split("\r\n");
        assertEquals(5, lines.length); // header and four services
        assertTrue(lines[0].startsWith("服务编号,服务,取号数,完成就诊,过号未到,取消,转入,等候人次,等候平均（分钟）,等候中位数（分钟）"),
                lines[0]);
        // gp: 5 issued, 2 served, 1 no-show; waits of 1350/1500/1800 s are 22.5/25.0/30.0 minutes
        assertTrue(lines[1].startsWith("gp,全科门诊,5,2,1,0,0,4,22.5,25.0,30.0,"), lines[1]);
        assertTrue(lines[2].startsWith("tcm,\"中医科, \"\"名医\"\"馆\",3,2,0,1,0,"), lines[2]);

        HttpResponse<Buffer> english = get(admin, "/api/admin/stats/export/periods?from=2026-11-23&to=2026-11-30"
                + "&groupBy=week&lang=en");
        String text = english.bodyAsString(StandardCharsets.UTF_8.name());
        assertTrue(text.startsWith("\uFEFFWeek from (Monday),Issued,Served,No-shows,Cancelled"), text);
        assertTrue(text.contains("\r\n2026-11-30,1,1,0,0,0,1,20.0,20.0,20.0,"), text);
    }

    @Test
    void everyTableExports() {
        for (String table : new String[]{"summary", "periods", "services", "rooms", "staff", "wait-distribution", "hours"}) {
            HttpResponse<Buffer> r = get(admin, "/api/admin/stats/export/" + table + "?from=2026-11-23&to=2026-11-25&lang=en");
            assertEquals(200, r.statusCode(), table + ": " + r.bodyAsString());
            assertTrue(r.bodyAsString().split("\r\n").length >= 2, table + " has a header and rows");
        }
        String hours = get(admin, "/api/admin/stats/export/hours?from=2026-11-23&to=2026-11-25&lang=en").bodyAsString();
        assertTrue(hours.contains("\r\n08:00,3\r\n"), hours);
        assertTrue(hours.contains("\r\n23:00,1\r\n"), hours);
    }
}
