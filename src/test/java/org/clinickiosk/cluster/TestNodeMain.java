package org.clinickiosk.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import org.clinickiosk.ClinicServer;
import org.clinickiosk.config.ClinicConfig;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A cluster node for tests that also takes commands on standard input, sent through the node's own event bus (so
 * through its guard's signing, as the node's own code would):
 * <ul>
 *   <li>{@code request ID MILLIS ADDRESS JSON} → prints {@code REPLY ID json} or {@code FAILED ID message};</li>
 *   <li>{@code publish ADDRESS JSON} → prints {@code PUBLISHED ADDRESS}.</li>
 * </ul>
 * Arguments: {@code CONFIG server} or {@code CONFIG kiosk ID}. Starts through {@link ServerNode} / {@link KioskNode}
 * like Main does, and prints {@code NODE READY} once joined.
 */
public final class TestNodeMain {
    private TestNodeMain() {}

    public static void main(String[] args) throws Exception {
        ClinicConfig config = ClinicConfig.load(Path.of(args[0]));
        Future<Vertx> started = args[1].equals("server")
                ? ServerNode.start(config, ClinicServer.Options.defaults()).map(ServerNode::vertx)
                : KioskNode.start(config, args[2]).map(KioskNode::vertx);
        Vertx vertx;
        try {
            vertx = started.await();
        } catch (Exception e) {
            System.out.println("could not start: " + e);
            System.exit(1);
            return;
        }
        System.out.println("NODE READY");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            String[] parts = line.split(" ", 5);
            if (parts[0].equals("request") && parts.length == 5) {
                String id = parts[1];
                vertx.eventBus().<Object>request(parts[3], new JsonObject(parts[4]),
                                new DeliveryOptions().setSendTimeout(Long.parseLong(parts[2])))
                        .onSuccess(reply -> System.out.println("REPLY " + id + " " + reply.body()))
                        .onFailure(e -> System.out.println("FAILED " + id + " " + e.getMessage()));
            } else if (parts[0].equals("publish")) {
                String[] publish = line.split(" ", 3);
                vertx.eventBus().publish(publish[1], new JsonObject(publish[2]));
                System.out.println("PUBLISHED " + publish[1]);
            } else {
                System.out.println("UNKNOWN COMMAND " + line);
            }
        }
    }
}
