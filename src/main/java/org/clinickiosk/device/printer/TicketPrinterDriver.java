package org.clinickiosk.device.printer;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Supplier;
import org.clinickiosk.device.DeviceDriver;
import org.clinickiosk.device.DeviceLink;
import org.clinickiosk.device.DeviceState;

/**
 * Ticket printer session. A job is sent only when the printer reports a clean status, and counts as printed only
 * when the status is clean again after it (escpos.md); jobs run one at a time in request order.
 *
 * <p>Settings: {@code paperWidth} 58 | 80 (default 80), {@code statusTimeoutMs} per status byte (default 1000),
 * {@code afterPrintWaitMs} (default 1500): real-time status is answered at once, even before the job has left the
 * buffer, so we give the printer time to print (and to notice paper running out) before the after-check.
 *
 * <p>Actions and outcomes are described in devices/printer/README.md. A request fails only when it is malformed;
 * every device outcome completes with {@code printed} true or false, {@code code} and {@code reason}.
 */
public final class TicketPrinterDriver implements DeviceDriver {
    static final long DEFAULT_STATUS_TIMEOUT_MS = 1000, DEFAULT_AFTER_PRINT_WAIT_MS = 1500;

    private final PaperWidth paper;
    private final long statusTimeoutMs;
    private final long afterPrintWaitMs;
    private DeviceLink link;
    private Future<Void> queue = Future.succeededFuture();
    private Promise<Byte> awaitedReply;
    private long replyTimer;

    /** Thrown inside a job's future chain when the printer cannot be asked or does not answer. */
    private static final class NoStatus extends RuntimeException {
        final String code;

        NoStatus(String code, String reason) {
            super(reason, null, false, false);
            this.code = code;
        }
    }

    public TicketPrinterDriver(JsonObject settings) {
        this.paper = PaperWidth.ofMillimetres(settings.getInteger("paperWidth", 80));
        this.statusTimeoutMs = settings.getLong("statusTimeoutMs", DEFAULT_STATUS_TIMEOUT_MS);
        this.afterPrintWaitMs = settings.getLong("afterPrintWaitMs", DEFAULT_AFTER_PRINT_WAIT_MS);
    }

    @Override
    public String kind() { return "printer"; }

    @Override
    public void opened(DeviceLink link) {
        this.link = link;
        enqueue(this::statusOutcome); // so the health page knows at once whether paper is in
    }

    @Override
    public void received(byte[] data) {
        if (awaitedReply == null || data.length == 0) return; // nothing asked: stray bytes are ignored
        Promise<Byte> reply = awaitedReply;
        awaitedReply = null;
        link.vertx().cancelTimer(replyTimer);
        reply.complete(data[0]);
    }

    @Override
    public void closed(String reason) {
        failAwaited(new NoStatus("disconnected", "The printer was disconnected: " + reason));
        link = null;
    }

    @Override
    public Future<JsonObject> request(String action, JsonObject body) {
        try {
            return switch (action) {
                case "print" -> {
                    byte[] job = TicketRenderer.render(ticket(body == null ? new JsonObject() : body));
                    yield enqueue(() -> print(job));
                }
                case "print-slip" -> {
                    byte[] job = slip(body == null ? new JsonObject() : body);
                    yield enqueue(() -> print(job));
                }
                case "status" -> enqueue(this::statusOutcome);
                default -> DeviceDriver.super.request(action, body);
            };
        } catch (IllegalArgumentException | ClassCastException e) {
            return Future.failedFuture("bad " + action + " request: " + e.getMessage());
        }
    }

    private Future<JsonObject> enqueue(Supplier<Future<JsonObject>> job) {
        Future<JsonObject> result = queue.transform(previous -> job.get());
        queue = result.transform(done -> Future.succeededFuture());
        return result;
    }

    private Future<JsonObject> print(byte[] job) {
        return queryStatus().compose(before -> {
            if (!before.clean()) return Future.succeededFuture(notPrinted(false, before));
            link.send(job);
            Promise<Void> waited = Promise.promise();
            link.vertx().setTimer(Math.max(1, afterPrintWaitMs), id -> waited.complete());
            return waited.future().compose(w -> queryStatus()).map(after -> after.clean()
                    ? new JsonObject().put("printed", true).put("bytes", job.length).put("status", statusJson(after))
                    : notPrinted(true, after));
        }, failure -> Future.succeededFuture(noStatus(false, failure))).recover(f -> Future.succeededFuture(
                noStatus(true, f)));
    }

