package org.clinickiosk.healthcard;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.clinickiosk.audit.AuditLog;
import org.clinickiosk.config.ClinicConfig;
import org.clinickiosk.store.Database;
import org.clinickiosk.store.Sql;
import org.clinickiosk.testsupport.MutableClock;
import org.clinickiosk.testsupport.TestConfigs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/** A real SQLite store with fictional residents and the resolver chain as the server builds it. */
final class HealthCardFixture implements AutoCloseable {
    /** Fictional residents (valid check digits). */
    static final String LIN_ID = "340104198503120246";
    static final String WANG_ID = "510107195208070319";

    final Vertx vertx = Vertx.vertx();
    final Path dir;
    final Database db;
    final HealthCardResolverChain chain;
    final long lin;
    final long wang;

    HealthCardFixture(UnaryOperator<JsonObject> tweak) throws Exception {
        dir = Files.createTempDirectory("healthcard-test");
        ClinicConfig config = ClinicConfig.fromJson(tweak.apply(TestConfigs.clinic(dir.resolve("clinic.db"))));
        MutableClock clock = MutableClock.shanghai(9, 0);
        db = Database.open(vertx, dir.resolve("clinic.db"));
        chain = HealthCardResolverChain.create(vertx, db, new AuditLog(db, clock), config, clock);
        lin = resident(LIN_ID, "00000001");
        wang = resident(WANG_ID, "00000002");
    }

    HealthCardFixture() throws Exception {
        this(json -> json);
    }

    private long resident(String idNumber, String serial) {
        return db.write(c -> Sql.insert(c, "INSERT INTO residents (record_number, id_number, name, created_at) "
                + "VALUES (?, ?, ?, 0)", "110105001001" + serial, idNumber, "测试居民")).await();
    }

    @Override
    public void close() throws Exception {
        chain.close().await();
        db.close();
        vertx.close().await();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
