package org.clinickiosk.alert;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.clinickiosk.audit.AuditLog;
import org.clinickiosk.store.Database;
import org.clinickiosk.store.Sql;
import org.clinickiosk.testsupport.MutableClock;
import org.clinickiosk.web.Actor;
import org.clinickiosk.web.ApiException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Staff alerts on a real SQLite file: what is open, what was acknowledged and by whom survives a restart (a new
 * Database and a new StaffAlerts on the same file), and the table keeps only what it should.
 */
@ExtendWith(VertxExtension.class)
class StaffAlertsRestartTest {
    @TempDir
    Path dir;
    private Vertx vertx;
    private final MutableClock clock = MutableClock.shanghai(9, 0);
    private final Actor nurse1 = Actor.staff(1, "nurse1", "nurse", "127.0.0.1");
    private final Actor nurse2 = Actor.staff(2, "nurse2", "nurse", "127.0.0.1");
    private final List<JsonObject> raised = new CopyOnWriteArrayList<>();
    private Database db;
    private StaffAlerts alerts;

    @BeforeEach
    void open(Vertx vertx) throws Exception {
        this.vertx = vertx;
        start();
    }

    @AfterEach
    void close() {
        stop();
    }

    private void start() throws Exception {
        db = Database.open(vertx, dir.resolve("clinic.db"));
        alerts = new StaffAlerts(vertx, db, new AuditLog(db, clock), clock);
        alerts.onRaised(raised::add);
        alerts.start().await();
    }

    private void stop() {
        alerts.close().await();
        db.close();
    }

    private void restart() throws Exception {
        stop();
        raised.clear();
        start();
    }

    private static JsonObject crisis(String id) {
        return new JsonObject().put("alertId", id).put("type", "bp-crisis").put("kioskId", "K1")
                .put("message", "K1 自助机血压 190/125 mmHg").put("systolic", 190).put("diastolic", 125)
                .put("maskedName", "王*明").put("residentId", 7);
    }

    /** Publishes as a publisher that wants an answer: the reply comes once the alert is stored. */
    private boolean publish(JsonObject alert) {
        return request(alert).getBoolean("raised");
    }

    private JsonObject request(JsonObject alert) {
        return (JsonObject) vertx.eventBus().request(StaffAlerts.ADDRESS, alert).await().body();
    }

    private List<String> openIds() {
        return alerts.openAlerts().stream().map(a -> a.getString("alertId")).toList();
    }

    private List<String> storedIds() {
        return db.read(c -> Sql.list(c, "SELECT alert_id FROM staff_alerts ORDER BY rowid", rs -> rs.getString(1)))
                .await();
    }

    private ApiException refusedAcknowledgement(String alertId, Actor actor) {
        Exception e = assertThrows(Exception.class, () -> alerts.acknowledge(alertId, actor).await());
        assertTrue(e instanceof ApiException, String.valueOf(e));
        return (ApiException) e;
    }

    @Test
    void aRaisedAlertSurvivesARestartAndIsStillOpen() throws Exception {
        assertTrue(publish(crisis("bp-1")));
        JsonObject shown = alerts.openAlerts().get(0);
        assertEquals("2026-11-23T01:00:00Z", shown.getString("at"), "stamped with the server's time");

        restart();

        assertEquals(List.of(shown), alerts.openAlerts(), "the same alert, open, exactly as it was shown");
        assertEquals(List.of(), raised, "loading it back does not raise it again");
        JsonObject ack = alerts.acknowledge("bp-1", nurse1).await();
        assertEquals("bp-crisis", ack.getString("type"));
        assertEquals("nurse1", ack.getString("acknowledgedBy"));
        assertEquals(List.of(), openIds());
    }

    @Test
    void anAcknowledgedAlertIsNotReopenedAndASecondAcknowledgementAfterARestartIsTold() throws Exception {
        assertTrue(publish(crisis("bp-2")));
        assertTrue(publish(crisis("bp-3")));
        alerts.acknowledge("bp-2", nurse1).await();
        clock.advance(Duration.ofMinutes(5));

        restart();

        assertEquals(List.of("bp-3"), openIds(), "only the alert nobody acknowledged comes back");
        ApiException late = refusedAcknowledgement("bp-2", nurse2);
        assertEquals(409, late.status());
        assertEquals("already_acknowledged", late.code());
        assertEquals("alert bp-2 was already acknowledged by nurse1 at 2026-11-23T01:00:00Z", late.getMessage());
        assertEquals(404, refusedAcknowledgement("bp-unknown", nurse2).status());
        assertEquals(List.of("ok", "already_acknowledged", "not_found"), db.read(c -> Sql.list(c,
                "SELECT outcome FROM audit_log WHERE action = 'alert.ack' ORDER BY id", rs -> rs.getString(1))).await(),
                "every acknowledgement is audited, refused or not");
    }

