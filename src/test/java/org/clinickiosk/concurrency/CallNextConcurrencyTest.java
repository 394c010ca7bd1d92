package org.clinickiosk.concurrency;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;
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
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ten nurses in ten rooms pressing "call next" at the same moment, rooms sharing services: no ticket is called twice,
 * every call leaves exactly one call event, each service is called strictly in its waiting order, and no ticket is
 * lost.
 */
@ExtendWith(VertxExtension.class)
class CallNextConcurrencyTest {
    private static final int ROOMS = 10;
    private static final int CALLS_PER_ROOM = 10;
    /** 50 per service: more than the five rooms sharing a service can call (5 x 10), so no call finds nobody. */
    private static final int TICKETS = 200;

    @TempDir
    Path dir;
    private ClinicServer server;
    private WebClient client;

    /** A logged-in nurse: its cookie jar and CSRF token. */
    record Nurse(int room, WebClientSession session, String csrf) {}

    /** One call-next answer, with the room that asked. */
    record Call(int room, boolean repeated, JsonObject ticket) {}

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        ClinicConfig config = ClinicConfig.fromJson(TestClinics.config(dir.resolve("clinic.db"), 0, ROOMS));
        server = ClinicServer.start(vertx, config, ClinicServer.Options.defaults()).await(60, TimeUnit.SECONDS);
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(server.port()), new PoolOptions().setHttp1MaxSize(ROOMS * CALLS_PER_ROOM + 10));
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) client.close();
        if (server != null) server.close().await(30, TimeUnit.SECONDS);
    }

    @Test
    void hundredParallelCallsFromTenRoomsNeverCallATicketTwice() throws Exception {
        Map<Long, JsonObject> issued = issueTickets();
        List<Nurse> nurses = loginNurses();

        // all 100 clicks at once: 10 per nurse, each nurse in her own room
        List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
        List<Integer> roomOfRequest = new ArrayList<>();
        for (int k = 0; k < CALLS_PER_ROOM; k++) {
            for (Nurse n : nurses) {
                sent.add(n.session().post("/api/rooms/" + TestClinics.room(n.room()) + "/call-next")
                        .putHeader("X-CSRF-Token", n.csrf()).send());
                roomOfRequest.add(n.room());
            }
        }
        Future.join(sent).transform(done -> Future.succeededFuture()).await(60, TimeUnit.SECONDS);

        List<Call> calls = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            Future<HttpResponse<Buffer>> f = sent.get(i);
            assertTrue(f.succeeded(), () -> "call-next failed: " + f.cause());
            HttpResponse<Buffer> r = f.result();
            assertEquals(200, r.statusCode(), () -> "call-next answered " + r.statusCode() + ": " + r.bodyAsString());
            assertFalse(r.bodyAsString().toUpperCase().contains("SQLITE_BUSY"));
            JsonObject body = r.bodyAsJsonObject();
            calls.add(new Call(roomOfRequest.get(i), body.getBoolean("repeated"), body.getJsonObject("ticket")));
        }

        // every click that called someone called a different ticket, waiting before, of one of the room's services
        Set<Long> called = new HashSet<>();
        Map<Integer, Set<Long>> calledByRoom = new HashMap<>();
        for (Call call : calls) {
            assertNotNull(call.ticket(), "nobody to call although every room's services have tickets waiting");
            if (call.repeated()) continue;
            long id = call.ticket().getLong("id");
            assertTrue(called.add(id), "ticket " + call.ticket().getString("number") + " was called twice");
            assertTrue(issued.containsKey(id));
            assertEquals("called", call.ticket().getString("status"));
            assertEquals(TestClinics.room(call.room()), call.ticket().getString("roomId"));
            assertTrue(TestClinics.servicesOfRoom(call.room()).contains(call.ticket().getString("serviceId")),
                    "room " + call.room() + " called a ticket of " + call.ticket().getString("serviceId"));
            calledByRoom.computeIfAbsent(call.room(), r -> new HashSet<>()).add(id);
        }
        // a click within the debounce window shows the room's own last call again, never another room's ticket
        long repeated = calls.stream().filter(Call::repeated).count();
        for (Call call : calls) {
            if (!call.repeated()) continue;
            assertTrue(calledByRoom.getOrDefault(call.room(), Set.of()).contains(call.ticket().getLong("id")),
                    "a repeated answer must show a ticket this room called: " + call);
        }
        assertTrue(called.size() >= ROOMS, "each room called at least once");
        System.out.printf("call-next: %d clicks, %d called, %d answered as repeated (same nurse, same millisecond)%n",
                calls.size(), called.size(), repeated);

        // the database agrees: one call event per called ticket, nothing lost
        Map<Long, Long> callEvents = server.database().read(c -> {
            Map<Long, Long> out = new HashMap<>();
            for (long[] row : Sql.list(c, """
                    SELECT ticket_id, COUNT(*) FROM ticket_events WHERE action IN ('call', 'call-next')
                    GROUP BY ticket_id""", rs -> new long[]{rs.getLong(1), rs.getLong(2)})) {
                out.put(row[0], row[1]);
            }
            return out;
        }).await(30, TimeUnit.SECONDS);
        assertEquals(called, callEvents.keySet(), "call events must name exactly the called tickets");
        callEvents.forEach((id, n) -> assertEquals(1L, n, "ticket " + id + " has " + n + " call events"));

        Map<String, Long> byStatus = server.database().read(c -> {
            Map<String, Long> out = new TreeMap<>();
            for (Object[] row : Sql.list(c, "SELECT status, COUNT(*) FROM tickets GROUP BY status",
                    rs -> new Object[]{rs.getString(1), rs.getLong(2)})) {
                out.put((String) row[0], (Long) row[1]);
            }
            return out;
        }).await(30, TimeUnit.SECONDS);
        assertEquals(Set.of("waiting", "called"), byStatus.keySet(), "only waiting and called tickets: " + byStatus);
        assertEquals((long) called.size(), byStatus.get("called"));
        assertEquals((long) TICKETS, byStatus.get("waiting") + byStatus.get("called"), "waiting + called = issued");

        // all tickets are normal walk-ins, so every service must have been called strictly in number order:
        // the called tickets of a service are exactly its first k numbers
        Map<String, TreeSet<Integer>> calledSeqs = new TreeMap<>();
        Map<String, Integer> issuedPerService = new TreeMap<>();
        for (JsonObject t : issued.values()) issuedPerService.merge(t.getString("serviceId"), 1, Integer::sum);
        for (long id : called) {
            JsonObject t = issued.get(id);
            calledSeqs.computeIfAbsent(t.getString("serviceId"), s -> new TreeSet<>())
                    .add(Integer.parseInt(t.getString("number").substring(1)));
        }
        calledSeqs.forEach((service, seqs) -> assertEquals(seqs.size(), seqs.last(),
                service + " was not called in waiting order: called " + seqs));
    }

    /** Issues the tickets over HTTP (all at once, both kiosks), returning them by id. */
    private Map<Long, JsonObject> issueTickets() throws Exception {
        List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
        for (int i = 0; i < TICKETS; i++) {
            sent.add(client.post("/api/tickets")
                    .putHeader("X-Kiosk-Token", i % 2 == 0 ? TestClinics.KIOSK1_TOKEN : TestClinics.KIOSK2_TOKEN)
                    .putHeader("Idempotency-Key", "call-test-" + i)
                    .sendJsonObject(new JsonObject().put("serviceId", TestClinics.SERVICES.get(i % 4))));
        }
        Future.join(sent).transform(done -> Future.succeededFuture()).await(60, TimeUnit.SECONDS);
        Map<Long, JsonObject> out = new HashMap<>();
        for (Future<HttpResponse<Buffer>> f : sent) {
            assertTrue(f.succeeded(), () -> "issue failed: " + f.cause());
            assertEquals(201, f.result().statusCode(), f.result()::bodyAsString);
            JsonObject t = f.result().bodyAsJsonObject();
            out.put(t.getLong("id"), t);
        }
        assertEquals(TICKETS, out.size());
        return out;
    }

    private List<Nurse> loginNurses() throws Exception {
        List<Future<Nurse>> logins = new ArrayList<>();
        for (int i = 1; i <= ROOMS; i++) {
            int room = i;
            WebClientSession session = WebClientSession.create(client);
            logins.add(session.post("/api/session/login")
                    .sendJsonObject(new JsonObject().put("username", TestClinics.nurse(room))
                            .put("password", TestClinics.NURSE_PASSWORD))
                    .map(r -> {
                        assertEquals(200, r.statusCode(), r::bodyAsString);
                        return new Nurse(room, session, r.bodyAsJsonObject().getString("csrfToken"));
                    }));
        }
        Future.all(logins).await(60, TimeUnit.SECONDS);
        return logins.stream().map(Future::result).toList();
    }
}
