package org.clinickiosk.testsupport;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Reads a text/event-stream over real HTTP and parses it into events, for stream tests. */
public final class SseClient implements AutoCloseable {
    public record Event(String id, String name, JsonObject data) {}

    private final HttpClient client;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private io.vertx.core.buffer.Buffer bytes = io.vertx.core.buffer.Buffer.buffer();
    public final int status;
    private String comments = "";
    private int chunks;
    private boolean closed;

    public SseClient(Vertx vertx, int port, String path, Map<String, String> headers) {
        this.client = vertx.createHttpClient();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
                .setURI(path);
        headers.forEach(options::addHeader);
        // The parser is attached in the send's own callback, on the event loop as the response arrives, so no early
        // event is missed (a step chained after the send may run a turn later, when the first bytes have gone by).
        HttpClientResponse response = client.request(options).compose(r -> r.send().map(sent -> {
            if (sent.statusCode() == 200) {
                sent.handler(this::parse);
                sent.endHandler(v -> ended());
            }
            return sent;
        })).await();
        this.status = response.statusCode();
    }

    /** Bytes are decoded only once a whole event is in, so a character split across two chunks stays whole. */
    private synchronized void parse(io.vertx.core.buffer.Buffer chunk) {
        chunks++;
        bytes.appendBuffer(chunk);
        int end;
        while ((end = indexOfBlankLine()) >= 0) {
            String block = bytes.getString(0, end, "UTF-8");
            bytes = bytes.getBuffer(end + 2, bytes.length());
            String id = null;
            String name = "message";
            StringBuilder data = new StringBuilder();
            for (String line : block.split("\n")) {
                if (line.startsWith("id: ")) id = line.substring(4);
                else if (line.startsWith("event: ")) name = line.substring(7);
                else if (line.startsWith("data: ")) data.append(line.substring(6));
                else if (line.startsWith(":")) comments += line + "\n";
            }
            if (data.length() > 0) events.add(new Event(id, name, new JsonObject(data.toString())));
        }
    }

    private synchronized void ended() {
        closed = true;
    }

    private int indexOfBlankLine() {
        for (int i = 0; i + 1 < bytes.length(); i++) {
            if (bytes.getByte(i) == '\n' && bytes.getByte(i + 1) == '\n') return i;
        }
        return -1;
    }

    /** The next event, waiting up to 5 s; fails the test when none comes. */
    public Event next() throws InterruptedException {
        Event e = events.poll(5, TimeUnit.SECONDS);
        if (e == null) throw new AssertionError("no event within 5 s (status " + status + ", " + received() + ")");
        return e;
    }

    /** The next event with this name, skipping others. */
    public Event next(String name) throws InterruptedException {
        while (true) {
            Event e = next();
            if (e.name().equals(name)) return e;
        }
    }

    /** Null when nothing arrives within the time: for asserting that an event does NOT come. */
    public Event poll(long millis) throws InterruptedException {
        return events.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** What has come so far, for a failure message: a stream that was closed, or only heartbeats, reads differently. */
    private synchronized String received() {
        String recent = comments.substring(Math.max(0, comments.length() - 200)).replace("\n", " ").trim();
        return chunks + " chunks, " + (closed ? "closed by the server" : "still open") + ", last comments: " + recent
                + ", unparsed: " + bytes.length() + " bytes";
    }

    public synchronized String comments() {
        return comments;
    }

    @Override
    public void close() {
        client.close();
    }
}
