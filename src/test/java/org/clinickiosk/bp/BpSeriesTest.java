package org.clinickiosk.bp;

import io.vertx.core.json.JsonObject;
import org.clinickiosk.device.bp.BpErrorCode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The guided repeat measurement and the texts shown with it. */
class BpSeriesTest {
    private static BpSeries.Values v(int s, int d, int p) {
        return new BpSeries.Values(s, d, p);
    }

    @Test
    void twoReadingsAreAveragedAndTheMeanIsClassified() {
        BpSeries series = new BpSeries(List.of(v(142, 88, 70), v(137, 86, 74)));
        assertEquals(139.5, series.meanSystolic());
        assertEquals(87.0, series.meanDiastolic());
        assertEquals(BpCategory.NORMAL_HIGH, series.classification().category(), "139.5 is below 140");
        assertFalse(series.wantsAnother(), "a difference of exactly 5 mmHg needs no third reading");
        JsonObject json = series.toJson();
        assertEquals(139.5, json.getDouble("systolic"));
        assertEquals(87, json.getValue("diastolic"));
        assertEquals("normal-high", json.getString("category"));
        assertEquals(2, json.getInteger("count"));
        assertFalse(json.containsKey("next"));
    }

    @Test
    void aFirstReadingAsksForASecond() {
        BpSeries one = new BpSeries(List.of(v(150, 95, 80)));
        assertTrue(one.wantsAnother());
        assertTrue(one.toJson().getJsonObject("next").getString("zh-CN").contains("1到2分钟"));
    }

    @Test
    void twoReadingsMoreThanFiveApartAskForAThirdAndAllThreeAreAveraged() {
        BpSeries systolicApart = new BpSeries(List.of(v(150, 90, 70), v(144, 90, 70)));
        assertTrue(systolicApart.firstTwoDisagree());
        assertTrue(systolicApart.wantsAnother());
        assertTrue(systolicApart.toJson().getJsonObject("next").getString("en").contains("third"));
        assertTrue(new BpSeries(List.of(v(130, 80, 70), v(130, 86, 70))).wantsAnother(), "diastolic 6 apart");
        BpSeries three = new BpSeries(List.of(v(150, 90, 70), v(144, 90, 72), v(146, 93, 74)));
        assertFalse(three.wantsAnother());
        assertEquals(440 / 3.0, three.meanSystolic(), 1e-9);
        assertEquals(146.7, three.toJson().getDouble("systolic"));
        assertEquals(91, three.toJson().getValue("diastolic"));
        assertEquals(BpCategory.GRADE_1, three.classification().category());
    }

    @Test
    void aSeriesHasOneToThreeReadings() {
        assertThrows(IllegalArgumentException.class, () -> new BpSeries(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new BpSeries(List.of(v(1, 1, 1), v(1, 1, 1), v(1, 1, 1),
                v(1, 1, 1))));
    }

    @Test
    void everyCategoryAndEveryDeviceErrorHasPlainWordsInBothLanguages() {
        assertTrue(BpTexts.coversEveryErrorCode());
        for (BpErrorCode code : BpErrorCode.values()) {
            JsonObject text = BpTexts.error(code.key());
            assertFalse(text.getString("zh-CN").isBlank(), code.key());
            assertFalse(text.getString("en").isBlank(), code.key());
            assertNotEquals(BpTexts.error("no-such-code"), text, code.key() + " has its own words");
        }
        for (BpCategory category : BpCategory.values()) {
            JsonObject text = BpTexts.describe(new BpClassification(category, false));
            for (String part : List.of("label", "explanation", "advice", "note")) {
                assertFalse(text.getJsonObject(part).getString("zh-CN").isBlank(), category + " " + part);
                assertFalse(text.getJsonObject(part).getString("en").isBlank(), category + " " + part);
            }
        }
        assertTrue(BpTexts.advice(BpCategory.GRADE_3, "zh-CN").contains("立即"), "a crisis advises immediate attention");
        assertTrue(BpTexts.advice(BpCategory.GRADE_1, "en").contains("general practitioner"));
        assertTrue(BpTexts.advice(BpCategory.GRADE_2, "zh-CN").contains("全科"));
        assertTrue(BpTexts.advice(BpCategory.NORMAL_HIGH, "zh-CN").contains("盐"), "normal-high gets lifestyle advice");
        assertTrue(BpTexts.describe(BpClassification.of(150, 80)).containsKey("isolatedSystolic"));
    }
}
