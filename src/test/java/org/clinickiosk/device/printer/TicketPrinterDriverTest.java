package org.clinickiosk.device.printer;

import org.clinickiosk.testsupport.SimulatedLink;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.clinickiosk.device.DeviceState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver against the printer simulator, back to back through an in-memory port. */
class TicketPrinterDriverTest {
    private static Vertx vertx;
    @TempDir
    Path output;
    private PrinterSimulator printer;
    private TicketPrinterDriver driver;
    private SimulatedLink link;

    @BeforeAll
    static void startVertx() { vertx = Vertx.vertx(); }

    @AfterAll
    static void stopVertx() { vertx.close().await(); }

    @BeforeEach
    void wire() {
        printer = new PrinterSimulator(output, PaperWidth.MM58);
        driver = new TicketPrinterDriver(settings());
        link = new SimulatedLink(vertx, driver, printer);
        awaitStartUpStatusCheck();
    }

    /** The driver asks four status queries at start-up, one after another; a test begins once they are answered. */
    private void awaitStartUpStatusCheck() {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (link.states.isEmpty()) {
            if (System.nanoTime() > deadline) throw new AssertionError("the start-up status check never finished");
            link.settle();
        }
    }

    private static JsonObject settings() {
        return new JsonObject().put("paperWidth", 58).put("statusTimeoutMs", 200).put("afterPrintWaitMs", 1);
    }

    private static JsonObject ticketRequest() {
        return new JsonObject().put("clinicName", "清河社区卫生服务中心").put("serviceName", "全科门诊")
                .put("ticketNumber", "A023").put("roomHint", "2楼 3号诊室").put("issuedAt", "2026-07-11T09:05")
                .put("peopleAhead", 4).put("maskedName", "张*三").put("qrText", Tickets.QR);
    }

    private JsonObject print() {
        return link.call(() -> driver.request("print", ticketRequest()));
    }

    @Test
    void cleanPrinterPrintsAndSaysSo() {
        JsonObject outcome = print();
        byte[] expected = TicketRenderer.render(Tickets.sample(PaperWidth.MM58));
        assertEquals(true, outcome.getBoolean("printed"), outcome.encode());
        assertEquals(expected.length, outcome.getInteger("bytes"));
        assertTrue(outcome.getJsonObject("status").getBoolean("clean"));
        assertEquals(1, printer.printedPages().size());
        assertEquals(List.of(Tickets.QR), printer.printedPages().get(0).qrPayloads());
        assertEquals(DeviceState.connected(), link.states.get(link.states.size() - 1));
    }

    @Test
    void statusIsAskedOneQueryAtATimeBeforeAndAfterTheJob() {
        print();
        // Found by content, not by counting from a snapshot: the start-up status check may still be finishing
        // on a busy machine when the test begins.
        List<byte[]> sent = List.copyOf(link.sent);
        int jobAt = -1;
        for (int i = 0; i < sent.size(); i++) {
            if (sent.get(i).length > 3) jobAt = i;
        }
        assertTrue(jobAt >= 4, "the job is preceded by its status queries");
        assertEquals(jobAt + 5, sent.size(), "4 queries after the job, and nothing else");
        for (int n = 1; n <= 4; n++) {
            assertArrayEquals(EscPos.realTimeStatus(n), sent.get(jobAt - 5 + n), "before the job, query " + n);
            assertArrayEquals(EscPos.realTimeStatus(n), sent.get(jobAt + n), "after the job, query " + n);
        }
    }


    @Test
    void paperOutIsRefusedBeforeAnythingIsSent() {
        assertNull(printer.perform("paper-out", Map.of()));
        JsonObject outcome = print();
        assertEquals(false, outcome.getBoolean("printed"));
        assertEquals(false, outcome.getBoolean("sent"));
        assertEquals("paper-out", outcome.getString("code"));
        assertTrue(outcome.getString("reason").contains("out of paper"), outcome.getString("reason"));
        assertEquals("1A 32 12 7E", outcome.getJsonObject("status").getString("replies"));
        assertTrue(link.sent.stream().noneMatch(b -> b.length > 3), "no job bytes may be sent");
        assertEquals(DeviceState.Status.ERROR, link.states.get(link.states.size() - 1).status());
    }

    @Test
    void coverOpenIsRefused() {
        printer.perform("cover-open", Map.of());
        JsonObject outcome = print();
        assertEquals("cover-open", outcome.getString("code"));
        assertEquals(false, outcome.getBoolean("sent"));
        assertTrue(printer.printedPages().isEmpty());
    }

