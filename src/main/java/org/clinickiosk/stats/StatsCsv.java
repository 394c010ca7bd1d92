package org.clinickiosk.stats;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.clinickiosk.web.ApiException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The tables of a statistics report as CSV (RFC 4180: comma separated, CRLF line ends, fields with a comma, quote
 * or line break quoted and inner quotes doubled), in UTF-8 with a byte-order mark so Excel shows Chinese correctly,
 * with a header row in the reader's language. Durations are minutes with one decimal; empty means "no data".
 */
public final class StatsCsv {
    private StatsCsv() {}

    public static final List<String> TABLES = List.of("summary", "periods", "services", "rooms", "staff",
            "wait-distribution", "hours", "bp", "lab");
    static final String BOM = "\uFEFF";

    private record Column(String en, String zh, Function<JsonObject, Object> value) {}

    /** The CSV of one table of the report. */
    public static String table(JsonObject report, String table, String language) {
        boolean zh = !"en".equals(language);
        List<Column> columns;
        List<JsonObject> rows;
        switch (table) {
            case "summary" -> {
                columns = figureColumns(List.of());
                rows = List.of(report.getJsonObject("summary"));
            }
            case "periods" -> {
                columns = figureColumns(List.of(new Column(periodHeaderEn(report), periodHeaderZh(report), r -> r.getValue("key"))));
                rows = objects(report.getJsonArray("periods"));
            }
            case "services", "rooms" -> {
                String en = table.equals("services") ? "Service" : "Room";
                String zhName = table.equals("services") ? "服务" : "诊室";
                columns = figureColumns(List.of(new Column(en + " id", zhName + "编号", r -> r.getValue("key")),
                        new Column(en, zhName, r -> zh || r.getString("nameEn") == null ? r.getString("name")
                                : r.getString("nameEn"))));
                rows = objects(report.getJsonArray(table));
            }
            case "staff" -> {
                columns = figureColumns(List.of(new Column("Staff id", "工作人员编号", r -> r.getValue("key")),
                        new Column("Username", "用户名", r -> r.getString("name")),
                        new Column("Name", "姓名", r -> r.getString("displayName"))));
                rows = objects(report.getJsonArray("staff"));
            }
            case "wait-distribution" -> {
                columns = List.of(new Column("Wait from (min)", "等候时间起（分钟）", r -> r.getValue("fromMinutes")),
                        new Column("Wait below (min)", "等候时间止（分钟，不含）", r -> r.getValue("toMinutes")),
                        new Column("Tickets", "号数", r -> r.getValue("count")));
                rows = objects(report.getJsonArray("waitDistribution"));
            }
            case "hours" -> {
                columns = List.of(new Column("Hour", "时段", r -> String.format("%02d:00", r.getInteger("hour"))),
                        new Column("Tickets issued", "取号数", r -> r.getValue("issued")));
                rows = objects(report.getJsonArray("hours"));
            }
            case "bp" -> {
                JsonObject bp = report.getJsonObject("bp");
                columns = List.of(new Column("Category", "血压分类", r -> r.getValue("category")),
                        new Column("Readings", "测量人次", r -> r.getValue("count")),
                        new Column("Share", "占比", r -> r.getValue("share")));
                rows = objects(bp.getJsonArray("categories"));
            }
            case "lab" -> {
                JsonObject lab = report.getJsonObject("lab");
                columns = List.of(new Column("Lab report prints", "检验报告打印次数", r -> r.getValue("printed")),
                        new Column("Reports printed", "打印的报告份数", r -> r.getValue("reports")));
                rows = List.of(lab);
            }
            default -> throw ApiException.notFound("statistics table '" + table + "'");
        }
        StringBuilder out = new StringBuilder(BOM);
        line(out, columns.stream().map(c -> (Object) (zh ? c.zh() : c.en())).toList());
        for (JsonObject row : rows) line(out, columns.stream().map(c -> c.value().apply(row)).toList());
        return out.toString();
    }

    private static String periodHeaderEn(JsonObject report) {
        return switch (report.getString("grouping")) {
            case "week" -> "Week from (Monday)";
            case "month" -> "Month";
            default -> "Day";
        };
    }

    private static String periodHeaderZh(JsonObject report) {
        return switch (report.getString("grouping")) {
            case "week" -> "周（起始周一）";
            case "month" -> "月份";
            default -> "日期";
        };
    }

    private static List<Column> figureColumns(List<Column> leading) {
        List<Column> columns = new ArrayList<>(leading);
        columns.add(new Column("Issued", "取号数", r -> r.getValue("issued")));
        columns.add(new Column("Served", "完成就诊", r -> r.getValue("served")));
        columns.add(new Column("No-shows", "过号未到", r -> r.getValue("noShows")));
        columns.add(new Column("Cancelled", "取消", r -> r.getValue("cancelled")));
        columns.add(new Column("Transferred in", "转入", r -> r.getValue("transfersIn")));
        for (Map.Entry<String, String[]> m : List.of(
                Map.entry("wait", new String[]{"Wait", "等候"}),
                Map.entry("walk", new String[]{"Walk", "到诊"}),
                Map.entry("service", new String[]{"Service", "服务"}))) {
            String key = m.getKey();
            String en = m.getValue()[0];
            String zh = m.getValue()[1];
            columns.add(new Column(en + " count", zh + "人次", r -> r.getValue(key + "Count")));
            columns.add(new Column(en + " average (min)", zh + "平均（分钟）", r -> minutes(r.getValue(key + "AvgSeconds"))));
            columns.add(new Column(en + " median (min)", zh + "中位数（分钟）", r -> minutes(r.getValue(key + "MedianSeconds"))));
            columns.add(new Column(en + " 90th percentile (min)", zh + "90百分位（分钟）", r -> minutes(r.getValue(key + "P90Seconds"))));
        }
        columns.add(new Column("Idle (min)", "空闲（分钟）", r -> minutes(r.getValue("idleSeconds"))));
        return columns;
    }

    private static Double minutes(Object seconds) {
        if (!(seconds instanceof Number n)) return null;
        return Math.round(n.doubleValue() / 6.0) / 10.0;
    }

    private static List<JsonObject> objects(JsonArray array) {
        List<JsonObject> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) out.add(array.getJsonObject(i));
        return out;
    }

    private static void line(StringBuilder out, List<Object> values) {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) out.append(',');
            out.append(field(values.get(i)));
        }
        out.append("\r\n");
    }

    /**
     * One field: numbers as they are; text quoted when needed, and text that a spreadsheet would run as a formula
     * (starting with = + - @) prefixed with an apostrophe, since service and room names are typed in by people.
     */
    static String field(Object value) {
        if (value == null) return "";
        if (value instanceof Number) return value.toString();
        String text = value.toString();
        if (!text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0) text = "'" + text;
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
