package org.clinickiosk.kiosk;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.clinickiosk.kiosk.KioskBpBrowserTest.Page;
import org.clinickiosk.store.Sql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lab-report screens (报告打印) in real headless Chromium: two final reports imported through the FHIR endpoint
 * for a fictional resident, found at the kiosk by the specimen-receipt barcode (typed, then scanned) and the birth
 * date, listed unprinted first, printed as the summary slip on the kiosk's simulated ticket printer (no A4 printer
 * configured) with the print recorded in lab_prints, a reprint, and the reprint limit.
 */
@ExtendWith(VertxExtension.class)
class KioskLabBrowserTest {
    private static final String LAB_TOKEN = "kiosk-lab-test-token-0123456789";
    /** Fictional, born 1975-03-15. */
    private static final String LI_ID = "110105197503150022";
    private static final String LI_NAME = "李春梅";
    private static final String LIPID_BARCODE = "2026112300017";
    private static final String GLUCOSE_BARCODE = "2026112300018";

    /** The sample bundle (src/test/resources/lab) for our resident, with its own barcode, test and bundle id. */
    private static JsonObject bundle(String barcode, String testCode, String testName, String bundleId) throws Exception {
        JsonObject bundle = new JsonObject(Files.readString(Path.of("src/test/resources/lab/fhir-bundle.json"),
                StandardCharsets.UTF_8));
        bundle.put("id", bundleId).getJsonObject("identifier").put("value", bundleId);
        for (Object o : bundle.getJsonArray("entry")) {
            JsonObject resource = ((JsonObject) o).getJsonObject("resource");
            switch (resource.getString("resourceType")) {
                case "Patient" -> resource.put("identifier", new JsonArray().add(new JsonObject()
                        .put("type", new JsonObject().put("coding", new JsonArray().add(new JsonObject().put("code", "NNCHN"))))
                        .put("value", LI_ID)));
                case "Specimen" -> resource.put("accessionIdentifier", new JsonObject().put("value", barcode));
                case "DiagnosticReport" -> resource.getJsonObject("code").getJsonArray("coding").getJsonObject(0)
                        .put("code", testCode).put("display", testName);
                default -> { }
            }
        }
        return bundle;
    }

    private static void importReport(Page p, JsonObject bundle) {
        var r = p.server().client.post("/api/lab/reports").putHeader("Authorization", "Bearer " + LAB_TOKEN)
                .sendJsonObject(bundle).await();
        assertEquals(201, r.statusCode(), r.bodyAsString());
        assertEquals(0, r.bodyAsJsonObject().getInteger("quarantined"), r.bodyAsString());
    }

    private static List<JsonObject> prints(Page p) {
        return p.server().server.database().read(c -> Sql.list(c,
                "SELECT p.report_id, p.actor, p.kiosk_id, p.printer, p.outcome, r.specimen_barcode FROM lab_prints p "
                        + "JOIN lab_reports r ON r.id = p.report_id ORDER BY p.id",
                rs -> new JsonObject().put("reportId", rs.getLong(1)).put("actor", rs.getString(2))
                        .put("kiosk", rs.getString(3)).put("printer", rs.getString(4)).put("outcome", rs.getString(5))
                        .put("barcode", rs.getString(6)))).await();
    }

    private static int reportCount(Page p) {
        return ((Number) p.browser().js("return document.querySelectorAll('#lab-list li').length;")).intValue();
    }

    /** The n-th listed report's text, read in one step (the list is redrawn when the session changes). */
    private static String report(Page p, int n) {
        return String.valueOf(p.browser().js("const li = document.querySelectorAll('#lab-list li')[arguments[0]];"
                + " return li ? li.textContent : '';", n));
    }

    private static String testName(Page p, int n) {
        return String.valueOf(p.browser().js(
                "return document.querySelectorAll('#lab-list li')[arguments[0]].querySelector('.lab-test').textContent;", n));
    }

    private static boolean printEnabled(Page p, int n) {
        return Boolean.FALSE.equals(p.browser().js(
                "return document.querySelectorAll('#lab-list li')[arguments[0]].querySelector('button').disabled;", n));
    }

    private static void tapPrint(Page p, int n) {
        p.browser().js("document.querySelectorAll('#lab-list li')[arguments[0]].querySelector('button').click();", n);
    }

    private static void typeBirth(Page p, String digits) {
        p.browser().driver.findElement(By.cssSelector("#lab-birth-keypad button[data-key='clear']")).click();
        p.type("lab-birth-keypad", digits);
    }

