package org.clinickiosk.stream;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * One open text/event-stream response with heartbeats. A client that cannot keep up (its write queue is full) is
 * disconnected rather than buffered without bound: it reconnects with Last-Event-ID and resyncs from a snapshot.
 */
public final class SseConnection {
    private final Vertx vertx;
    private final HttpServerResponse response;
    private final long heartbeatTimer;
    private boolean closed;

    public SseConnection(Vertx vertx, RoutingContext ctx, long heartbeatMillis, Runnable onClose) {
        this.vertx = vertx;
        this.response = ctx.response();
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache, no-store")
                .putHeader("X-Accel-Buffering", "no");
        response.write("retry: 2000\n\n");
        this.heartbeatTimer = vertx.setPeriodic(heartbeatMillis, id -> write(": heartbeat\n\n"));
        Runnable closeOnce = () -> {
            if (closed) return;
            closed = true;
            vertx.cancelTimer(heartbeatTimer);
            onClose.run();
        };
        response.closeHandler(v -> closeOnce.run());
        response.exceptionHandler(e -> closeOnce.run());
        ctx.request().connection().closeHandler(v -> closeOnce.run());
    }

    /** Sends one event; {@code id} may be null (the client keeps its last id). */
    public void send(String event, String id, JsonObject data) {
        sendFrame(frame(event, id, data));
    }

    /** An event as it goes on the wire; encode once and send the same frame to every client. */
    public static String frame(String event, String id, JsonObject data) {
        StringBuilder frame = new StringBuilder();
        if (id != null) frame.append("id: ").append(id).append('\n');
        frame.append("event: ").append(event).append('\n');
        frame.append("data: ").append(data.encode()).append("\n\n");
        return frame.toString();
    }

    public void sendFrame(String frame) {
        write(frame);
    }

    public boolean isClosed() {
        return closed;
    }

    public void close() {
        if (!closed) response.end();
    }

    private void write(String text) {
        if (closed) return;
        if (response.writeQueueFull()) {
            response.reset();
            return;
        }
        response.write(text);
    }
}
