package org.clinickiosk.staff;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.clinickiosk.config.ClinicConfig;
import org.clinickiosk.store.Database;
import org.clinickiosk.store.Sql;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Staff accounts: seeding from config, and checking a login (bcrypt runs on a worker thread, not the event loop). */
public final class StaffService {

    public record Account(long id, String username, String displayName, String role, boolean disabled) {}

    private final Vertx vertx;
    private final Database db;

    public StaffService(Vertx vertx, Database db) {
        this.vertx = vertx;
        this.db = db;
    }

    /**
     * Adds the configured accounts the database does not have. An account given without a hash gets a random
     * one-time password, returned here so the caller can print it once; it is never stored in clear.
     */
    public static List<String[]> seed(Connection c, List<ClinicConfig.Staff> staff, Clock clock) throws SQLException {
        List<String[]> oneTimePasswords = new ArrayList<>();
        for (ClinicConfig.Staff s : staff) {
            if (Sql.count(c, "SELECT COUNT(*) FROM staff WHERE username = ?", s.username()) > 0) continue;
            String hash = s.passwordHash();
            if (hash == null) {
                String password = randomPassword();
                hash = Passwords.hash(password);
                oneTimePasswords.add(new String[]{s.username(), password});
            }
            Sql.update(c, "INSERT INTO staff (username, display_name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                    s.username(), s.displayName(), s.role(), hash, clock.millis());
        }
        return oneTimePasswords;
    }

    /** The account when the password matches and the account is enabled. */
    public Future<Optional<Account>> verify(String username, String password) {
        return db.read(c -> Sql.one(c, "SELECT * FROM staff WHERE username = ?", rs -> new Object[]{
                new Account(rs.getLong("id"), rs.getString("username"), rs.getString("display_name"),
                        rs.getString("role"), rs.getInt("disabled") == 1), rs.getString("password_hash")}, username))
                .compose(row -> vertx.executeBlocking(() -> {
                    String hash = row.map(r -> (String) r[1]).orElse(null);
                    boolean ok = Passwords.matches(password, hash);
                    return row.filter(r -> ok && !((Account) r[0]).disabled()).map(r -> (Account) r[0]);
                }));
    }

    public Future<Optional<Account>> account(long id) {
        return db.read(c -> Sql.one(c, "SELECT * FROM staff WHERE id = ?", rs -> new Account(rs.getLong("id"),
                rs.getString("username"), rs.getString("display_name"), rs.getString("role"),
                rs.getInt("disabled") == 1), id));
    }

    private static String randomPassword() {
        String alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 12; i++) out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        return out.toString();
    }
}
