package org.clinickiosk.staff;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.sstore.AbstractSession;
import io.vertx.junit5.VertxExtension;
import org.clinickiosk.store.Database;
import org.clinickiosk.store.Sql;
import org.clinickiosk.web.Access;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Method;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The store on a real SQLite file, without the HTTP server: what it writes, refuses and forgets. */
@ExtendWith(VertxExtension.class)
class StaffSessionStoreTest {
    private static final long MINUTE = 60_000;
    @TempDir
    Path dir;
    private Vertx vertx;
    private Database db;
    private StaffSessionStore store;

    @BeforeEach
    void open(Vertx vertx) throws Exception {
        this.vertx = vertx;
        db = Database.open(vertx, dir.resolve("clinic.db"));
        store = StaffSessionStore.open(vertx, db).await();
    }

    @AfterEach
    void close() {
        store.close();
        db.close();
    }

    private Session staffSession(long timeout) {
        Session session = store.createSession(timeout);
        session.put(Access.SESSION_STAFF_ID, 7L).put(Access.SESSION_CSRF, "csrf-1");
        store.put(session).await();
        return session;
    }

    /** In the writer, so every write queued before it is visible. */
    private Long rowLastAccessed(Session session) {
        return db.write(c -> Sql.one(c, "SELECT last_accessed FROM staff_sessions WHERE id_hash = ?",
                rs -> rs.getLong(1), StaffSessionStore.hash(session.id())).orElse(null)).await();
    }

    @Test
    void aStaffSessionIsLoadedBackByANewStore() throws Exception {
        Session session = staffSession(MINUTE);
        store.close();
        store = StaffSessionStore.open(vertx, db).await();
        Session loaded = store.get(session.id()).await();
        assertNotNull(loaded);
        assertEquals(7L, (Long) loaded.get(Access.SESSION_STAFF_ID));
        assertEquals("csrf-1", loaded.get(Access.SESSION_CSRF));
        assertEquals(MINUTE, loaded.timeout());
    }

    @Test
    void anUnchangedSessionIsNotWrittenAgainWithinAMinute() throws Exception {
        Session session = staffSession(MINUTE);
        long written = rowLastAccessed(session);
        Thread.sleep(20);
        Session again = store.get(session.id()).await();
        again.setAccessed();
        store.put(again).await();
        assertEquals(written, rowLastAccessed(session));
        // memory has the exact time, which the idle timeout uses while the server runs
        assertTrue(store.get(session.id()).await().lastAccessed() > written);
    }

    @Test
    void anUnchangedSessionIsWrittenAgainOnceItsLastAccessMovedAMinute() throws Exception {
        Session session = staffSession(10 * MINUTE);
        long written = rowLastAccessed(session);
        Session later = store.get(session.id()).await();
        // SessionHandler sets the time from System.currentTimeMillis; the test moves it a minute on by hand
        Method setLastAccessed = AbstractSession.class.getDeclaredMethod("setLastAccessed", long.class);
        setLastAccessed.setAccessible(true);
        setLastAccessed.invoke(later, written + MINUTE);
        store.put(later).await();
        assertEquals(written + MINUTE, rowLastAccessed(session));
    }

    @Test
    void aSessionWithoutStaffIsNotKeptSoMadeUpCookiesCannotFillTheMemory() {
        for (int i = 0; i < 100; i++) {
            Session anonymous = store.createSession(MINUTE);
            store.put(anonymous).await();
            assertNull(store.get(anonymous.id()).await());
            assertNull(rowLastAccessed(anonymous));
        }
        Session staff = staffSession(MINUTE);
        assertEquals(1, store.size().await(), "only the staff session is kept");
        assertNotNull(store.get(staff.id()).await());
    }

    @Test
    void aStaffSessionThatLosesItsStaffIdIsDroppedWithItsRow() {
        Session session = staffSession(MINUTE);
        Session changed = store.get(session.id()).await();
        changed.remove(Access.SESSION_STAFF_ID);
        changed.remove(Access.SESSION_CSRF);
        store.put(changed).await();
        assertNull(store.get(session.id()).await());
        assertNull(rowLastAccessed(session));
    }

