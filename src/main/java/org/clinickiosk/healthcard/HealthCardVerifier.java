package org.clinickiosk.healthcard;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import org.clinickiosk.common.IdNumber;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Asks a regional platform whether a scanned code is a valid electronic health card and whose it is. The platform's
 * real API is not public, so this is our contract (devices/healthcard/README.md):
 * <pre>
 * POST {verifierUrl}   Content-Type: application/json   [Authorization: {verifierAuthorization}]
 * {"qrText": "&lt;the scanned text&gt;"}
 *
 * 200 {"valid": true,  "idNumber": "&lt;18 characters&gt;"} the holder's resident ID number
 * 200 {"valid": false, "reason": "code expired"}            not a card the platform vouches for
 * </pre>
 * Anything else (another status, no answer within the time-out, an answer that is not that JSON, an invalid ID number)
 * is a refusal with the reason; nothing in a bad answer is ever taken as an identity.
 */
public final class HealthCardVerifier {

    /** A platform answer is a few hundred bytes; more is not an answer we understand. */
    static final int MAX_ANSWER_BYTES = 16 * 1024;
    private static final int MAX_REASON_CHARS = 100;
    private static final System.Logger LOG = System.getLogger(HealthCardVerifier.class.getName());

    /** The platform's verdict on one code. */
    public sealed interface Verdict {}

    public record Verified(IdNumber idNumber) implements Verdict {}

    public record Refused(String reason) implements Verdict {}

    private final Vertx vertx;
    private final HttpClient client;
    private final String url;
    private final int timeoutMs;
    private final String authorization;
    private final Clock clock;
    private final ZoneId zone;

    /** @param authorization sent as the Authorization header; null for none */
    public HealthCardVerifier(Vertx vertx, String url, int timeoutMs, String authorization, ZoneId zone, Clock clock) {
        this.vertx = vertx;
        this.url = url;
        this.timeoutMs = timeoutMs;
        this.authorization = authorization;
        this.zone = zone;
        this.clock = clock;
        this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(timeoutMs));
    }

    /** Never fails: every problem is a {@link Refused} with its reason. */
    public Future<Verdict> verify(String token) {
        Promise<Verdict> verdict = Promise.promise();
        AtomicReference<HttpClientRequest> request = new AtomicReference<>();
        long timer = vertx.setTimer(timeoutMs, t -> {
            if (verdict.tryComplete(refused("the health card platform did not answer within " + timeoutMs + " ms"))) {
                HttpClientRequest pending = request.get();
                if (pending != null) pending.reset();
            }
        });
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
                .putHeader("Content-Type", "application/json").putHeader("Accept", "application/json");
        if (authorization != null) options.putHeader("Authorization", authorization);
        String body = new JsonObject().put("qrText", token).encode();
        // The answer's handlers are set inside the send's own callback: a step chained after it may run a turn later,
        // when the answer's bytes have already gone by (seen under load: an answer never ended, a time-out instead).
        client.request(options)
                .compose(req -> {
                    request.set(req);
                    return req.send(body).compose(this::readAnswer);
                })
                .onComplete(answer -> {
                    vertx.cancelTimer(timer);
                    verdict.tryComplete(answer.succeeded() ? answer.result()
                            : refused("the health card platform could not be reached: " + describe(answer.cause())));
                });
        return verdict.future();
    }

    public Future<Void> close() {
        return client.close();
    }

    private Future<Verdict> readAnswer(HttpClientResponse response) {
        Promise<Buffer> body = Promise.promise();
        Buffer received = Buffer.buffer();
        response.handler(chunk -> {
            if (received.length() + chunk.length() > MAX_ANSWER_BYTES) {
                if (body.tryFail("its answer is longer than " + MAX_ANSWER_BYTES + " bytes")) response.request().reset();
            } else {
                received.appendBuffer(chunk);
            }
        });
        response.exceptionHandler(body::tryFail);
        response.endHandler(v -> body.tryComplete(received));
        return body.future().map(bytes -> interpret(response.statusCode(), bytes));
    }

    /** Some network exceptions carry no message (a closed channel): then their kind says what happened. */
    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    Verdict interpret(int status, Buffer bytes) {
        if (status != 200) return refused("the health card platform answered HTTP " + status);
        JsonObject answer;
        try {
            Object parsed = Json.decodeValue(bytes);
            if (!(parsed instanceof JsonObject object)) return refused("the health card platform's answer is not a JSON object");
            answer = object;
        } catch (DecodeException e) {
            return refused("the health card platform's answer is not valid JSON");
        }
        Object valid = answer.getValue("valid");
        if (!(valid instanceof Boolean accepted)) {
            return refused("the health card platform's answer has no \"valid\": true or false");
        }
        if (!accepted) {
            String reason = answer.getValue("reason") instanceof String text ? printable(text) : "";
            return refused("the health card platform does not accept this card" + (reason.isEmpty() ? "" : ": " + reason));
        }
        if (!(answer.getValue("idNumber") instanceof String idNumber)) {
            return refused("the health card platform accepted the card but gave no \"idNumber\"");
        }
        IdNumber.Check check = IdNumber.check(idNumber, LocalDate.now(clock.withZone(zone)));
        if (!check.valid()) {
            return refused("the health card platform's answer carries an unusable ID number: " + check.problem());
        }
        return new Verified(check.idNumber());
    }

    private static Refused refused(String reason) {
        LOG.log(System.Logger.Level.WARNING, "health card verifier: {0}", reason);
        return new Refused(reason);
    }

    /** The platform's own reason, shortened and without control characters, so it is safe to show and log. */
    private static String printable(String text) {
        String clean = text.codePoints().filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().strip();
        return clean.length() > MAX_REASON_CHARS ? clean.substring(0, MAX_REASON_CHARS) + "…" : clean;
    }
}
