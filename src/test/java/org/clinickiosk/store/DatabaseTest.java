package org.clinickiosk.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatabaseTest {
    private Vertx vertx;
    private Path dir;
    private Database db;

    @BeforeEach
    void open() throws Exception {
        vertx = Vertx.vertx();
        dir = Files.createTempDirectory("db-test");
        db = Database.open(vertx, dir.resolve("clinic.db"));
    }

    @AfterEach
    void close() throws Exception {
        db.close();
        vertx.close().await();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void committedPagesReachTheDatabaseFileInTheBackgroundNotInTheWritersCommit() throws Exception {
        assertEquals(String.valueOf(Database.WRITER_CHECKPOINT_PAGES),
                db.write(c -> Database.queryString(c, "pragma wal_autocheckpoint")).await(),
                "the writer checkpoints by itself only far beyond SQLite's 1000 pages");
        Path file = dir.resolve("clinic.db");
        long before = Files.size(file);
        // about 500 pages: half of SQLite's own threshold, so only the background checkpointer copies them
        db.write(c -> Sql.update(c, "CREATE TABLE filler (b BLOB)")).await();
        db.write(c -> Sql.update(c, "INSERT INTO filler VALUES (zeroblob(2000000))")).await();
        long deadline = System.currentTimeMillis() + 5000;
        while (Files.size(file) < before + 2_000_000 && System.currentTimeMillis() < deadline) Thread.sleep(50);
        assertTrue(Files.size(file) >= before + 2_000_000, "checkpointed into the file: " + Files.size(file));
        assertEquals("ok", Database.integrityCheck(file));
    }

    /**
     * Vert.x closing while a write is under way (a shutdown): the write's caller can no longer be told, and the
     * writer must still take the next writes rather than die with the refused hand-over (then every later write,
     * and the database's close, would wait for nothing).
     */
    @Test
    void theWriterOutlivesACallerWhoseVertxHasClosed() throws Exception {
        Vertx closing = Vertx.vertx();
        Path file = dir.resolve("shutdown.db");
        Database shared = Database.open(closing, file);
        try {
            shared.write(c -> Sql.update(c, "CREATE TABLE marks (n INTEGER)")).await();
            java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
            shared.write(c -> {
                try {
                    hold.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return Sql.update(c, "INSERT INTO marks VALUES (1)");
            });
            closing.close().await();
            hold.countDown(); // the first write commits; handing its outcome to the closed Vert.x is refused
            shared.write(c -> Sql.update(c, "INSERT INTO marks VALUES (2)"));
        } finally {
            shared.close();
        }
        try (var c = Database.open(file, true); var rs = c.createStatement().executeQuery(
                "SELECT group_concat(n) FROM (SELECT n FROM marks ORDER BY n)")) {
            assertEquals("1,2", rs.next() ? rs.getString(1) : null, "both writes were committed");
        }
    }

    @Test
    void settingsAreAppliedAndReadBack() {
        List<String> settings = db.read(c -> List.of(Database.queryString(c, "pragma journal_mode"),
                Database.queryString(c, "pragma foreign_keys"), Database.queryString(c, "pragma busy_timeout"))).await();
        assertEquals(List.of("wal", "1", "5000"), settings);
        assertEquals("2", db.write(c -> Database.queryString(c, "pragma temp_store")).await(), "the writer's: MEMORY");
        assertEquals("0", db.read(c -> Database.queryString(c, "pragma temp_store")).await(), "readers': the default");
        assertEquals("2", db.write(c -> Database.queryString(c, "pragma synchronous")).await(), "FULL");
        assertTrue(Database.atLeast(db.sqliteVersion(), Database.MINIMUM_SQLITE_VERSION));
    }

    @Test
    void sqliteVersionsBeforeTheWalResetFixAreRefused() {
        assertFalse(Database.atLeast("3.51.2", Database.MINIMUM_SQLITE_VERSION));
        assertFalse(Database.atLeast("3.45.0", Database.MINIMUM_SQLITE_VERSION));
        assertTrue(Database.atLeast("3.51.3", Database.MINIMUM_SQLITE_VERSION));
        assertTrue(Database.atLeast("3.52.0", Database.MINIMUM_SQLITE_VERSION));
        assertTrue(Database.atLeast("4.0", Database.MINIMUM_SQLITE_VERSION));
    }

    @Test
    void migrationsRunOnceAndANewerSchemaIsRefused() throws Exception {
        assertEquals(String.valueOf(Migrations.FILES.size()),
                db.read(c -> Database.queryString(c, "pragma user_version")).await());
        db.close();
        db = Database.open(vertx, dir.resolve("clinic.db")); // reopening applies nothing again
        assertEquals(0L, (long) db.read(c -> Sql.count(c, "SELECT COUNT(*) FROM tickets")).await());
        db.write(c -> Sql.update(c, "pragma user_version = 99")).await();
        db.close();
        SQLException e = assertThrows(SQLException.class, () -> Database.open(vertx, dir.resolve("clinic.db")));
        assertTrue(e.getMessage().contains("newer"), e.getMessage());
        try (Connection c = Database.open(dir.resolve("clinic.db"), false); Statement s = c.createStatement()) {
            s.execute("pragma user_version = " + Migrations.FILES.size());
        }
        db = Database.open(vertx, dir.resolve("clinic.db"));
    }

    /**
     * V010 makes a ticket's write touch fewer B-trees: an existing database keeps its idempotency keys, the keys'
     * table becomes WITHOUT ROWID, and the queries of the two indexes made partial still use them.
     */
    @Test
    void leanTicketWritesKeepDataAndQueryPlans() throws Exception {
        Path old = dir.resolve("before-v010.db");
        try (Connection c = Database.open(old, false); Statement s = c.createStatement()) {
            Migrations.applyUpTo(c, Migrations.FILES.indexOf("V010__lean_ticket_writes.sql")); // every one before
            s.execute("INSERT INTO services (id, name, prefix, opens, closes, avg_service_minutes) VALUES ('s', 'S', 'S', '08:00', '17:00', 5)");
            s.execute("INSERT INTO tickets (id, public_token, issuing_service_id, service_id, day, seq, number, status, priority, sort_key, issued_at) "
                    + "VALUES (7, 'tok', 's', 's', '2026-11-23', 1, 'S001', 'waiting', 'normal', 1, 0)");
            s.execute("INSERT INTO idempotency_keys (scope, key, request_hash, ticket_id, created_at) VALUES ('kiosk:K1', 'key-1', 'h', 7, 5)");
            // a key whose ticket is gone (a hand edit with foreign keys off) must not stop the migration
            s.execute("pragma foreign_keys = OFF");
            s.execute("INSERT INTO idempotency_keys (scope, key, request_hash, ticket_id, created_at) VALUES ('kiosk:K1', 'key-orphan', 'h', 999, 5)");
            s.execute("pragma foreign_keys = ON");
        }
        Database upgraded = Database.open(vertx, old);
        try {
            assertEquals(List.of("kiosk:K1 key-1 h 7 5"), upgraded.read(c -> Sql.list(c,
                    "SELECT scope || ' ' || key || ' ' || request_hash || ' ' || ticket_id || ' ' || created_at FROM idempotency_keys",
                    rs -> rs.getString(1))).await());
            assertTrue(upgraded.read(c -> Database.queryString(c,
                    "SELECT sql FROM sqlite_schema WHERE name = 'idempotency_keys'")).await().contains("WITHOUT ROWID"));
            Exception duplicate = assertThrows(Exception.class, () -> upgraded.write(c -> Sql.update(c,
                    "INSERT INTO idempotency_keys (scope, key, request_hash, ticket_id, created_at) VALUES ('kiosk:K1', 'key-1', 'x', 7, 6)")).await());
            assertTrue(duplicate.getMessage().contains("UNIQUE") || duplicate.getMessage().contains("PRIMARY KEY"),
                    duplicate.getMessage());
            // the queue engine's two queries on these indexes (QueueService.normalsSinceLastPriority, recentAverage...)
            assertTrue(plan(upgraded, "SELECT priority, slot_start FROM tickets WHERE service_id IN ('s') AND day = '2026-11-23'"
                    + " AND first_called_at IS NOT NULL ORDER BY first_called_at DESC, id DESC LIMIT 10")
                    .contains("tickets_first_calls"));
            assertTrue(plan(upgraded, "SELECT finished_at, started_at FROM tickets WHERE service_id = 's' AND finished_at IS NOT NULL"
                    + " AND started_at IS NOT NULL AND finished_at > 0 ORDER BY finished_at DESC LIMIT 20")
                    .contains("tickets_service_times"));
        } finally {
            upgraded.close();
        }
    }

    private static String plan(Database db, String query) {
        return String.join(" | ", db.read(c -> Sql.list(c, "EXPLAIN QUERY PLAN " + query, rs -> rs.getString("detail")))
                .await());
    }

    @Test
    void writesRunOnTheWriterThreadAndAFailingWriteRollsBackOnlyItself() {
        db.write(c -> Sql.update(c, "INSERT INTO services (id, name, prefix, opens, closes, avg_service_minutes) VALUES ('s', 'S', 'S', '08:00', '17:00', 5)"))
                .await();
        List<Future<Long>> writes = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int n = i;
            writes.add(db.write(c -> {
                assertEquals("sqlite-writer", Thread.currentThread().getName());
                long id = Sql.insert(c, "INSERT INTO tickets (public_token, issuing_service_id, service_id, day, seq, number, status, priority, sort_key, issued_at) "
                        + "VALUES (?, 's', 's', '2026-11-23', ?, ?, 'waiting', 'normal', ?, 0)", "t" + n, n, "S" + n, n);
                if (n % 50 == 7) throw new SQLException("refused on purpose after inserting " + id);
                return id;
            }));
        }
        int failed = 0;
        for (Future<Long> w : writes) {
            try {
                w.await();
            } catch (Exception e) {
                failed++;
                assertTrue(e.getMessage().startsWith("refused on purpose"), e.getMessage());
            }
        }
        assertEquals(4, failed);
        assertEquals(196L, (long) db.read(c -> Sql.count(c, "SELECT COUNT(*) FROM tickets")).await());
        assertEquals(0L, (long) db.read(c -> Sql.count(c, "SELECT COUNT(*) FROM tickets WHERE seq % 50 = 7")).await());
    }

    @Test
    void aTicketNumberCannotBeGivenTwiceInOneServiceAndDay() {
        db.write(c -> Sql.update(c, "INSERT INTO services (id, name, prefix, opens, closes, avg_service_minutes) VALUES ('s', 'S', 'S', '08:00', '17:00', 5)"))
                .await();
        String insert = "INSERT INTO tickets (public_token, issuing_service_id, service_id, day, seq, number, status, priority, sort_key, issued_at) "
                + "VALUES (?, 's', 's', '2026-11-23', 1, 'S001', 'waiting', 'normal', 1, 0)";
        db.write(c -> Sql.update(c, insert, "a")).await();
        Exception e = assertThrows(Exception.class, () -> db.write(c -> Sql.update(c, insert, "b")).await());
        assertTrue(e.getMessage().contains("UNIQUE"), e.getMessage());
    }

    @Test
    void aBackupIsAVerifiedCopyAndRotationKeepsTheNewest() throws Exception {
        db.write(c -> Sql.update(c, "INSERT INTO services (id, name, prefix, opens, closes, avg_service_minutes) VALUES ('s', 'S', 'S', '08:00', '17:00', 5)"))
                .await();
        Path copy = dir.resolve("copies/backup.db");
        Backup.copy(db.file(), copy);
        assertEquals("ok", Database.integrityCheck(copy));
        try (Connection c = Database.open(copy, true)) {
            assertEquals(1, Sql.count(c, "SELECT COUNT(*) FROM services"));
        }
        assertThrows(java.io.IOException.class, () -> Backup.copy(db.file(), copy), "never overwrites");
        assertThrows(java.io.IOException.class, () -> Backup.copy(dir.resolve("missing.db"), dir.resolve("x.db")));
        Path nightly = dir.resolve("nightly");
        for (int day = 1; day <= 5; day++) {
            Backup.rotate(db.file(), nightly, 3, LocalDateTime.of(2026, 11, day, 2, 30));
        }
        try (var files = Files.list(nightly)) {
            assertEquals(List.of("clinic-20261103-023000.db", "clinic-20261104-023000.db", "clinic-20261105-023000.db"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }
}
