package org.clinickiosk.bp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The guideline table (shared/domain/bp-monitors.md) at every boundary, for each pressure alone and together. */
class BpClassificationTest {

    /** Systolic on each side of every boundary, with a diastolic that is normal. */
    @ParameterizedTest(name = "{0}/70 is {1}")
    @CsvSource({
            "60, normal", "119, normal", "120, normal-high", "139, normal-high", "140, grade-1", "159, grade-1",
            "160, grade-2", "179, grade-2", "180, grade-3", "260, grade-3"})
    void systolicBoundaries(int systolic, String category) {
        assertEquals(category, BpClassification.of(systolic, 70).category().code());
    }

    /** Diastolic on each side of every boundary, with a systolic that is normal. */
    @ParameterizedTest(name = "115/{0} is {1}")
    @CsvSource({
            "30, normal", "79, normal", "80, normal-high", "89, normal-high", "90, grade-1", "99, grade-1",
            "100, grade-2", "109, grade-2", "110, grade-3", "114, grade-3"})
    void diastolicBoundaries(int diastolic, String category) {
        BpClassification c = BpClassification.of(115, diastolic);
        assertEquals(category, c.category().code());
        assertFalse(c.isolatedSystolic(), "a raised diastolic is never isolated systolic");
    }

    /** When the two fall in different categories the higher one counts, whichever pressure it comes from. */
    @ParameterizedTest(name = "{0}/{1} is {2}")
    @CsvSource({
            "125, 95, grade-1", "145, 85, grade-1", "150, 105, grade-2", "165, 92, grade-2", "135, 112, grade-3",
            "185, 80, grade-3", "119, 80, normal-high", "120, 79, normal-high", "139, 89, normal-high",
            "140, 90, grade-1", "179, 109, grade-2", "180, 110, grade-3"})
    void theHigherCategoryWins(int systolic, int diastolic, String category) {
        assertEquals(category, BpClassification.of(systolic, diastolic).category().code());
    }

    /** Isolated systolic hypertension: systolic ≥ 140 and diastolic < 90, graded by the systolic value. */
    @ParameterizedTest(name = "{0}/{1} isolated systolic: {2}")
    @CsvSource({
            "140, 89, true, grade-1", "140, 90, false, grade-1", "139, 60, false, normal-high",
            "165, 70, true, grade-2", "190, 88, true, grade-3", "190, 95, false, grade-3", "150, 30, true, grade-1"})
    void isolatedSystolicHypertension(int systolic, int diastolic, boolean isolated, String category) {
        BpClassification c = BpClassification.of(systolic, diastolic);
        assertEquals(isolated, c.isolatedSystolic());
        assertEquals(category, c.category().code());
    }

    /** A mean is classified exactly: 139.5 is below 140, 89.5 below 90. */
    @ParameterizedTest(name = "{0}/{1} is {2}")
    @CsvSource({
            "139.5, 70, normal-high", "119.5, 79.5, normal", "140.0, 89.5, grade-1", "179.5, 109.5, grade-2",
            "130, 89.5, normal-high", "130, 109.667, grade-2"})
    void meansAreNotRoundedAcrossABoundary(double systolic, double diastolic, String category) {
        assertEquals(category, BpClassification.of(systolic, diastolic).category().code());
    }

    @Test
    void onlyGradeThreeIsACrisisAndGradeOneUpIsHypertensive() {
        assertTrue(BpCategory.GRADE_3.crisis());
        assertFalse(BpCategory.GRADE_2.crisis());
        assertTrue(BpCategory.GRADE_1.hypertensive());
        assertFalse(BpCategory.NORMAL_HIGH.hypertensive());
    }

    @Test
    void impossiblePressuresAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> BpClassification.of(0, 80));
        assertThrows(IllegalArgumentException.class, () -> BpClassification.of(120, -1));
        assertThrows(IllegalArgumentException.class, () -> BpClassification.of(Double.NaN, 80));
        assertThrows(IllegalArgumentException.class, () -> BpClassification.of(Double.POSITIVE_INFINITY, 80));
    }
}
