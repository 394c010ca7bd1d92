package org.clinickiosk.bench;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;
import org.clinickiosk.staff.Passwords;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The ClinicKiosk benchmark: one run, one disk, loopback only, every loop bounded, stops by itself.
 *
 * <ol type="a">
 *   <li>ticket issue throughput over HTTP against the real jar in a separate JVM vs. the raw durable SQLite insert rate
 *       (plain JDBC, WAL, synchronous=FULL, one commit per insert) on the same disk;</li>
 *   <li>call → display latency: 500 SSE clients on GET /api/display/stream, time from sending call-next to each
 *       client receiving the {@code call} event;</li>
 *   <li>server RSS (VmRSS) during a) and b);</li>
 *   <li>cold start: process spawn → first 200 from GET /api/health.</li>
 * </ol>
 *
 * Usage (see bench/run.sh): {@code Bench <clinic-kiosk.jar> <work dir>}. Knobs: -Dbench.serverJvm="...",
 * -Dbench.tickets, -Dbench.inFlight, -Dbench.inFlightSweep (e.g. 8,64,128: one more 1000-ticket window at each),
 * -Dbench.warmTickets (unmeasured tickets first, default 3000), -Dbench.sseClients, -Dbench.calls,
 * -Dbench.sseWarmupCalls (unmeasured calls first, default 50), -Dbench.rawInserts, -Dbench.coldStarts.
 */
public final class Bench {
    static final String KIOSK_TOKEN = "bench-kiosk-token-000001";
    static final String NURSE_PASSWORD = "bench-nurse-password";
    static final List<String> SERVICES = List.of("gp", "tcm", "vaccination", "chronic");
    static final String NURSE_HASH = Passwords.hash(NURSE_PASSWORD);
    static final Duration HARD_LIMIT = Duration.ofMinutes(15);

