package org.clinickiosk;

import io.vertx.core.Vertx;
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

/**
 * Command line: {@code java -jar clinic-kiosk.jar [--config FILE]} runs the server (the demo without a config);
 * {@code hash-password} prints a bcrypt hash of a password read from standard input; {@code backup FILE} writes a
 * verified copy of the database.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        List<String> rest = new ArrayList<>(List.of(args));
        String configFile = option(rest, "--config");
        String command = rest.isEmpty() ? "run" : rest.remove(0);
        try {
            switch (command) {
                case "run" -> run(configFile);
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
        if (i + 1 >= args.size()) throw new ConfigException(name + " needs a file name");
        String value = args.get(i + 1);
        args.remove(i + 1);
        args.remove(i);
        return value;
    }

    private static void usage(int status) {
        System.err.println("""
                usage: java -jar clinic-kiosk.jar [--config FILE]            run the server (demo without --config)
                       java -jar clinic-kiosk.jar hash-password              read a password on stdin, print its hash
                       java -jar clinic-kiosk.jar [--config FILE] backup FILE   write a verified database copy
                       java -jar clinic-kiosk.jar simulate-devices [--dir DIR] [--kiosk ID] [KIND ...]
                                                   simulated devices on pseudo-terminals (devices/README.md)""");
        System.exit(status);
    }
}