    private Future<JsonObject> statusOutcome() {
        return queryStatus().map(s -> statusJson(s).put("answered", true))
                .recover(f -> Future.succeededFuture(new JsonObject().put("answered", false)
                        .put("code", code(f)).put("reason", f.getMessage())));
    }

    /** DLE EOT 1..4, one at a time: the reply byte carries no n, so only order tells them apart. */
    private Future<PrinterStatus> queryStatus() {
        byte[] replies = new byte[4];
        Future<Void> chain = Future.succeededFuture();
        for (int n = 1; n <= 4; n++) {
            int query = n;
            chain = chain.compose(v -> ask(query)).map(b -> {
                replies[query - 1] = b;
                return null;
            });
        }
        return chain.map(v -> PrinterStatus.fromReplies(replies)).andThen(ar -> {
            if (link == null) return;
            if (ar.succeeded() && ar.result().clean()) link.state(DeviceState.connected());
            else link.state(DeviceState.error(ar.succeeded() ? ar.result().reason() : ar.cause().getMessage()));
        });
    }

    private Future<Byte> ask(int n) {
        if (link == null) return Future.failedFuture(new NoStatus("disconnected", "The printer is not connected"));
        Promise<Byte> reply = Promise.promise();
        awaitedReply = reply;
        replyTimer = link.vertx().setTimer(statusTimeoutMs, id -> failAwaited(new NoStatus("no-reply",
                "The printer did not answer status query 10 04 " + n + " within " + statusTimeoutMs
                        + " ms; check power, cable and that the port is bidirectional")));
        link.send(EscPos.realTimeStatus(n));
        return reply.future();
    }

    private void failAwaited(NoStatus failure) {
        if (awaitedReply == null) return;
        Promise<Byte> reply = awaitedReply;
        awaitedReply = null;
        if (link != null) link.vertx().cancelTimer(replyTimer);
        reply.fail(failure);
    }

    private static JsonObject notPrinted(boolean sent, PrinterStatus status) {
        return new JsonObject().put("printed", false).put("sent", sent).put("code", status.code())
                .put("reason", status.reason()).put("status", statusJson(status));
    }

    private static JsonObject noStatus(boolean sent, Throwable failure) {
        return new JsonObject().put("printed", false).put("sent", sent).put("code", code(failure))
                .put("reason", failure.getMessage());
    }

    private static String code(Throwable failure) {
        return failure instanceof NoStatus n ? n.code : "printer-error";
    }

    static JsonObject statusJson(PrinterStatus s) {
        return new JsonObject().put("clean", s.clean()).put("code", s.code()).put("reason", s.reason())
                .put("paperOut", s.paperOut()).put("paperNearEnd", s.paperNearEnd()).put("coverOpen", s.coverOpen())
                .put("offline", s.offline()).put("cutterError", s.cutterError()).put("otherError", s.otherError())
                .put("replies", s.replies());
    }

    private TicketData ticket(JsonObject b) {
        LocalDateTime issuedAt;
        try {
            issuedAt = LocalDateTime.parse(b.getString("issuedAt", ""));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("issuedAt must be a local date-time like 2026-07-11T09:05");
        }
        Integer ahead = b.getInteger("peopleAhead");
        if (ahead == null) throw new IllegalArgumentException("peopleAhead is required");
        return new TicketData(b.getString("clinicName"), b.getString("serviceName"), b.getString("ticketNumber"),
                b.getString("roomHint"), issuedAt, ahead, b.getString("maskedName"), b.getString("qrText"), paper);
    }

    private byte[] slip(JsonObject b) {
        JsonArray lines = b.getJsonArray("lines", new JsonArray());
        List<String> text = lines.stream().map(String::valueOf).toList();
        return TextSlipRenderer.render(b.getString("title"), text, paper);
    }
}
