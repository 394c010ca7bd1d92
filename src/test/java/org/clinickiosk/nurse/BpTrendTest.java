package org.clinickiosk.nurse;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BpTrendTest {
    private static BpTrend.Reading bp(int systolic) {
        return new BpTrend.Reading(systolic, 85, "2026-11-23T09:00:00+08:00");
    }

    @Test
    void fewerThanTwoReadingsSayNothing() {
        assertEquals("unknown", BpTrend.of(List.of()));
        assertEquals("unknown", BpTrend.of(List.of(bp(190))));
    }

    @Test
    void theNewestAgainstTheOldestOfTheLastThreeWithATenMmHgThreshold() {
        assertEquals("rising", BpTrend.of(List.of(bp(150), bp(145), bp(140))));
        assertEquals("falling", BpTrend.of(List.of(bp(130), bp(138), bp(140))));
        assertEquals("steady", BpTrend.of(List.of(bp(149), bp(120), bp(140))));
        assertEquals("rising", BpTrend.of(List.of(bp(150), bp(140))));
        // a fourth, older reading is outside the window
        assertEquals("steady", BpTrend.of(List.of(bp(150), bp(148), bp(145), bp(100))));
    }
}