    /** A logout whose row deletion failed (a disk error) is deleted by the next sweep, not loaded back later. */
    @Test
    void aRowWhoseDeletionFailedIsDeletedByTheNextSweep() throws Exception {
        Session session = staffSession(MINUTE);
        db.write(c -> Sql.update(c, "CREATE TRIGGER keep_sessions BEFORE DELETE ON staff_sessions"
                + " BEGIN SELECT RAISE(ABORT, 'disk trouble'); END")).await();
        store.delete(session.id()).await();
        assertNull(store.get(session.id()).await(), "logged out at once");
        assertNotNull(rowLastAccessed(session), "the row could not be deleted");
        assertEquals(1, store.undeletedRows());
        store.sweep(); // the disk still refuses
        assertNotNull(rowLastAccessed(session));
        db.write(c -> Sql.update(c, "DROP TRIGGER keep_sessions")).await();
        store.sweep();
        assertNull(rowLastAccessed(session));
        assertEquals(0, store.undeletedRows());
        store.close();
        store = StaffSessionStore.open(vertx, db).await();
        assertNull(store.get(session.id()).await());
    }

    /** A login whose row the disk refused stays logged in, and the row is written at its next request. */
    @Test
    void aSessionWhoseRowCouldNotBeWrittenIsWrittenAtItsNextRequest() {
        db.write(c -> Sql.update(c, "CREATE TRIGGER refuse_sessions BEFORE INSERT ON staff_sessions"
                + " BEGIN SELECT RAISE(ABORT, 'disk trouble'); END")).await();
        Session session = store.createSession(MINUTE);
        session.put(Access.SESSION_STAFF_ID, 7L).put(Access.SESSION_CSRF, "csrf-1");
        assertThrows(Exception.class, () -> store.put(session).await());
        assertNull(rowLastAccessed(session));
        db.write(c -> Sql.update(c, "DROP TRIGGER refuse_sessions")).await();
        Session next = store.get(session.id()).await();
        assertNotNull(next, "still logged in, from memory");
        next.setAccessed(); // within the minute that would otherwise skip the write
        store.put(next).await();
        assertNotNull(rowLastAccessed(session), "written at the next request, so a restart keeps it");
    }

    @Test
    void aChangedStaleCopyIsRefusedAndTheNewerDataKept() {
        Session session = staffSession(MINUTE);
        Session first = store.get(session.id()).await();
        Session second = store.get(session.id()).await();
        first.put(Access.SESSION_CSRF, "csrf-2");
        store.put(first).await();
        second.put(Access.SESSION_CSRF, "csrf-3");
        assertThrows(Exception.class, () -> store.put(second).await());
        assertEquals("csrf-2", store.get(session.id()).await().get(Access.SESSION_CSRF));
    }

    @Test
    void aRequestStillRunningAtLogoutDoesNotBringTheSessionBack() {
        Session session = staffSession(MINUTE);
        Session inFlight = store.get(session.id()).await();
        store.delete(session.id()).await();
        inFlight.setAccessed();
        assertThrows(Exception.class, () -> store.put(inFlight).await());
        assertNull(store.get(session.id()).await());
        assertNull(rowLastAccessed(session));
    }

    @Test
    void anExpiredSessionIsNotReturnedAndItsRowIsDeleted() throws Exception {
        Session session = staffSession(50);
        Thread.sleep(100);
        assertNull(store.get(session.id()).await());
        assertNull(rowLastAccessed(session));
    }

    @Test
    void theSweepDeletesExpiredSessionsNobodyAsksFor() throws Exception {
        Session expiring = staffSession(50);
        Session staying = staffSession(MINUTE);
        Thread.sleep(100);
        store.sweep();
        assertNull(rowLastAccessed(expiring));
        assertNotNull(rowLastAccessed(staying));
        assertEquals(1, store.size().await());
    }

    @Test
    void rowsThatExpiredWhileTheServerWasOffAreDeletedAtOpen() throws Exception {
        Session session = staffSession(50);
        store.close();
        Thread.sleep(100);
        store = StaffSessionStore.open(vertx, db).await();
        assertNull(rowLastAccessed(session));
        assertNull(store.get(session.id()).await());
    }

    @Test
    void aKeyWithoutAColumnIsRefused() {
        Session session = store.createSession(MINUTE);
        session.put(Access.SESSION_STAFF_ID, 7L).put("residentName", "x");
        assertThrows(Exception.class, () -> store.put(session).await());
    }
}
