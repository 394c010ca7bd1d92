package org.clinickiosk.queue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * The order in which waiting tickets are called, as a pure function of the waiting tickets and of how many normal
 * walk-ins were called since the last priority one.
 *
 * <ol>
 *   <li>Emergencies, by arrival.</li>
 *   <li>Appointments checked in on time whose slot has begun, by slot start.</li>
 *   <li>Walk-ins by arrival, with one priority ticket (elderly, disability, serviceman, pregnancy) after every
 *       {@code priorityEvery} normal ones. A priority ticket that arrived before the oldest normal one is never made
 *       to wait for it, and when either side is empty the other is served: neither side starves.</li>
 *   <li>Appointments whose slot has not begun yet, by slot start (so a room never idles while they wait).</li>
 * </ol>
 */
public final class QueueOrdering {
    private QueueOrdering() {}

    public enum Lane { EMERGENCY, APPOINTMENT, PRIORITY, NORMAL }

    /** A waiting ticket as the ordering sees it; {@code sortKey} is arrival (or its requeued place). */
    public record Candidate(long id, Lane lane, long sortKey, Long slotStart) {}

    public static List<Candidate> order(List<Candidate> waiting, int normalsSinceLastPriority, int priorityEvery,
                                        long now) {
        Comparator<Candidate> byArrival = Comparator.comparingLong(Candidate::sortKey).thenComparingLong(Candidate::id);
        Comparator<Candidate> bySlot = Comparator.comparingLong(Candidate::slotStart).thenComparing(byArrival);

        List<Candidate> result = new ArrayList<>(waiting.size());
        waiting.stream().filter(c -> c.lane() == Lane.EMERGENCY).sorted(byArrival).forEach(result::add);
        waiting.stream().filter(c -> c.lane() == Lane.APPOINTMENT && c.slotStart() <= now).sorted(bySlot)
                .forEach(result::add);

        Deque<Candidate> normal = new ArrayDeque<>(
                waiting.stream().filter(c -> c.lane() == Lane.NORMAL).sorted(byArrival).toList());
        Deque<Candidate> priority = new ArrayDeque<>(
                waiting.stream().filter(c -> c.lane() == Lane.PRIORITY).sorted(byArrival).toList());
        int normalsCalled = normalsSinceLastPriority;
        while (!normal.isEmpty() || !priority.isEmpty()) {
            boolean takePriority = !priority.isEmpty() && (normal.isEmpty()
                    || normalsCalled >= priorityEvery
                    || byArrival.compare(priority.peekFirst(), normal.peekFirst()) < 0);
            if (takePriority) {
                result.add(priority.pollFirst());
                normalsCalled = 0;
            } else {
                result.add(normal.pollFirst());
                normalsCalled++;
            }
        }

        waiting.stream().filter(c -> c.lane() == Lane.APPOINTMENT && c.slotStart() > now).sorted(bySlot)
                .forEach(result::add);
        return result;
    }

    /**
     * How many normal walk-ins were called since the last priority walk-in, from the lanes of the most recent first
     * calls (newest first). Emergencies and appointments do not count either way.
     */
    public static int normalsSinceLastPriority(List<Lane> recentFirstCallsNewestFirst) {
        int count = 0;
        for (Lane lane : recentFirstCallsNewestFirst) {
            if (lane == Lane.PRIORITY) return count;
            if (lane == Lane.NORMAL) count++;
        }
        return count;
    }
}
