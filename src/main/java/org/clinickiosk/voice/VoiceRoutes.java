package org.clinickiosk.voice;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.clinickiosk.store.Database;
import org.clinickiosk.store.Sql;
import org.clinickiosk.web.ApiException;
import org.clinickiosk.web.Responses;

/**
 * GET /api/voice/calls/{eventId}/audio.wav?lang=zh-CN|en: the spoken announcement of one call, rendered by the server.
 * The phrase is built from the stored call (its ticket number and room), never from text a client sends, so the
 * endpoint cannot be made to say anything else.
 */
public final class VoiceRoutes {
    private final Database db;
    private final EspeakVoice voice;

    public VoiceRoutes(Database db, EspeakVoice voice) {
        this.db = db;
        this.voice = voice;
    }

    public void callAudio(RoutingContext ctx) {
        long eventId = Responses.longParam(ctx, "eventId");
        String language = ctx.queryParams().get("lang") == null ? CallPhrase.CHINESE : ctx.queryParams().get("lang");
        call(eventId)
                .compose(call -> voice.render(language, CallPhrase.text(language, call.getString("number"),
                        call.getString("roomName"), call.getString("roomNameEn"))))
                .onSuccess(rendered -> ctx.response()
                        .putHeader("Content-Type", "audio/wav")
                        .putHeader("Cache-Control", "public, max-age=3600")
                        .putHeader("X-Voice-Cache", rendered.cached() ? "hit" : "miss")
                        .sendFile(rendered.file().toString()))
                .onFailure(ctx::fail);
    }

    private Future<JsonObject> call(long eventId) {
        return db.read(c -> Sql.one(c, """
                SELECT t.number, r.name, r.name_en FROM ticket_events e
                JOIN tickets t ON t.id = e.ticket_id JOIN rooms r ON r.id = e.room_id
                WHERE e.id = ? AND e.action IN ('call', 'call-next', 'recall')""",
                rs -> new JsonObject().put("number", rs.getString(1)).put("roomName", rs.getString(2))
                        .put("roomNameEn", rs.getString(3)), eventId)
                .orElseThrow(() -> ApiException.notFound("call " + eventId)));
    }
}
