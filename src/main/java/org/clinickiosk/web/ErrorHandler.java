package org.clinickiosk.web;

import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.openapi.validation.ValidatorException;

/**
 * Turns every failure into {"error": {code, message}}: validation and rule refusals as 4xx with their reason, and
 * anything unexpected as a 500 without internals (logged with its stack trace, which never holds personal data
 * because exceptions here carry ids, not names).
 */
public final class ErrorHandler {
    private static final System.Logger LOG = System.getLogger(ErrorHandler.class.getName());

    private ErrorHandler() {}

    public static void handle(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        ApiException error = toApiError(ctx.statusCode(), failure);
        // A refusal we chose (an ApiException, e.g. 503 "printer unavailable") is the client's news, not a fault.
        if (error.status() >= 500 && !(failure instanceof ApiException)) {
            LOG.log(System.Logger.Level.ERROR, "request " + ctx.request().method() + " " + ctx.request().path()
                    + " failed", failure);
        }
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        if (error.status() == 429 && failure instanceof RetryLater later) {
            ctx.response().putHeader("Retry-After", String.valueOf(later.seconds()));
        }
        ctx.response().setStatusCode(error.status()).putHeader("Content-Type", "application/json; charset=utf-8")
                .end(error.toJson().encode());
    }

    static ApiException toApiError(int status, Throwable failure) {
        if (failure instanceof ApiException api) return api;
        if (failure instanceof ValidatorException v) {
            return ApiException.badRequest("invalid_request", v.getMessage());
        }
        if (failure instanceof DecodeException) {
            return ApiException.badRequest("invalid_json", "the request body is not valid JSON");
        }
        if (failure instanceof HttpException http) {
            return fromStatus(http.getStatusCode(), http.getPayload());
        }
        if (failure == null && status > 0) return fromStatus(status, null);
        return new ApiException(500, "internal", "the server could not complete this request; try again");
    }

    private static ApiException fromStatus(int status, String payload) {
        return switch (status) {
            case 400 -> ApiException.badRequest("invalid_request", payload != null ? payload : "the request is not valid");
            case 404 -> new ApiException(404, "not_found", "no such resource");
            case 405 -> new ApiException(405, "method_not_allowed", "this method is not allowed here");
            case 413 -> new ApiException(413, "too_large", "the request body is too large");
            case 415 -> new ApiException(415, "unsupported_media_type", "send JSON (Content-Type: application/json)");
            default -> status >= 400 && status < 500
                    ? new ApiException(status, "refused", payload != null ? payload : "the request was refused")
                    : new ApiException(500, "internal", "the server could not complete this request; try again");
        };
    }

    /** A 429 that tells the client when to try again. */
    public static final class RetryLater extends ApiException {
        private final long seconds;

        public RetryLater(long seconds, String message) {
            super(429, "too_many_attempts", message);
            this.seconds = seconds;
        }

        public long seconds() {
            return seconds;
        }
    }
}
