package org.clinickiosk.staff;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.prng.VertxContextPRNG;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.sstore.AbstractSession;
import io.vertx.ext.web.sstore.SessionStore;
import org.clinickiosk.store.Database;
import org.clinickiosk.store.Sql;
import org.clinickiosk.web.Access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sessions that survive a server restart: staff sessions are written through to the staff_sessions table and loaded
 * back at start. While the server runs, sessions are answered from memory: Vert.x Web's SessionHandler writes a
 * session after the response headers and does not wait, so the next request (the page right after a login, or the
 * old cookie right after a logout) may arrive before that write is committed. Memory is changed before put and
 * delete return, so it is always ahead of the table.
 *
 * <p>Rows are keyed by the SHA-256 of the session id (32 random bytes: no salt needed), so a copy of the database
 * hands out no live session. A session without a staff id (a stale or made-up cookie, a logout without login) is not
 * kept at all, not even in memory: it holds nothing, and keeping one per unknown cookie would let anybody fill the
 * memory by sending made-up cookies. A session's data changes only at login; an unchanged session is written back
 * only when its lastAccessed moved by {@link #LAST_ACCESSED_STEP_MILLIS} or more, so a staff request normally costs
 * no write, and after a restart a session may end up to that much early. Times are System.currentTimeMillis, as SessionHandler's.
 */
public final class StaffSessionStore implements SessionStore {
    static final long LAST_ACCESSED_STEP_MILLIS = 60_000;
    /** Expired sessions are looked for this often (in memory; a row is deleted only when one of them expired). */
    static final long SWEEP_MILLIS = 60_000;
    private static final Set<String> STORED_KEYS = Set.of(Access.SESSION_STAFF_ID, Access.SESSION_CSRF);
    private static final long NOT_STORED = -1;
    private static final System.Logger LOG = System.getLogger(StaffSessionStore.class.getName());

    /**
     * A session as last put. persistedLastAccessed is the row's last_accessed, or {@link #NOT_STORED} when it has no
     * row.
     */
    private record Entry(Map<String, Object> data, long timeout, long lastAccessed, int version,
                         long persistedLastAccessed) {
        boolean expiredAt(long now) {
            return now - lastAccessed > timeout;
        }

        boolean stored() {
            return persistedLastAccessed != NOT_STORED;
        }

        Entry notStored() {
            return new Entry(data, timeout, lastAccessed, version, NOT_STORED);
        }
    }

    private final Vertx vertx;
    private final Database db;
    private final VertxContextPRNG random;
    /** By the hex SHA-256 of the session id, like the rows. */
    private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
    /**
     * Rows of ended sessions (a logout, an expiry) whose deletion has not committed (a disk error): retried by every
     * sweep and at close, so that a logout is not undone by loading the row back at the next start.
     */
    private final Set<String> undeletedRows = ConcurrentHashMap.newKeySet();
    private final long sweepTimer;

    private StaffSessionStore(Vertx vertx, Database db, Map<String, Entry> loaded) {
        this.vertx = vertx;
        this.db = db;
        this.random = VertxContextPRNG.current(vertx);
        this.sessions.putAll(loaded);
        this.sweepTimer = vertx.setPeriodic(SWEEP_MILLIS, t -> sweep());
    }

    /** Deletes the rows of sessions that expired while the server was off and loads the others. */
    public static Future<StaffSessionStore> open(Vertx vertx, Database db) {
        return db.write(c -> {
            long now = System.currentTimeMillis();
            Sql.update(c, "DELETE FROM staff_sessions WHERE last_accessed + idle_millis < ?", now);
            List<Map.Entry<String, Entry>> rows = Sql.list(c, "SELECT id_hash, staff_id, csrf_token, idle_millis,"
                    + " last_accessed, version FROM staff_sessions", rs -> Map.entry(rs.getString("id_hash"),
                    new Entry(Map.of(Access.SESSION_STAFF_ID, rs.getLong("staff_id"),
                            Access.SESSION_CSRF, rs.getString("csrf_token")), rs.getLong("idle_millis"),
                            rs.getLong("last_accessed"), rs.getInt("version"), rs.getLong("last_accessed"))));
            Map<String, Entry> loaded = new HashMap<>();
            rows.forEach(row -> loaded.put(row.getKey(), row.getValue()));
            return loaded;
        }).map(loaded -> new StaffSessionStore(vertx, db, loaded));
    }

    /** Not used: this store is made by {@link #open}, which needs the database. */
    @Override
    public SessionStore init(Vertx vertx, JsonObject options) {
        throw new UnsupportedOperationException("use StaffSessionStore.open");
    }

    /** Memory is always up to date, so SessionHandler need not retry a session it did not find. */
    @Override
    public long retryTimeout() {
        return 0;
    }

    @Override
    public Session createSession(long timeout) {
        return createSession(timeout, DEFAULT_SESSIONID_LENGTH);
    }

    @Override
    public Session createSession(long timeout, int length) {
        return new StoredSession(random, timeout, length);
    }

    /** A copy of the session (so concurrent requests meet at put's version check), or null if absent or expired. */
    @Override
    public Future<Session> get(String id) {
        String key = hash(id);
        Entry entry = sessions.get(key);
        if (entry == null) return Future.succeededFuture();
        if (entry.expiredAt(System.currentTimeMillis())) {
            forget(key, entry);
            return Future.succeededFuture();
        }
        return Future.succeededFuture(new StoredSession(random, id, entry));
    }

    /**
     * Completes at once: SessionHandler puts the new session of a login only after deleting the old one, and that
     * put must happen before the response is out. The row's deletion follows in the writer.
     */
    @Override
    public Future<Void> delete(String id) {
        String key = hash(id);
        Entry removed = sessions.remove(key);
        if (removed != null && removed.stored()) deleteRow(key);
        return Future.succeededFuture();
    }

    /**
     * Refused when another request put a changed session since this one was read (SessionHandler's version check:
     * nothing is overwritten with stale data), or when the session was deleted meanwhile (a logout or an expiry must
     * not be undone by a request that was still running). A new session has version 0; a session whose id was just
     * regenerated (a login over an existing session) has its old version under a new id. A session put without a staff
     * id is dropped (see the class comment).
     */
    @Override
    public Future<Void> put(Session session) {
        StoredSession s = (StoredSession) session;
        Map<String, Object> data = Map.copyOf(s.data());
        if (!STORED_KEYS.containsAll(data.keySet())) {
            return Future.failedFuture(new IllegalStateException("a staff session holds only " + STORED_KEYS
                    + "; a new key needs a column in staff_sessions: " + data.keySet()));
        }
        String key = hash(s.id());
        boolean[] refused = {false};
        Future<?>[] written = {Future.succeededFuture()};
        // The row write is queued inside compute, so the writer gets one session's writes in the order memory did.
        sessions.compute(key, (k, stored) -> {
            if (stored == null ? s.version() != 0 && !s.isRegenerated() : stored.version() != s.version()) {
                refused[0] = true;
                return stored;
            }
            long persisted = stored == null ? NOT_STORED : stored.persistedLastAccessed();
            if (!data.containsKey(Access.SESSION_STAFF_ID)) {
                if (persisted != NOT_STORED) written[0] = deleteRow(k);
                return null;
            }
            s.incrementVersion();
            if (stored == null || stored.version() != s.version() || persisted == NOT_STORED) {
                int version = s.version();
                // a row that could not be written is written again at the session's next request
                written[0] = writeRow(k, data, s).onFailure(e -> sessions.computeIfPresent(k, (same, now) ->
                        now.version() == version ? now.notStored() : now));
                persisted = s.lastAccessed();
            } else if (s.lastAccessed() - persisted >= LAST_ACCESSED_STEP_MILLIS) {
                long lastAccessed = s.lastAccessed();
                written[0] = db.write(c -> Sql.update(c,
                        "UPDATE staff_sessions SET last_accessed = ? WHERE id_hash = ?", lastAccessed, k));
                persisted = lastAccessed;
            }
            return new Entry(data, s.timeout(), s.lastAccessed(), s.version(), persisted);
        });
        if (refused[0]) return Future.failedFuture(new IllegalStateException("session version mismatch"));
        return written[0].mapEmpty();
    }

    @Override
    public Future<Void> clear() {
        sessions.clear();
        return db.write(c -> Sql.update(c, "DELETE FROM staff_sessions")).mapEmpty();
    }

    @Override
    public Future<Integer> size() {
        return Future.succeededFuture(sessions.size());
    }

    /** Stops the sweep; deletions still owed are queued once more, ahead of the database's close. */
    @Override
    public void close() {
        vertx.cancelTimer(sweepTimer);
        undeletedRows.forEach(this::deleteRow);
    }

    void sweep() {
        undeletedRows.forEach(this::deleteRow);
        long now = System.currentTimeMillis();
        sessions.forEach((key, entry) -> {
            if (entry.expiredAt(now)) forget(key, entry);
        });
    }

    /** Drops an expired session, unless a request replaced it meanwhile. */
    private void forget(String key, Entry expired) {
        if (sessions.remove(key, expired) && expired.stored()) deleteRow(key);
    }

    private Future<Integer> writeRow(String key, Map<String, Object> data, Session s) {
        Object staffId = data.get(Access.SESSION_STAFF_ID);
        Object csrf = data.get(Access.SESSION_CSRF);
        long timeout = s.timeout();
        long lastAccessed = s.lastAccessed();
        int version = ((StoredSession) s).version();
        return db.write(c -> Sql.update(c, "INSERT INTO staff_sessions (id_hash, staff_id, csrf_token, idle_millis,"
                + " last_accessed, version) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id_hash) DO UPDATE SET"
                + " staff_id = excluded.staff_id, csrf_token = excluded.csrf_token, idle_millis = excluded.idle_millis,"
                + " last_accessed = excluded.last_accessed, version = excluded.version",
                key, staffId, csrf, timeout, lastAccessed, version));
    }

    /** The key is owed until the deletion has committed; both sides of that run on the writer, in order. */
    private Future<Integer> deleteRow(String key) {
        return db.write(c -> {
            undeletedRows.add(key);
            return Sql.update(c, "DELETE FROM staff_sessions WHERE id_hash = ?", key);
        }, (c, deleted) -> {
            undeletedRows.remove(key);
            return deleted;
        }).onFailure(e -> LOG.log(System.Logger.Level.ERROR, "deleting an ended staff session failed (retried every "
                + SWEEP_MILLIS / 1000 + " s): " + e.getMessage()));
    }

    /** Ended sessions whose row is still to be deleted. */
    int undeletedRows() {
        return undeletedRows.size();
    }

    static String hash(String sessionId) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(sessionId.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Vert.x Web's session, made from a stored entry or new. */
    private static final class StoredSession extends AbstractSession {
        StoredSession(VertxContextPRNG random, long timeout, int length) {
            super(random, timeout, length);
        }

        StoredSession(VertxContextPRNG random, String id, Entry entry) {
            super(random);
            setId(id);
            setTimeout(entry.timeout());
            setLastAccessed(entry.lastAccessed());
            setVersion(entry.version());
            setData(new ConcurrentHashMap<>(entry.data()));
        }
    }
}
