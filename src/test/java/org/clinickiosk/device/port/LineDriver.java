package org.clinickiosk.device.port;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import org.clinickiosk.device.DeviceDriver;
import org.clinickiosk.device.DeviceLink;
import org.clinickiosk.device.DeviceState;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A trivial line protocol driver for the port framework's tests: publishes every line it receives as a {@code line}
 * event; {@code say} sends a line and replies with the next line received, {@code send} just sends it; {@code fault} reports a driver state.
 */
final class LineDriver implements DeviceDriver {

    private final String kind;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final Queue<Promise<JsonObject>> awaitingReply = new ArrayDeque<>();
    /** How many chunks the port delivered; read by tests after the fact. */
    final AtomicInteger chunks = new AtomicInteger();
    /** Bytes delivered while the driver was still inside {@code send}: a port must never do that. */
    final AtomicInteger deliveriesInsideSend = new AtomicInteger();
    private boolean sending;
    private DeviceLink link;

    LineDriver(String kind) { this.kind = kind; }

    @Override
    public String kind() { return kind; }

    @Override
    public void opened(DeviceLink link) {
        this.link = link;
        pending.reset();
    }

    @Override
    public void received(byte[] data) {
        chunks.incrementAndGet();
        if (sending) deliveriesInsideSend.incrementAndGet();
        for (byte b : data) {
            if (b != '\n') {
                pending.write(b);
                continue;
            }
            String line = pending.toString(StandardCharsets.UTF_8);
            pending.reset();
            link.publish("line", new JsonObject().put("text", line));
            Promise<JsonObject> reply = awaitingReply.poll();
            if (reply != null) reply.complete(new JsonObject().put("reply", line));
        }
    }

    @Override
    public void closed(String reason) {
        Promise<JsonObject> reply;
        while ((reply = awaitingReply.poll()) != null) reply.fail(reason);
    }

    private void send(String line) {
        sending = true;
        try {
            link.send((line + "\n").getBytes(StandardCharsets.UTF_8));
        } finally {
            sending = false;
        }
    }

    @Override
    public Future<JsonObject> request(String action, JsonObject body) {
        switch (action) {
            case "say" -> {
                Promise<JsonObject> reply = Promise.promise();
                awaitingReply.add(reply);
                send(body.getString("text"));
                return reply.future();
            }
            case "send" -> {
                send(body.getString("text"));
                return Future.succeededFuture(new JsonObject());
            }
            case "fault" -> {
                link.state(DeviceState.error(body.getString("reason")));
                return Future.succeededFuture(new JsonObject());
            }
            default -> {
                return DeviceDriver.super.request(action, body);
            }
        }
    }
}