    @Test
    void theSameIdPublishedAgainAfterARestartIsNotRaisedTwice() throws Exception {
        assertTrue(publish(crisis("bp-4")));
        assertTrue(publish(crisis("bp-5")));
        alerts.acknowledge("bp-5", nurse1).await();

        restart();

        assertFalse(publish(crisis("bp-4").put("message", "again")), "still open: not raised again");
        assertFalse(publish(crisis("bp-5")), "acknowledged before the restart: not raised again");
        assertEquals(List.of(), raised);
        assertEquals(List.of("bp-4"), openIds());
        assertEquals("K1 自助机血压 190/125 mmHg", alerts.openAlerts().get(0).getString("message"),
                "the first publication stays");
        assertEquals(List.of("bp-4", "bp-5"), storedIds());
    }

    @Test
    void theRetentionDeletesOnlyAlertsAcknowledgedLongAgo() throws Exception {
        publish(crisis("old-acknowledged"));
        publish(crisis("old-open"));
        alerts.acknowledge("old-acknowledged", nurse1).await();
        clock.advance(StaffAlerts.ACKNOWLEDGED_KEPT.minusDays(1));
        publish(crisis("recent-acknowledged"));
        alerts.acknowledge("recent-acknowledged", nurse1).await();
        clock.advance(Duration.ofDays(2));

        assertEquals(1, alerts.deleteOldAcknowledged().await());
        assertEquals(List.of("old-open", "recent-acknowledged"), storedIds());
        assertEquals(0, alerts.deleteOldAcknowledged().await(), "safe to repeat");

        restart();
        assertEquals(List.of("old-open"), openIds(), "an open alert is kept whatever its age");
        assertEquals("already_acknowledged", refusedAcknowledgement("recent-acknowledged", nurse2).code());
    }

    @Test
    void aMalformedAlertIsRefusedWithAClearErrorAndNothingIsStored() {
        ReplyException noId = assertThrows(ReplyException.class, () -> publish(new JsonObject().put("type", "bp-crisis")));
        assertEquals(400, noId.failureCode());
        assertTrue(noId.getMessage().contains("alertId"), noId.getMessage());
        ReplyException tooLong = assertThrows(ReplyException.class, () -> publish(crisis("bp-6")
                .put("detail", "x".repeat(StaffAlerts.MAX_ENCODED))));
        assertEquals(400, tooLong.failureCode());
        assertTrue(tooLong.getMessage().contains(String.valueOf(StaffAlerts.MAX_ENCODED)), tooLong.getMessage());
        ReplyException badTime = assertThrows(ReplyException.class, () -> publish(crisis("bp-7").put("at", 12)));
        assertTrue(badTime.getMessage().contains("at must be"), badTime.getMessage());

        assertEquals(List.of(), storedIds());
        assertEquals(List.of(), openIds());
        assertEquals(List.of(), raised);
    }

    @Test
    void identityFieldsAPublisherPutsInAreNeitherStoredNorShownUnmasked() throws Exception {
        publish(crisis("bp-8").put("name", "王小明").put("idNumber", "34052419800101001X")
                .put("address", "示范路1号").put("contact", new JsonObject().put("phone", "13800138000")));
        String stored = db.read(c -> Sql.one(c, "SELECT alert FROM staff_alerts WHERE alert_id = 'bp-8'",
                rs -> rs.getString(1))).await().orElseThrow();
        for (String personal : List.of("王小明", "34052419800101001X", "示范路", "13800138000")) {
            assertFalse(stored.contains(personal), "not stored: " + personal + " in " + stored);
        }
        JsonObject alert = new JsonObject(stored);
        assertEquals("王*明", alert.getString("name"));
        assertEquals("3405**********001X", alert.getString("idNumber"));
        assertEquals(alert, raised.get(0), "the nurse pages get exactly what is stored");

        restart();
        assertEquals(List.of(alert), alerts.openAlerts());
    }

    @Test
    void theAlertsShownAreBoundedAndARestartShowsTheNewestAgainInTheirOrder() throws Exception {
        int published = StaffAlerts.MAX_OPEN + 5;
        IntStream.range(0, published).forEach(i -> publish(crisis("flood-" + i)));
        List<String> newest = IntStream.range(5, published).mapToObj(i -> "flood-" + i).toList();
        assertEquals(newest, openIds(), "the oldest are no longer shown");
        assertEquals(published, storedIds().size(), "but stay stored, open");

        restart();
        assertEquals(newest, openIds());
        alerts.acknowledge("flood-0", nurse1).await();
        assertEquals("already_acknowledged", refusedAcknowledgement("flood-0", nurse2).code(),
                "one no longer shown can still be acknowledged");
    }

