package org.clinickiosk.device.port;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.clinickiosk.device.DeviceSimulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The {@code simulate-devices} command: runs device simulators on socat pseudo-terminals so a kiosk (or a developer)
 * can use them as real serial ports, prints a ready {@code devices} config, then performs behaviours typed on
 * standard input, one per line:
 * <pre>
 *   idCardReader present-card index=2
 *   printer paper-out
 *   bpMonitor reading systolic=150 diastolic=95 pulse=80
 *   scanner unplug
 *   scanner replug
 * </pre>
 * Command line: {@code simulate-devices [--dir DIR] [--kiosk ID] [--baud N] [KIND ...]}; by default every kind that
 * has a simulator, in a temporary folder removed on exit.
 */
public final class SimulatorLauncher {

    private static final String USAGE = "usage: simulate-devices [--dir DIR] [--kiosk ID] [--baud N] [KIND ...]";

    private final Map<String, Supplier<DeviceSimulator>> simulators;

    /** @param simulators kind → a new simulator of that kind, e.g. {@code "printer" → EscPosPrinterSimulator::new} */
    public SimulatorLauncher(Map<String, Supplier<DeviceSimulator>> simulators) {
        this.simulators = new LinkedHashMap<>(simulators);
    }

    /** For Main: runs on standard input and output and returns the exit code. */
    public static int run(String[] args, Map<String, Supplier<DeviceSimulator>> simulators) {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        return new SimulatorLauncher(simulators).run(List.of(args), in, System.out);
    }

    private record Device(String kind, VirtualSerialCable cable, SimulatorOnPty simulator) implements AutoCloseable {
        @Override
        public void close() {
            simulator.close();
            cable.close();
        }
    }

    public int run(List<String> args, BufferedReader in, PrintStream out) {
        Options options;
        try {
            options = Options.parse(args, simulators.keySet());
        } catch (IllegalArgumentException e) {
            out.println("error: " + e.getMessage());
            out.println(USAGE);
            return 2;
        }
        List<Device> devices = new ArrayList<>();
        Thread cleanup = new Thread(() -> closeAll(devices, options), "simulated-devices-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            Path dir = options.dir();
            for (String kind : options.kinds()) {
                VirtualSerialCable cable = new VirtualSerialCable(dir.resolve(kind), dir.resolve(kind + ".device"));
                cable.plug();
                SimulatorOnPty simulator = new SimulatorOnPty(simulators.get(kind).get(), cable.deviceEnd());
                devices.add(new Device(kind, cable, simulator));
                simulator.attach();
            }
            printReady(devices, options, out);
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String command = line.strip();
                if (command.equals("quit") || command.equals("exit")) break;
                if (command.isEmpty() || command.startsWith("#")) continue;
                out.println(execute(command, devices));
            }
            return 0;
        } catch (IOException e) {
            out.println("error: " + e.getMessage());
            return 1;
        } finally {
            closeAll(devices, options);
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
    }

    private String execute(String command, List<Device> devices) {
        String[] words = command.split("\\s+");
        if (words[0].equals("help")) return help(devices);
        Device device = devices.stream().filter(d -> d.kind().equals(words[0])).findFirst().orElse(null);
        if (device == null) {
            return "error: no simulated device '" + words[0] + "'; running: "
                    + String.join(", ", devices.stream().map(Device::kind).toList()) + " (type help)";
        }
        if (words.length < 2) return "error: what should " + device.kind() + " do? (type help)";
        try {
            switch (words[1]) {
                case "unplug" -> {
                    device.simulator().detach();
                    device.cable().unplug();
                    return "ok: " + device.kind() + " unplugged";
                }
                case "replug" -> {
                    device.cable().plug();
                    device.simulator().attach();
                    return "ok: " + device.kind() + " plugged in again at " + device.cable().hostEnd();
                }
                default -> {
                    String error = device.simulator().perform(words[1], arguments(words));
                    return error == null ? "ok" : "error: " + error;
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            return "error: " + e.getMessage();
        }
    }

    private static Map<String, String> arguments(String[] words) {
        Map<String, String> args = new LinkedHashMap<>();
        for (String word : Arrays.asList(words).subList(2, words.length)) {
            int equals = word.indexOf('=');
            if (equals <= 0) throw new IllegalArgumentException("expected name=value, got '" + word + "'");
            args.put(word.substring(0, equals), word.substring(equals + 1));
        }
        return args;
    }

    private static String help(List<Device> devices) {
        StringBuilder help = new StringBuilder("<device> <behaviour> [name=value ...], or quit");
        for (Device device : devices) {
            List<String> behaviours = new ArrayList<>(device.simulator().simulator().behaviours());
            behaviours.addAll(List.of("unplug", "replug"));
            help.append(System.lineSeparator()).append("  ").append(device.kind()).append(": ")
                    .append(String.join(", ", behaviours));
        }
        return help.toString();
    }

    private static void printReady(List<Device> devices, Options options, PrintStream out) {
        out.println("devices:");
        JsonObject config = new JsonObject();
        for (Device device : devices) {
            out.println("  " + device.kind() + " " + device.cable().hostEnd()
                    + " (simulator on " + device.cable().deviceEnd() + ")");
            config.put(device.kind(), new JsonObject()
                    .put("port", device.cable().hostEnd().toString())
                    .put("baud", options.baud()));
        }
        out.println("config:");
        out.println(new JsonObject().put("kiosks", new JsonArray()
                .add(new JsonObject().put("id", options.kioskId()).put("devices", config))).encodePrettily());
        out.println("ready: type '<device> <behaviour> [name=value ...]', '<device> unplug', '<device> replug', "
                + "'help' or 'quit'");
        out.flush();
    }

    private static void closeAll(List<Device> devices, Options options) {
        synchronized (devices) {
            devices.forEach(Device::close);
            devices.clear();
            if (options.temporaryDir()) deleteRecursively(options.dir());
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }

    private record Options(Path dir, boolean temporaryDir, String kioskId, int baud, List<String> kinds) {

        static Options parse(List<String> args, Set<String> available) {
            Path dir = null;
            String kioskId = "K1";
            int baud = PortConfig.DEFAULT_BAUD;
            List<String> kinds = new ArrayList<>();
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                switch (arg) {
                    case "--dir" -> dir = Path.of(value(args, ++i, arg));
                    case "--kiosk" -> kioskId = value(args, ++i, arg);
                    case "--baud" -> baud = baud(value(args, ++i, arg));
                    default -> {
                        if (!available.contains(arg)) {
                            throw new IllegalArgumentException("no simulator for '" + arg + "'; available: "
                                    + String.join(", ", available));
                        }
                        kinds.add(arg);
                    }
                }
            }
            if (kinds.isEmpty()) kinds.addAll(available);
            if (kinds.isEmpty()) throw new IllegalArgumentException("no simulators are available");
            try {
                boolean temporary = dir == null;
                dir = temporary ? Files.createTempDirectory("clinickiosk-devices-") : Files.createDirectories(dir);
                return new Options(dir.toAbsolutePath(), temporary, kioskId, baud, List.copyOf(kinds));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot create the folder for the ports: " + e.getMessage());
            }
        }

        private static int baud(String text) {
            if (!text.matches("[1-9]\\d{0,8}")) {
                throw new IllegalArgumentException("--baud must be a positive whole number, got " + text);
            }
            return Integer.parseInt(text);
        }

        private static String value(List<String> args, int index, String option) {
            if (index >= args.size()) throw new IllegalArgumentException(option + " needs a value");
            return args.get(index);
        }
    }
}
