package org.clinickiosk.lab;

import com.hp.jipp.encoding.IppPacket;
import com.hp.jipp.encoding.Tag;
import com.hp.jipp.model.JobState;
import com.hp.jipp.model.Types;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.util.List;

/**
 * An A4 printer spoken to over IPP (jipp for the protocol, Vert.x HTTP for the transport): Print-Job with the PDF,
 * then Get-Job-Attributes until the job is completed — or ends otherwise, stops (out of paper, jammed: the job is
 * cancelled so it does not come out later, unattended) or runs past the time limit. Every way a print can fail ends
 * in {@link PrintFailed} with a reason a person can read.
 */
public final class IppPrinter {
    private static final long POLL_MILLIS = 500;

    /** A print that did not come out, and why. */
    public static final class PrintFailed extends Exception {
        PrintFailed(String reason) {
            super(reason, null, false, false);
        }
    }

    /** A finished job: the printer's job id. */
    public record Printed(int jobId) {}

    private final Vertx vertx;
    private final URI printerUri;
    private final long timeoutMillis;
    private final HttpClient http;
    private int requestId;

    public IppPrinter(Vertx vertx, URI printerUri, int timeoutSeconds) {
        this.vertx = vertx;
        this.printerUri = printerUri;
        this.timeoutMillis = timeoutSeconds * 1000L;
        this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5000).setIdleTimeout(30));
    }

    public Future<Printed> print(byte[] pdf, String jobName) {
        IppPacket request = IppPacket.printJob(printerUri)
                .setRequestId(++requestId)
                .putOperationAttributes(Types.requestingUserName.of("clinickiosk"), Types.jobName.of(jobName),
                        Types.documentFormat.of("application/pdf"))
                .build();
        long deadline = System.currentTimeMillis() + timeoutMillis;
        return send(request, pdf).compose(response -> {
            Integer jobId = response.getValue(Tag.jobAttributes, Types.jobId);
            if (jobId == null) return Future.failedFuture(new PrintFailed("the printer accepted the job without a job id"));
            return follow(jobId, deadline);
        });
    }

    public Future<Void> close() {
        return http.close();
    }

    private Future<Printed> follow(int jobId, long deadline) {
        IppPacket query = IppPacket.getJobAttributes(printerUri, jobId, Types.jobState, Types.jobStateReasons,
                Types.jobStateMessage).setRequestId(++requestId).build();
        return send(query, new byte[0]).compose(response -> {
            JobState state = response.getValue(Tag.jobAttributes, Types.jobState);
            List<String> reasons = response.getStrings(Tag.jobAttributes, Types.jobStateReasons);
            String message = response.getString(Tag.jobAttributes, Types.jobStateMessage);
            String why = describe(reasons, message);
            if (JobState.completed.equals(state)) return Future.succeededFuture(new Printed(jobId));
            if (JobState.aborted.equals(state) || JobState.canceled.equals(state)) {
                return Future.failedFuture(new PrintFailed("the printer " + (JobState.aborted.equals(state)
                        ? "aborted" : "cancelled") + " the job" + why));
            }
            if (JobState.processingStopped.equals(state)) {
                return cancel(jobId).transform(r -> Future.failedFuture(new PrintFailed(
                        "the printer stopped" + why + "; the job was cancelled")));
            }
            if (System.currentTimeMillis() > deadline) {
                return cancel(jobId).transform(r -> Future.failedFuture(new PrintFailed(
                        "the printer did not finish the job in time" + why + "; the job was cancelled")));
            }
            Promise<Void> wait = Promise.promise();
            vertx.setTimer(POLL_MILLIS, t -> wait.complete());
            return wait.future().compose(v -> follow(jobId, deadline));
        });
    }

    private Future<Void> cancel(int jobId) {
        return send(IppPacket.cancelJob(printerUri, jobId).setRequestId(++requestId).build(), new byte[0]).mapEmpty();
    }

    private static String describe(List<String> reasons, String message) {
        List<String> meaningful = reasons == null ? List.of() : reasons.stream().filter(r -> !r.equals("none")).toList();
        if (meaningful.isEmpty() && message == null) return "";
        return " (" + String.join(", ", meaningful) + (message == null ? "" : (meaningful.isEmpty() ? "" : ": ")
                + message) + ")";
    }

    /** One IPP operation over HTTP POST; an IPP status other than successful fails with the printer's message. */
    private Future<IppPacket> send(IppPacket packet, byte[] document) {
        Buffer body;
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            packet.write(out);
            out.write(document);
            body = Buffer.buffer(out.toByteArray());
        } catch (IOException e) {
            return Future.failedFuture(e);
        }
        int port = printerUri.getPort() > 0 ? printerUri.getPort() : 631;
        String path = printerUri.getRawPath() == null || printerUri.getRawPath().isEmpty() ? "/" : printerUri.getRawPath();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(printerUri.getHost())
                .setPort(port).setURI(path).putHeader("Content-Type", "application/ipp")
                .setTimeout(30_000);
        // The body is asked for inside the send's own callback: a step chained after it may run a turn later, when
        // the answer's bytes have already gone by (Vert.x delivers them to whatever handler is set at that moment).
        return http.request(options)
                .compose(req -> req.send(body).compose(resp -> resp.body().map(b -> new Object[]{resp.statusCode(), b})))
                .recover(e -> Future.failedFuture(new PrintFailed("the A4 printer at " + printerUri
                        + " cannot be reached: " + e.getMessage())))
                .compose(r -> {
                    int status = (int) r[0];
                    if (status != 200) {
                        return Future.failedFuture(new PrintFailed("the A4 printer answered HTTP " + status));
                    }
                    IppPacket response;
                    try {
                        response = IppPacket.parse(new ByteArrayInputStream(((Buffer) r[1]).getBytes()));
                    } catch (IOException | RuntimeException e) {
                        return Future.failedFuture(new PrintFailed("the A4 printer's answer is not IPP: " + e.getMessage()));
                    }
                    if (response.getCode() >= 0x0100) {
                        String message = response.getString(Tag.operationAttributes, Types.statusMessage);
                        return Future.failedFuture(new PrintFailed("the A4 printer refused the job: "
                                + response.getStatus().getName() + (message == null ? "" : " (" + message + ")")));
                    }
                    return Future.succeededFuture(response);
                });
    }
}
