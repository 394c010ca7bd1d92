package org.clinickiosk.queue;

import io.vertx.core.json.JsonObject;
import org.clinickiosk.store.Sql;
import org.clinickiosk.testsupport.MutableClock;
import org.clinickiosk.web.Actor;
import org.clinickiosk.web.ApiException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QueueServiceTest {
    private QueueFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new QueueFixture(MutableClock.shanghai(9, 0));
    }

    @AfterEach
    void tearDown() throws Exception {
        f.close();
    }

    private ApiException refusal(Runnable action) {
        Throwable t = assertThrows(Throwable.class, action::run);
        while (t instanceof CompletionException && t.getCause() != null) t = t.getCause();
        assertTrue(t instanceof ApiException, "expected a refusal, got " + t);
        return (ApiException) t;
    }

    @Test
    void numbersCountPerServiceWithPrefixAndThreeDigits() {
        assertEquals("A001", f.issue("gp").number());
        assertEquals("A002", f.issue("gp").number());
        assertEquals("B001", f.issue("tcm").number());
        assertEquals("A003", f.issue("gp").number());
    }

    @Test
    void numbersKeepThreeDigitsAndGrowPastNineHundredNinetyNine() {
        assertEquals("A001", QueueService.number("A", 1));
        assertEquals("A010", QueueService.number("A", 10));
        assertEquals("A099", QueueService.number("A", 99));
        assertEquals("A999", QueueService.number("A", 999));
        assertEquals("A1000", QueueService.number("A", 1000));
        assertEquals("VX012", QueueService.number("VX", 12));
    }

    @Test
    void issuedTicketKnowsItsPlaceAndEstimatedWait() {
        f.issue("gp");
        f.issue("gp");
        JsonObject third = f.queue.issue(new QueueService.IssueRequest("gp", null, null, "K1"), f.kiosk, "k-third")
                .await().view();
        assertEquals(3, third.getInteger("position"));
        assertEquals(2, third.getInteger("peopleAhead"));
        // 2 ahead × 5 min (configured default) / 2 open rooms serving gp (R1, R2)
        assertEquals(5, third.getInteger("estimatedWaitMinutes"));
    }

    @Test
    void theIssuedPlaceFollowsEveryCommittedChangeAndIsNotReadAgainForPlainIssues() {
        Ticket first = f.issue("gp");
        f.issue("gp", null, "disability");
        long reloads = f.queue.waitingOrderReloads();
        for (int i = 0; i < 5; i++) f.issue(i % 2 == 0 ? "gp" : "tcm");
        assertEquals(reloads, f.queue.waitingOrderReloads(), "new tickets are added to the copy, not read again");

        f.callNext("R1", f.nurse1);                                  // a change the copy has not seen
        f.queue.setPaused("R2", true, f.nurse1).await();              // and one that is not a ticket at all
        JsonObject next = f.queue.issue(new QueueService.IssueRequest("gp", null, null, "K1"), f.kiosk, "k-next")
                .await().view();
        assertEquals(reloads + 1, f.queue.waitingOrderReloads(), "the copy is read again once, after the call");
        JsonObject fresh = f.queue.ticket(next.getLong("id")).await();
        assertEquals(fresh.getInteger("position"), next.getInteger("position"));
        assertEquals(fresh.getInteger("estimatedWaitMinutes"), next.getInteger("estimatedWaitMinutes"));
        assertEquals(first.id(), f.queue.ticket(first.id()).await().getLong("id"));
        assertEquals(4, next.getInteger("peopleAhead"), "first was called: the priority ticket and 3 gp walk-ins wait");
        assertEquals(20, next.getInteger("estimatedWaitMinutes"), "4 × 5 min with only R1 open for gp");
    }

    @Test
    void theWaitEstimateLearnsFromRecentServiceTimesAndOpenRooms() {
        for (int i = 0; i < 3; i++) {           // three consultations of 10 minutes each in R1
            Ticket t = f.issue("gp");
            f.clock.advance(Duration.ofSeconds(5));
            f.callNext("R1", f.nurse1);
            f.queue.start(t.id(), f.nurse1).await();
            f.clock.advance(Duration.ofMinutes(10));
            f.queue.finish(t.id(), f.nurse1).await();
        }
        for (int i = 0; i < 4; i++) f.issue("gp");
        JsonObject fifth = f.queue.issue(new QueueService.IssueRequest("gp", null, null, "K1"), f.kiosk, "k-fifth")
                .await().view();
        assertEquals(4, fifth.getInteger("peopleAhead"));
        assertEquals(20, fifth.getInteger("estimatedWaitMinutes"), "4 ahead × 10 min / 2 rooms");
        f.queue.setPaused("R2", true, f.nurse1).await();
        assertEquals(40, f.queue.ticket(fifth.getLong("id")).await().getInteger("estimatedWaitMinutes"),
                "with R2 paused one room serves gp");
    }

    @Test
    void aClosedServiceIssuesNoNumber() {
        f.clock.set(ZonedDateTime.of(2026, 11, 23, 7, 30, 0, 0, ZoneId.of("Asia/Shanghai")).toInstant());
        ApiException e = refusal(() -> f.issue("gp"));
        assertEquals("service_closed", e.code());
        assertTrue(e.getMessage().contains("08:00"), e.getMessage());
    }

    @Test
    void elderlyResidentsGetPriorityFromTheirAge() {
        long old = f.resident("110105195001010014", "张三", "1950-01-01");
        long young = f.resident("110105199001010011", "李四", "1990-01-01");
        assertEquals("elderly", f.issue("gp", old, null).priority());
        assertEquals("normal", f.issue("gp", young, null).priority());
    }

    @Test
    void declaredPriorityIsFlaggedForStaffAndEmergencyIsStaffOnly() {
        Ticket declared = f.issue("gp", null, "pregnancy");
        assertEquals("pregnancy", declared.priority());
        assertTrue(declared.priorityDeclared());
        assertEquals("forbidden", refusal(() -> f.issue("gp", null, "emergency")).code());
        Ticket emergency = f.queue.issue(new QueueService.IssueRequest("gp", null, "emergency", null), f.nurse1, "e1")
                .await().ticket();
        assertEquals("emergency", emergency.priority());
        assertFalse(emergency.priorityDeclared());
    }

    @Test
    void callNextInterleavesPriorityAndPutsEmergencyFirst() {
        for (int i = 0; i < 4; i++) f.issue("gp");                 // A001..A004
        f.issue("gp", null, "disability");                        // A005
        f.queue.issue(new QueueService.IssueRequest("gp", null, "emergency", null), f.nurse1, "em").await(); // A006
        assertEquals(List.of("A006", "A001", "A002", "A005", "A003", "A004"), f.order("gp"));
        Actor nurse = f.nurse1;
        List<String> called = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            f.clock.advance(Duration.ofSeconds(5)); // past the double-click window
            called.add(f.callNext("R1", nurse));
        }
        assertEquals(List.of("A006", "A001", "A002", "A005", "A003", "A004"), called);
        f.clock.advance(Duration.ofSeconds(5));
        assertNull(f.callNext("R1", nurse));
    }

    @Test
    void aRoomDrawsFromAllItsServicesAndTwoRoomsNeverGetTheSameTicket() {
        f.issue("chronic");                         // D001
        f.clock.advance(Duration.ofSeconds(1));
        f.issue("gp");                              // A001
        f.clock.advance(Duration.ofSeconds(1));
        f.issue("gp");                              // A002
        assertEquals("D001", f.callNext("R2", f.nurse1));
        assertEquals("A001", f.callNext("R1", f.nurse2));
        f.clock.advance(Duration.ofSeconds(5));
        assertEquals("A002", f.callNext("R2", f.nurse1));
        f.clock.advance(Duration.ofSeconds(5));
        assertNull(f.callNext("R1", f.nurse2));
    }

    @Test
    void aDoubleClickedCallNextCallsOnce() {
        f.issue("gp");
        f.issue("gp");
        QueueService.Change first = f.queue.callNext("R1", f.nurse1).await();
        QueueService.Change again = f.queue.callNext("R1", f.nurse1).await();
        assertEquals(first.ticket().id(), again.ticket().id());
        assertTrue(again.repeated());
        // another nurse in the same room is a separate decision, not a double click
        QueueService.Change other = f.queue.callNext("R1", f.nurse2).await();
        assertNotEquals(first.ticket().id(), other.ticket().id());
        long callEvents = f.db.read(c -> Sql.count(c, "SELECT COUNT(*) FROM ticket_events WHERE action = 'call-next'")).await();
        assertEquals(2, callEvents);
    }

    @Test
    void callingAChosenTicketNeedsARoomThatServesIt() {
        Ticket b = f.issue("tcm");
        assertEquals("wrong_room", refusal(() -> f.queue.call(b.id(), "R1", f.nurse1).await()).code());
        assertEquals("called", f.queue.call(b.id(), "R3", f.nurse1).await().ticket().status());
        assertEquals("invalid_transition", refusal(() -> f.queue.call(b.id(), "R3", f.nurse1).await()).code());
    }

    @Test
    void recallsAreCountedAndPastTheLimitTheTicketIsANoShow() {
        Ticket t = f.issue("gp");
        f.callNext("R1", f.nurse1);
        assertEquals(1, f.queue.recall(t.id(), f.nurse1).await().ticket().recallCount());
        assertEquals(2, f.queue.recall(t.id(), f.nurse1).await().ticket().recallCount());
        QueueService.Change third = f.queue.recall(t.id(), f.nurse1).await(); // maxRecalls = 2 in the test config
        assertEquals(Ticket.NO_SHOW, third.ticket().status());
        assertTrue(third.calls().isEmpty(), "a no-show is not announced");
    }

    @Test
    void fullLifecycleWithEveryTransitionTimestamped() {
        Ticket t = f.issue("gp");
        f.clock.advance(Duration.ofMinutes(3));
        f.callNext("R1", f.nurse1);
        f.clock.advance(Duration.ofMinutes(1));
        f.queue.start(t.id(), f.nurse1).await();
        f.clock.advance(Duration.ofMinutes(7));
        Ticket done = f.queue.finish(t.id(), f.nurse1).await().ticket();
        assertEquals(Ticket.DONE, done.status());
        assertEquals(3 * 60_000, done.firstCalledAt() - done.issuedAt());
        assertEquals(60_000, done.startedAt() - done.calledAt());
        assertEquals(7 * 60_000, done.finishedAt() - done.startedAt());
        List<String> actions = f.db.read(c -> Sql.list(c, "SELECT action FROM ticket_events WHERE ticket_id = ? ORDER BY id",
                rs -> rs.getString(1), t.id())).await();
        assertEquals(List.of("issued", "call-next", "start", "finish"), actions);
        assertEquals("invalid_transition", refusal(() -> f.queue.start(t.id(), f.nurse1).await()).code());
        assertEquals("invalid_transition", refusal(() -> f.queue.cancel(t.id(), f.nurse1).await()).code());
    }

    @Test
    void aReturningNoShowIsRequeuedBehindTheHead() {
        Ticket late = f.issue("gp");                       // A001
        for (int i = 0; i < 4; i++) f.issue("gp");         // A002..A005
        f.callNext("R1", f.nurse1);
        f.queue.noShow(late.id(), f.nurse1).await();
        assertEquals(List.of("A002", "A003", "A004", "A005"), f.order("gp"));
        f.queue.requeue(late.id(), f.nurse1).await();
        assertEquals(List.of("A002", "A003", "A001", "A004", "A005"), f.order("gp")); // requeueOffset = 2
    }

    @Test
    void requeueingToTheSamePlaceAgainAndAgainNeverRunsOutOfRoom() {
        Ticket first = f.issue("gp");                      // A001
        Ticket second = f.issue("gp");                     // A002
        for (int i = 0; i < 4; i++) f.issue("gp");         // A003..A006
        for (Ticket t : List.of(first, second)) {
            f.queue.call(t.id(), "R1", f.nurse1).await();
            f.queue.noShow(t.id(), f.nurse1).await();
        }
        f.queue.requeue(first.id(), f.nurse1).await();
        // Two late-comers take turns: each requeue lands between A004 and the other one, halving that gap; the
        // 1024 between neighbours is gone after ten rounds.
        for (int round = 0; round < 16; round++) {
            Ticket back = round % 2 == 0 ? second : first;
            Ticket other = round % 2 == 0 ? first : second;
            if (round > 0) {
                f.queue.call(back.id(), "R1", f.nurse1).await();
                f.queue.noShow(back.id(), f.nurse1).await();
            }
            f.queue.requeue(back.id(), f.nurse1).await();
            assertEquals(List.of("A003", "A004", back.number(), other.number(), "A005", "A006"), f.order("gp"),
                    "round " + round);
        }
    }

    @Test
    void transferKeepsNumberArrivalAndHistory() {
        Ticket first = f.issue("gp");                      // A001, arrives first
        f.clock.advance(Duration.ofMinutes(1));
        f.issue("tcm");                                    // B001, arrives later
        f.callNext("R1", f.nurse1);
        f.queue.start(first.id(), f.nurse1).await();
        Ticket moved = f.queue.transfer(first.id(), "tcm", f.nurse1).await().ticket();
        assertEquals("A001", moved.number());
        assertEquals("tcm", moved.serviceId());
        assertEquals(Ticket.WAITING, moved.status());
        assertEquals(List.of("A001", "B001"), f.order("tcm"));
        List<String> actions = f.db.read(c -> Sql.list(c, "SELECT action FROM ticket_events WHERE ticket_id = ? ORDER BY id",
                rs -> rs.getString(1), first.id())).await();
        assertEquals(List.of("issued", "call-next", "start", "transfer"), actions);
        assertEquals("same_service", refusal(() -> f.queue.transfer(first.id(), "tcm", f.nurse1).await()).code());
        assertEquals("not_found", refusal(() -> f.queue.transfer(first.id(), "nope", f.nurse1).await()).code());
    }

    @Test
    void aPausedRoomCallsNobodyUntilResumed() {
        f.issue("gp");
        f.queue.setPaused("R1", true, f.nurse1).await();
        assertEquals("room_paused", refusal(() -> f.callNext("R1", f.nurse1)).code());
        f.queue.setPaused("R1", false, f.nurse1).await();
        assertEquals("A001", f.callNext("R1", f.nurse1));
    }

    @Test
    void idempotencyKeyReturnsTheSameTicketAndRefusesADifferentBody() {
        QueueService.IssueRequest gp = new QueueService.IssueRequest("gp", null, null, "K1");
        QueueService.Change first = f.queue.issue(gp, f.kiosk, "same-key").await();
        QueueService.Change retry = f.queue.issue(gp, f.kiosk, "same-key").await();
        assertEquals(first.ticket().id(), retry.ticket().id());
        assertTrue(retry.repeated());
        ApiException e = refusal(() -> f.queue.issue(new QueueService.IssueRequest("tcm", null, null, "K1"), f.kiosk,
                "same-key").await());
        assertEquals(422, e.status());
        // the same key from another kiosk is another client's key
        QueueService.Change other = f.queue.issue(gp, Actor.kiosk("K2", null), "same-key").await();
        assertNotEquals(first.ticket().id(), other.ticket().id());
        assertEquals(2, (long) f.db.read(c -> Sql.count(c, "SELECT COUNT(*) FROM tickets")).await());
    }

    @Test
    void appointmentsOnTimeAreOrderedBySlotLateOnesJoinWalkInsEarlyOnesAreRefused() {
        long r1 = f.resident("110105199001010011", "李四", "1990-01-01");
        long r2 = f.resident("110105198501010013", "王五", "1985-01-01");
        long r3 = f.resident("110105198001010016", "赵六", "1980-01-01");
        Instant nine = f.clock.instant();
        f.issue("gp");                                                       // A001 walk-in
        long onTime = book(r1, nine.minus(Duration.ofMinutes(5)));            // slot began 5 min ago
        long late = book(r2, nine.minus(Duration.ofMinutes(40)));             // slot began 40 min ago (> 15 late)
        long early = book(r3, nine.plus(Duration.ofHours(3)));                // slot in 3 h (> 60 min early)
        JsonObject onTimeTicket = f.appointments.checkIn(onTime, f.kiosk).await();
        assertEquals("on_time", onTimeTicket.getString("timing"));
        JsonObject lateTicket = f.appointments.checkIn(late, f.kiosk).await();
        assertEquals("late", lateTicket.getString("timing"));
        assertEquals(List.of(onTimeTicket.getString("number"), "A001", lateTicket.getString("number")), f.order("gp"));
        ApiException tooEarly = refusal(() -> f.appointments.checkIn(early, f.kiosk).await());
        assertEquals("too_early", tooEarly.code());
        assertTrue(tooEarly.getMessage().contains("11:00"), tooEarly.getMessage());
        JsonObject again = f.appointments.checkIn(onTime, f.kiosk).await();
        assertEquals(onTimeTicket.getLong("id"), again.getLong("id"));
        assertEquals("already_checked_in", again.getString("timing"));
    }

    private long book(long residentId, Instant start) {
        ZoneId zone = ZoneId.of("Asia/Shanghai");
        return f.appointments.book(new JsonObject().put("residentId", residentId).put("serviceId", "gp")
                .put("slotStart", start.atZone(zone).toOffsetDateTime().toString())
                .put("slotEnd", start.plus(Duration.ofMinutes(15)).atZone(zone).toOffsetDateTime().toString()), f.kiosk)
                .await().getLong("id");
    }

    @Test
    void theDayTurnsAtLocalMidnightOnceAndNumbersStartAgain() {
        Ticket waiting = f.issue("gp");
        Ticket called = f.issue("gp");
        f.issue("gp");
        f.callNext("R1", f.nurse1);
        f.queue.finish(f.queue.start(waiting.id(), f.nurse1).await().ticket().id(), f.nurse1).await();
        // 23:59 Shanghai is still today; 00:00:01 is tomorrow
        f.clock.set(ZonedDateTime.of(2026, 11, 23, 23, 59, 0, 0, ZoneId.of("Asia/Shanghai")).toInstant());
        assertEquals(60_000, f.queue.millisUntilMidnight());
        assertEquals(0, f.queue.turnDay().await());
        f.clock.set(ZonedDateTime.of(2026, 11, 24, 8, 0, 1, 0, ZoneId.of("Asia/Shanghai")).toInstant());
        assertEquals(2, f.queue.turnDay().await());
        assertEquals(0, f.queue.turnDay().await(), "a second turn changes nothing");
        assertEquals(Ticket.CANCELLED, f.queue.ticket(called.id()).await().getString("status"));
        assertEquals(Ticket.DONE, f.queue.ticket(waiting.id()).await().getString("status"));
        assertEquals("A001", f.issue("gp").number());
        assertEquals(1, (long) f.db.read(c -> Sql.count(c, "SELECT COUNT(*) FROM day_turns WHERE day = '2026-11-24'")).await());

        // two days on, the idempotency keys of the 23rd are forgotten; the 24th's are still recognised
        f.clock.set(ZonedDateTime.of(2026, 11, 25, 11, 0, 0, 0, ZoneId.of("Asia/Shanghai")).toInstant());
        f.queue.turnDay().await();
        List<Long> keptFor = f.db.read(c -> Sql.list(c, "SELECT ticket_id FROM idempotency_keys ORDER BY ticket_id",
                rs -> rs.getLong(1))).await();
        assertEquals(1, keptFor.size(), "only the key of the ticket issued on the 24th: " + keptFor);
    }

    @Test
    void aRestartLeavesOrderCalledTicketsAndNextNumbersIdentical() throws Exception {
        for (int i = 0; i < 5; i++) f.issue("gp");
        f.issue("gp", null, "disability");
        f.issue("tcm");
        f.callNext("R1", f.nurse1);
        f.clock.advance(Duration.ofSeconds(5));
        f.callNext("R1", f.nurse1);
        List<String> before = f.order("gp");
        JsonObject roomBefore = f.queue.roomQueue("R1").await();
        f.restart();
        assertEquals(before, f.order("gp"));
        JsonObject roomAfter = f.queue.roomQueue("R1").await();
        assertEquals(roomBefore.getJsonArray("active"), roomAfter.getJsonArray("active"));
        assertEquals(roomBefore.getJsonArray("waiting").size(), roomAfter.getJsonArray("waiting").size());
        assertEquals("A007", f.issue("gp").number());
        assertEquals("B002", f.issue("tcm").number());
    }
}
