package org.clinickiosk.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.sqlite.SQLiteConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The SQLite store. SQLite has one writer, so every write goes through one thread and one connection; reads use a
 * small pool of their own connections (WAL lets them run beside the writer). JDBC never runs on an event loop.
 *
 * <p>Writes are group-committed: the writer takes every write waiting in its queue (up to {@link #MAX_BATCH}), runs
 * each in its own savepoint inside one BEGIN IMMEDIATE transaction, commits once with synchronous=FULL, and only then
 * completes their futures. So concurrent requests share one fsync, one failing write rolls back only itself, and
 * nothing is acknowledged before its commit is durable.
 */
public final class Database implements AutoCloseable {

    /** SQLite releases older than this carry the WAL-reset corruption bug. */
    static final int[] MINIMUM_SQLITE_VERSION = {3, 51, 3};
    static final int MAX_BATCH = 64;
    private static final int BUSY_TIMEOUT_MS = 5000;
    private static final System.Logger LOG = System.getLogger(Database.class.getName());

    private final Vertx vertx;
    private final Path file;
    private final Connection writeConnection;
    private final BlockingQueue<PendingWrite<?, ?>> writes = new LinkedBlockingQueue<>();
    private final Thread writer;
    private final ExecutorService readers;
    private final ThreadLocal<Connection> readConnection = new ThreadLocal<>();
    private final List<Connection> readConnections = new ArrayList<>();
    private final String sqliteVersion;
    private volatile boolean closed;
    /** Commits since the last checkpoint; the checkpointer skips a turn when there were none. */
    private final java.util.concurrent.atomic.AtomicLong uncheckpointed = new java.util.concurrent.atomic.AtomicLong();
    private Thread checkpointer;
    /** WAL pages at which the writer checkpoints by itself (SQLite's default is 1000): only if the checkpointer lags. */
    static final int WRITER_CHECKPOINT_PAGES = 20_000;
    static final long CHECKPOINT_INTERVAL_MS = 250;

    private record PendingWrite<T, R>(SqlWork<T> work, CommittedWork<T, R> afterCommit, Promise<R> promise,
                                      Context context) {}

    /**
     * Work that runs on the writer thread after its write is durably committed, in commit order, before the write's
     * future completes: for in-memory state that must follow exactly what was committed (a rolled-back write never
     * reaches it). It reads the committed state through the writer connection outside any transaction; it must not
     * write.
     */
    @FunctionalInterface
    public interface CommittedWork<T, R> {
        R run(Connection connection, T written) throws SQLException;
    }

    private Database(Vertx vertx, Path file, int readerThreads) throws SQLException {
        this.vertx = vertx;
        this.file = file;
        this.writeConnection = StatementCache.wrap(open(file, false));
        // The writer's temporary files in memory: above all the sub-journal of each write's savepoint (see
        // commitBatch), which otherwise went to a temporary file page by page (six times the bytes of the WAL itself
        // per ticket). It only serves ROLLBACK TO inside a transaction; durability is the WAL's. Readers keep temporary
        // files on disk: a large statistics sort then spills to a file instead of growing memory without a bound.
        try (Statement s = writeConnection.createStatement()) {
            s.execute("pragma temp_store = MEMORY");
        }
        this.sqliteVersion = verifySettings(writeConnection);
        this.writer = new Thread(this::writeLoop, "sqlite-writer");
        this.writer.setDaemon(true);
        AtomicInteger n = new AtomicInteger();
        this.readers = Executors.newFixedThreadPool(readerThreads, r -> {
            Thread t = new Thread(r, "sqlite-reader-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Opens (creating if needed) the database file, checks SQLite's version and settings, and runs migrations. */
    public static Database open(Vertx vertx, Path file) throws SQLException {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
        } catch (java.io.IOException e) {
            throw new SQLException("cannot create the folder for " + file + ": " + e.getMessage(), e);
        }
        Database db = new Database(vertx, file, 2);
        try {
            Migrations.apply(db.writeConnection);
        } catch (SQLException | RuntimeException e) {
            db.close();
            throw e;
        }
        db.writer.start();
        db.startCheckpointer();
        return db;
    }

    static Connection open(Path file, boolean readOnly) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        // Journal mode is a property of the file, set by the writer; a read-only connection cannot change it.
        if (!readOnly) config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        // sqlite-jdbc would otherwise compile and run "SELECT last_insert_rowid()" after every INSERT, in case the
        // caller asks for generated keys; Sql.insert reads the id itself, once.
        config.setGetGeneratedKeys(false);
        config.setReadOnly(readOnly);
        return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
    }

    /** Reads the settings back: a driver that silently ignored one must stop startup, not corrupt data later. */
    static String verifySettings(Connection c) throws SQLException {
        String version = queryString(c, "select sqlite_version()");
        if (!atLeast(version, MINIMUM_SQLITE_VERSION)) {
            throw new SQLException("SQLite " + version + " is too old: 3.51.3 or newer is required "
                    + "(older releases can corrupt a WAL database); use sqlite-jdbc 3.51.3.0 or newer");
        }
        expect(c, "pragma journal_mode", "wal");
        expect(c, "pragma synchronous", "2");
        expect(c, "pragma foreign_keys", "1");
        expect(c, "pragma busy_timeout", String.valueOf(BUSY_TIMEOUT_MS));
        expect(c, "pragma temp_store", "2"); // the writer's (see the constructor)
        return version;
    }

    static boolean atLeast(String version, int[] minimum) {
        String[] parts = version.split("\\.");
        for (int i = 0; i < minimum.length; i++) {
            int have = i < parts.length ? Integer.parseInt(parts[i].replaceAll("\\D.*", "")) : 0;
            if (have != minimum[i]) return have > minimum[i];
        }
        return true;
    }

    private static void expect(Connection c, String pragma, String wanted) throws SQLException {
        String actual = queryString(c, pragma);
        if (!wanted.equalsIgnoreCase(actual)) {
            throw new SQLException(pragma + " is " + actual + ", expected " + wanted);
        }
    }

    static String queryString(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    public String sqliteVersion() {
        return sqliteVersion;
    }

    public Path file() {
        return file;
    }

    /** Runs a write in the serialised, group-committed writer; completes on the caller's context after commit. */
    public <T> Future<T> write(SqlWork<T> work) {
        return write(work, (c, written) -> written);
    }

    /**
     * Runs a write as {@link #write(SqlWork)} does, then {@code afterCommit} on the writer thread once the write is
     * durable; the future completes with what {@code afterCommit} returns. A failing {@code afterCommit} fails only
     * this future (the write itself stays committed).
     */
    public <T, R> Future<R> write(SqlWork<T> work, CommittedWork<T, R> afterCommit) {
        Context context = vertx.getOrCreateContext();
        Promise<R> promise = Promise.promise();
        if (closed) return Future.failedFuture(new SQLException("the database is closed"));
        writes.add(new PendingWrite<>(work, afterCommit, promise, context));
        return promise.future();
    }

    /** Runs a read on a reader connection; completes on the caller's context. */
    public <T> Future<T> read(SqlWork<T> work) {
        Context context = vertx.getOrCreateContext();
        Promise<T> promise = Promise.promise();
        try {
            readers.execute(() -> {
                try {
                    T result = work.run(readerConnection());
                    context.runOnContext(v -> promise.complete(result));
                } catch (Throwable e) {
                    context.runOnContext(v -> promise.fail(e));
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return Future.failedFuture(new SQLException("the database is closed"));
        }
        return promise.future();
    }

    private Connection readerConnection() throws SQLException {
        Connection c = readConnection.get();
        if (c == null) {
            c = StatementCache.wrap(open(file, true));
            synchronized (readConnections) {
                readConnections.add(c);
            }
            readConnection.set(c);
        }
        return c;
    }

    private void writeLoop() {
        List<PendingWrite<?, ?>> batch = new ArrayList<>(MAX_BATCH);
        while (!closed || !writes.isEmpty()) {
            try {
                PendingWrite<?, ?> first = writes.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                writes.drainTo(batch, MAX_BATCH - 1);
                commitBatch(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // Nothing known throws here any more (a closed caller is handled by deliver); should anything, the
                // writer must live on, or every later write would wait forever.
                LOG.log(System.Logger.Level.ERROR, "the writer could not complete a batch of " + batch.size()
                        + " writes", e);
            } finally {
                batch.clear();
            }
        }
    }

    private void commitBatch(List<PendingWrite<?, ?>> batch) {
        Object[] results = new Object[batch.size()];
        Throwable[] failures = new Throwable[batch.size()];
        try {
            run("BEGIN IMMEDIATE");
            try {
                for (int i = 0; i < batch.size(); i++) {
                    run("SAVEPOINT w");
                    try {
                        results[i] = batch.get(i).work().run(writeConnection);
                        run("RELEASE w");
                    } catch (Throwable e) {
                        run("ROLLBACK TO w");
                        run("RELEASE w");
                        failures[i] = e;
                    }
                }
                run("COMMIT");
                uncheckpointed.incrementAndGet();
            } catch (SQLException e) {
                rollbackQuietly();
                throw e;
            }
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.ERROR, "write transaction failed; " + batch.size() + " writes refused", e);
            for (PendingWrite<?, ?> w : batch) fail(w, e);
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            if (failures[i] != null) fail(batch.get(i), failures[i]);
            else afterCommit(batch.get(i), results[i]);
        }
    }

    @SuppressWarnings("unchecked")
    private <T, R> void afterCommit(PendingWrite<T, R> w, Object written) {
        R result;
        try {
            result = w.afterCommit().run(writeConnection, (T) written);
        } catch (Throwable e) {
            fail(w, e);
            return;
        }
        deliver(w, v -> w.promise().complete(result));
    }

    /**
     * Hands a write's outcome to its caller's context. A caller whose Vert.x has closed (a shutdown racing the last
     * writes) refuses it: the write itself stands, only nobody is left to tell, and the writer goes on.
     */
    private static void deliver(PendingWrite<?, ?> w, io.vertx.core.Handler<Void> outcome) {
        try {
            w.context().runOnContext(outcome);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.log(System.Logger.Level.WARNING, "a write's caller has gone (its Vert.x closed); its outcome is dropped");
        }
    }

    /**
     * Copies committed WAL pages into the database file on a thread and connection of its own (PRAGMA
     * wal_checkpoint(PASSIVE), which never blocks the writer or readers), so the writer does not pay for the copy and
     * its fsync inside a commit every thousand pages, as SQLite's automatic checkpoint would make it. Durability is
     * unchanged: every commit is fsynced in the WAL before it is acknowledged.
     */
    private void startCheckpointer() throws SQLException {
        try (Statement s = writeConnection.createStatement()) {
            s.execute("pragma wal_autocheckpoint = " + WRITER_CHECKPOINT_PAGES);
        }
        Connection c = open(file, false);
        checkpointer = new Thread(() -> {
            try (c) {
                while (!closed) {
                    Thread.sleep(CHECKPOINT_INTERVAL_MS);
                    if (uncheckpointed.getAndSet(0) == 0) continue;
                    try (Statement s = c.createStatement()) {
                        s.execute("pragma wal_checkpoint(PASSIVE)");
                    } catch (SQLException e) {
                        LOG.log(System.Logger.Level.WARNING, "background checkpoint failed (the writer's own will run "
                                + "at " + WRITER_CHECKPOINT_PAGES + " pages): " + e.getMessage());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (SQLException e) {
                LOG.log(System.Logger.Level.WARNING, "closing the checkpoint connection: " + e.getMessage());
            }
        }, "sqlite-checkpointer");
        checkpointer.setDaemon(true);
        checkpointer.start();
    }

    /** Runs a transaction-control statement on the writer (kept compiled: these run for every write). */
    private void run(String sql) throws SQLException {
        try (PreparedStatement s = writeConnection.prepareStatement(sql)) {
            s.execute();
        }
    }

    private void rollbackQuietly() {
        try {
            run("ROLLBACK");
        } catch (SQLException ignored) {
            // Nothing more to undo: SQLite already rolled back when the failure ended the transaction.
        }
    }

    private static void fail(PendingWrite<?, ?> w, Throwable e) {
        deliver(w, v -> w.promise().fail(e));
    }

    /** A cheap probe for /api/health: the database answers and still runs in WAL mode. */
    public static String probe(Connection c) throws SQLException {
        return "wal".equalsIgnoreCase(queryString(c, "pragma journal_mode")) ? "ok" : "not in WAL mode";
    }

    /** Runs PRAGMA integrity_check on a fresh connection: "ok" when the file is sound. */
    public static String integrityCheck(Path file) throws SQLException {
        try (Connection c = open(file, true)) {
            return queryString(c, "pragma integrity_check");
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            if (writer.isAlive()) writer.join(5000);
            // a write queued just as the writer ended (it passed the closed check a moment before) fails, not hangs
            List<PendingWrite<?, ?>> late = new ArrayList<>();
            writes.drainTo(late);
            late.forEach(w -> fail(w, new SQLException("the database is closed")));
            if (checkpointer != null) {
                checkpointer.interrupt();
                checkpointer.join(5000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        readers.shutdown();
        try {
            readers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (readConnections) {
            for (Connection c : readConnections) closeQuietly(c);
        }
        closeQuietly(writeConnection);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.WARNING, "closing a database connection failed: " + e.getMessage());
        }
    }
}
