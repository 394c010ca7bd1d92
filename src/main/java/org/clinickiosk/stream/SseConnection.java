package org.clinickiosk.stream;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.TimeUnit;

/**
 * One open text/event-stream response with heartbeats. A client that cannot keep up (its write queue is full) is
 * disconnected rather than buffered without bound: it reconnects with Last-Event-ID and resyncs from a snapshot.
 *
 * <p>One event goes to every open stream at once (a call to every display: 500 in the benchmark), all written by the
 * application's single event loop, so the cost of one write is paid hundreds of times in a row. An event is therefore
 * encoded once, as a {@link Buffer} that is written to every connection: Vert.x writes a slice of it, so the
 * connections share the bytes but not a read position, and nothing is encoded or copied per connection. A heartbeat
 * is written only to a connection that has carried nothing for half a period, so a busy stream carries none.
 */
public final class SseConnection {
    private static final Buffer HEARTBEAT = Buffer.buffer(": heartbeat\n\n");

    private final HttpServerResponse response;
    private final long heartbeatTimer;
    private final long quietNanos;
    private long lastWrite = System.nanoTime();
    private boolean closed;

    public SseConnection(Vertx vertx, RoutingContext ctx, long heartbeatMillis, Runnable onClose) {
        this.response = ctx.response();
        this.quietNanos = TimeUnit.MILLISECONDS.toNanos(heartbeatMillis) / 2;
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache, no-store")
                .putHeader("X-Accel-Buffering", "no");
        response.write("retry: 2000\n\n");
        this.heartbeatTimer = vertx.setPeriodic(heartbeatMillis, id -> {
            if (System.nanoTime() - lastWrite >= quietNanos) write(HEARTBEAT);
        });
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
    public static Buffer frame(String event, String id, JsonObject data) {
        StringBuilder frame = new StringBuilder();
        if (id != null) frame.append("id: ").append(id).append('\n');
        frame.append("event: ").append(event).append('\n');
        frame.append("data: ").append(data.encode()).append("\n\n");
        return Buffer.buffer(frame.toString());
    }

    /** Writes an encoded frame; the same buffer may be given to any number of connections, and must not change. */
    public void sendFrame(Buffer frame) {
        write(frame);
    }

    public boolean isClosed() {
        return closed;
    }

    public void close() {
        if (!closed) response.end();
    }

    private void write(Buffer bytes) {
        if (closed) return;
        if (response.writeQueueFull()) {
            response.reset();
            return;
        }
        lastWrite = System.nanoTime();
        response.write(bytes);
    }
}
