package org.clinickiosk.queue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
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

    /** Arrival order within a lane; the id breaks ties. */
    public static final Comparator<Candidate> BY_ARRIVAL =
            Comparator.comparingLong(Candidate::sortKey).thenComparingLong(Candidate::id);
    /** Appointment order: by slot, then arrival. */
    public static final Comparator<Candidate> BY_SLOT =
            Comparator.comparingLong(Candidate::slotStart).thenComparing(BY_ARRIVAL);

    public static List<Candidate> order(List<Candidate> waiting, int normalsSinceLastPriority, int priorityEvery,
                                        long now) {
        Comparator<Candidate> byArrival = BY_ARRIVAL;
        Comparator<Candidate> bySlot = BY_SLOT;

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

    /**
     * One service's waiting tickets kept sorted per lane, so that a ticket's place in {@link #order} is found without
     * sorting everything again: a new arrival (the usual addition) is appended, and a place is found by binary
     * searches and by taking the walk-ins in runs (a run of normal tickets ends at the next priority ticket's turn),
     * so it costs O(priority tickets × log n), not O(n). Not thread-safe.
     */
    public static final class Lanes {
        private final List<Candidate> emergency = new ArrayList<>();
        private final List<Candidate> appointment = new ArrayList<>();
        private final List<Candidate> priority = new ArrayList<>();
        private final List<Candidate> normal = new ArrayList<>();

        public void add(Candidate c) {
            List<Candidate> lane = lane(c.lane());
            Comparator<Candidate> order = c.lane() == Lane.APPOINTMENT ? BY_SLOT : BY_ARRIVAL;
            int at = Collections.binarySearch(lane, c, order);
            if (at >= 0) throw new IllegalArgumentException("ticket " + c.id() + " is already in its lane");
            lane.add(-at - 1, c);
        }

        public int size() {
            return emergency.size() + appointment.size() + priority.size() + normal.size();
        }

        private List<Candidate> lane(Lane lane) {
            return switch (lane) {
                case EMERGENCY -> emergency;
                case APPOINTMENT -> appointment;
                case PRIORITY -> priority;
                case NORMAL -> normal;
            };
        }

        /** Index of c in its sorted lane, or -1. */
        private int indexOf(Candidate c) {
            List<Candidate> lane = lane(c.lane());
            int at = Collections.binarySearch(lane, c, c.lane() == Lane.APPOINTMENT ? BY_SLOT : BY_ARRIVAL);
            return at >= 0 && lane.get(at).id() == c.id() ? at : -1;
        }

        /** How many of the lane's first tickets arrived before {@code c} (the lane is sorted by arrival). */
        private static int arrivedBefore(List<Candidate> lane, Candidate c) {
            int at = Collections.binarySearch(lane, c, BY_ARRIVAL);
            return at >= 0 ? at : -at - 1;
        }

        /**
         * How many tickets {@link #order} puts before {@code target}, or -1 when it is not in these lanes. Equal to
         * {@code order(all, normalsSinceLastPriority, priorityEvery, now).indexOf(target)}.
         */
        public int ahead(Candidate target, int normalsSinceLastPriority, int priorityEvery, long now) {
            int index = indexOf(target);
            if (index < 0) return -1;
            if (target.lane() == Lane.EMERGENCY) return index;
            // appointments are sorted by slot: the due ones (slot begun) are the first `due`
            int due = 0;
            for (int lo = 0, hi = appointment.size(); lo < hi; ) {
                int mid = (lo + hi) >>> 1;
                if (appointment.get(mid).slotStart() <= now) lo = due = mid + 1;
                else hi = mid;
            }
            int ahead = emergency.size();
            if (target.lane() == Lane.APPOINTMENT) {
                return index < due ? ahead + index : ahead + due + normal.size() + priority.size() + (index - due);
            }
            ahead += due;
            // the walk-in interleaving of order(), a priority ticket at a time and normal ones in runs
            int n = 0;                        // normal tickets taken
            int p = 0;                        // priority tickets taken
            int normalsCalled = normalsSinceLastPriority;
            while (n < normal.size() || p < priority.size()) {
                boolean takePriority = p < priority.size() && (n == normal.size() || normalsCalled >= priorityEvery
                        || BY_ARRIVAL.compare(priority.get(p), normal.get(n)) < 0);
                if (takePriority) {
                    if (target.lane() == Lane.PRIORITY && p == index) return ahead + n + p;
                    p++;
                    normalsCalled = 0;
                } else {
                    // normal tickets until the next priority one is due (by count) or arrived earlier
                    int run = p == priority.size() ? normal.size() - n
                            : Math.min(priorityEvery - normalsCalled, arrivedBefore(normal, priority.get(p)) - n);
                    if (target.lane() == Lane.NORMAL && index < n + run) return ahead + index + p;
                    n += run;
                    normalsCalled += run;
                }
            }
            throw new IllegalStateException("a walk-in ticket in its lane was not reached by the interleaving");
        }
    }
}
