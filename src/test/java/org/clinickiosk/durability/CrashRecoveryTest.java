package org.clinickiosk.durability;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import org.clinickiosk.concurrency.TestClinics;
import org.clinickiosk.store.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Power-cut durability: the real server runs in a child JVM while kiosks take numbers with 8 requests in flight; it is
 * killed with SIGKILL at a random moment and restarted on the same database, many times over. After every restart:
 *
 * <ul>
 *   <li>every ticket a kiosk was told about (a 201) exists with the same id, number and service;</li>
 *   <li>requests that were in flight at the kill are retried with their Idempotency-Key: each comes back either as
 *       a replay of the ticket that was committed (200) or as a new ticket (201), never as two tickets;</li>
 *   <li>the database holds exactly the acknowledged tickets (no phantom), numbers per service and day are unique and
 *       gapless, and {@code pragma integrity_check} is ok;</li>
 *   <li>the waiting order is unchanged: the place in the queue each ticket was given in its 201 answer (what the
 *       kiosk printed as "N people ahead") is the place GET /api/tickets/{id} reports after the restart, and the
 *       waiting count of each service equals the tickets acknowledged for it.</li>
 * </ul>
 *
 * Rounds: {@code -Dclinickiosk.durability.rounds} (20 by default); seed: {@code -Dclinickiosk.durability.seed}.
 */
@ExtendWith(VertxExtension.class)
class CrashRecoveryTest {
    private static final int IN_FLIGHT = 8;
    /** Kills land this long after the load starts, uniformly; long enough to reach every phase of a commit. */
    private static final int MAX_KILL_DELAY_MS = 600;
    /** Tickets per round whose place is checked over HTTP after the restart (all of them at the end). */
    private static final int POSITION_SAMPLE = 60;
    private static final List<String> CHILD_JVM = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    @TempDir
    Path dir;

    /** One kiosk request. */
    record Request(String kioskToken, String key, String serviceId) {}

