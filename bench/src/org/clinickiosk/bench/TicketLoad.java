package org.clinickiosk.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * A lean HTTP/1.1 load generator for POST /api/tickets: one thread, one selector, {@code inFlight} keep-alive
 * connections with one request outstanding on each, requests written from prepared bytes. The benchmark client runs
 * on the same two cores as the server; a general-purpose client (Vert.x WebClient) spent about as much CPU per ticket
 * as the server itself, which measured the client as much as the server. Every answer is still read whole and its
 * status checked.
 */
final class TicketLoad {

    record Result(int ok, int errors, long nanos, long[] latencies) {}

    private static final class Conn {
        final SocketChannel channel;
        ByteBuffer out;
        final ByteBuffer in = ByteBuffer.allocate(16 * 1024);
        long sentAt;
        int request = -1;

        Conn(SocketChannel channel) {
            this.channel = channel;
        }
    }

    private TicketLoad() {}

    /** Issues {@code count} tickets over {@code inFlight} connections; request i goes to services[i % n]. */
    static Result run(int port, String kioskToken, String tag, List<String> services, int count, int inFlight)
            throws IOException {
        long[] latencies = new long[count];
        int ok = 0;
        int errors = 0;
        int next = 0;
        int done = 0;
        try (Selector selector = Selector.open()) {
            Conn[] conns = new Conn[Math.min(inFlight, count)];
            for (int i = 0; i < conns.length; i++) {
                SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
                ch.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
                ch.configureBlocking(false);
                conns[i] = new Conn(ch);
                ch.register(selector, 0, conns[i]);
            }
            long start = System.nanoTime();
            for (Conn c : conns) next = send(c, next, count, kioskToken, tag, services, selector);
            long deadline = start + 5L * 60 * 1_000_000_000L;
            while (done < count) {
                if (System.nanoTime() > deadline) throw new IOException("ticket load did not finish in 5 minutes");
                selector.select(1000);
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    Conn c = (Conn) key.attachment();
                    if (key.isWritable()) {
                        c.channel.write(c.out);
                        if (!c.out.hasRemaining()) key.interestOps(SelectionKey.OP_READ);
                    }
                    if (key.isReadable()) {
                        if (c.channel.read(c.in) < 0) throw new IOException("the server closed a connection");
                        int status = completeResponse(c.in);
                        if (status == 0) continue; // not all of it yet
                        latencies[c.request] = System.nanoTime() - c.sentAt;
                        if (status == 201) ok++;
                        else errors++;
                        done++;
                        next = send(c, next, count, kioskToken, tag, services, selector);
                    }
                }
            }
            long nanos = System.nanoTime() - start;
            for (Conn c : conns) c.channel.close();
            Arrays.sort(latencies);
            return new Result(ok, errors, nanos, latencies);
        }
    }

    private static int send(Conn c, int next, int count, String token, String tag, List<String> services,
                            Selector selector) throws IOException {
        if (next >= count) {
            c.channel.keyFor(selector).interestOps(0);
            return next;
        }
        String body = "{\"serviceId\":\"" + services.get(next % services.size()) + "\"}";
        String request = "POST /api/tickets HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "X-Kiosk-Token: " + token + "\r\nIdempotency-Key: bench-" + tag + "-" + next + "\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body;
        c.out = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
        c.request = next;
        c.in.clear();
        c.sentAt = System.nanoTime();
        c.channel.write(c.out);
        c.channel.keyFor(selector).interestOps(c.out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        return next + 1;
    }

    /** The status code once the buffer holds one whole response (headers and Content-Length body), else 0. */
    static int completeResponse(ByteBuffer in) throws IOException {
        byte[] a = in.array();
        int end = in.position();
        int headerEnd = -1;
        for (int i = 3; i < end; i++) {
            if (a[i] == '\n' && a[i - 1] == '\r' && a[i - 2] == '\n' && a[i - 3] == '\r') {
                headerEnd = i + 1;
                break;
            }
        }
        if (headerEnd < 0) {
            if (end == a.length) throw new IOException("response headers larger than the buffer");
            return 0;
        }
        String head = new String(a, 0, headerEnd, StandardCharsets.ISO_8859_1);
        int length = -1;
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, "content-length:", 0, 15)) length = Integer.parseInt(line.substring(15).trim());
            if (line.regionMatches(true, 0, "transfer-encoding:", 0, 18)) {
                throw new IOException("chunked answers are not expected from POST /api/tickets");
            }
        }
        if (length < 0) throw new IOException("an answer without Content-Length: " + head);
        if (end < headerEnd + length) return 0;
        if (end > headerEnd + length) throw new IOException("more bytes than one answer (no pipelining is used)");
        return Integer.parseInt(head.substring(9, 12));
    }
}
