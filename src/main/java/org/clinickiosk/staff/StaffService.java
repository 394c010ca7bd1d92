package org.clinickiosk.staff;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.clinickiosk.web.ApiException;
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
    private final StaffDirectory directory;
    private final Clock clock;

    public StaffService(Vertx vertx, Database db, StaffDirectory directory, Clock clock) {
        this.vertx = vertx;
        this.db = db;
        this.directory = directory;
        this.clock = clock;
    }

    public static JsonObject toJson(Account a) {
        return new JsonObject().put("id", a.id()).put("username", a.username()).put("displayName", a.displayName())
                .put("role", a.role()).put("disabled", a.disabled());
    }

    public Future<List<Account>> accounts() {
        return db.read(c -> Sql.list(c, "SELECT * FROM staff ORDER BY username", StaffService::account));
    }

    /** A new account; the password is hashed on a worker thread before the write. */
    public Future<Account> create(String username, String displayName, String role, String password) {
        if (username == null || !ClinicConfig.USERNAME.matcher(username).matches()) {
            return Future.failedFuture(ApiException.badRequest("invalid_username",
                    "username: 2-32 lowercase letters, digits, '.', '_' or '-'"));
        }
        return hash(password).compose(hash -> db.write(c -> {
            if (Sql.count(c, "SELECT COUNT(*) FROM staff WHERE username = ?", username) > 0) {
                throw ApiException.conflict("exists", "the username '" + username + "' is taken");
            }
            long id = Sql.insert(c, "INSERT INTO staff (username, display_name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                    username, displayName, role, hash, clock.millis());
            return Sql.one(c, "SELECT * FROM staff WHERE id = ?", StaffService::account, id).orElseThrow();
        })).onSuccess(this::remember);
    }

    /** Changes name, role or disabled; an admin cannot lock themself out. */
    public Future<Account> update(long id, JsonObject changes, long actingStaffId) {
        String role = changes.getString("role");
        Boolean disabled = changes.getBoolean("disabled");
        if (id == actingStaffId && (Boolean.TRUE.equals(disabled) || (role != null && !role.equals("admin")))) {
            return Future.failedFuture(ApiException.conflict("own_account",
                    "you cannot disable or demote your own account; ask another administrator"));
        }
        return db.write(c -> {
            Account a = Sql.one(c, "SELECT * FROM staff WHERE id = ?", StaffService::account, id)
                    .orElseThrow(() -> ApiException.notFound("staff account " + id));
            Sql.update(c, "UPDATE staff SET display_name = ?, role = ?, disabled = ? WHERE id = ?",
                    changes.containsKey("displayName") ? changes.getString("displayName") : a.displayName(),
                    role != null ? role : a.role(), disabled != null ? disabled : a.disabled(), id);
            return Sql.one(c, "SELECT * FROM staff WHERE id = ?", StaffService::account, id).orElseThrow();
        }).onSuccess(this::remember);
    }

    public Future<Void> setPassword(long id, String password) {
        return hash(password).compose(hash -> db.write(c -> {
            if (Sql.update(c, "UPDATE staff SET password_hash = ? WHERE id = ?", hash, id) == 0) {
                throw ApiException.notFound("staff account " + id);
            }
            return null;
        }));
    }

    private Future<String> hash(String password) {
        if (password == null || password.length() < Passwords.MINIMUM_LENGTH) {
            return Future.failedFuture(ApiException.badRequest("weak_password",
                    "a password needs at least " + Passwords.MINIMUM_LENGTH + " characters"));
        }
        return vertx.executeBlocking(() -> Passwords.hash(password));
    }

    private void remember(Account a) {
        directory.put(a.id(), new StaffDirectory.Entry(a.username(), a.role(), a.disabled()));
    }

    private static Account account(java.sql.ResultSet rs) throws SQLException {
        return new Account(rs.getLong("id"), rs.getString("username"), rs.getString("display_name"),
                rs.getString("role"), rs.getInt("disabled") == 1);
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
        return db.read(c -> Sql.one(c, "SELECT * FROM staff WHERE id = ?", StaffService::account, id));
    }

    private static String randomPassword() {
        String alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 12; i++) out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        return out.toString();
    }
}
