package org.clinickiosk.queue;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.clinickiosk.config.ClinicConfig;
import org.clinickiosk.config.ConfigException;
import org.clinickiosk.store.Database;
import org.clinickiosk.store.Sql;
import org.clinickiosk.web.ApiException;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The queue rules in force. The config file seeds them at first start; afterwards the admin console changes them
 * and they apply to the next action, without a restart.
 */
public final class QueueRulesSetting {
    static final String KEY = "queue.rules";

    private volatile ClinicConfig.QueueRules current;
    private final Database db;

    private QueueRulesSetting(Database db, ClinicConfig.QueueRules current) {
        this.db = db;
        this.current = current;
    }

    /** Rules that never change, for tests of the engine alone. */
    public static QueueRulesSetting fixed(ClinicConfig.QueueRules rules) {
        return new QueueRulesSetting(null, rules);
    }

    public static QueueRulesSetting load(Database db, Connection c, ClinicConfig.QueueRules seed) throws SQLException {
        Sql.update(c, "INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)", KEY, seed.toJson().encode());
        String stored = Sql.one(c, "SELECT value FROM settings WHERE key = ?", rs -> rs.getString(1), KEY).orElseThrow();
        return new QueueRulesSetting(db, ClinicConfig.queueRules(new JsonObject(stored)));
    }

    public ClinicConfig.QueueRules current() {
        return current;
    }

    /** Checks the new rules as the config file's are checked, stores them, and applies them. */
    public Future<ClinicConfig.QueueRules> update(JsonObject json) {
        ClinicConfig.QueueRules rules;
        try {
            rules = ClinicConfig.queueRules(json);
        } catch (ConfigException e) {
            return Future.failedFuture(ApiException.badRequest("invalid_rules", e.getMessage()));
        }
        return db.write(c -> Sql.update(c, "UPDATE settings SET value = ? WHERE key = ?", rules.toJson().encode(), KEY))
                .map(n -> {
                    current = rules;
                    return rules;
                });
    }
}
