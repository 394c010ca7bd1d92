package org.clinickiosk.bp;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The printed result ({@code print-slip {title, lines}} for the ticket printer): the reading, or the mean of its
 * series when there are two or three, the category with its explanation and advice, and the last five readings.
 * No name or ID number: the slip may be left lying in the lobby.
 */
final class BpSlip {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("MM-dd HH:mm");

    private BpSlip() {}

    static JsonObject build(String clinicName, StoredReading reading, BpSeries series, List<StoredReading> newestFirst,
                            ZoneId zone, String lang) {
        boolean en = BpTexts.EN.equals(lang);
        boolean averaged = series != null && series.readings().size() > 1;
        BpClassification shown = averaged ? series.classification() : reading.classification();
        JsonArray lines = new JsonArray().add(clinicName)
                .add((en ? "Measured: " : "测量时间：") + WHEN.format(Instant.ofEpochMilli(reading.measuredAt()).atZone(zone)))
                .add((en ? "Blood pressure: " : "血压：") + reading.systolic() + "/" + reading.diastolic() + " mmHg")
                .add((en ? "Pulse: " : "脉搏：") + reading.pulse() + (en ? " /min" : " 次/分"));
        if (averaged) {
            lines.add((en ? "Mean of " + series.readings().size() + " readings: " : series.readings().size() + "次平均：")
                    + BpSeries.oneDecimal(series.meanSystolic()) + "/" + BpSeries.oneDecimal(series.meanDiastolic())
                    + " mmHg");
        }
        lines.add((en ? "Category: " : "分类：") + BpTexts.label(shown.category(), lang))
                .add(BpTexts.explanation(shown, lang))
                .add(BpTexts.advice(shown.category(), lang))
                .add("")
                .add(en ? "Last readings:" : "最近测量：");
        for (StoredReading r : newestFirst) {
            lines.add(SHORT.format(Instant.ofEpochMilli(r.measuredAt()).atZone(zone)) + "  " + r.systolic() + "/"
                    + r.diastolic() + "  " + r.pulse() + "  " + BpTexts.label(r.classification().category(), lang));
        }
        lines.add("").add(BpTexts.notADiagnosis(lang));
        return new JsonObject().put("title", en ? "Blood pressure self-test" : "血压自测结果").put("lines", lines);
    }
}
