package org.clinickiosk.queue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;

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
     * One service's waiting tickets kept sorted per lane, so that a ticket's place in {@link #order} is found by
     * walking the lanes instead of sorting everything again: adding a new arrival costs O(log n), a place O(n) steps
     * with no allocation. Not thread-safe.
     */
    public static final class Lanes {
        private final NavigableSet<Candidate> emergency = new TreeSet<>(BY_ARRIVAL);
        private final NavigableSet<Candidate> appointment = new TreeSet<>(BY_SLOT);
        private final NavigableSet<Candidate> priority = new TreeSet<>(BY_ARRIVAL);
        private final NavigableSet<Candidate> normal = new TreeSet<>(BY_ARRIVAL);

        public void add(Candidate c) {
            lane(c.lane()).add(c);
        }

        public int size() {
            return emergency.size() + appointment.size() + priority.size() + normal.size();
        }

        private NavigableSet<Candidate> lane(Lane lane) {
            return switch (lane) {
                case EMERGENCY -> emergency;
                case APPOINTMENT -> appointment;
                case PRIORITY -> priority;
                case NORMAL -> normal;
            };
        }

        /**
         * How many tickets {@link #order} puts before {@code target}, or -1 when it is not in these lanes. Equal to
         * {@code order(all, normalsSinceLastPriority, priorityEvery, now).indexOf(target)}.
         */
        public int ahead(Candidate target, int normalsSinceLastPriority, int priorityEvery, long now) {
            if (!lane(target.lane()).contains(target)) return -1;
            if (target.lane() == Lane.EMERGENCY) return emergency.headSet(target, false).size();
            int due = 0;
            int dueBeforeTarget = -1;
            for (Candidate a : appointment) {
                if (a.slotStart() > now) break; // sorted by slot: the due ones come first
                if (a.id() == target.id()) dueBeforeTarget = due;
                due++;
            }
            int ahead = emergency.size();
            if (target.lane() == Lane.APPOINTMENT) {
                if (dueBeforeTarget >= 0) return ahead + dueBeforeTarget;
                // not due yet: after every walk-in, by slot among the others not yet due
                return ahead + due + normal.size() + priority.size() + appointment.headSet(target, false).size() - due;
            }
            ahead += due;
            // the walk-in interleaving of order(), stopped when the target comes out
            Iterator<Candidate> normals = normal.iterator();
            Iterator<Candidate> priorities = priority.iterator();
            Candidate n = normals.hasNext() ? normals.next() : null;
            Candidate p = priorities.hasNext() ? priorities.next() : null;
            int normalsCalled = normalsSinceLastPriority;
            while (n != null || p != null) {
                boolean takePriority = p != null && (n == null || normalsCalled >= priorityEvery
                        || BY_ARRIVAL.compare(p, n) < 0);
                Candidate taken;
                if (takePriority) {
                    taken = p;
                    p = priorities.hasNext() ? priorities.next() : null;
                    normalsCalled = 0;
                } else {
                    taken = n;
                    n = normals.hasNext() ? normals.next() : null;
                    normalsCalled++;
                }
                if (taken.id() == target.id()) return ahead;
                ahead++;
            }
            throw new IllegalStateException("a walk-in ticket in its lane was not reached by the interleaving");
        }
    }
}
