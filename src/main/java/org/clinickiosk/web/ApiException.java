package org.clinickiosk.web;

import io.vertx.core.json.JsonObject;

/** A refusal the client can act on: HTTP status, stable machine code, and a message a person can read. */
public class ApiException extends RuntimeException {
    private final int status;
    private final String code;

    public ApiException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public static ApiException badRequest(String code, String message) { return new ApiException(400, code, message); }
    public static ApiException notFound(String what) { return new ApiException(404, "not_found", what + " does not exist"); }
    public static ApiException conflict(String code, String message) { return new ApiException(409, code, message); }

    public int status() { return status; }
    public String code() { return code; }

    public JsonObject toJson() {
        return new JsonObject().put("error", new JsonObject().put("code", code).put("message", getMessage()));
    }
}
