package org.clinickiosk.device.healthcard;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.clinickiosk.device.DeviceCatalog;
import org.clinickiosk.device.port.DeviceRegistry;
import org.clinickiosk.device.port.KioskDevices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.clinickiosk.device.healthcard.KioskEvents.state;
import static org.clinickiosk.device.healthcard.KioskEvents.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The reader through Debian's real PC/SC stack: pcscd with the vsmartcard-vpcd driver offers a "Virtual PCD" reader,
 * and devices/healthcard/virtual_card.py (python3-virtualsmartcard) is our fictional card in it: starting the script
 * inserts the card, stopping it takes the card out. Skipped with a message where the stack is missing, except under
 * CI (CI=true), where .ci/run installs it and its absence is a failure.
 * <p>
 * One class for all of it: the JDK keeps its first PC/SC context for the life of the JVM, so pcscd is started once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PcscHealthCardReaderTest {

    private static final String KIOSK = "K1";
    private static final Path CARD_SCRIPT = Path.of("devices/healthcard/virtual_card.py");
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final int VPCD_PORT = 35963;
    private static final long WAIT_MS = 10_000;

    private Process pcscd;
    private Path dir;
    private Vertx vertx;
    private KioskEvents events;
    private final List<Process> cards = new ArrayList<>();

    @BeforeAll
    void stack() throws Exception {
        String missing = missingStack();
        if (missing != null) {
            if ("true".equals(System.getenv("CI"))) fail("the PC/SC test stack is missing under CI: " + missing);
            System.err.println("SKIPPED " + getClass().getSimpleName() + ": " + missing
                    + " (apt-get install pcscd vsmartcard-vpcd python3-virtualsmartcard)");
            Assumptions.abort(missing);
        }
        dir = Files.createTempDirectory("pcsc-test");
        if (!vpcdListening()) {
            pcscd = new ProcessBuilder("/usr/sbin/pcscd", "--foreground")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("pcscd.log").toFile()).start();
            long deadline = System.currentTimeMillis() + WAIT_MS;
            while (!vpcdListening()) {
                if (!pcscd.isAlive() || System.currentTimeMillis() > deadline) {
                    fail("pcscd did not start the virtual reader: " + Files.readString(dir.resolve("pcscd.log")));
                }
                Thread.sleep(50);
            }
        }
    }

    @AfterAll
    void stopStack() throws Exception {
        if (pcscd != null) {
            pcscd.destroy();
            pcscd.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @BeforeEach
    void deploy() throws Exception {
        vertx = Vertx.vertx();
        events = new KioskEvents(vertx, KIOSK);
        new KioskDevices(vertx, new DeviceRegistry(), DeviceCatalog.DRIVERS, DeviceCatalog.SIMULATORS,
                DeviceCatalog.OWN_VERTICLES).deploy(KIOSK, new JsonObject().put("healthCardReader",
                new JsonObject().put("port", "pcsc").put("reader", "Virtual PCD").put("pollMs", 100))).await();
        events.next(state("connected"), WAIT_MS, "the virtual reader found through pcscd");
    }

    @AfterEach
    void undeploy() throws Exception {
        for (Process card : cards) remove(card);
        vertx.close().await();
    }

    @Test
    void aCardInsertedIsReadOnceAndAgainAfterReinsertion() throws Exception {
        Process lin = insert(card("林晓燕", "2", "01", "19850312", "340104198503120246", "H40104198503120246"));
        JsonObject first = events.next(type("identified"), WAIT_MS, "the card read through PC/SC");
        assertEquals("healthCardReader", first.getString("kind"));
        assertEquals("residentHealthCard", first.getString("cardType"));
        assertEquals("林晓燕", first.getString("name"));
        assertEquals("F", first.getString("sex"));
        assertEquals("汉", first.getString("nation"));
        assertEquals("1985-03-12", first.getString("birthDate"));
        assertEquals("340104198503120246", first.getString("idNumber"));
        assertEquals("H40104198503120246", first.getString("cardNumber"));
        assertEquals(List.of(), events.during(1000).stream().filter(type("identified")).toList(),
                "a card left in the reader is read once");

        remove(lin);
        insert(card("王建国", "1", "01", "19520807", "510107195208070319", "H10107195208070319"));
        JsonObject second = events.next(type("identified"), WAIT_MS, "the re-inserted card read");
        assertEquals("王建国", second.getString("name"));
        assertEquals("M", second.getString("sex"));
        assertEquals("510107195208070319", second.getString("idNumber"));
    }

    @Test
    void aCardWithABadCheckDigitIsACardErrorNeverAnIdentity() throws Exception {
        insert(card("林晓燕", "2", "01", "19850312", "340104198503120247", "H40104198503120246"));
        JsonObject event = events.next(type("identified").or(type("card-error")), WAIT_MS, "the card refused");
        assertEquals("card-error", event.getString("type"), event.encode());
        assertTrue(event.getString("reason").contains("check digit"), event.encode());
    }

    /** The default profile's layout, written as the card script's fields (it encodes them in GBK itself). */
    private JsonObject card(String name, String sex, String nation, String birthDate, String idNumber,
                            String cardNumber) {
        return new JsonObject().put("encoding", "gbk").put("files", new JsonArray()
                .add(new JsonObject().put("path", new JsonArray().add("3F00").add("DDF1").add("EF05"))
                        .put("records", new JsonArray().add(new JsonArray().add(text(0, 18, cardNumber)))))
                .add(new JsonObject().put("path", new JsonArray().add("3F00").add("DDF1").add("EF06")).put("size", 64)
                        .put("binary", new JsonArray()
                                .add(text(0, 30, name)).add(text(30, 1, sex)).add(text(31, 2, nation))
                                .add(new JsonObject().put("offset", 33).put("length", 4).put("bcd", birthDate))
                                .add(text(37, 18, idNumber)))));
    }

    private static JsonObject text(int offset, int length, String text) {
        return new JsonObject().put("offset", offset).put("length", length).put("text", text);
    }

    private Process insert(JsonObject card) throws IOException, InterruptedException {
        Path file = Files.createTempFile(dir, "card", ".json");
        Files.writeString(file, card.encode(), StandardCharsets.UTF_8);
        Path log = Path.of(file + ".log");
        Process process = new ProcessBuilder(PYTHON.toString(), CARD_SCRIPT.toString(), file.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        cards.add(process);
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (!Files.readString(log).contains("card inserted")) {
            if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                fail("the virtual card did not start: " + Files.readString(log));
            }
            Thread.sleep(20);
        }
        return process;
    }

    private static void remove(Process card) throws InterruptedException {
        card.destroy();
        card.waitFor(5, TimeUnit.SECONDS);
    }

    private static String missingStack() {
        if (!Files.isExecutable(Path.of("/usr/sbin/pcscd"))) return "pcscd is not installed";
        if (!Files.exists(Path.of("/usr/lib/pcsc/drivers/serial/libifdvpcd.so"))) return "vsmartcard-vpcd is not installed";
        if (!Files.isDirectory(Path.of("/usr/lib/python3/site-packages/virtualsmartcard"))) {
            return "python3-virtualsmartcard is not installed";
        }
        if (!Files.isExecutable(PYTHON)) return "/usr/bin/python3 is missing";
        if (PcscCardSource.LIBRARY_CANDIDATES.stream().noneMatch(p -> Files.exists(Path.of(p)))) {
            return "libpcsclite.so.1 is missing";
        }
        return null;
    }

    /** vpcd's card socket in LISTEN state, read from /proc so that no connection (a card insertion) is made. */
    private static boolean vpcdListening() throws IOException {
        String port = String.format(":%04X ", VPCD_PORT);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.exists(path)) continue;
            for (String line : Files.readAllLines(path)) {
                String[] columns = line.trim().split("\\s+");
                if (columns.length > 3 && columns[1].endsWith(port.strip()) && columns[3].equals("0A")) return true;
            }
        }
        return false;
    }
}
