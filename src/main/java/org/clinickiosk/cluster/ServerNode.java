package org.clinickiosk.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.clinickiosk.ClinicServer;
import org.clinickiosk.config.ClinicConfig;
import org.clinickiosk.config.ConfigException;

/**
 * {@code --role server}: the whole clinic server (store, queue, API, pages) on a clustered Vert.x, with the
 * {@link ServerGuard} installed before anything listens. Kiosks listed in {@code cluster.kioskKeys} have their devices
 * on their own PCs; {@link ClinicServer} leaves them alone and watches their heartbeats ({@link KioskLinkMonitor}).
 */
public record ServerNode(Vertx vertx, ClinicServer server) {

    public static Future<ServerNode> start(ClinicConfig config, ClinicServer.Options options) {
        if (config.cluster() == null) {
            return Future.failedFuture(new ConfigException("cluster: is required for --role server (see docs/deployment.md)"));
        }
        return ClusterVertx.start(config.cluster()).compose(vertx -> {
            ServerGuard.install(vertx, config.cluster().kioskKeys());
            return ClinicServer.start(vertx, config, options)
                    .map(server -> new ServerNode(vertx, server))
                    .recover(e -> vertx.close().transform(v -> Future.failedFuture(e)));
        });
    }

    /** Closes the server (store last), then leaves the cluster. */
    public Future<Void> close() {
        return server.close().transform(v -> vertx.close());
    }
}
