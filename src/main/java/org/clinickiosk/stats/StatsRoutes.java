package org.clinickiosk.stats;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import org.clinickiosk.web.ApiException;
import org.clinickiosk.web.Responses;

import java.nio.charset.StandardCharsets;

/** GET /api/admin/stats (JSON) and GET /api/admin/stats/export/{table} (CSV): admin role only. */
public final class StatsRoutes {
    private final StatsService stats;

    public StatsRoutes(StatsService stats) {
        this.stats = stats;
    }

    public void getStats(RoutingContext ctx) {
        Responses.respond(ctx, 200, stats.report(query(ctx)));
    }

    public void exportStats(RoutingContext ctx) {
        String table = ctx.pathParam("table");
        if (!StatsCsv.TABLES.contains(table)) {
            throw ApiException.notFound("statistics table '" + table + "' (tables: " + String.join(", ", StatsCsv.TABLES) + ")");
        }
        StatsQuery q = query(ctx);
        String language = ctx.queryParams().get("lang");
        stats.report(q).map(report -> StatsCsv.table(report, table, language)).onSuccess(csv -> {
            String file = "clinic-stats-" + table + "-" + q.from() + "_" + q.to() + ".csv";
            ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
                    .putHeader("Content-Disposition", "attachment; filename=\"" + file + "\"")
                    .end(Buffer.buffer(csv.getBytes(StandardCharsets.UTF_8)));
        }).onFailure(ctx::fail);
    }

    private static StatsQuery query(RoutingContext ctx) {
        var params = ctx.queryParams();
        return StatsQuery.parse(params.get("from"), params.get("to"), params.get("groupBy"), params.get("serviceId"));
    }
}
