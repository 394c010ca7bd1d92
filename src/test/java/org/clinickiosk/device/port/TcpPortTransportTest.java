package org.clinickiosk.device.port;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.clinickiosk.device.port.DeviceEvents.state;
import static org.clinickiosk.device.port.PortSteps.KIOSK;
import static org.clinickiosk.device.port.PortSteps.deploy;
import static org.clinickiosk.device.port.PortSteps.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A network printer's raw port, played by a local Vert.x NetServer that echoes lines. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class TcpPortTransportTest {

    private static final String KIND = "printer";

    private final DeviceRegistry registry = new DeviceRegistry();
    private final AtomicReference<NetSocket> printerSide = new AtomicReference<>();

    private Future<NetServer> echoServer(Vertx vertx) {
        return vertx.createNetServer().connectHandler(socket -> {
            printerSide.set(socket);
            socket.handler(RecordParser.newDelimited("\n", line -> socket.write(Buffer.buffer("echo:").appendBuffer(line)
                    .appendString("\n"))));
        }).listen(0, "127.0.0.1");
    }

    private Future<DeviceEvents> start(Vertx vertx, String port) {
        return DeviceEvents.subscribe(vertx, KIOSK).compose(events -> deploy(vertx,
                new JsonObject().put("port", port), new LineDriver(KIND), null, registry).map(events));
    }

    @Test
    void talksToTheServerAndReconnectsAfterTheConnectionDrops(Vertx vertx, VertxTestContext test) {
        echoServer(vertx).compose(server -> start(vertx, "tcp://127.0.0.1:" + server.actualPort())
                        .compose(events -> events.next(state(KIND, "connected"), 2_000, "connected")
                                .compose(connected -> request(vertx, KIND, "say", new JsonObject().put("text", "status?")))
                                .compose(reply -> {
                                    assertEquals("echo:status?", reply.getString("reply"));
                                    return printerSide.get().close();
                                })
                                .compose(v -> events.next(state(KIND, "disconnected"), 1_000, "disconnected"))
                                .compose(disconnected -> {
                                    assertTrue(disconnected.event().getString("reason").startsWith(
                                            "connection to tcp://127.0.0.1:" + server.actualPort() + " closed"));
                                    return events.next(state(KIND, "connected"), 2_000, "reconnected");
                                })
                                .compose(connected -> request(vertx, KIND, "say", new JsonObject().put("text", "again")))
                                .map(reply -> {
                                    assertEquals("echo:again", reply.getString("reply"));
                                    return null;
                                })))
                .onComplete(test.succeedingThenComplete());
    }

    @Test
    void anUnreachablePrinterIsAnErrorWithReason(Vertx vertx, VertxTestContext test) {
        // a port that was just free: nothing listens there any more
        echoServer(vertx).compose(server -> server.close().map(server.actualPort()))
                .compose(port -> start(vertx, "tcp://127.0.0.1:" + port)
                        .compose(events -> events.next(state(KIND, "error"), 5_000, "error"))
                        .map(error -> {
                            String reason = error.event().getString("reason");
                            assertTrue(reason.startsWith("cannot reach tcp://127.0.0.1:" + port), reason);
                            assertTrue(reason.endsWith("is the printer on and connected to the network?"), reason);
                            return null;
                        }))
                .onComplete(test.succeedingThenComplete());
    }
}
