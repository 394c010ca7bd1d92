package org.clinickiosk.queue;

import io.vertx.core.json.JsonObject;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.clinickiosk.store.Sql;
import org.clinickiosk.testsupport.MutableClock;
import org.clinickiosk.web.ApiException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Random sequences of every queue action against a real store, checked after each step against a model of allowed
 * transitions: no ticket is lost or duplicated, numbers stay unique, refused actions change nothing, and what the
 * engine calls was waiting in a service of the calling room.
 */
class QueuePropertyTest {

    private static final List<String> SERVICES = List.of("gp", "tcm", "vaccination", "chronic");
    private static final List<String> ROOMS = List.of("R1", "R2", "R3", "R4");
    private static final Map<String, List<String>> ROOM_SERVICES = Map.of(
            "R1", List.of("gp"), "R2", List.of("gp", "chronic"), "R3", List.of("tcm"), "R4", List.of("vaccination"));
    private static final Map<String, Set<String>> ALLOWED_FROM = Map.of(
            "recall", Set.of("called"), "start", Set.of("called"), "finish", Set.of("serving"),
            "no-show", Set.of("called"), "requeue", Set.of("no_show"), "cancel", Set.of("waiting", "called"),
            "transfer", Set.of("waiting", "called", "serving"), "call", Set.of("waiting"));

    record Step(String action, int a, int b) {}

    private QueueFixture f;

    @BeforeProperty
    void open() throws Exception {
        f = new QueueFixture(MutableClock.shanghai(9, 0));
    }

