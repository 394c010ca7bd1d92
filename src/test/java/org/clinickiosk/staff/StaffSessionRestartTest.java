package org.clinickiosk.staff;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.clinickiosk.store.Sql;
import org.clinickiosk.testsupport.MutableClock;
import org.clinickiosk.testsupport.RunningServer;
import org.clinickiosk.testsupport.TestConfigs;
import org.clinickiosk.web.Access;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Staff sessions on a real server and SQLite file: they survive a restart, end at logout and after the idle timeout,
 * and the table never holds a session id. The cookie is sent by hand, as a browser would after the restart.
 */
@ExtendWith(VertxExtension.class)
class StaffSessionRestartTest {
    private RunningServer s;

    @AfterEach
    void stop() throws Exception {
        if (s != null) s.close();
    }

    private record Login(String cookie, String csrf) {}

    private Login login(String username) {
        HttpResponse<Buffer> r = s.client.post("/api/session/login").sendJsonObject(new JsonObject()
                .put("username", username).put("password", TestConfigs.PASSWORD)).await();
        assertEquals(200, r.statusCode(), r.bodyAsString());
        return new Login(cookieValue(r), r.bodyAsJsonObject().getString("csrfToken"));
    }

    private static String cookieValue(HttpResponse<Buffer> r) {
        String header = r.cookies().stream().filter(c -> c.startsWith(Access.SESSION_COOKIE + "=")).findFirst()
                .orElseThrow();
        return header.substring(header.indexOf('=') + 1, header.indexOf(';'));
    }

    private HttpRequest<Buffer> withCookie(HttpRequest<Buffer> request, String cookie) {
        return request.putHeader("Cookie", Access.SESSION_COOKIE + "=" + cookie);
    }

    private HttpResponse<Buffer> getSession(String cookie) {
        return withCookie(s.client.get("/api/session"), cookie).send().await();
    }

    private HttpResponse<Buffer> pauseRoom(Login login) {
        return withCookie(s.client.post("/api/rooms/R1/pause"), login.cookie())
                .putHeader("X-CSRF-Token", login.csrf()).send().await();
    }

