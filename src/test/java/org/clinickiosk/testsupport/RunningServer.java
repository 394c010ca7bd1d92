package org.clinickiosk.testsupport;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;
import org.clinickiosk.ClinicServer;
import org.clinickiosk.config.ClinicConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/** A real server on a free port and a temp SQLite file, with a hand-moved clock, for API and stream tests. */
public final class RunningServer implements AutoCloseable {
    public final Vertx vertx;
    public final Path dir;
    public final MutableClock clock;
    public final ClinicServer server;
    public final WebClient client;
    private final UnaryOperator<JsonObject> tweak;
    private final long heartbeatMillis;

    public RunningServer(Vertx vertx, MutableClock clock, UnaryOperator<JsonObject> tweak, long heartbeatMillis)
            throws Exception {
        this(vertx, clock, tweak, heartbeatMillis, Files.createTempDirectory("clinic-api"));
    }

    private RunningServer(Vertx vertx, MutableClock clock, UnaryOperator<JsonObject> tweak, long heartbeatMillis,
                          Path dir) throws Exception {
        this.vertx = vertx;
        this.clock = clock;
        this.tweak = tweak;
        this.heartbeatMillis = heartbeatMillis;
        this.dir = dir;
        ClinicConfig config = ClinicConfig.fromJson(tweak.apply(TestConfigs.clinic(dir.resolve("clinic.db"))));
        this.server = ClinicServer.start(vertx, config, new ClinicServer.Options(clock, heartbeatMillis)).await();
        this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(server.port()));
    }

    public RunningServer(Vertx vertx) throws Exception {
        this(vertx, MutableClock.shanghai(9, 0), json -> json, 15_000);
    }

    /**
     * A restart: closes this server, keeping its folder and database, and starts a new one on them (on a new port).
     * Close the returned server instead of this one.
     */
    public RunningServer restart() throws Exception {
        server.close().await();
        return new RunningServer(vertx, clock, tweak, heartbeatMillis, dir);
    }

    /** A browser-like client that keeps cookies. */
    public WebClientSession browser() {
        return WebClientSession.create(WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(server.port())));
    }

    /** Logs in and returns the CSRF token; the session keeps the cookie. */
    public String login(WebClientSession session, String username) {
        var response = session.post("/api/session/login").sendJsonObject(new JsonObject().put("username", username)
                .put("password", TestConfigs.PASSWORD)).await();
        if (response.statusCode() != 200) throw new IllegalStateException("login failed: " + response.bodyAsString());
        return response.bodyAsJsonObject().getString("csrfToken");
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() throws Exception {
        server.close().await();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