    @AfterProperty
    void close() throws Exception {
        f.close();
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<String> action = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.just("issue")),
                net.jqwik.api.Tuple.of(4, Arbitraries.just("call-next")),
                net.jqwik.api.Tuple.of(1, Arbitraries.just("call")),
                net.jqwik.api.Tuple.of(2, Arbitraries.just("recall")),
                net.jqwik.api.Tuple.of(3, Arbitraries.just("start")),
                net.jqwik.api.Tuple.of(3, Arbitraries.just("finish")),
                net.jqwik.api.Tuple.of(1, Arbitraries.just("no-show")),
                net.jqwik.api.Tuple.of(1, Arbitraries.just("requeue")),
                net.jqwik.api.Tuple.of(1, Arbitraries.just("cancel")),
                net.jqwik.api.Tuple.of(1, Arbitraries.just("transfer")),
                net.jqwik.api.Tuple.of(1, Arbitraries.just("pause")));
        return Combinators.combine(action, Arbitraries.integers().between(0, 40), Arbitraries.integers().between(0, 40))
                .as(Step::new).list().ofMinSize(5).ofMaxSize(60);
    }

    @Property(tries = 40)
    void noSequenceOfActionsLosesOrDuplicatesATicket(@ForAll("steps") List<Step> steps) throws Exception {
        // each try starts from an empty clinic
        f.close();
        f = new QueueFixture(MutableClock.shanghai(9, 0));
        Map<Long, String> status = new HashMap<>();
        Map<Long, String> service = new HashMap<>();
        List<Long> ids = new ArrayList<>();
        Set<String> paused = new HashSet<>();
        int issued = 0;
        for (Step step : steps) {
            f.clock.advance(Duration.ofSeconds(3)); // past the double-click window: every click is a decision
            if (step.action().equals("issue")) {
                String s = SERVICES.get(step.a() % SERVICES.size());
                QueueService.Change change = f.queue.issue(new QueueService.IssueRequest(s, null,
                        step.b() % 5 == 0 ? "disability" : null, "K1"), f.kiosk, "key-" + System.nanoTime()).await();
                Ticket t = change.ticket();
                assertEquals("waiting", t.status());
                // the answer's place comes from the in-memory order; reading the queue afresh must agree
                JsonObject fresh = f.queue.ticket(t.id()).await();
                for (String field : List.of("position", "peopleAhead", "estimatedWaitMinutes")) {
                    assertEquals(fresh.getValue(field), change.view().getValue(field), field + " of " + t.number());
                }
                status.put(t.id(), "waiting");
                service.put(t.id(), s);
                ids.add(t.id());
                issued++;
            } else if (step.action().equals("pause")) {
                String room = ROOMS.get(step.a() % ROOMS.size());
                boolean pause = !paused.contains(room);
                f.queue.setPaused(room, pause, f.nurse1).await();
                if (pause) paused.add(room); else paused.remove(room);
            } else if (step.action().equals("call-next")) {
                String room = ROOMS.get(step.a() % ROOMS.size());
                try {
                    Ticket t = f.queue.callNext(room, f.nurse1).await().ticket();
                    if (paused.contains(room)) fail("a paused room called " + t);
                    boolean anyWaiting = status.entrySet().stream().anyMatch(e -> e.getValue().equals("waiting")
                            && ROOM_SERVICES.get(room).contains(service.get(e.getKey())));
                    if (t == null) {
                        assertTrue(!anyWaiting, "call-next found nobody although someone waits for " + room);
                    } else {
                        assertEquals("waiting", status.get(t.id()), "called a ticket that was not waiting");
                        assertTrue(ROOM_SERVICES.get(room).contains(service.get(t.id())));
                        status.put(t.id(), "called");
                    }
                } catch (RuntimeException e) {
                    assertEquals("room_paused", code(e));
                    assertTrue(paused.contains(room));
                }
            } else if (!ids.isEmpty()) {
                long id = ids.get(step.a() % ids.size());
                String before = status.get(id);
                boolean allowed = ALLOWED_FROM.get(step.action()).contains(before);
                String room = ROOM_SERVICES.entrySet().stream().filter(e -> e.getValue().contains(service.get(id)))
                        .map(Map.Entry::getKey).sorted().findFirst().orElseThrow();
                String target = SERVICES.get(step.b() % SERVICES.size());
                if (step.action().equals("transfer") && target.equals(service.get(id))) allowed = false;
                if (step.action().equals("call") && paused.contains(room)) allowed = false;
                try {
                    Ticket t = apply(step.action(), id, room, target);
                    assertTrue(allowed, step.action() + " from " + before + " must be refused");
                    status.put(id, t.status());
                    service.put(id, t.serviceId());
                } catch (RuntimeException e) {
                    assertTrue(!allowed, step.action() + " from " + before + " was refused: " + e);
                    String code = code(e);
                    assertTrue(Set.of("invalid_transition", "same_service", "room_paused").contains(code), code);
                }
            }
            checkInvariants(status, service, issued);
        }
    }

    private Ticket apply(String action, long id, String room, String target) {
        return switch (action) {
            case "call" -> f.queue.call(id, room, f.nurse1).await().ticket();
            case "recall" -> f.queue.recall(id, f.nurse1).await().ticket();
            case "start" -> f.queue.start(id, f.nurse1).await().ticket();
            case "finish" -> f.queue.finish(id, f.nurse1).await().ticket();
            case "no-show" -> f.queue.noShow(id, f.nurse1).await().ticket();
            case "requeue" -> f.queue.requeue(id, f.nurse1).await().ticket();
            case "cancel" -> f.queue.cancel(id, f.nurse1).await().ticket();
            case "transfer" -> f.queue.transfer(id, target, f.nurse1).await().ticket();
            default -> throw new IllegalArgumentException(action);
        };
    }

    /** The refusal's code; anything that is not a refusal fails the property. */
    private static String code(RuntimeException e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (t instanceof ApiException api) return api.code();
        throw e;
    }

    private void checkInvariants(Map<Long, String> status, Map<Long, String> service, int issued) {
        List<Object[]> rows = f.db.read(c -> Sql.list(c, "SELECT id, status, service_id, number, issuing_service_id FROM tickets",
                rs -> new Object[]{rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)})).await();
        assertEquals(issued, rows.size(), "tickets lost or duplicated");
        Set<String> numbers = new HashSet<>();
        for (Object[] row : rows) {
            long id = (Long) row[0];
            assertEquals(status.get(id), row[1], "status of ticket " + id);
            assertEquals(service.get(id), row[2], "service of ticket " + id);
            assertTrue(numbers.add(row[4] + "/" + row[3]), "duplicate number " + row[3]);
        }
        long waiting = status.values().stream().filter("waiting"::equals).count();
        int ordered = 0;
        for (String s : SERVICES) ordered += f.order(s).size();
        assertEquals(waiting, ordered, "every waiting ticket appears exactly once in the call order");
    }
}
