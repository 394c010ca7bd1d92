package org.clinickiosk.lab;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.clinickiosk.device.DeviceAddresses;
import org.clinickiosk.testsupport.TestConfigs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Printing lab reports: to a real IPP printer (CUPS's ippeveprinter) as an A4 PDF, which is read back and rendered
 * to PNG under target/screenshots; failures (no printer, a printer that refuses) reach the caller with a reason and
 * do not use up a print; the reprint limit; the ESC/POS slip fallback over the kiosk's printer address.
 */
@ExtendWith(VertxExtension.class)
class LabPrintTest {
    private static IppEvePrinter printer;

    @BeforeAll
    static void startPrinter() throws Exception {
        printer = new IppEvePrinter("application/pdf");
    }

    @AfterAll
    static void stopPrinter() throws Exception {
        if (printer != null) printer.close();
    }

    private static UnaryOperator<JsonObject> a4(String uri) {
        return json -> json.put("printers", new JsonObject().put("a4", new JsonObject().put("uri", uri)
                .put("jobTimeoutSeconds", 20)));
    }

    private static long firstReport(LabFixture f, long residentId) {
        return f.kioskGetAs(residentId, "/api/lab/residents/" + residentId + "/reports").bodyAsJsonObject().getJsonArray("reports")
                .getJsonObject(0).getLong("id");
    }

    private static HttpResponse<Buffer> print(LabFixture f, long reportId) {
        return f.kioskPost("/api/lab/reports/" + reportId + "/print", new JsonObject());
    }

    private static List<Path> spooled() throws Exception {
        try (var files = Files.walk(printer.spool)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static String text(Path pdf) throws Exception {
        try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
            return new PDFTextStripper().getText(doc);
        }
    }

    private static void renderForALook(Path pdf, String name) throws Exception {
        Path dir = Files.createDirectories(Path.of("target/screenshots"));
        Process p = new ProcessBuilder("pdftoppm", "-png", "-r", "80", pdf.toString(), dir.resolve(name).toString())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes()));
        try (var files = Files.list(dir)) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith(name) && f.toString().endsWith(".png")));
        }
    }

    private static Path newDocument(List<Path> before) throws Exception {
        for (int i = 0; i < 100; i++) {
            List<Path> now = new ArrayList<>(spooled());
            now.removeAll(before);
            if (!now.isEmpty()) return now.get(0);
            Thread.sleep(50);
        }
        throw new AssertionError("the printer kept no document");
    }

    @Test
    void anA4ReportReachesARealIppPrinterWithTheMaskedIdAndTheFlags(Vertx vertx) throws Exception {
        LabFixture f = new LabFixture(vertx, a4(printer.uri()));
        try {
            assertEquals("AA", f.send("oru-normal.hl7").code());
            long reportId = firstReport(f, f.wang);
            List<Path> before = spooled();
            HttpResponse<Buffer> r = print(f, reportId);
            assertEquals(200, r.statusCode(), r.bodyAsString());
            JsonObject outcome = r.bodyAsJsonObject();
            assertTrue(outcome.getBoolean("printed"));
            assertEquals("a4", outcome.getString("printer"));
            assertEquals(1, outcome.getInteger("pages"));
            assertEquals(1, outcome.getInteger("printsLeft"));

            Path pdf = newDocument(before);
            String text = text(pdf);
            assertTrue(text.contains("3405**********001X"), text);
            assertFalse(text.contains(LabFixture.WANG_ID), "the full ID number is never printed");
            assertTrue(text.contains("王*明") && !text.contains("王小明"), text);
            assertTrue(text.contains("测试社区卫生服务中心"), text);
            assertTrue(text.contains("血红蛋白") && text.contains("105") && text.contains("130-175"), text);
            assertTrue(text.contains("L ↓") && text.contains("H ↑") && text.contains("HH ↑↑"), text);
            assertTrue(text.contains("2026-11-23 08:25"), "report time: " + text);
            assertTrue(text.contains("第 1 页 / 共 1 页"), text);
            renderForALook(pdf, "lab-report-a4");

            assertEquals(1, f.count("SELECT COUNT(*) FROM lab_prints WHERE report_id = ? AND outcome = 'printed' "
                    + "AND printer = 'a4' AND pages = 1 AND kiosk_id = 'K1'", reportId));
            assertEquals(1, f.count("SELECT COUNT(*) FROM audit_log WHERE action = 'lab.print' AND outcome = 'printed' "
                    + "AND actor = 'kiosk:K1'"));
        } finally {
            f.close();
        }
    }

    @Test
    void aLongReportRunsOverNumberedPages(Vertx vertx) throws Exception {
        LabFixture f = new LabFixture(vertx, a4(printer.uri()));
        try {
            StringBuilder message = new StringBuilder(MllpClient.sample("oru-unmatched.hl7")
                    .replace("440306199207080034", LabFixture.LI_ID).replace("赵^大勇||19920708|M", "李^春梅||19750315|F")
                    .replaceAll("\rOBX\\|1\\|[^\r]*", ""));
            int spm = message.indexOf("\rSPM");
            StringBuilder obx = new StringBuilder();
            for (int i = 1; i <= 70; i++) {
                obx.append("\rOBX|").append(i).append("|NM|T").append(i).append("^检测项目第").append(i)
                        .append("项（较长的项目名称用于换行）^L||").append(i % 7 == 0 ? "9.9" : "1.").append(i % 10)
                        .append("|mmol/L^mmol/L|1.0-5.0|").append(i % 7 == 0 ? "H" : "").append("|||F");
            }
            message.insert(spm, obx);
            try (MllpClient client = f.mllp()) {
                assertEquals("AA", client.send(message.toString()).code());
            }
            List<Path> before = spooled();
            HttpResponse<Buffer> r = print(f, firstReport(f, f.li));
            assertEquals(200, r.statusCode(), r.bodyAsString());
            int pages = r.bodyAsJsonObject().getInteger("pages");
            assertTrue(pages >= 2, "pages: " + pages);
            Path pdf = newDocument(before);
            String text = text(pdf);
            assertTrue(text.contains("第 " + pages + " 页 / 共 " + pages + " 页"), text);
            assertTrue(text.contains("检验报告单（续）"), text);
            assertTrue(text.contains("检测项目第70项"), text);
            renderForALook(pdf, "lab-report-a4-long");
        } finally {
            f.close();
        }
    }

    @Test
    void reprintsStopAtTheConfiguredLimit(Vertx vertx) throws Exception {
        LabFixture f = new LabFixture(vertx, a4(printer.uri()));
        try {
            assertEquals("AA", f.send("oru-record-number.hl7").code());
            JsonArray list = f.kioskGetAs(f.li, "/api/lab/residents/" + f.li + "/reports").bodyAsJsonObject().getJsonArray("reports");
            long reportId = list.getJsonObject(0).getLong("id");
            long other = list.getJsonObject(1).getLong("id");
            assertEquals(200, print(f, reportId).statusCode());
            JsonArray after = f.kioskGetAs(f.li, "/api/lab/residents/" + f.li + "/reports").bodyAsJsonObject().getJsonArray("reports");
            assertEquals(other, after.getJsonObject(0).getLong("id"), "unprinted reports come first");
            assertEquals(200, print(f, reportId).statusCode(), "one reprint is allowed (lab.maxReprints = 1)");
            HttpResponse<Buffer> third = print(f, reportId);
            assertEquals(409, third.statusCode(), third.bodyAsString());
            assertEquals("reprint_limit", third.bodyAsJsonObject().getJsonObject("error").getString("code"));
            assertEquals(0, f.kioskGetAs(f.li, "/api/lab/residents/" + f.li + "/reports").bodyAsJsonObject()
                    .getJsonArray("reports").getJsonObject(1).getInteger("printsLeft"));
            assertEquals(1, f.count("SELECT COUNT(*) FROM audit_log WHERE action = 'lab.print' AND outcome = 'reprint_limit'"));
        } finally {
            f.close();
        }
    }

    @Test
    void aPrinterThatIsNotThereFailsWithAReasonAndDoesNotUseUpAPrint(Vertx vertx) throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        LabFixture f = new LabFixture(vertx, a4("ipp://127.0.0.1:" + closedPort + "/ipp/print"));
        try {
            List<JsonObject> staffAlerts = new CopyOnWriteArrayList<>();
            vertx.eventBus().<JsonObject>consumer(LabPrinting.FAILURES, m -> staffAlerts.add(m.body()));
            assertEquals("AA", f.send("oru-normal.hl7").code());
            long reportId = firstReport(f, f.wang);
            HttpResponse<Buffer> r = print(f, reportId);
            assertEquals(502, r.statusCode(), r.bodyAsString());
            JsonObject error = r.bodyAsJsonObject().getJsonObject("error");
            assertEquals("print_failed", error.getString("code"));
            assertTrue(error.getString("message").contains("cannot be reached"), error.getString("message"));
            assertEquals(1, f.count("SELECT COUNT(*) FROM lab_prints WHERE outcome = 'failed' AND reason LIKE '%cannot be reached%'"));
            assertEquals(2, f.kioskGetAs(f.wang, "/api/lab/residents/" + f.wang + "/reports").bodyAsJsonObject()
                    .getJsonArray("reports").getJsonObject(0).getInteger("printsLeft"));
            for (int i = 0; i < 50 && staffAlerts.isEmpty(); i++) Thread.sleep(20);
            assertEquals(reportId, staffAlerts.get(0).getLong("reportId"));
            assertEquals("K1", staffAlerts.get(0).getString("kioskId"));
        } finally {
            f.close();
        }
    }

    @Test
    void aPrinterThatRefusesTheJobFailsWithItsReason(Vertx vertx) throws Exception {
        try (IppEvePrinter rasterOnly = new IppEvePrinter("image/pwg-raster")) {
            LabFixture f = new LabFixture(vertx, a4(rasterOnly.uri()));
            try {
                assertEquals("AA", f.send("oru-normal.hl7").code());
                HttpResponse<Buffer> r = print(f, firstReport(f, f.wang));
                assertEquals(502, r.statusCode(), r.bodyAsString());
                String message = r.bodyAsJsonObject().getJsonObject("error").getString("message");
                assertTrue(message.contains("refused the job") && message.contains("document-format"), message);
                assertEquals(0, f.count("SELECT COUNT(*) FROM lab_prints WHERE outcome IN ('printed', 'pending')"));
            } finally {
                f.close();
            }
        }
    }

    @Test
    void withoutAnA4PrinterTheKioskPrintsASummarySlip(Vertx vertx) throws Exception {
        LabFixture f = new LabFixture(vertx, json -> json);
        try {
            List<JsonObject> requests = new CopyOnWriteArrayList<>();
            JsonObject[] reply = {new JsonObject().put("printed", true).put("bytes", 600)};
            vertx.eventBus().<JsonObject>consumer(DeviceAddresses.requests("K1", "printer"), m -> {
                requests.add(m.body());
                m.reply(reply[0]);
            });
            assertEquals("AA", f.send("oru-normal.hl7").code());
            long reportId = firstReport(f, f.wang);
            HttpResponse<Buffer> r = print(f, reportId);
            assertEquals(200, r.statusCode(), r.bodyAsString());
            assertEquals("slip", r.bodyAsJsonObject().getString("printer"));
            JsonObject request = requests.get(0);
            assertEquals("print-slip", request.getString("action"));
            String lines = request.getJsonObject("body").getJsonArray("lines").encode();
            assertTrue(lines.contains("3405**********001X") && lines.contains("王*明"), lines);
            assertFalse(lines.contains(LabFixture.WANG_ID) || lines.contains("王小明"), lines);
            assertTrue(lines.contains("血红蛋白 105 g/L [L] (130-175)"), lines);

            reply[0] = new JsonObject().put("printed", false).put("sent", false).put("code", "paper-out")
                    .put("reason", "the printer is out of paper");
            HttpResponse<Buffer> failed = print(f, reportId);
            assertEquals(502, failed.statusCode());
            assertTrue(failed.bodyAsJsonObject().getJsonObject("error").getString("message")
                    .contains("the printer is out of paper"), failed.bodyAsString());

            var staff = f.s.browser();
            String csrf = f.s.login(staff, "nurse1");
            HttpResponse<Buffer> noPrinter = staff.post("/api/lab/reports/" + reportId + "/print")
                    .putHeader("X-CSRF-Token", csrf).sendJsonObject(new JsonObject().put("kioskId", "K2")).await();
            assertEquals(502, noPrinter.statusCode());
            assertTrue(noPrinter.bodyAsString().contains("kiosk K2 has no printer"), noPrinter.bodyAsString());
            assertEquals(1, f.count("SELECT COUNT(*) FROM lab_prints WHERE outcome = 'printed'"));
            assertEquals(2, f.count("SELECT COUNT(*) FROM lab_prints WHERE outcome = 'failed'"));
            assertEquals(401, f.s.client.post("/api/lab/reports/" + reportId + "/print")
                    .putHeader("X-Kiosk-Token", "wrong-token-0123456789abcdef").sendJsonObject(new JsonObject())
                    .await().statusCode());
            assertEquals(TestConfigs.KIOSK1_TOKEN.length() > 0, true);
        } finally {
            f.close();
        }
    }
}