    /**
     * A crisis reaches the nurses even when the database will not take it (here a trigger refuses the insert, as a
     * disk error would): shown from memory, marked unstored, acknowledged and audited; a restart forgets it.
     */
    @Test
    void anAlertThatCannotBeStoredIsStillShownAndCanBeAcknowledged() throws Exception {
        db.write(c -> Sql.update(c, "CREATE TRIGGER refuse_alerts BEFORE INSERT ON staff_alerts"
                + " BEGIN SELECT RAISE(ABORT, 'disk trouble'); END")).await();
        JsonObject reply = request(crisis("bp-9"));
        assertEquals(true, reply.getBoolean("raised"));
        assertEquals(false, reply.getBoolean("stored"));
        assertEquals(List.of("bp-9"), openIds());
        assertEquals(1, raised.size());
        assertEquals(false, raised.get(0).getBoolean("stored"));
        assertFalse(publish(crisis("bp-9")), "not raised twice");

        JsonObject ack = alerts.acknowledge("bp-9", nurse1).await();
        assertEquals("nurse1", ack.getString("acknowledgedBy"));
        assertEquals(List.of(), openIds());
        assertEquals(1L, (long) db.read(c -> Sql.count(c, "SELECT COUNT(*) FROM audit_log WHERE action = 'alert.ack'"
                + " AND target = 'alert bp-9' AND outcome = 'ok'")).await());
        assertEquals(0L, (long) db.read(c -> Sql.count(c, "SELECT COUNT(*) FROM staff_alerts")).await());
    }

    private void refuseInserts() {
        db.write(c -> Sql.update(c, "CREATE TRIGGER refuse_alerts BEFORE INSERT ON staff_alerts"
                + " BEGIN SELECT RAISE(ABORT, 'disk trouble'); END")).await();
    }

    private void acceptInserts() {
        db.write(c -> Sql.update(c, "DROP TRIGGER refuse_alerts")).await();
    }

    /** Two nurses acknowledging an unstored alert in the same group commit: the first wins, the second is told. */
    @Test
    void anUnstoredAlertIsAcknowledgedOnceEvenWhenTwoNursesAreInTheSameCommit() throws Exception {
        refuseInserts();
        assertEquals(false, request(crisis("bp-9")).getBoolean("stored"));
        java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
        // holds the writer, so both acknowledgements wait in its queue and are committed together
        io.vertx.core.Future<Object> blocker = db.write(c -> {
            try {
                hold.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return null;
        });
        Thread.sleep(100);
        io.vertx.core.Future<JsonObject> first = alerts.acknowledge("bp-9", nurse1);
        io.vertx.core.Future<JsonObject> second = alerts.acknowledge("bp-9", nurse2);
        hold.countDown();
        blocker.await();
        assertEquals("nurse1", first.await().getString("acknowledgedBy"));
        Exception e = assertThrows(Exception.class, second::await);
        assertTrue(e instanceof ApiException refusal && refusal.code().equals("already_acknowledged")
                && refusal.getMessage().contains("nurse1"), String.valueOf(e));
        assertEquals(List.of(), openIds());
        assertEquals(1L, (long) db.read(c -> Sql.count(c, "SELECT COUNT(*) FROM audit_log WHERE action = 'alert.ack'"
                + " AND target = 'alert bp-9' AND outcome = 'ok'")).await());
    }

    /** Shown from memory while the store refused it; published again once the store works: stored, not raised twice. */
    @Test
    void anUnstoredAlertPublishedAgainAfterTheStoreRecoversIsStoredNotRaisedAgain() throws Exception {
        refuseInserts();
        request(crisis("bp-10"));
        acceptInserts();
        assertFalse(publish(crisis("bp-10")), "an alert published again with the same id is not raised twice");
        assertEquals(1, raised.size());
        assertEquals(List.of("bp-10"), openIds());
        assertEquals(null, alerts.openAlerts().get(0).getBoolean("stored"), "the stored copy replaced the unstored one");
        restart();
        assertEquals(List.of("bp-10"), openIds(), "it is stored now, so a restart keeps it");
    }

    /** Acknowledged from memory, then published again once the store works: stored as acknowledged by that nurse. */
    @Test
    void anUnstoredAlertAcknowledgedBeforeTheStoreRecoversIsStoredAsAcknowledged() throws Exception {
        refuseInserts();
        request(crisis("bp-11"));
        alerts.acknowledge("bp-11", nurse1).await();
        assertFalse(publish(crisis("bp-11")), "not raised again while the store still refuses it");
        acceptInserts();
        assertFalse(publish(crisis("bp-11")), "not raised again once stored");
        assertEquals(List.of(), openIds());
        restart();
        assertEquals(List.of(), openIds());
        assertTrue(refusedAcknowledgement("bp-11", nurse2).getMessage().contains("nurse1"));
    }
}
