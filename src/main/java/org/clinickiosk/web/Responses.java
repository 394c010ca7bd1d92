package org.clinickiosk.web;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** JSON responses from futures: success as the given status, failure through the error handler. */
public final class Responses {
    private static final CharSequence JSON_UTF8 = HttpHeaders.createOptimized("application/json; charset=utf-8");

    private Responses() {}

    public static void json(RoutingContext ctx, int status, Object body) {
        Buffer encoded = body instanceof JsonObject o ? o.toBuffer() : body instanceof JsonArray a ? a.toBuffer()
                : Buffer.buffer(String.valueOf(body));
        ctx.response().setStatusCode(status).putHeader("Content-Type", JSON_UTF8).end(encoded);
    }

    public static void respond(RoutingContext ctx, int status, Future<?> future) {
        future.onSuccess(body -> json(ctx, status, body)).onFailure(ctx::fail);
    }

    /** The request body as JSON (already validated against the contract, and decoded then). */
    public static JsonObject body(RoutingContext ctx) {
        JsonObject validated = ctx.get(ContractValidation.VALIDATED_BODY);
        if (validated != null) return validated;
        JsonObject body = ctx.body().asJsonObject();
        return body == null ? new JsonObject() : body;
    }

    public static long longParam(RoutingContext ctx, String name) {
        try {
            return Long.parseLong(ctx.pathParam(name));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid_request", name + " must be a number");
        }
    }
}