    /** A ticket a kiosk was given: what the server promised. */
    record Acked(Request request, long id, String number, String serviceId, int position, int round) {}

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES) // a hang guard only; 20 rounds take well under 2 minutes
    void acknowledgedTicketsSurviveSigkillAtRandomMoments(Vertx vertx) throws Exception {
        int rounds = Integer.parseInt(System.getProperty("clinickiosk.durability.rounds", "20"));
        long seed = Long.parseLong(System.getProperty("clinickiosk.durability.seed",
                String.valueOf(System.nanoTime())));
        Random random = new Random(seed);
        Path database = dir.resolve("clinic.db");
        int port = ChildServer.freePort();
        Path config = dir.resolve("clinic.json");
        Files.writeString(config, TestClinics.config(database, port, 0).encodePrettily());

        Map<Long, Acked> acked = new ConcurrentHashMap<>();
        List<Integer> inFlightAtKill = new ArrayList<>();
        int committedNotAcked = 0;
        int lostAtKill = 0;
        WebClient probe = WebClient.create(vertx);
        try (ChildServer child = new ChildServer(config, dir.resolve("server.log"), port, CHILD_JVM)) {
            child.start();
            child.awaitReady(probe, Duration.ofSeconds(60));
            for (int round = 1; round <= rounds; round++) {
                WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                        .setDefaultPort(port), new PoolOptions().setHttp1MaxSize(IN_FLIGHT));
                try {
                    Load load = new Load(client, round, random);
                    load.start();
                    Thread.sleep(random.nextInt(MAX_KILL_DELAY_MS + 1)); // the random moment of the power cut
                    load.stopping = true;
                    inFlightAtKill.add(load.outstanding.size());
                    child.kill();
                    load.awaitOutstanding();
                    if (!load.errors.isEmpty()) fail("round " + round + ": " + load.errors + "\nlog:\n" + child.logTail());
                    for (Acked a : load.acked) {
                        assertNull(acked.putIfAbsent(a.id(), a), "ticket id " + a.id() + " acknowledged twice");
                    }

                    child.start();
                    child.awaitReady(probe, Duration.ofSeconds(60));

                    // before anything new is written: every acknowledged ticket is there, unchanged
                    verifyDatabase(database, acked, false);

                    // what was in flight at the kill: committed (replayed) or lost (issued now), never both
                    List<Acked> roundTickets = new ArrayList<>(load.acked);
                    for (Request lost : load.unanswered) {
                        HttpResponse<Buffer> r = send(client, lost).await(30, TimeUnit.SECONDS);
                        assertTrue(r.statusCode() == 200 || r.statusCode() == 201,
                                () -> "retry after restart answered " + r.statusCode() + ": " + r.bodyAsString());
                        if (r.statusCode() == 200) committedNotAcked++;
                        else lostAtKill++;
                        Acked a = toAcked(lost, r.bodyAsJsonObject(), round);
                        Acked before = acked.putIfAbsent(a.id(), a);
                        assertTrue(before == null, "the retry of " + lost.key() + " returned ticket " + a.id()
                                + ", already acknowledged for " + (before == null ? "" : before.request().key()));
                        roundTickets.add(a);
                    }
                    verifyDatabase(database, acked, true);
                    verifyWaitingCounts(client, acked);
                    Collections.shuffle(roundTickets, random);
                    verifyPositions(client, roundTickets.subList(0, Math.min(POSITION_SAMPLE, roundTickets.size())));
                } finally {
                    client.close();
                }
            }
            // at the end, every acknowledged ticket's place, over HTTP
            WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                    .setDefaultPort(port), new PoolOptions().setHttp1MaxSize(IN_FLIGHT));
            try {
                verifyPositions(client, new ArrayList<>(acked.values()));
            } finally {
                client.close();
            }
            child.stop();
        } finally {
            probe.close();
        }
        verifyDatabase(database, acked, true);
        assertTrue(acked.size() > rounds, "the load should have issued tickets in most rounds");
        int inFlightTotal = inFlightAtKill.stream().mapToInt(Integer::intValue).sum();
        System.out.printf("durability: rounds=%d acknowledged=%d inFlightAtKill=%s (total %d: %d committed but "
                        + "unacknowledged, %d lost uncommitted, both recovered by idempotent retry) seed=%d%n",
                rounds, acked.size(), inFlightAtKill, inFlightTotal, committedNotAcked, lostAtKill, seed);
    }

    /** Kiosks taking numbers with {@link #IN_FLIGHT} requests outstanding until told to stop. */
    private static final class Load {
        final WebClient client;
        final int round;
        final Random random;
        final AtomicInteger sent = new AtomicInteger();
        final Map<Request, Future<HttpResponse<Buffer>>> outstanding = new ConcurrentHashMap<>();
        final List<Acked> acked = Collections.synchronizedList(new ArrayList<>());
        final List<Request> unanswered = Collections.synchronizedList(new ArrayList<>());
        final List<String> errors = Collections.synchronizedList(new ArrayList<>());
        volatile boolean stopping;

        Load(WebClient client, int round, Random random) {
            this.client = client;
            this.round = round;
            this.random = new Random(random.nextLong());
        }

        void start() {
            for (int i = 0; i < IN_FLIGHT; i++) next();
        }

        private void next() {
            if (stopping) return;
            int n = sent.incrementAndGet();
            Request request;
            synchronized (random) {
                request = new Request(random.nextBoolean() ? TestClinics.KIOSK1_TOKEN : TestClinics.KIOSK2_TOKEN,
                        "crash-r" + round + "-" + n,
                        TestClinics.SERVICES.get(random.nextInt(TestClinics.SERVICES.size())));
            }
            Future<HttpResponse<Buffer>> f = send(client, request);
            outstanding.put(request, f);
            f.onComplete(done -> {
                if (done.succeeded() && done.result().statusCode() == 201) {
                    acked.add(toAcked(request, done.result().bodyAsJsonObject(), round));
                } else if (done.succeeded()) {
                    errors.add(request.key() + " answered " + done.result().statusCode() + ": "
                            + done.result().bodyAsString());
                } else if (stopping) {
                    unanswered.add(request); // cut off by the kill
                } else {
                    errors.add(request.key() + " failed before the kill: " + done.cause());
                }
                outstanding.remove(request);
                next();
            });
        }

        /** After the kill every outstanding request ends (its connection is gone). */
        void awaitOutstanding() throws Exception {
            List<Future<HttpResponse<Buffer>>> left = new ArrayList<>(outstanding.values());
            Future.join(left).transform(done -> Future.succeededFuture()).await(30, TimeUnit.SECONDS);
        }
    }

    private static Future<HttpResponse<Buffer>> send(WebClient client, Request request) {
        return client.post("/api/tickets")
                .putHeader("X-Kiosk-Token", request.kioskToken())
                .putHeader("Idempotency-Key", request.key())
                .timeout(20_000)
                .sendJsonObject(new JsonObject().put("serviceId", request.serviceId()));
    }

    private static Acked toAcked(Request request, JsonObject ticket, int round) {
        assertEquals(request.serviceId(), ticket.getString("serviceId"));
        assertEquals("waiting", ticket.getString("status"));
        return new Acked(request, ticket.getLong("id"), ticket.getString("number"), ticket.getString("serviceId"),
                ticket.getInteger("position"), round);
    }

    /**
     * The file itself, read beside the running server (WAL allows it) or after it stopped. {@code exact}: the
     * database holds nothing but the acknowledged tickets (once the in-flight requests have been retried).
     */
    private static void verifyDatabase(Path database, Map<Long, Acked> acked, boolean exact) throws Exception {
        assertEquals("ok", Database.integrityCheck(database));
        SQLiteConfig readOnly = new SQLiteConfig();
        readOnly.setReadOnly(true);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database.toAbsolutePath(),
                readOnly.toProperties()); Statement s = c.createStatement()) {
            Map<Long, String[]> rows = new HashMap<>();
            try (ResultSet rs = s.executeQuery("SELECT id, number, service_id, status FROM tickets")) {
                while (rs.next()) {
                    rows.put(rs.getLong(1), new String[]{rs.getString(2), rs.getString(3), rs.getString(4)});
                }
            }
            for (Acked a : acked.values()) {
                String[] row = rows.get(a.id());
                assertNotNull(row, "acknowledged ticket " + a.number() + " (id " + a.id() + ") is gone");
                assertEquals(a.number(), row[0], "ticket " + a.id() + " changed its number");
                assertEquals(a.serviceId(), row[1]);
                assertEquals("waiting", row[2]);
            }
            if (exact) {
                assertEquals(acked.size(), rows.size(), "the database holds tickets nobody was given");
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM idempotency_keys")) {
                    rs.next();
                    assertEquals(acked.size(), rs.getInt(1));
                }
            }
            // numbers unique and gapless per (service, day): n tickets are numbered 1..n
            try (ResultSet rs = s.executeQuery("""
                    SELECT issuing_service_id, day, COUNT(*), COUNT(DISTINCT number), COUNT(DISTINCT seq), MIN(seq), MAX(seq)
                    FROM tickets GROUP BY issuing_service_id, day""")) {
                while (rs.next()) {
                    String group = rs.getString(1) + " on " + rs.getString(2);
                    int n = rs.getInt(3);
                    assertEquals(n, rs.getInt(4), group + ": a number was given twice");
                    assertEquals(n, rs.getInt(5), group + ": a sequence number was given twice");
                    assertEquals(1, rs.getInt(6), group + ": numbering does not start at 1");
                    assertEquals(n, rs.getInt(7), group + ": gap in the numbers");
                }
            }
        }
    }

    private static void verifyWaitingCounts(WebClient client, Map<Long, Acked> acked) throws Exception {
        HttpResponse<Buffer> r = client.get("/api/services").send().await(30, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode());
        Map<String, Integer> expected = new TreeMap<>();
        for (Acked a : acked.values()) expected.merge(a.serviceId(), 1, Integer::sum);
        Map<String, Integer> actual = new TreeMap<>();
        JsonArray services = r.bodyAsJsonArray();
        for (int i = 0; i < services.size(); i++) {
            JsonObject s = services.getJsonObject(i);
            if (s.getInteger("waiting") > 0) actual.put(s.getString("id"), s.getInteger("waiting"));
        }
        assertEquals(expected, actual, "waiting counts per service");
    }

    /** Each ticket's place in its queue after the restart is the place it was given when issued. */
    private static void verifyPositions(WebClient client, List<Acked> tickets) throws Exception {
        for (int from = 0; from < tickets.size(); from += IN_FLIGHT * 4) {
            List<Acked> chunk = tickets.subList(from, Math.min(tickets.size(), from + IN_FLIGHT * 4));
            List<Future<HttpResponse<Buffer>>> answers = new ArrayList<>();
            for (Acked a : chunk) {
                answers.add(client.get("/api/tickets/" + a.id())
                        .putHeader("X-Kiosk-Token", TestClinics.KIOSK1_TOKEN).send());
            }
            Future.all(answers).await(60, TimeUnit.SECONDS);
            for (int i = 0; i < chunk.size(); i++) {
                Acked a = chunk.get(i);
                HttpResponse<Buffer> r = answers.get(i).result();
                assertEquals(200, r.statusCode(), r::bodyAsString);
                JsonObject t = r.bodyAsJsonObject();
                assertEquals(a.number(), t.getString("number"));
                assertEquals("waiting", t.getString("status"));
                assertEquals(a.position(), t.getInteger("position"), () -> "ticket " + a.number() + " issued in round "
                        + a.round() + " at place " + a.position() + " is now at place " + t.getInteger("position"));
            }
        }
    }
}
