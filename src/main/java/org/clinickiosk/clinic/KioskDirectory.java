package org.clinickiosk.clinic;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.clinickiosk.config.ClinicConfig;
import org.clinickiosk.store.Database;
import org.clinickiosk.store.Sql;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kiosks this server knows, their token hashes and maintenance state: loaded from the database at start and
 * kept in memory so checking a kiosk token costs no database read. Tokens from the config file seed kiosks the
 * database does not have; after that the admin console rotates them.
 */
public final class KioskDirectory {

    public record Kiosk(String id, String name, String tokenSha256, boolean maintenance, String maintenanceMessage) {
        public JsonObject maintenanceJson() {
            return new JsonObject().put("enabled", maintenance).put("message", maintenanceMessage);
        }
    }

    private final Database db;
    private final Map<String, Kiosk> byId = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    private KioskDirectory(Database db) {
        this.db = db;
    }

    /** Seeds the configured kiosks the database lacks and loads them all. Runs inside the start-up transaction. */
    public static KioskDirectory load(Database db, Connection c, List<ClinicConfig.Kiosk> configured) throws SQLException {
        for (ClinicConfig.Kiosk k : configured) {
            Sql.update(c, "INSERT OR IGNORE INTO kiosks (id, name, token_sha256) VALUES (?, ?, ?)",
                    k.id(), k.name(), sha256(k.token()));
        }
        KioskDirectory directory = new KioskDirectory(db);
        for (Kiosk k : Sql.list(c, "SELECT * FROM kiosks ORDER BY id", rs -> new Kiosk(rs.getString("id"),
                rs.getString("name"), rs.getString("token_sha256"), rs.getInt("maintenance") == 1,
                rs.getString("maintenance_message")))) {
            directory.byId.put(k.id(), k);
        }
        return directory;
    }

    /** The kiosk whose token this is; compares hashes in constant time and checks every kiosk. */
    public Optional<Kiosk> byToken(String token) {
        byte[] given = sha256(token).getBytes(StandardCharsets.US_ASCII);
        Kiosk found = null;
        for (Kiosk k : byId.values()) {
            if (MessageDigest.isEqual(given, k.tokenSha256().getBytes(StandardCharsets.US_ASCII))) found = k;
        }
        return Optional.ofNullable(found);
    }

    public Optional<Kiosk> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public List<Kiosk> all() {
        return byId.values().stream().sorted(java.util.Comparator.comparing(Kiosk::id)).toList();
    }

    /** A new random token for the kiosk; the old one stops working as soon as this commits. Returns the token. */
    public Future<String> rotateToken(String kioskId, long now) {
        Kiosk kiosk = byId.get(kioskId);
        if (kiosk == null) return Future.failedFuture(org.clinickiosk.web.ApiException.notFound("kiosk '" + kioskId + "'"));
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String hash = sha256(token);
        return db.write(c -> Sql.update(c, "UPDATE kiosks SET token_sha256 = ?, token_rotated_at = ? WHERE id = ?",
                hash, now, kioskId)).map(n -> {
            byId.put(kioskId, new Kiosk(kiosk.id(), kiosk.name(), hash, kiosk.maintenance(), kiosk.maintenanceMessage()));
            return token;
        });
    }

    public Future<Kiosk> setMaintenance(String kioskId, boolean enabled, String message) {
        Kiosk kiosk = byId.get(kioskId);
        if (kiosk == null) return Future.failedFuture(org.clinickiosk.web.ApiException.notFound("kiosk '" + kioskId + "'"));
        return db.write(c -> Sql.update(c, "UPDATE kiosks SET maintenance = ?, maintenance_message = ? WHERE id = ?",
                enabled, message, kioskId)).map(n -> {
            Kiosk changed = new Kiosk(kiosk.id(), kiosk.name(), kiosk.tokenSha256(), enabled, message);
            byId.put(kioskId, changed);
            return changed;
        });
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
