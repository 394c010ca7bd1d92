package org.clinickiosk.nurse;

import java.util.List;

/**
 * The direction of a resident's blood pressure over their last readings, for the nurse's panel: the systolic value
 * of the newest reading against the oldest of the last {@link #WINDOW}. A change of {@link #THRESHOLD_MMHG} or more
 * is a trend; less is "steady"; fewer than two readings say nothing ("unknown").
 */
public final class BpTrend {
    public static final int WINDOW = 3;
    public static final int THRESHOLD_MMHG = 10;

    public record Reading(int systolic, int diastolic, String at) {}

    private BpTrend() {}

    /** @param newestFirst readings, newest first */
    public static String of(List<Reading> newestFirst) {
        if (newestFirst.size() < 2) return "unknown";
        int newest = newestFirst.get(0).systolic();
        int oldest = newestFirst.get(Math.min(WINDOW, newestFirst.size()) - 1).systolic();
        int change = newest - oldest;
        if (change >= THRESHOLD_MMHG) return "rising";
        if (change <= -THRESHOLD_MMHG) return "falling";
        return "steady";
    }
}