    @Test
    void paperNearEndIsRefusedSoStaffAreTold() {
        printer.perform("paper-near-end", Map.of());
        assertEquals("paper-near-end", print().getString("code"));
    }

    @Test
    void offlineIsRefused() {
        printer.perform("offline", Map.of());
        assertEquals("offline", print().getString("code"));
    }

    @Test
    void problemAfterTheJobMeansNotPrintedButSent() {
        printer.perform("paper-out-during-job", Map.of());
        JsonObject outcome = print();
        assertEquals(false, outcome.getBoolean("printed"));
        assertEquals(true, outcome.getBoolean("sent"), "the kiosk must know a partial ticket may be out");
        assertEquals("paper-out", outcome.getString("code"));
    }

    @Test
    void silentPrinterTimesOutWithAReason() {
        printer.perform("no-reply", Map.of());
        JsonObject outcome = print();
        assertEquals(false, outcome.getBoolean("printed"));
        assertEquals(false, outcome.getBoolean("sent"));
        assertEquals("no-reply", outcome.getString("code"));
        assertTrue(outcome.getString("reason").contains("did not answer status query 10 04 1 within 200 ms"),
                outcome.getString("reason"));
    }

    @Test
    void statusRequestReportsEveryFlag() {
        printer.perform("cover-open", Map.of());
        JsonObject status = link.call(() -> driver.request("status", null));
        assertEquals(true, status.getBoolean("answered"));
        assertEquals(false, status.getBoolean("clean"));
        assertEquals(true, status.getBoolean("coverOpen"));
        assertEquals(true, status.getBoolean("offline"));
        assertEquals(false, status.getBoolean("paperOut"));

        printer.perform("no-reply", Map.of());
        JsonObject silent = link.call(() -> driver.request("status", null));
        assertEquals(false, silent.getBoolean("answered"));
        assertEquals("no-reply", silent.getString("code"));
    }

    @Test
    void jobsRunOneAfterAnotherInRequestOrder() {
        List<JsonObject> outcomes = link.call(() -> {
            Future<JsonObject> first = driver.request("print", ticketRequest());
            Future<JsonObject> second = driver.request("print", ticketRequest().put("ticketNumber", "A024"));
            return Future.all(first, second).map(all -> List.of(first.result(), second.result()));
        });
        assertTrue(outcomes.stream().allMatch(o -> o.getBoolean("printed")), outcomes.toString());
        assertEquals("A023", printer.printedPages().get(0).textLines().get(4));
        assertEquals("A024", printer.printedPages().get(1).textLines().get(4));
    }

    @Test
    void slipPrintsItsLines() {
        JsonObject outcome = link.call(() -> driver.request("print-slip", new JsonObject().put("title", "血压测量结果")
                .put("lines", new JsonArray().add("收缩压 128 mmHg").add("舒张压 84 mmHg"))));
        assertTrue(outcome.getBoolean("printed"), outcome.encode());
        assertEquals(List.of("血压测量结果", "收缩压 128 mmHg", "舒张压 84 mmHg"), printer.printedPages().get(0).textLines());
    }

    @Test
    void malformedRequestFailsWithTheFieldNamed() {
        IllegalStateException unmasked = assertThrows(IllegalStateException.class,
                () -> link.call(() -> driver.request("print", ticketRequest().put("maskedName", "张三"))));
        assertTrue(unmasked.getMessage().contains("maskedName"), unmasked.getMessage());
        IllegalStateException badTime = assertThrows(IllegalStateException.class,
                () -> link.call(() -> driver.request("print", ticketRequest().put("issuedAt", "9:05"))));
        assertTrue(badTime.getMessage().contains("issuedAt"), badTime.getMessage());
        assertTrue(printer.printedPages().isEmpty());
    }

    @Test
    void disconnectDuringAStatusQueryEndsTheJobWithAReason() {
        printer.perform("no-reply", Map.of());
        JsonObject outcome = link.call(() -> {
            Future<JsonObject> job = driver.request("print", ticketRequest());
            // unplugged in the same turn of the event loop, while the first status query waits for its answer:
            // no timer races the status time-out, however busy the machine is
            driver.closed("USB unplugged");
            return job;
        });
        assertEquals("disconnected", outcome.getString("code"));
        assertTrue(outcome.getString("reason").contains("USB unplugged"), outcome.getString("reason"));
        assertFalse(outcome.getBoolean("printed"));
    }
}
