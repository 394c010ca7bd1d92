package org.clinickiosk.staff;

import org.clinickiosk.store.Sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each account's current role and whether it is disabled, in memory, so every request checks them without a
 * database read: disabling an account or changing its role takes effect on that person's open sessions at once.
 */
public final class StaffDirectory {
    public record Entry(String username, String role, boolean disabled) {}

    private final Map<Long, Entry> byId = new ConcurrentHashMap<>();

    public static StaffDirectory load(Connection c) throws SQLException {
        StaffDirectory directory = new StaffDirectory();
        for (Object[] row : Sql.list(c, "SELECT id, username, role, disabled FROM staff",
                rs -> new Object[]{rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4) == 1})) {
            directory.byId.put((Long) row[0], new Entry((String) row[1], (String) row[2], (Boolean) row[3]));
        }
        return directory;
    }

    /** The account if it exists and is enabled. */
    public Optional<Entry> active(long staffId) {
        Entry e = byId.get(staffId);
        return e == null || e.disabled() ? Optional.empty() : Optional.of(e);
    }

    void put(long staffId, Entry entry) {
        byId.put(staffId, entry);
    }
}
