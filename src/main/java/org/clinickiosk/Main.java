package org.clinickiosk;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.clinickiosk.cluster.KioskNode;
import org.clinickiosk.cluster.MessageSignature;
import org.clinickiosk.cluster.ServerNode;
import org.clinickiosk.common.LogLines;
import org.clinickiosk.config.ClinicConfig;
import org.clinickiosk.config.ConfigException;
import org.clinickiosk.config.DemoSetup;
import org.clinickiosk.device.DeviceCatalog;
import org.clinickiosk.device.port.SimulatorLauncher;
import org.clinickiosk.staff.Passwords;
import org.clinickiosk.store.Backup;

import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Command line: {@code java -jar clinic-kiosk.jar [--config FILE]} runs the server (the demo without a config);
 * {@code --role server} and {@code --role kiosk --kiosk-id K2} run the two nodes of the clustered deployment
 * (docs/deployment.md); {@code hash-password} prints a bcrypt hash of a password read from standard input;
 * {@code backup FILE} writes a verified copy of the database; {@code cluster-secret} prints a new random secret.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        LogLines.install();
        List<String> rest = new ArrayList<>(List.of(args));
        try {
            String configFile = option(rest, "--config");
            String role = option(rest, "--role");
            String kioskId = option(rest, "--kiosk-id");
            String command = rest.isEmpty() ? "run" : rest.remove(0);
            switch (command) {
                case "run" -> {
                    if (role == null && kioskId == null) run(configFile);
                    else runNode(configFile, role, kioskId);
                }
                case "cluster-secret" -> System.out.println(MessageSignature.newSecret());
                case "hash-password" -> hashPassword();
                case "backup" -> backup(configFile, rest);
                case "simulate-devices" -> System.exit(SimulatorLauncher.run(rest.toArray(String[]::new),
                        DeviceCatalog.simulatorsForLauncher()));
                case "help", "--help", "-h" -> usage(0);
                default -> {
                    System.err.println("unknown command: " + command);
                    usage(2);
                }
            }
        } catch (ConfigException e) {
            System.err.println("configuration error: " + e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }

    private static ClinicConfig config(String file) {
        return file == null ? ClinicConfig.demoDefaults() : ClinicConfig.load(Path.of(file));
    }

    private static void run(String configFile) {
        ClinicConfig config = config(configFile);
        if (config.cluster() != null) {
            throw new ConfigException("cluster: this config is for a clustered deployment; start it with --role server "
                    + "or --role kiosk --kiosk-id ID");
        }
        long started = System.nanoTime();
        Vertx vertx = Vertx.vertx();
        ClinicServer.start(vertx, config, ClinicServer.Options.defaults()).onSuccess(server -> {
            printWelcome(config, server, (System.nanoTime() - started) / 1_000_000);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close().await();
                    vertx.close().await();
                } catch (Exception ignored) {
                    // shutting down anyway
                }
            }));
        }).onFailure(e -> {
            System.err.println("could not start: " + e.getMessage());
            vertx.close();
            System.exit(1);
        });
    }

    // ---- clustered deployment (issue 9) ----
    private static void runNode(String configFile, String role, String kioskId) {
        if (configFile == null) throw new ConfigException("--role needs --config FILE with a cluster section");
        ClinicConfig config = config(configFile);
        long started = System.nanoTime();
        if ("server".equals(role)) {
            if (kioskId != null) throw new ConfigException("--kiosk-id belongs to --role kiosk, not --role server");
            ServerNode.start(config, ClinicServer.Options.defaults()).onSuccess(node -> {
                printWelcome(config, node.server(), (System.nanoTime() - started) / 1_000_000);
                closeOnShutdown(node::close);
            }).onFailure(Main::exitOnStartFailure);
        } else if ("kiosk".equals(role)) {
            if (kioskId == null) throw new ConfigException("--role kiosk needs --kiosk-id ID");
            KioskNode.start(config, kioskId).onSuccess(node -> {
                System.out.println("ClinicKiosk kiosk node " + kioskId + " is running (started in "
                        + (System.nanoTime() - started) / 1_000_000 + " ms, cluster on " + config.cluster().host() + ":"
                        + config.cluster().port() + ", members " + String.join(", ", config.cluster().members()) + ")");
                closeOnShutdown(node::close);
            }).onFailure(Main::exitOnStartFailure);
        } else {
            throw new ConfigException("--role must be server or kiosk" + (role == null ? "" : ", got \"" + role + "\""));
        }
    }

    private static void closeOnShutdown(Supplier<Future<Void>> close) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                close.get().await();
            } catch (Exception ignored) {
                // shutting down anyway
            }
        }));
    }

    private static void exitOnStartFailure(Throwable e) {
        System.err.println((e instanceof ConfigException ? "configuration error: " : "could not start: ") + e.getMessage());
        System.exit(e instanceof ConfigException ? 2 : 1);
    }
    // ---- end clustered deployment ----

    private static void printWelcome(ClinicConfig config, ClinicServer server, long startMillis) {
        String host = config.http().host().equals("0.0.0.0") ? "localhost" : config.http().host();
        String base = "http://" + host + ":" + server.port();
        StringBuilder out = new StringBuilder();
        out.append("ClinicKiosk is running for ").append(config.clinic().name()).append(" (started in ")
                .append(startMillis).append(" ms, database ").append(config.databasePath()).append(")\n");
        out.append("  kiosk     ").append(base).append("/kiosk/\n");
        out.append("  nurse     ").append(base).append("/nurse/\n");
        out.append("  display   ").append(base).append("/display/\n");
        out.append("  admin     ").append(base).append("/admin/\n");
        out.append("  API       ").append(base).append("/api/openapi.yaml\n");
        if (config.demo()) {
            out.append("Demo data: fictional residents, simulated devices on kiosk K1; open the kiosk paired with K1:\n")
                    .append("  ").append(base).append("/kiosk/#pair=K1:").append(DemoSetup.DEMO_KIOSK_TOKEN).append('\n');
            out.append("Demo staff logins (change them before real use):\n");
            for (String[] login : DemoSetup.DEMO_LOGINS) {
                out.append("  ").append(login[0]).append(" / ").append(login[1]).append('\n');
            }
        }
        for (String[] otp : server.oneTimePasswords()) {
            out.append("One-time password for new account ").append(otp[0]).append(": ").append(otp[1])
                    .append("  (shown once; change it after logging in)\n");
        }
        System.out.print(out);
    }

    private static void hashPassword() throws Exception {
        Console console = System.console();
        String password;
        if (console != null) {
            char[] typed = console.readPassword("Password: ");
            password = typed == null ? null : new String(typed);
        } else {
            password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
        if (password == null || password.isEmpty()) throw new IllegalArgumentException("no password given on standard input");
        System.out.println(Passwords.hash(password));
    }

    private static void backup(String configFile, List<String> rest) throws Exception {
        if (rest.size() != 1) usage(2);
        ClinicConfig config = config(configFile);
        Path target = Path.of(rest.get(0));
        Backup.copy(Path.of(config.databasePath()), target);
        System.out.println("backup written and verified (integrity_check ok): " + target);
    }

    private static String option(List<String> args, String name) {
        int i = args.indexOf(name);
        if (i < 0) return null;
        if (i + 1 >= args.size()) throw new ConfigException(name + " needs a value");
        String value = args.get(i + 1);
        args.remove(i + 1);
        args.remove(i);
        return value;
    }

    private static void usage(int status) {
        System.err.println("""
                usage: java -jar clinic-kiosk.jar [--config FILE]            run the server (demo without --config)
                       java -jar clinic-kiosk.jar --config FILE --role server    the server node of a cluster
                       java -jar clinic-kiosk.jar --config FILE --role kiosk --kiosk-id ID
                                                   a kiosk PC's node: only that kiosk's devices (docs/deployment.md)
                       java -jar clinic-kiosk.jar cluster-secret             print a new random cluster/kiosk secret
                       java -jar clinic-kiosk.jar hash-password              read a password on stdin, print its hash
                       java -jar clinic-kiosk.jar [--config FILE] backup FILE   write a verified database copy
                       java -jar clinic-kiosk.jar simulate-devices [--dir DIR] [--kiosk ID] [KIND ...]
                                                   simulated devices on pseudo-terminals (devices/README.md)""");
        System.exit(status);
    }
}
