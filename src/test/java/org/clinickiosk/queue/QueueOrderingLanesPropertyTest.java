package org.clinickiosk.queue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.clinickiosk.queue.QueueOrdering.Candidate;
import org.clinickiosk.queue.QueueOrdering.Lane;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The incremental place in {@link QueueOrdering.Lanes} agrees with the full {@link QueueOrdering#order} everywhere. */
class QueueOrderingLanesPropertyTest {

    private static final long NOW = 5_000;

    record Spec(Lane lane, int arrival, int slot) {}

    @Provide
    Arbitrary<List<Spec>> waiting() {
        // few distinct arrivals and slots, so ties (broken by id) and due/not-due appointments are common
        return Combinators.combine(Arbitraries.of(Lane.class), Arbitraries.integers().between(0, 30),
                        Arbitraries.integers().between(0, 10))
                .as(Spec::new).list().ofMaxSize(40);
    }

    @Property(tries = 500)
    void everyTicketsPlaceIsItsIndexInTheFullOrder(@ForAll("waiting") List<Spec> specs,
                                                   @ForAll @IntRange(min = 0, max = 6) int normalsSinceLastPriority,
                                                   @ForAll @IntRange(min = 1, max = 4) int priorityEvery) {
        List<Candidate> waiting = new ArrayList<>();
        QueueOrdering.Lanes lanes = new QueueOrdering.Lanes();
        long id = 1;
        for (Spec s : specs) {
            Long slot = s.lane() == Lane.APPOINTMENT ? s.slot() * 1_000L : null; // slots on both sides of NOW
            Candidate c = new Candidate(id++, s.lane(), s.arrival(), slot);
            waiting.add(c);
            lanes.add(c);
        }
        List<Candidate> order = QueueOrdering.order(waiting, normalsSinceLastPriority, priorityEvery, NOW);
        assertEquals(waiting.size(), lanes.size());
        for (Candidate c : waiting) {
            assertEquals(order.indexOf(c), lanes.ahead(c, normalsSinceLastPriority, priorityEvery, NOW),
                    "place of " + c + " in " + order);
        }
        assertEquals(-1, lanes.ahead(new Candidate(id, Lane.NORMAL, 0, null), normalsSinceLastPriority,
                priorityEvery, NOW), "a ticket that is not waiting has no place");
    }
}
