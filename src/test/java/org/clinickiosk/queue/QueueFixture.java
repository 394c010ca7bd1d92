package org.clinickiosk.queue;

import io.vertx.core.Vertx;
import org.clinickiosk.appointment.AppointmentService;
import org.clinickiosk.clinic.ClinicCatalog;
import org.clinickiosk.config.ClinicConfig;
import org.clinickiosk.staff.StaffService;
import org.clinickiosk.store.Database;
import org.clinickiosk.store.Sql;
import org.clinickiosk.testsupport.MutableClock;
import org.clinickiosk.testsupport.TestConfigs;
import org.clinickiosk.web.Actor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A queue engine on a real SQLite file, driven synchronously from the test thread. */
final class QueueFixture implements AutoCloseable {
    final Vertx vertx = Vertx.vertx();
    final Path dir;
    final Path file;
    final ClinicConfig config;
    final MutableClock clock;
    Database db;
    QueueService queue;
    AppointmentService appointments;
    final Actor kiosk = Actor.kiosk("K1", "127.0.0.1");
    Actor nurse1;
    Actor nurse2;

    QueueFixture(MutableClock clock, java.util.function.UnaryOperator<io.vertx.core.json.JsonObject> tweak) throws Exception {
        this.dir = Files.createTempDirectory("queue-test");
        this.file = dir.resolve("clinic.db");
        this.config = ClinicConfig.fromJson(tweak.apply(TestConfigs.clinic(file)));
        this.clock = clock;
        open();
        db.write(c -> {
            ClinicCatalog.seed(c, config);
            StaffService.seed(c, config.staff(), clock);
            return null;
        }).await();
        nurse1 = staffActor("nurse1");
        nurse2 = staffActor("nurse2");
    }

    QueueFixture(MutableClock clock) throws Exception {
        this(clock, json -> json);
    }

    void open() throws Exception {
        db = Database.open(vertx, file);
        QueueRulesSetting rules = QueueRulesSetting.fixed(config.queue());
        queue = new QueueService(vertx, db, config, rules, clock);
        appointments = new AppointmentService(db, queue, config, rules, clock);
    }

    /** Closes the store and opens it again, as a restart would. */
    void restart() throws Exception {
        db.close();
        open();
    }

    Actor staffActor(String username) {
        long id = db.read(c -> Sql.count(c, "SELECT id FROM staff WHERE username = ?", username)).await();
        return Actor.staff(id, username, "nurse", "127.0.0.1");
    }

    Ticket issue(String serviceId) {
        return issue(serviceId, null, null);
    }

    Ticket issue(String serviceId, Long residentId, String priority) {
        return queue.issue(new QueueService.IssueRequest(serviceId, residentId, priority, "K1"), kiosk,
                "key-" + System.nanoTime()).await().ticket();
    }

    long resident(String idNumber, String name, String birthDate) {
        return db.write(c -> Sql.insert(c, """
                INSERT INTO residents (record_number, id_number, name, sex, birth_date, created_at)
                VALUES (?, ?, ?, 'M', ?, 0)""", "110105001001" + idNumber.substring(10, 18).replace('X', '0'),
                idNumber, name, birthDate)).await();
    }

    /** Numbers of the waiting tickets of these services, in call order. */
    List<String> order(String... serviceIds) {
        return db.read(c -> queue.orderedWaiting(c, List.of(serviceIds), clock.millis()).stream()
                .map(Ticket::number).toList()).await();
    }

    String callNext(String room, Actor actor) {
        Ticket t = queue.callNext(room, actor).await().ticket();
        return t == null ? null : t.number();
    }

    @Override
    public void close() throws Exception {
        db.close();
        vertx.close().await();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
