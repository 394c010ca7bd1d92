package org.clinickiosk.queue;

import org.clinickiosk.queue.QueueOrdering.Candidate;
import org.clinickiosk.queue.QueueOrdering.Lane;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class QueueOrderingTest {

    private static final long NOW = 1_000_000;

    private static Candidate normal(long id, long arrival) { return new Candidate(id, Lane.NORMAL, arrival, null); }
    private static Candidate priority(long id, long arrival) { return new Candidate(id, Lane.PRIORITY, arrival, null); }
    private static Candidate emergency(long id, long arrival) { return new Candidate(id, Lane.EMERGENCY, arrival, null); }
    private static Candidate appointment(long id, long arrival, long slot) { return new Candidate(id, Lane.APPOINTMENT, arrival, slot); }

    private static List<Long> ids(List<Candidate> ordered) {
        return ordered.stream().map(Candidate::id).toList();
    }

    @Test
    void oneLateArrivingPriorityTicketAfterEveryTwoNormals() {
        List<Candidate> waiting = List.of(normal(1, 10), normal(2, 20), normal(3, 30), normal(4, 40),
                priority(5, 50), priority(6, 60));
        assertEquals(List.of(1L, 2L, 5L, 3L, 4L, 6L), ids(QueueOrdering.order(waiting, 0, 2, NOW)));
    }

    @Test
    void normalsCalledBeforeThisListCountTowardsTheNextPriority() {
        List<Candidate> waiting = List.of(normal(1, 10), normal(2, 20), priority(3, 30));
        assertEquals(List.of(1L, 3L, 2L), ids(QueueOrdering.order(waiting, 1, 2, NOW)));
        assertEquals(List.of(3L, 1L, 2L), ids(QueueOrdering.order(waiting, 2, 2, NOW)));
    }

    @Test
    void aPriorityTicketOlderThanEveryNormalOneIsNotMadeToWait() {
        List<Candidate> waiting = List.of(priority(1, 5), normal(2, 10), normal(3, 20));
        assertEquals(List.of(1L, 2L, 3L), ids(QueueOrdering.order(waiting, 0, 2, NOW)));
    }

    @Test
    void whenOneSideIsEmptyTheOtherIsServedInArrivalOrder() {
        assertEquals(List.of(2L, 1L, 3L), ids(QueueOrdering.order(
                List.of(priority(1, 20), priority(2, 10), priority(3, 30)), 0, 2, NOW)));
        assertEquals(List.of(1L, 2L, 3L), ids(QueueOrdering.order(
                List.of(normal(3, 30), normal(1, 10), normal(2, 20)), 5, 2, NOW)));
    }

    @Test
    void emergenciesFirstThenAppointmentsDueBySlotThenWalkInsThenAppointmentsNotYetDue() {
        List<Candidate> waiting = List.of(normal(1, 10), appointment(2, 50, NOW + 60_000), appointment(3, 40, NOW - 1),
                appointment(4, 30, NOW - 600_000), emergency(5, 90), priority(6, 20));
        assertEquals(List.of(5L, 4L, 3L, 1L, 6L, 2L), ids(QueueOrdering.order(waiting, 0, 2, NOW)));
    }

    @Test
    void neitherSideStarves() {
        List<Candidate> waiting = new ArrayList<>();
        for (int i = 0; i < 30; i++) waiting.add(normal(i, i * 10L));
        for (int i = 30; i < 60; i++) waiting.add(priority(i, 1000 + i));
        List<Candidate> ordered = QueueOrdering.order(waiting, 0, 3, NOW);
        // In any window of 4 consecutive calls while both sides wait, at least one normal and one priority.
        int normalsSeen = 0;
        int prioritySeen = 0;
        for (int i = 0; i < 40; i++) {
            if (ordered.get(i).lane() == Lane.NORMAL) normalsSeen++;
            else prioritySeen++;
        }
        assertEquals(30, normalsSeen);
        assertEquals(10, prioritySeen);
        for (int i = 0; i + 4 <= 40; i++) {
            long normalsInWindow = ordered.subList(i, i + 4).stream().filter(c -> c.lane() == Lane.NORMAL).count();
            assertEquals(true, normalsInWindow >= 1 && normalsInWindow <= 3, "window at " + i);
        }
    }

    @Test
    void tiesInArrivalAreBrokenById() {
        assertEquals(List.of(1L, 2L), ids(QueueOrdering.order(List.of(normal(2, 10), normal(1, 10)), 0, 2, NOW)));
    }

    @Test
    void countsNormalsSinceTheLastPriorityIgnoringOtherLanes() {
        assertEquals(2, QueueOrdering.normalsSinceLastPriority(List.of(Lane.NORMAL, Lane.EMERGENCY, Lane.NORMAL,
                Lane.PRIORITY, Lane.NORMAL)));
        assertEquals(0, QueueOrdering.normalsSinceLastPriority(List.of(Lane.PRIORITY, Lane.NORMAL)));
        assertEquals(3, QueueOrdering.normalsSinceLastPriority(List.of(Lane.NORMAL, Lane.APPOINTMENT, Lane.NORMAL,
                Lane.NORMAL)));
    }

    @Test
    void requeuePlacesBehindTheHead() {
        assertEquals(25, QueueService.placeBehindHead(List.of(10L, 20L, 30L, 40L), 2, 99));
        assertEquals(9, QueueService.placeBehindHead(List.of(10L, 20L), 0, 99));
        assertEquals(99, QueueService.placeBehindHead(List.of(10L, 20L), 5, 99));
        assertEquals(77, QueueService.placeBehindHead(List.of(), 2, 77));
        assertEquals(10 + QueueService.SORT_KEY_GAP / 2,
                QueueService.placeBehindHead(List.of(10L, 10 + QueueService.SORT_KEY_GAP), 1, 99));
    }
}