    static final List<Process> children = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]).toAbsolutePath();
        Path work = Path.of(args[1]).toAbsolutePath();
        Files.createDirectories(work);
        String serverJvm = System.getProperty("bench.serverJvm",
                "-Xms32m -Xmx96m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=32m -Xss512k "
                        + "-XX:MaxDirectMemorySize=32m");
        int tickets = Integer.getInteger("bench.tickets", 4000);
        int inFlight = Integer.getInteger("bench.inFlight", 32);
        int sseClients = Integer.getInteger("bench.sseClients", 500);
        int calls = Integer.getInteger("bench.calls", 100);
        int warmupCalls = Integer.getInteger("bench.sseWarmupCalls", 50);
        int rawInserts = Integer.getInteger("bench.rawInserts", 3000);
        int coldStarts = Integer.getInteger("bench.coldStarts", 5);

        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(HARD_LIMIT.toMillis());
                System.err.println("bench: hard time limit reached, stopping");
                killChildren();
                Runtime.getRuntime().halt(3);
            } catch (InterruptedException done) {
                // finished in time
            }
        }, "bench-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        Runtime.getRuntime().addShutdownHook(new Thread(Bench::killChildren));

        List<String> report = new ArrayList<>();
        report.add("server JVM flags: `" + serverJvm + "`");
        Vertx vertx = Vertx.vertx();
        try {
            // a) raw durable insert rate first, with nothing else running
            double raw = rawInsertRate(work.resolve("raw.db"), rawInserts);
            line(report, "a) raw SQLite insert rate (JDBC, WAL, synchronous=FULL, 1 commit/insert, %d rows): %.0f inserts/s",
                    rawInserts, raw);

            // a) HTTP issue throughput on a fresh database, in windows: the queue grows by 1000 tickets per window
            Path db = work.resolve("clinic.db");
            int port = freePort();
            Path config = work.resolve("clinic.json");
            Files.writeString(config, config(db, port).encodePrettily());
            Process server = spawn(jar, serverJvm, config, work.resolve("server.log"));
            Duration firstStart = awaitHealth(port, Duration.ofSeconds(60), server);
            line(report, "server ready in %d ms (first start, creates the database)", firstStart.toMillis());
            RssSampler rss = new RssSampler(server.pid());
            rss.start();
            long idleRss = rss.current();
            // unmeasured: the server's JIT (C1) compiles the issue path during the first seconds of load; after 1200
            // warm-up tickets its compiler thread still took 20-40 us per ticket in the first measured window, which
            // ran at 0.7-0.8 x the later ones. A clinic's server runs all day; every window after this is reported.
            int warmTickets = Integer.getInteger("bench.warmTickets", 3000);
            IssueResult warm = issue(port, "warm", warmTickets, inFlight);
            line(report, "a) warm-up: %d tickets, not measured, %.0f tickets/s", warm.ok, warm.rate());
            rss.resetMax();
            int waiting = warm.ok;
            List<IssueResult> windows = new ArrayList<>();
            // the day's queue grows by 1000 tickets per window at the chosen concurrency, then (optionally) one
            // window at each of the sweep's concurrencies: group commit shares a commit among the requests in flight
            List<Integer> concurrencies = new ArrayList<>();
            for (int w = 0; w < tickets / 1000; w++) concurrencies.add(inFlight);
            for (String n : System.getProperty("bench.inFlightSweep", "").split(",")) {
                if (!n.isBlank()) concurrencies.add(Integer.parseInt(n.trim()));
            }
            for (int w = 0; w < concurrencies.size(); w++) {
                int concurrency = concurrencies.get(w);
                long serverCpu = cpuNanos(server.pid());
                Map<String, Long> threadCpu = cpuByThread(server.pid());
                Map<String, Long> clientThreadCpu = cpuByThread(ProcessHandle.current().pid());
                long clientCpu = cpuNanos(ProcessHandle.current().pid());
                IssueResult r = issue(port, "w" + w, 1000, concurrency);
                serverCpu = cpuNanos(server.pid()) - serverCpu;
                String byThread = perTicket(threadCpu, cpuByThread(server.pid()), r.ok);
                String clientByThread = perTicket(clientThreadCpu, cpuByThread(ProcessHandle.current().pid()), r.ok);
                clientCpu = cpuNanos(ProcessHandle.current().pid()) - clientCpu;
                windows.add(r);
                line(report, "a) HTTP issue, %d in flight, tickets %d..%d of the day (%d waiting before): %.0f tickets/s "
                                + "(latency p50 %.1f ms, p99 %.1f ms, errors %d) = %.2f x raw; CPU per ticket: server "
                                + "%.0f us, benchmark client %.0f us", concurrency, waiting + 1,
                        waiting + r.ok, waiting, r.rate(), ms(r.percentile(50)), ms(r.percentile(99)), r.errors,
                        r.rate() / raw, serverCpu / 1000.0 / r.ok, clientCpu / 1000.0 / r.ok);
                line(report, "   CPU per ticket by thread: server %s; benchmark %s", byThread, clientByThread);
                waiting += r.ok;
            }
            long rssIssue = rss.max();
            rss.stopSampling();
            stop(server);

            // b) call -> display latency with many SSE clients, on a fresh database with a realistic queue
            Path db2 = work.resolve("clinic-b.db");
            int port2 = freePort();
            Path config2 = work.resolve("clinic-b.json");
            Files.writeString(config2, config(db2, port2).encodePrettily());
            Process server2 = spawn(jar, serverJvm, config2, work.resolve("server-b.log"));
            awaitHealth(port2, Duration.ofSeconds(60), server2);
            RssSampler rss2 = new RssSampler(server2.pid());
            rss2.start();
            WebClient web2 = client(vertx, port2, inFlight + 8);
            int queue = (warmupCalls + calls) * 3;
            issue(port2, "queue", queue, inFlight);
            rss2.resetMax();
            SseResult sse = sseLatency(vertx, web2, port2, sseClients, warmupCalls, calls);
            long rssSse = rss2.max();
            line(report, "b) call -> display `call` event, %d waiting, %d SSE clients x %d calls = %d deliveries "
                            + "(missing %d, wrong ticket %d), after %d unmeasured warm-up calls: p50 %.1f ms, p99 %.1f ms, "
                            + "max %.1f ms (goal p99 < 50 ms)",
                    queue, sseClients, sse.calls, sse.samples.length, sse.missing, sse.mismatched, warmupCalls,
                    ms(sse.percentile(50)), ms(sse.percentile(99)), ms(sse.percentile(100)));
            line(report, "b) per call: first display reached after p50 %.1f ms; first -> last display p50 %.1f ms, "
                    + "p99 %.1f ms; the call-next HTTP answer itself p50 %.1f ms, p99 %.1f ms", ms(sse.firstP50),
                    ms(sse.spreadP50), ms(sse.spreadP99), ms(sse.callP50), ms(sse.callP99));
            web2.close();
            rss2.stopSampling();
            stop(server2);

            // b') the same on the big database from a): how call-next scales with the queue
            Process server3 = spawn(jar, serverJvm, config, work.resolve("server.log"));
            awaitHealth(port, Duration.ofSeconds(60), server3);
            RssSampler rss3 = new RssSampler(server3.pid());
            rss3.start();
            WebClient web3 = client(vertx, port, inFlight + 8);
            SseResult deep = sseLatency(vertx, web3, port, sseClients, warmupCalls, Math.max(10, calls / 2));
            long rssDeep = rss3.max();
            line(report, "b') same with %d waiting (after a)), %d calls: p50 %.1f ms, p99 %.1f ms; first display p50 "
                            + "%.1f ms; first -> last p50 %.1f ms; call-next answer p50 %.1f ms, p99 %.1f ms", waiting,
                    deep.calls, ms(deep.percentile(50)), ms(deep.percentile(99)), ms(deep.firstP50),
                    ms(deep.spreadP50), ms(deep.callP50), ms(deep.callP99));
            web3.close();
            rss3.stopSampling();
            stop(server3);
            line(report, "c) server RSS: idle after first start %d MB, max during a) %d MB, max during b) with %d SSE "
                            + "clients %d MB, max during b') %d MB (goal <= 150 MB)", mb(idleRss), mb(rssIssue),
                    sseClients, mb(rssSse), mb(rssDeep));

            // d) cold start: fresh database each time, and once more on the big database from a)/b)
            List<Long> fresh = new ArrayList<>();
            for (int i = 0; i < coldStarts; i++) {
                Path dbi = work.resolve("cold-" + i + ".db");
                Path cfg = work.resolve("cold-" + i + ".json");
                int p = freePort();
                Files.writeString(cfg, config(dbi, p).encodePrettily());
                Process child = spawn(jar, serverJvm, cfg, work.resolve("cold-" + i + ".log"));
                fresh.add(awaitHealth(p, Duration.ofSeconds(60), child).toMillis());
                stop(child);
            }
            Process again = spawn(jar, serverJvm, config, work.resolve("server.log"));
            long existing = awaitHealth(port, Duration.ofSeconds(60), again).toMillis();
            stop(again);
            List<Long> sorted = fresh.stream().sorted().toList();
            line(report, "d) cold start spawn -> first 200 on /api/health, new database, %d runs: min %d ms, median %d ms, "
                            + "max %d ms %s (goal <= 2000 ms)", sorted.size(), sorted.get(0), sorted.get(sorted.size() / 2),
                    sorted.get(sorted.size() - 1), fresh);
            line(report, "d) cold start on the database left by a) (%d tickets): %d ms", waiting, existing);
        } finally {
            killChildren();
            vertx.close().await(10, TimeUnit.SECONDS);
            watchdog.interrupt();
        }
        System.out.println();
        System.out.println("=== results ===");
        report.forEach(System.out::println);
    }

    static void line(List<String> report, String format, Object... args) {
        String s = String.format(Locale.ROOT, format, args);
        System.out.println(s);
        report.add(s);
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    static long mb(long kb) {
        return Math.round(kb / 1024.0);
    }

    // ---- the server process ----------------------------------------------------------------------------------

    static WebClient client(Vertx vertx, int port, int connections) {
        return WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port),
                new PoolOptions().setHttp1MaxSize(connections));
    }

    static JsonObject config(Path db, int port) {
        int utcHour = ZonedDateTime.now(ZoneOffset.UTC).getHour();
        JsonArray services = new JsonArray();
        String[] prefixes = {"A", "B", "C", "D"};
        for (int i = 0; i < SERVICES.size(); i++) {
            services.add(new JsonObject().put("id", SERVICES.get(i)).put("name", "Service " + i)
                    .put("prefix", prefixes[i]).put("opens", "00:00").put("closes", "23:59"));
        }
        return new JsonObject()
                .put("http", new JsonObject().put("host", "127.0.0.1").put("port", port))
                .put("database", new JsonObject().put("path", db.toString()))
                .put("backup", new JsonObject().put("enabled", false))
                // a zone where it is midday now, so the all-day services are open whatever the wall clock says
                .put("clinic", new JsonObject().put("timezone", ZoneOffset.ofHours(12 - utcHour).getId()))
                .put("queue", new JsonObject().put("callDebounceSeconds", 0))
                .put("services", services)
                .put("rooms", new JsonArray().add(new JsonObject().put("id", "R1").put("name", "Room 1")
                        .put("services", new JsonArray(SERVICES))))
                .put("staff", new JsonArray().add(new JsonObject().put("username", "bench").put("role", "nurse")
                        .put("passwordHash", NURSE_HASH)))
                .put("kiosks", new JsonArray().add(new JsonObject().put("id", "K1").put("token", KIOSK_TOKEN)));
    }

    static Process spawn(Path jar, String jvmFlags, Path config, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.stream(jvmFlags.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList());
        command.addAll(List.of("-jar", jar.toString(), "--config", config.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        synchronized (children) {
            children.add(p);
        }
        return p;
    }

    /** Polls GET /api/health every 10 ms from the moment of the call; returns the time until the first 200. */
    static Duration awaitHealth(int port, Duration timeout, Process process) throws Exception {
        long start = System.nanoTime();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/health"))
                .timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() - start < timeout.toNanos()) {
            if (!process.isAlive()) throw new IllegalStateException("the server exited with " + process.exitValue());
            try {
                if (http.send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
            } catch (IOException notYet) {
                // refused while starting
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("the server did not answer /api/health within " + timeout);
    }

    static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(20, TimeUnit.SECONDS)) p.destroyForcibly().waitFor();
        synchronized (children) {
            children.remove(p);
        }
    }

    static void killChildren() {
        synchronized (children) {
            children.forEach(Process::destroyForcibly);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Samples VmRSS (kB) of a process every 50 ms on a daemon thread. */
    /** User + system CPU time a process has used so far (Linux /proc; clock ticks of 10 ms). */
    static long cpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
            return ticks * 10_000_000L;
        } catch (IOException gone) {
            return 0;
        }
    }

    /** CPU time of each of the process's threads, summed over threads of the same name without its number. */
    static Map<String, Long> cpuByThread(long pid) {
        Map<String, Long> byName = new TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
                            .replaceAll("[-#]?\\d+$", "");
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    byName.merge(name, (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L, Long::sum);
                } catch (IOException | RuntimeException threadEnded) {
                    // a thread that ended between listing and reading: its time is in no window
                }
            }
        } catch (IOException gone) {
            // the process ended
        }
        return byName;
    }

    /** The threads that used at least 5 us per ticket between two samples, busiest first. */
    static String perTicket(Map<String, Long> before, Map<String, Long> after, int tickets) {
        return after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() / 1000.0 / Math.max(1, tickets) >= 5)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> String.format("%s %.0f us", e.getKey(), e.getValue() / 1000.0 / Math.max(1, tickets)))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    static final class RssSampler extends Thread {
        private final long pid;
        private final AtomicLong max = new AtomicLong();
        private final AtomicLong maxEver = new AtomicLong();
        private volatile boolean running = true;

        RssSampler(long pid) {
            super("rss-sampler");
            this.pid = pid;
            setDaemon(true);
        }

        long current() {
            try (Stream<String> lines = Files.lines(Path.of("/proc/" + pid + "/status"))) {
                return lines.filter(l -> l.startsWith("VmRSS:")).findFirst()
                        .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).orElse(0L);
            } catch (IOException gone) {
                return 0;
            }
        }

        @Override
        public void run() {
            while (running) {
                long kb = current();
                max.accumulateAndGet(kb, Math::max);
                maxEver.accumulateAndGet(kb, Math::max);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void resetMax() {
            max.set(current());
        }

        long max() {
            return Math.max(max.get(), current());
        }

        long maxEver() {
            return maxEver.get();
        }

        void stopSampling() {
            running = false;
        }
    }

    // ---- a) raw SQLite and HTTP issue ----------------------------------------------------------------------

    static double rawInsertRate(Path file, int rows) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (Statement s = c.createStatement()) {
                s.execute("pragma journal_mode = wal");
                s.execute("pragma synchronous = full");
                s.execute("""
                        CREATE TABLE tickets (
                            id INTEGER PRIMARY KEY, public_token TEXT NOT NULL UNIQUE, issuing_service_id TEXT NOT NULL,
                            service_id TEXT NOT NULL, day TEXT NOT NULL, seq INTEGER NOT NULL, number TEXT NOT NULL,
                            status TEXT NOT NULL, priority TEXT NOT NULL, priority_declared INTEGER NOT NULL DEFAULT 0,
                            resident_id INTEGER, appointment_id INTEGER, slot_start INTEGER, kiosk_id TEXT,
                            sort_key INTEGER NOT NULL, room_id TEXT, called_by INTEGER,
                            recall_count INTEGER NOT NULL DEFAULT 0, issued_at INTEGER NOT NULL,
                            UNIQUE (issuing_service_id, day, seq))""");
                s.execute("CREATE INDEX tickets_waiting ON tickets(service_id, status, day)");
                s.execute("CREATE INDEX tickets_by_day ON tickets(day)");
            }
            c.setAutoCommit(true); // one durable commit per insert
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO tickets (public_token, issuing_service_id, service_id, day, seq, number, status, priority,
                                         kiosk_id, sort_key, issued_at)
                    VALUES (?, ?, ?, '2025-01-01', ?, ?, 'waiting', 'normal', 'K1', ?, ?)""")) {
                int warm = Math.min(200, rows / 10);
                long start = 0;
                for (int i = 0; i < warm + rows; i++) {
                    if (i == warm) start = System.nanoTime();
                    String service = SERVICES.get(i % 4);
                    ps.setString(1, "tok" + i);
                    ps.setString(2, service);
                    ps.setString(3, service);
                    ps.setInt(4, i / 4 + 1);
                    ps.setString(5, "A" + (i / 4 + 1));
                    ps.setLong(6, System.currentTimeMillis() * 1000 + i);
                    ps.setLong(7, System.currentTimeMillis());
                    ps.executeUpdate();
                }
                return rows / ((System.nanoTime() - start) / 1e9);
            }
        }
    }

    record IssueResult(int ok, int errors, long nanos, long[] latencies) {
        double rate() {
            return ok / (nanos / 1e9);
        }

        long percentile(double p) {
            return Bench.percentile(latencies, p);
        }
    }

    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) return 0;
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /** Issues {@code count} tickets keeping {@code inFlight} requests outstanding (see {@link TicketLoad}). */
    static IssueResult issue(int port, String tag, int count, int inFlight) throws IOException {
        TicketLoad.Result r = TicketLoad.run(port, KIOSK_TOKEN, tag, SERVICES, count, inFlight);
        return new IssueResult(r.ok(), r.errors(), r.nanos(), r.latencies());
    }

    // ---- b) SSE display latency ------------------------------------------------------------------------------

    static final class SseResult {
        int calls;
        long[] samples;
        int missing;
        int mismatched;
        long callP50;
        long callP99;
        /** Per call: time to the first display (server work before the fan-out), and first-to-last (the fan-out). */
        long firstP50;
        long spreadP50;
        long spreadP99;

        long percentile(double p) {
            return Bench.percentile(samples, p);
        }
    }

    /** One display: parses the event stream and stamps the arrival of each `call` event. */
    static final class Display {
        private final StringBuilder pending = new StringBuilder();
        final List<long[]> calls = new ArrayList<>(); // {arrival nanos, ticketId}
        boolean snapshot;

        void feed(Buffer data, long now, Runnable onSnapshot, java.util.function.IntConsumer onCall) {
            pending.append(data.toString());
            int end;
            while ((end = pending.indexOf("\n\n")) >= 0) {
                String frame = pending.substring(0, end);
                pending.delete(0, end + 2);
                String event = null;
                String json = null;
                for (String line : frame.split("\n")) {
                    if (line.startsWith("event: ")) event = line.substring(7);
                    else if (line.startsWith("data: ")) json = line.substring(6);
                }
                if ("snapshot".equals(event) && !snapshot) {
                    snapshot = true;
                    onSnapshot.run();
                } else if ("call".equals(event) && json != null) {
                    long ticketId = new JsonObject(json).getLong("ticketId");
                    synchronized (calls) {
                        calls.add(new long[]{now, ticketId});
                    }
                    onCall.accept(calls.size() - 1);
                }
            }
        }
    }

    /**
     * {@code warmup} calls first, delivered and checked but not measured: until the 500 displays' parsing code is
     * compiled, the benchmark's own JVM takes the CPU the server needs (it used more CPU per call than the server),
     * which measured the client's warm-up rather than the server. Then {@code measured} calls.
     */
    static SseResult sseLatency(Vertx vertx, WebClient web, int port, int clients, int warmup, int measured)
            throws Exception {
        int calls = warmup + measured;
        HttpClientAgent http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(port).setKeepAlive(true), new PoolOptions().setHttp1MaxSize(clients + 10));
        List<Display> displays = new ArrayList<>();
        AtomicInteger connected = new AtomicInteger();
        Promise<Void> allConnected = Promise.promise();
        ConcurrentHashMap<Integer, AtomicInteger> received = new ConcurrentHashMap<>();
        ConcurrentHashMap<Integer, Promise<Void>> callDone = new ConcurrentHashMap<>();
        for (int i = 0; i < calls; i++) {
            received.put(i, new AtomicInteger());
            callDone.put(i, Promise.promise());
        }
        for (int i = 0; i < clients; i++) {
            Display d = new Display();
            displays.add(d);
            // the handler is set in the send's own callback, before the first bytes can go by
            http.request(HttpMethod.GET, "/api/display/stream")
                    .compose(req -> req.putHeader("Accept", "text/event-stream").send()
                            .onSuccess(resp -> resp.handler(buf -> d.feed(buf, System.nanoTime(),
                                    () -> {
                                        if (connected.incrementAndGet() == clients) allConnected.tryComplete();
                                    },
                                    index -> {
                                        AtomicInteger n = received.get(index);
                                        if (n != null && n.incrementAndGet() == clients) callDone.get(index).tryComplete();
                                    }))))
                    .onFailure(e -> System.err.println("display connection failed: " + e));
        }
        allConnected.future().await(60, TimeUnit.SECONDS);
        System.out.println("b) " + clients + " displays connected and got their snapshot");

        WebClientSession nurse = WebClientSession.create(web);
        HttpResponse<Buffer> login = nurse.post("/api/session/login").sendJsonObject(new JsonObject()
                .put("username", "bench").put("password", NURSE_PASSWORD)).await(30, TimeUnit.SECONDS);
        if (login.statusCode() != 200) throw new IllegalStateException("login: " + login.bodyAsString());
        String csrf = login.bodyAsJsonObject().getString("csrfToken");

        long[] sent = new long[calls];
        long[] ticketOf = new long[calls];
        long[] callAnswer = new long[calls];
        SseResult result = new SseResult();
        for (int k = 0; k < calls; k++) {
            sent[k] = System.nanoTime();
            HttpResponse<Buffer> r = nurse.post("/api/rooms/R1/call-next").putHeader("X-CSRF-Token", csrf)
                    .send().await(30, TimeUnit.SECONDS);
            callAnswer[k] = System.nanoTime() - sent[k];
            JsonObject ticket = r.statusCode() == 200 ? r.bodyAsJsonObject().getJsonObject("ticket") : null;
            if (ticket == null) throw new IllegalStateException("call-next: " + r.statusCode() + " " + r.bodyAsString());
            ticketOf[k] = ticket.getLong("id");
            try {
                callDone.get(k).future().await(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException late) {
                System.err.println("call " + k + ": not every display got it within 10 s");
            }
            if (k >= warmup) result.calls++;
            Thread.sleep(20); // a nurse does not click 50 times a second; lets the 150 ms `services` updates interleave
        }
        List<Long> samples = new ArrayList<>();
        long[] first = new long[measured];
        long[] last = new long[measured];
        Arrays.fill(first, Long.MAX_VALUE);
        for (Display d : displays) {
            synchronized (d.calls) {
                for (int k = 0; k < calls; k++) {
                    if (k >= d.calls.size()) {
                        result.missing++;
                        continue;
                    }
                    long[] c = d.calls.get(k);
                    if (c[1] != ticketOf[k]) result.mismatched++;
                    if (k < warmup) continue; // delivered and checked, not measured
                    long latency = c[0] - sent[k];
                    samples.add(latency);
                    first[k - warmup] = Math.min(first[k - warmup], latency);
                    last[k - warmup] = Math.max(last[k - warmup], latency);
                }
            }
        }
        long[] spread = new long[measured];
        for (int k = 0; k < measured; k++) spread[k] = last[k] - first[k];
        Arrays.sort(first);
        Arrays.sort(spread);
        result.firstP50 = percentile(first, 50);
        result.spreadP50 = percentile(spread, 50);
        result.spreadP99 = percentile(spread, 99);
        result.samples = samples.stream().sorted(Comparator.naturalOrder()).mapToLong(Long::longValue).toArray();
        long[] answers = Arrays.copyOfRange(callAnswer, warmup, calls);
        Arrays.sort(answers);
        result.callP50 = percentile(answers, 50);
        result.callP99 = percentile(answers, 99);
        http.close().await(10, TimeUnit.SECONDS);
        return result;
    }

    private Bench() {}
}
