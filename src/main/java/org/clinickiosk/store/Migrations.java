package org.clinickiosk.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Forward-only schema migrations from src/main/resources/db, applied in order, each in one transaction together with
 * the new PRAGMA user_version, so a crash mid-migration leaves the previous version intact.
 */
final class Migrations {
    private Migrations() {}

    /**
     * Applied in this order; append only, never edit a released migration. File numbers were reserved per feature
     * while features were built in parallel, so they need not be contiguous.
     */
    static final List<String> FILES = List.of(
            "V001__initial.sql",
            "V007__kiosks_and_settings.sql",
            "V003__lab.sql",
            // ---- blood pressure (issue 6) ----
            "V004__bp_readings.sql",
            "V002__health_card_bindings.sql",
            "V006__appointment_slots.sql",
            "V008__queue_version.sql",
            "V009__staff_alerts.sql",
            "V010__lean_ticket_writes.sql",
            "V011__staff_sessions.sql");

    static void apply(Connection c) throws SQLException {
        applyUpTo(c, FILES.size());
    }

    /** Applies the migrations up to schema version {@code target} (the whole list in the server; less in tests). */
    static void applyUpTo(Connection c, int target) throws SQLException {
        int current = Integer.parseInt(Database.queryString(c, "pragma user_version"));
        if (current > FILES.size()) {
            throw new SQLException("the database is at schema version " + current + " but this build knows only "
                    + FILES.size() + ": it was written by a newer ClinicKiosk; do not downgrade");
        }
        for (int version = current + 1; version <= target; version++) {
            String sql = load(FILES.get(version - 1));
            try (Statement s = c.createStatement()) {
                s.execute("BEGIN IMMEDIATE");
                try {
                    for (String statement : sql.split(";\\s*\\n")) {
                        if (!statement.isBlank()) s.execute(statement);
                    }
                    s.execute("pragma user_version = " + version);
                    s.execute("COMMIT");
                } catch (SQLException e) {
                    s.execute("ROLLBACK");
                    throw new SQLException("migration " + FILES.get(version - 1) + " failed: " + e.getMessage(), e);
                }
            }
        }
    }

    private static String load(String name) throws SQLException {
        try (InputStream in = Migrations.class.getResourceAsStream("/db/" + name)) {
            if (in == null) throw new SQLException("migration " + name + " is missing from the build");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines().filter(l -> !l.strip().startsWith("--")).reduce("", (a, b) -> a + b + "\n");
        } catch (IOException e) {
            throw new SQLException("cannot read migration " + name, e);
        }
    }
}