    @Test
    void specimenBarcodeAndBirthDateFindTheReportsWhichPrintAsSlips(Vertx vertx) throws Exception {
        try (Page p = Page.open(vertx, 1080, 1920, "portrait", new JsonObject(), json -> json
                .put("lab", new JsonObject().put("token", LAB_TOKEN).put("maxReprints", 1)))) {
            p.createResident(LI_ID, LI_NAME);
            importReport(p, bundle(LIPID_BARCODE, "LIPID", "血脂四项", "KIOSK-LAB-1"));
            importReport(p, bundle(GLUCOSE_BARCODE, "GLU", "空腹血糖", "KIOSK-LAB-2"));
            assertTrue(p.visible("tile-lab"), "the lab tile shows when reports can arrive");
            assertFalse(p.visible("tile-bp"), "no BP tile on a kiosk without a monitor");

            // typed barcode, wrong birth date: the same plain answer as an unknown barcode
            p.tap("tile-lab");
            p.awaitScreen("identify");
            assertTrue(p.visible("go-lab-barcode"), "the specimen-receipt path is offered");
            p.shoot("lab-identify");
            p.tap("go-lab-barcode");
            p.awaitScreen("lab-barcode");
            p.type("lab-barcode-keypad", LIPID_BARCODE);
            Page.await("barcode typed", () -> p.text("lab-barcode-entry").equals(LIPID_BARCODE));
            p.shoot("lab-barcode");
            p.tap("lab-barcode-next");
            p.awaitScreen("lab-birth");
            typeBirth(p, "19750316");
            Page.await("date complete", () -> p.byId("lab-birth-submit").isEnabled());
            p.tap("lab-birth-submit");
            Page.await("not found", () -> p.text("lab-birth-hint").contains("没有找到"));
            assertEquals("lab-birth", p.screen());
            p.shoot("lab-birth-not-found");
            typeBirth(p, "19751332");
            Page.await("an impossible date is refused", () -> p.text("lab-birth-hint").contains("日期不对"));
            assertFalse(p.byId("lab-birth-submit").isEnabled());
            p.browser().driver.findElement(By.cssSelector("#screen-lab-birth [data-action='home']")).click();
            p.awaitScreen("home");

            // scanned barcode from the home screen, right birth date: the list, unprinted first, no result values
            p.simulate("scanner", "scan", Map.of("text", GLUCOSE_BARCODE));
            p.awaitScreen("lab-birth");
            assertTrue(p.text("lab-birth-hint").contains(GLUCOSE_BARCODE), p.text("lab-birth-hint"));
            typeBirth(p, "19750315");
            Page.await("date complete", () -> p.byId("lab-birth-submit").isEnabled());
            p.shoot("lab-birth");
            p.tap("lab-birth-submit");
            p.awaitScreen("lab-reports");
            Page.await("two reports", () -> reportCount(p) == 2);
            assertFalse(p.visible("problem"), "the scanned specimen barcode is not an unknown code here");
            assertTrue(p.text("lab-reports-greeting").contains("李*梅"), p.text("lab-reports-greeting"));
            assertTrue(p.text("lab-list").contains("血脂四项") && p.text("lab-list").contains("空腹血糖"));
            assertFalse(p.text("lab-list").contains("6.5"), "no result values on the screen");
            String page = p.html();
            assertFalse(page.contains(LI_NAME) || page.contains(LI_ID), "nothing unmasked in the DOM");
            p.shoot("lab-reports");

            // print the first: a slip on the kiosk's printer, recorded
            assertTrue(report(p, 0).contains("还没有打印") && report(p, 1).contains("还没有打印"), "both new");
            String firstTest = testName(p, 0);
            tapPrint(p, 0);
            Page.await("printed", () -> report(p, 0).contains("请取走"));
            String slip = p.printedJob(1);
            assertTrue(slip.contains(firstTest), slip);
            assertTrue(slip.contains("李*梅") && !slip.contains(LI_NAME), "masked name on the slip");
            List<JsonObject> printed = prints(p);
            assertEquals(1, printed.size());
            assertEquals("slip", printed.get(0).getString("printer"));
            assertEquals("printed", printed.get(0).getString("outcome"));
            assertEquals("K1", printed.get(0).getString("kiosk"));
            assertTrue(report(p, 0).contains("再打印 1 次"), "one reprint left: " + report(p, 0));
            p.shoot("lab-printed");

            // one reprint, then the limit
            tapPrint(p, 0);
            Page.await("reprinted", () -> prints(p).size() == 2 && report(p, 0).contains("不能再打印"));
            assertFalse(printEnabled(p, 0), "no prints left");
            assertEquals("printed", prints(p).get(1).getString("outcome"));

            // the printer runs out of paper: the failure in plain words, not counted
            p.simulate("printer", "paper-out", Map.of());
            tapPrint(p, 1);
            Page.await("failure shown", () -> report(p, 1).contains("没有打印出来"));
            assertTrue(printEnabled(p, 1), "a failed print does not count");
            assertEquals("failed", prints(p).get(2).getString("outcome"));
            p.shoot("lab-print-failed");

            p.browser().driver.findElement(By.cssSelector("#screen-lab-reports [data-action='done']")).click();
            p.awaitScreen("home");
            assertEquals(0, reportCount(p), "the list leaves the page with the resident");
        }
    }
}
