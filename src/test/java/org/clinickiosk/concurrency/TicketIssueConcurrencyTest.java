package org.clinickiosk.concurrency;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import org.clinickiosk.ClinicServer;
import org.clinickiosk.config.ClinicConfig;
import org.clinickiosk.store.Sql;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many kiosks taking numbers at the same moment, against the real server over HTTP: every request is served (no
 * 5xx, no SQLITE_BUSY), numbers stay unique and gapless per service, and Idempotency-Key retries — after the fact
 * or racing the original — return the ticket issued the first time and never add a row.
 */
@ExtendWith(VertxExtension.class)
class TicketIssueConcurrencyTest {
    private static final int REQUESTS = 50;

    @TempDir
    Path dir;
    private ClinicServer server;
    private WebClient client;

    /** One ticket request as a kiosk sends it. */
    record Issue(String kioskToken, String key, String serviceId) {}

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        ClinicConfig config = ClinicConfig.fromJson(TestClinics.config(dir.resolve("clinic.db"), 0, 0));
        server = ClinicServer.start(vertx, config, ClinicServer.Options.defaults()).await(60, TimeUnit.SECONDS);
        // enough connections that all requests really are in flight at once
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(server.port()), new PoolOptions().setHttp1MaxSize(2 * REQUESTS + 10));
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) client.close();
        if (server != null) server.close().await(30, TimeUnit.SECONDS);
    }

    @Test
    void fiftyParallelTicketsOverFourServicesGetUniqueGaplessNumbers() throws Exception {
        List<Issue> issues = issues("first");
        List<HttpResponse<Buffer>> responses = sendAll(issues);

        Map<String, List<Integer>> seqsByService = new TreeMap<>();
        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < issues.size(); i++) {
            HttpResponse<Buffer> r = responses.get(i);
            assertEquals(201, r.statusCode(), () -> "unexpected answer: " + r.bodyAsString());
            JsonObject t = r.bodyAsJsonObject();
            assertEquals(issues.get(i).serviceId(), t.getString("serviceId"));
            assertEquals("waiting", t.getString("status"));
            assertTrue(ids.add(t.getLong("id")), "ticket id handed out twice: " + t);
            String number = t.getString("number");
            String prefix = TestClinics.PREFIXES.get(TestClinics.SERVICES.indexOf(t.getString("serviceId")));
            assertTrue(number.matches(prefix + "\\d{3}"), "number " + number + " for " + t.getString("serviceId"));
            seqsByService.computeIfAbsent(t.getString("serviceId"), s -> new ArrayList<>())
                    .add(Integer.parseInt(number.substring(prefix.length())));
        }
        assertEquals(TestClinics.SERVICES.size(), seqsByService.size());
        seqsByService.forEach((service, seqs) -> {
            List<Integer> sorted = seqs.stream().sorted().toList();
            List<Integer> expected = new ArrayList<>();
            for (int n = 1; n <= seqs.size(); n++) expected.add(n);
            assertEquals(expected, sorted, "numbers of " + service + " must be 001..n without gap or repeat");
        });

        assertEquals(REQUESTS, count("SELECT COUNT(*) FROM tickets"));
        assertEquals(REQUESTS, count("SELECT COUNT(*) FROM idempotency_keys"));
        assertEquals(REQUESTS, count("SELECT COUNT(*) FROM ticket_events WHERE action = 'issued'"));
        // what the clients were told is what the database holds
        Map<Long, String> stored = storedNumbers();
        for (HttpResponse<Buffer> r : responses) {
            JsonObject t = r.bodyAsJsonObject();
            assertEquals(t.getString("number"), stored.get(t.getLong("id")));
        }
    }

    @Test
    void retryingTheFiftyConcurrentlyReturnsTheSameTickets() throws Exception {
        List<Issue> issues = issues("retry");
        List<HttpResponse<Buffer>> first = sendAll(issues);
        first.forEach(r -> assertEquals(201, r.statusCode(), r::bodyAsString));

        List<HttpResponse<Buffer>> again = sendAll(issues);
        for (int i = 0; i < issues.size(); i++) {
            HttpResponse<Buffer> r = again.get(i);
            assertEquals(200, r.statusCode(), () -> "a retry must replay, got: " + r.bodyAsString());
            assertEquals("true", r.getHeader("Idempotent-Replayed"));
            JsonObject original = first.get(i).bodyAsJsonObject();
            JsonObject replay = r.bodyAsJsonObject();
            assertEquals(original.getLong("id"), replay.getLong("id"));
            assertEquals(original.getString("number"), replay.getString("number"));
            assertEquals(original.getString("token"), replay.getString("token"));
        }
        assertEquals(REQUESTS, count("SELECT COUNT(*) FROM tickets"));
        assertEquals(REQUESTS, count("SELECT COUNT(*) FROM idempotency_keys"));
    }

    @Test
    void aRetryRacingTheOriginalGetsTheSameTicket() throws Exception {
        // each request goes out twice at the same moment (a kiosk retrying on a timeout while the first is in flight)
        List<Issue> issues = issues("race");
        List<Issue> doubled = new ArrayList<>();
        for (Issue issue : issues) {
            doubled.add(issue);
            doubled.add(issue);
        }
        List<HttpResponse<Buffer>> responses = sendAll(doubled);

        Map<String, List<HttpResponse<Buffer>>> byKey = new HashMap<>();
        for (int i = 0; i < doubled.size(); i++) {
            byKey.computeIfAbsent(doubled.get(i).key(), k -> new ArrayList<>()).add(responses.get(i));
        }
        Set<Long> ids = new HashSet<>();
        byKey.forEach((key, pair) -> {
            List<Integer> statuses = pair.stream().map(HttpResponse::statusCode).sorted().toList();
            assertEquals(List.of(200, 201), statuses, () -> key + ": exactly one issue and one replay, got "
                    + pair.stream().map(HttpResponse::bodyAsString).toList());
            long id = pair.get(0).bodyAsJsonObject().getLong("id");
            assertEquals(id, pair.get(1).bodyAsJsonObject().getLong("id"), key + ": both answers name one ticket");
            assertTrue(ids.add(id), "two keys got the same ticket");
        });
        assertEquals(REQUESTS, count("SELECT COUNT(*) FROM tickets"));
    }

    /** 50 requests over the four services from two kiosks, with distinct keys. */
    private static List<Issue> issues(String tag) {
        List<Issue> out = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            String token = i % 2 == 0 ? TestClinics.KIOSK1_TOKEN : TestClinics.KIOSK2_TOKEN;
            out.add(new Issue(token, "conc-" + tag + "-" + i, TestClinics.SERVICES.get(i % TestClinics.SERVICES.size())));
        }
        return out;
    }

    /** Sends every request at once and waits for all answers, in request order. */
    private List<HttpResponse<Buffer>> sendAll(List<Issue> issues) throws Exception {
        List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
        for (Issue issue : issues) {
            sent.add(client.post("/api/tickets")
                    .putHeader("X-Kiosk-Token", issue.kioskToken())
                    .putHeader("Idempotency-Key", issue.key())
                    .sendJsonObject(new JsonObject().put("serviceId", issue.serviceId())));
        }
        // wait for every answer; failures are reported one by one below
        Future.join(sent).transform(done -> Future.succeededFuture()).await(60, TimeUnit.SECONDS);
        List<HttpResponse<Buffer>> out = new ArrayList<>();
        for (Future<HttpResponse<Buffer>> f : sent) {
            assertTrue(f.succeeded(), () -> "request failed: " + f.cause());
            HttpResponse<Buffer> r = f.result();
            assertNotNull(r);
            assertTrue(r.statusCode() < 500, () -> "server error: " + r.statusCode() + " " + r.bodyAsString());
            assertFalse(String.valueOf(r.bodyAsString()).toUpperCase().contains("SQLITE_BUSY"), r::bodyAsString);
            out.add(r);
        }
        return out;
    }

    private long count(String sql) throws Exception {
        return server.database().read(c -> Sql.count(c, sql)).await(30, TimeUnit.SECONDS);
    }

    private Map<Long, String> storedNumbers() throws Exception {
        return server.database().read(c -> {
            Map<Long, String> out = new HashMap<>();
            for (Object[] row : Sql.list(c, "SELECT id, number FROM tickets",
                    rs -> new Object[]{rs.getLong(1), rs.getString(2)})) {
                out.put((Long) row[0], (String) row[1]);
            }
            return out;
        }).await(30, TimeUnit.SECONDS);
    }
}
