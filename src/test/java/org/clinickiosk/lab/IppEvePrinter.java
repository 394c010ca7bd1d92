package org.clinickiosk.lab;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real IPP printer for tests: CUPS's ippeveprinter (Debian cups-ipp-utils) on a free 127.0.0.1 port, keeping every
 * job's document in a spool directory. ippeveprinter will not start without DNS-SD, so when no avahi-daemon runs we
 * start a private D-Bus system bus and avahi-daemon for it (packages dbus-daemon and avahi-daemon) and stop them
 * again once the last printer of the test run closes.
 */
final class IppEvePrinter implements AutoCloseable {
    private static final Path IPPEVEPRINTER = Path.of("/usr/sbin/ippeveprinter");
    private static final Path AVAHI = Path.of("/usr/sbin/avahi-daemon");
    private static final Path DBUS = Path.of("/usr/bin/dbus-daemon");

    final int port;
    final Path spool;
    private final Path dir;
    private final List<Process> processes = new ArrayList<>();
    /** The private bus and avahi-daemon, shared by the printers running at the same time. */
    private static final List<Process> DNS_SD = new ArrayList<>();
    private static Map<String, String> dnsSdEnvironment;
    private static int dnsSdUsers;
    private static Path dnsSdDirectory;

    /** {@code formats} e.g. "application/pdf"; a printer given only "image/pwg-raster" refuses PDF jobs. */
    IppEvePrinter(String formats) throws Exception {
        require();
        dir = Files.createTempDirectory("ippeve");
        spool = Files.createDirectories(dir.resolve("spool"));
        port = freePort();
        try {
            Map<String, String> env = dnsSd();
            ProcessBuilder printer = new ProcessBuilder(IPPEVEPRINTER.toString(), "-p", String.valueOf(port),
                    "-d", spool.toString(), "-f", formats, "-k", "Test Printer " + port)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("ippeveprinter.log").toFile());
            printer.environment().putAll(env);
            processes.add(printer.start());
            awaitPort(port, "ippeveprinter");
        } catch (Exception | Error e) {
            stopProcesses();
            throw e;
        }
    }

    String uri() {
        return "ipp://127.0.0.1:" + port + "/ipp/print";
    }

    /** Documents the printer kept, oldest first. */
    List<Path> documents() throws IOException {
        try (Stream<Path> files = Files.list(spool)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    static void require() {
        boolean present = Files.isExecutable(IPPEVEPRINTER) && Files.isExecutable(AVAHI) && Files.isExecutable(DBUS);
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("ippeveprinter is missing: .ci/run must install cups-ipp-utils, "
                    + "avahi-daemon and dbus-daemon");
        }
        Assumptions.assumeTrue(present, "IPP printer tests skipped: install cups-ipp-utils, avahi-daemon, dbus-daemon");
    }

    private static synchronized Map<String, String> dnsSd() throws Exception {
        dnsSdUsers++;
        if (dnsSdEnvironment != null) return dnsSdEnvironment;
        if (new ProcessBuilder(AVAHI.toString(), "--check").start().waitFor() == 0) {
            dnsSdEnvironment = Map.of();
            return dnsSdEnvironment;
        }
        Path dir = Files.createTempDirectory("ippeve-dnssd");
        dnsSdDirectory = dir;
        Path bus = dir.resolve("bus");
        Files.writeString(dir.resolve("bus.conf"), """
                <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
                 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
                <busconfig>
                  <type>system</type>
                  <listen>unix:path=%s</listen>
                  <auth>EXTERNAL</auth>
                  <policy context="default"><allow send_destination="*"/><allow receive_sender="*"/><allow own="*"/><allow user="*"/></policy>
                </busconfig>
                """.formatted(bus));
        Files.writeString(dir.resolve("avahi.conf"), """
                [server]
                use-ipv4=yes
                use-ipv6=no
                allow-interfaces=lo
                [publish]
                publish-addresses=no
                publish-hinfo=no
                publish-workstation=no
                """);
        Map<String, String> env = Map.of("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=" + bus);
        DNS_SD.add(new ProcessBuilder(DBUS.toString(), "--config-file=" + dir.resolve("bus.conf"), "--nofork")
                .redirectErrorStream(true).redirectOutput(dir.resolve("dbus.log").toFile()).start());
        awaitFile(bus, "dbus-daemon");
        ProcessBuilder avahi = new ProcessBuilder(AVAHI.toString(), "-f", dir.resolve("avahi.conf").toString(),
                "--no-drop-root", "--no-chroot", "--no-rlimits")
                .redirectErrorStream(true).redirectOutput(dir.resolve("avahi.log").toFile());
        avahi.environment().putAll(env);
        DNS_SD.add(avahi.start());
        for (int i = 0; i < 100 && !Files.readString(dir.resolve("avahi.log")).contains("Server startup complete"); i++) {
            Thread.sleep(50);
        }
        dnsSdEnvironment = env;
        return env;
    }

    private void stopProcesses() throws InterruptedException {
        stop(processes);
        synchronized (IppEvePrinter.class) {
            if (dnsSdUsers > 0 && --dnsSdUsers == 0) {
                stop(DNS_SD);
                dnsSdEnvironment = null;
                if (dnsSdDirectory != null) deleteTree(dnsSdDirectory);
                dnsSdDirectory = null;
            }
        }
    }

    private static void stop(List<Process> list) throws InterruptedException {
        for (int i = list.size() - 1; i >= 0; i--) {
            Process p = list.get(i);
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly();
        }
        list.clear();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void awaitPort(int port, String what) throws Exception {
        for (int i = 0; i < 200; i++) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException(what + " did not start; see " + dir);
    }

    private static void awaitFile(Path file, String what) throws Exception {
        for (int i = 0; i < 200 && !Files.exists(file); i++) Thread.sleep(25);
        if (!Files.exists(file)) throw new IllegalStateException(what + " did not start; see " + file.getParent());
    }

    @Override
    public void close() throws Exception {
        stopProcesses();
        deleteTree(dir);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp folder left behind is harmless
        }
    }
}
