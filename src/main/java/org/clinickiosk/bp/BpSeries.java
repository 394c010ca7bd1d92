package org.clinickiosk.bp;

import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.List;

/**
 * The guideline's repeated office measurement: two readings 1–2 minutes apart are averaged; when their systolic or
 * diastolic values differ by more than 5 mmHg a third is taken and all three are averaged. The mean is classified.
 *
 * <p>A reading joins the resident's latest series at the same kiosk when that series began at most
 * {@link #WINDOW} earlier and still wants a reading; otherwise it starts a new series. The kiosk page shows a 1–2
 * minute countdown before the next reading; the server does not refuse a quicker one (it is still a real reading).
 */
public record BpSeries(List<Values> readings) {
    public static final Duration WINDOW = Duration.ofMinutes(10);
    static final int MAX_DIFFERENCE_MMHG = 5;

    public record Values(int systolic, int diastolic, int pulse) {}

    public BpSeries {
        if (readings.isEmpty() || readings.size() > 3) {
            throw new IllegalArgumentException("a series has 1 to 3 readings, got " + readings.size());
        }
        readings = List.copyOf(readings);
    }

    /** The first two readings differ by more than 5 mmHg in systolic or diastolic pressure. */
    public boolean firstTwoDisagree() {
        if (readings.size() < 2) return false;
        Values a = readings.get(0), b = readings.get(1);
        return Math.abs(a.systolic() - b.systolic()) > MAX_DIFFERENCE_MMHG
                || Math.abs(a.diastolic() - b.diastolic()) > MAX_DIFFERENCE_MMHG;
    }

    /** One reading so far, or two that disagree: the guideline asks for another. */
    public boolean wantsAnother() {
        return readings.size() == 1 || (readings.size() == 2 && firstTwoDisagree());
    }

    public double meanSystolic() { return readings.stream().mapToInt(Values::systolic).average().orElseThrow(); }

    public double meanDiastolic() { return readings.stream().mapToInt(Values::diastolic).average().orElseThrow(); }

    public double meanPulse() { return readings.stream().mapToInt(Values::pulse).average().orElseThrow(); }

    /** The category of the mean, unrounded. */
    public BpClassification classification() {
        return BpClassification.of(meanSystolic(), meanDiastolic());
    }

    /** {count, systolic, diastolic, pulse (means, one decimal), category, isolatedSystolic, crisis, wantsAnother, next?}. */
    public JsonObject toJson() {
        BpClassification c = classification();
        JsonObject json = new JsonObject().put("count", readings.size())
                .put("systolic", oneDecimal(meanSystolic())).put("diastolic", oneDecimal(meanDiastolic()))
                .put("pulse", oneDecimal(meanPulse())).put("category", c.category().code())
                .put("isolatedSystolic", c.isolatedSystolic()).put("crisis", c.category().crisis())
                .put("wantsAnother", wantsAnother()).put("text", BpTexts.describe(c));
        if (wantsAnother()) json.put("next", BpTexts.nextReading(readings.size() == 2));
        return json;
    }

    /** 141.5 stays 141.5, 141.0 becomes 141: a mean is shown as measured, never rounded across a boundary. */
    static Number oneDecimal(double value) {
        double rounded = Math.floor(value * 10 + 0.5) / 10;
        return rounded == Math.rint(rounded) ? (Number) (int) rounded : (Number) rounded;
    }
}
