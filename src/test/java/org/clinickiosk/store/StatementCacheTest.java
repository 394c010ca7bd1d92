package org.clinickiosk.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatementCacheTest {
    private Path dir;
    private Connection c;

    @BeforeEach
    void open() throws Exception {
        dir = Files.createTempDirectory("statement-cache");
        c = StatementCache.wrap(DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db")));
        Sql.update(c, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)");
    }

    @AfterEach
    void close() throws Exception {
        c.close();
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) Files.delete(p);
        }
        Files.delete(dir);
    }

    private int cached() throws SQLException {
        return c.unwrap(StatementCache.class).size();
    }

    @Test
    void aStatementIsCompiledOnceAndReusedWithNewParameters() throws Exception {
        PreparedStatement first;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (name) VALUES (?)")) {
            first = ps;
            ps.setString(1, "a");
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (name) VALUES (?)")) {
            assertSame(first, ps, "the same compiled statement comes back");
            ps.setString(1, "b");
            ps.executeUpdate();
        }
        assertEquals(3, Sql.insert(c, "INSERT INTO t (name) VALUES (?)", "c"));
        assertEquals(List.of("a", "b", "c"), Sql.list(c, "SELECT name FROM t ORDER BY id", rs -> rs.getString(1)));
        assertEquals(List.of("b"), Sql.list(c, "SELECT name FROM t WHERE id = ?", rs -> rs.getString(1), 2));
        assertEquals(List.of("c"), Sql.list(c, "SELECT name FROM t WHERE id = ?", rs -> rs.getString(1), 3));
    }

    @Test
    void theSameTextUsedInsideItsOwnUseGetsAStatementOfItsOwn() throws Exception {
        Sql.update(c, "INSERT INTO t (name) VALUES ('a'), ('b')");
        String byId = "SELECT name FROM t WHERE id = ?";
        List<String> pairs = Sql.list(c, "SELECT id FROM t ORDER BY id",
                rs -> Sql.one(c, byId, inner -> inner.getString(1), rs.getLong(1)).orElseThrow()
                        + Sql.one(c, byId, inner -> inner.getString(1), 3 - rs.getLong(1)).orElseThrow());
        assertEquals(List.of("ab", "ba"), pairs);
        try (PreparedStatement outer = c.prepareStatement(byId); PreparedStatement inner = c.prepareStatement(byId)) {
            assertNotSame(outer, inner, "two uses at once never share a statement");
        }
    }

    @Test
    void aStatementThatFailedIsNotUsedAgain() throws Exception {
        Sql.update(c, "INSERT INTO t (name) VALUES (?)", "a");
        int before = cached();
        assertThrows(SQLException.class, () -> Sql.update(c, "INSERT INTO t (name) VALUES (?)", "a"));
        assertTrue(cached() < before, "the failed statement was dropped");
        Sql.update(c, "INSERT INTO t (name) VALUES (?)", "b");
        assertEquals(2, Sql.count(c, "SELECT COUNT(*) FROM t"));
    }

    @Test
    void atMostAFixedNumberAreKept() throws Exception {
        for (int i = 0; i < StatementCache.MAX_STATEMENTS + 20; i++) Sql.count(c, "SELECT " + i);
        assertEquals(StatementCache.MAX_STATEMENTS, cached());
        assertEquals(7, Sql.count(c, "SELECT 7"), "an evicted statement is compiled again when asked for");
    }
}