    /** Runs in the writer, so every session write queued before it is visible. */
    private List<List<String>> sessionRows() {
        return s.server.database().write(c -> Sql.list(c, "SELECT * FROM staff_sessions", rs -> {
            List<String> columns = new java.util.ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) columns.add(rs.getString(i));
            return columns;
        })).await();
    }

    @Test
    void aNurseLoggedInBeforeARestartIsStillLoggedInAfterIt(Vertx vertx) throws Exception {
        s = new RunningServer(vertx);
        Login nurse = login("nurse1");
        Login removed = login("nurse2");
        // The restart runs in the same Vert.x, whose shared local maps would outlive it: taking one session's row
        // away shows the new server answers from the table.
        s.server.database().write(c -> Sql.update(c, "DELETE FROM staff_sessions WHERE id_hash = ?",
                StaffSessionStore.hash(removed.cookie()))).await();
        s = s.restart();
        assertEquals(401, getSession(removed.cookie()).statusCode());
        HttpResponse<Buffer> session = getSession(nurse.cookie());
        assertEquals(200, session.statusCode(), session.bodyAsString());
        assertEquals("nurse1", session.bodyAsJsonObject().getString("username"));
        assertEquals(nurse.csrf(), session.bodyAsJsonObject().getString("csrfToken"));
        HttpResponse<Buffer> paused = pauseRoom(nurse);
        assertEquals(200, paused.statusCode(), paused.bodyAsString());
        assertTrue(paused.bodyAsJsonObject().getBoolean("paused"));
    }

    @Test
    void logoutEndsTheSessionAlsoAcrossARestart(Vertx vertx) throws Exception {
        s = new RunningServer(vertx);
        Login nurse = login("nurse1");
        Login other = login("nurse2");
        assertEquals(204, withCookie(s.client.post("/api/session/logout"), nurse.cookie()).send().await()
                .statusCode());
        // the old cookie at once, before the row's deletion could have been committed
        assertEquals(401, getSession(nurse.cookie()).statusCode());
        assertEquals(1, sessionRows().size());
        s = s.restart();
        assertEquals(401, getSession(nurse.cookie()).statusCode());
        assertEquals(401, pauseRoom(nurse).statusCode());
        assertEquals(200, getSession(other.cookie()).statusCode());
    }

    @Test
    void aLoginOverASessionGivesANewIdAndTheOldOneEnds(Vertx vertx) throws Exception {
        s = new RunningServer(vertx);
        Login first = login("nurse1");
        HttpResponse<Buffer> r = withCookie(s.client.post("/api/session/login"), first.cookie()).sendJsonObject(
                new JsonObject().put("username", "nurse2").put("password", TestConfigs.PASSWORD)).await();
        assertEquals(200, r.statusCode(), r.bodyAsString());
        String second = cookieValue(r);
        assertNotEquals(first.cookie(), second);
        // at once: the new session must be there before its row is committed
        assertEquals("nurse2", getSession(second).bodyAsJsonObject().getString("username"));
        assertEquals(401, getSession(first.cookie()).statusCode());
        assertEquals(1, sessionRows().size());
        s = s.restart();
        assertEquals("nurse2", getSession(second).bodyAsJsonObject().getString("username"));
        assertEquals(401, getSession(first.cookie()).statusCode());
    }

    @Test
    void anIdleSessionIsRefusedAfterTheTimeoutAndItsRowIsDeleted(Vertx vertx) throws Exception {
        s = new RunningServer(vertx, MutableClock.shanghai(9, 0),
                json -> json.put("http", json.getJsonObject("http").put("sessionIdleMinutes", 0.05)), 15_000);
        Login nurse = login("nurse1");
        assertEquals(200, getSession(nurse.cookie()).statusCode());
        assertEquals(1, sessionRows().size());
        Thread.sleep(3_500); // 0.05 minutes = 3 s
        assertEquals(401, getSession(nurse.cookie()).statusCode());
        assertEquals(0, sessionRows().size());
    }

    @Test
    void theTableHoldsNoSessionIdAndKioskRequestsWriteNoSession(Vertx vertx) throws Exception {
        s = new RunningServer(vertx);
        Login nurse = login("nurse1");
        List<List<String>> rows = sessionRows();
        assertEquals(1, rows.size());
        for (String column : rows.get(0)) {
            assertFalse(column != null && column.contains(nurse.cookie()), "a column holds the session id");
        }
        assertTrue(rows.get(0).contains(StaffSessionStore.hash(nurse.cookie())));

        for (int i = 0; i < 3; i++) {
            HttpResponse<Buffer> issued = s.client.post("/api/tickets")
                    .putHeader("X-Kiosk-Token", TestConfigs.KIOSK1_TOKEN).putHeader("Idempotency-Key", "kiosk-key-" + i)
                    .sendJsonObject(new JsonObject().put("serviceId", "gp")).await();
            assertTrue(issued.statusCode() < 300, issued.bodyAsString());
            assertNull(issued.getHeader("Set-Cookie"), "a kiosk gets no session");
            HttpResponse<Buffer> services = s.client.get("/api/services")
                    .putHeader("X-Kiosk-Token", TestConfigs.KIOSK1_TOKEN).send().await();
            assertEquals(200, services.statusCode());
            assertNull(services.getHeader("Set-Cookie"), "a kiosk gets no session");
        }
        assertEquals(rows, sessionRows(), "kiosk requests changed the session table");
    }

    /** The disk refused the logout's row deletion, then recovered: the restart must not log the nurse back in. */
    @Test
    void aLogoutWhoseRowDeletionFailedIsNotUndoneByARestart(Vertx vertx) throws Exception {
        s = new RunningServer(vertx);
        Login nurse = login("nurse1");
        s.server.database().write(c -> Sql.update(c, "CREATE TRIGGER keep_sessions BEFORE DELETE ON staff_sessions"
                + " BEGIN SELECT RAISE(ABORT, 'disk trouble'); END")).await();
        assertEquals(204, withCookie(s.client.post("/api/session/logout"), nurse.cookie()).send().await().statusCode());
        assertEquals(401, getSession(nurse.cookie()).statusCode());
        s.server.database().write(c -> Sql.update(c, "DROP TRIGGER keep_sessions")).await(); // the disk recovers
        s = s.restart();
        assertEquals(401, getSession(nurse.cookie()).statusCode(), "logged out before the restart");
        assertEquals(List.of(), sessionRows());
    }
}
