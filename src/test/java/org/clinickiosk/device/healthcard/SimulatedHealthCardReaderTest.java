package org.clinickiosk.device.healthcard;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.clinickiosk.device.DeviceAddresses;
import org.clinickiosk.device.DeviceCatalog;
import org.clinickiosk.device.port.DeviceRegistry;
import org.clinickiosk.device.port.KioskDevices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletionException;

import static org.clinickiosk.device.healthcard.KioskEvents.state;
import static org.clinickiosk.device.healthcard.KioskEvents.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** kind healthCardReader, port simulated, deployed the way the server deploys kiosk devices. */
class SimulatedHealthCardReaderTest {

    private static final String KIOSK = "K1";
    private static final long WAIT_MS = 3000;

    private Vertx vertx;
    private DeviceRegistry registry;
    private KioskEvents events;
    private KioskDevices devices;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        registry = new DeviceRegistry();
        events = new KioskEvents(vertx, KIOSK);
        devices = new KioskDevices(vertx, registry, DeviceCatalog.DRIVERS, DeviceCatalog.SIMULATORS,
                DeviceCatalog.OWN_VERTICLES);
    }

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    private void deploy(JsonObject reader) throws InterruptedException {
        devices.deploy(KIOSK, new JsonObject().put("healthCardReader", reader.put("port", "simulated"))).await();
        events.next(state("connected"), WAIT_MS, "the reader connecting");
    }

    @Test
    void oneIdentifiedEventPerInsertionWithTheCardsFields() throws Exception {
        deploy(new JsonObject().put("pollMs", 50));
        assertEquals("connected", registry.states(KIOSK).getJsonObject("healthCardReader").getString("status"));
        assertEquals("simulated", registry.states(KIOSK).getJsonObject("healthCardReader").getString("port"));

        simulate("insert-card", new JsonObject().put("index", 0));
        JsonObject first = events.next(type("identified"), WAIT_MS, "the card identified");
        assertEquals("healthCardReader", first.getString("kind"));
        assertEquals(KIOSK, first.getString("kioskId"));
        assertEquals("residentHealthCard", first.getString("cardType"));
        assertEquals("林晓燕", first.getString("name"));
        assertEquals("F", first.getString("sex"));
        assertEquals("汉", first.getString("nation"));
        assertEquals("1985-03-12", first.getString("birthDate"));
        assertEquals("340104198503120246", first.getString("idNumber"));
        assertEquals("H40104198503120246", first.getString("cardNumber"));
        // the card stays in: many poll periods pass without a second event
        assertEquals(List.of(), events.during(500).stream().filter(type("identified")).toList());

        simulate("remove-card", new JsonObject());
        simulate("insert-card", new JsonObject().put("index", 1));
        JsonObject second = events.next(type("identified"), WAIT_MS, "the second card identified");
        assertEquals("M", second.getString("sex"));
        assertEquals("510107195208070319", second.getString("idNumber"));
    }

    @Test
    void aBadCheckDigitIsACardErrorNeverAnIdentity() throws Exception {
        deploy(new JsonObject().put("pollMs", 50));
        simulate("insert-card", new JsonObject().put("index", 0).put("fault", "bad-check-digit"));
        JsonObject error = events.next(type("card-error").or(type("identified")), WAIT_MS, "the card refused");
        assertEquals("card-error", error.getString("type"));
        assertTrue(error.getString("reason").contains("check digit"), error.encode());

        simulate("remove-card", new JsonObject());
        simulate("insert-card", new JsonObject().put("index", 0).put("fault", "unreadable"));
        error = events.next(type("card-error").or(type("identified")), WAIT_MS, "the unreadable card refused");
        assertEquals("card-error", error.getString("type"));
        assertTrue(error.getString("reason").contains("6A82"), error.encode());
    }

    @Test
    void anUnpluggedReaderIsDisconnectedAndComesBack() throws Exception {
        deploy(new JsonObject().put("pollMs", 50));
        simulate("unplug", new JsonObject());
        JsonObject gone = events.next(state("disconnected"), WAIT_MS, "the reader gone");
        assertEquals("the simulated card reader is unplugged", gone.getString("reason"));
        simulate("replug", new JsonObject());
        events.next(state("connected"), WAIT_MS, "the reader back");
    }

    @Test
    void badRequestsAreRefusedWithTheReason() throws Exception {
        deploy(new JsonObject());
        assertEquals("unknown behaviour 'present-card', expected one of insert-card, remove-card, unplug, replug",
                requestFailure("simulate", new JsonObject().put("behaviour", "present-card")));
        String outOfRange = requestFailure("simulate", new JsonObject().put("behaviour", "insert-card")
                .put("args", new JsonObject().put("index", 99)));
        assertTrue(outOfRange.startsWith("insert-card needs index 0.."), outOfRange);
        assertEquals("healthCardReader does not support 'print'", requestFailure("print", new JsonObject()));
    }

    @Test
    void aWrongProfileStopsTheDeploymentNamingTheKey() {
        JsonObject profile = new JsonObject(HealthCardProfile.DEFAULT_JSON);
        profile.getJsonObject("fields").getJsonObject("idNumber").put("length", 0);
        Throwable failure = assertThrows(Throwable.class, () -> devices.deploy(KIOSK, new JsonObject()
                .put("healthCardReader", new JsonObject().put("port", "simulated").put("profile", profile))).await());
        assertEquals("devices.healthCardReader.profile.fields.idNumber.length must be a whole number from 1 to 256, "
                + "got 0", failure.getMessage());
    }

    private void simulate(String behaviour, JsonObject args) {
        vertx.eventBus().request(DeviceAddresses.requests(KIOSK, "healthCardReader"), new JsonObject()
                .put("action", "simulate").put("body", new JsonObject().put("behaviour", behaviour).put("args", args)))
                .await();
    }

    private String requestFailure(String action, JsonObject body) {
        Throwable failure = assertThrows(Throwable.class, () -> vertx.eventBus().request(
                DeviceAddresses.requests(KIOSK, "healthCardReader"),
                new JsonObject().put("action", action).put("body", body)).await());
        if (failure instanceof CompletionException && failure.getCause() != null) failure = failure.getCause();
        ReplyException reply = assertInstanceOf(ReplyException.class, failure);
        assertEquals(400, reply.failureCode());
        return reply.getMessage();
    }
}
