package org.clinickiosk.lab;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The TCP listener the lab system sends ORU^R01 results to (MLLP). Per connection, messages are handled in the order
 * they arrived and each gets its ACK in that order: parse (HAPI, on the one HL7 worker thread), store in one write
 * transaction, then AA — only after the commit — or AE/AR with the reason.
 *
 * <p>Logs carry the sender and control id, never message content.
 */
public final class MllpListener {
    private static final System.Logger LOG = System.getLogger(MllpListener.class.getName());
    /** Frames waiting per connection before we stop reading from it (a sender that does not wait for ACKs). */
    private static final int MAX_PENDING = 16;
    private static final Pattern MSH_CHARSET = Pattern.compile("^MSH(.)(?:[^\\r\\n]*?\\1){16}([^\\r\\n|^]*)");

    private final Vertx vertx;
    private final LabService lab;
    private final String host;
    private final int port;
    private final int maxFrameBytes;
    private final WorkerExecutor hl7Worker;
    private final ThreadLocal<OruMessages> messages;
    private NetServer server;

    public MllpListener(Vertx vertx, LabService lab, String host, int port, int maxFrameBytes,
                        java.time.ZoneId zone, java.time.Clock clock) {
        this.vertx = vertx;
        this.lab = lab;
        this.host = host;
        this.port = port;
        this.maxFrameBytes = maxFrameBytes;
        // One thread: HAPI parsers are not thread-safe, and a message's parse and its ACK use the same parser.
        this.hl7Worker = vertx.createSharedWorkerExecutor("clinickiosk-hl7", 1);
        this.messages = ThreadLocal.withInitial(() -> new OruMessages(zone, clock));
    }

    public Future<NetServer> start() {
        return vertx.createNetServer(new NetServerOptions().setHost(host).setPort(port).setTcpKeepAlive(true))
                .connectHandler(this::connected)
                .listen()
                .onSuccess(s -> {
                    server = s;
                    LOG.log(System.Logger.Level.INFO, "lab MLLP listener on " + host + ":" + s.actualPort());
                });
    }

    public int actualPort() {
        return server.actualPort();
    }

    public Future<Void> close() {
        Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
        return closed.onComplete(r -> hl7Worker.close());
    }

    private void connected(NetSocket socket) {
        new Connection(socket);
    }

    private final class Connection {
        private final NetSocket socket;
        private final MllpFramer framer = new MllpFramer(maxFrameBytes);
        private Future<Void> last = Future.succeededFuture();
        private int pending;

        Connection(NetSocket socket) {
            this.socket = socket;
            socket.handler(this::received);
            socket.exceptionHandler(e -> LOG.log(System.Logger.Level.WARNING, "lab connection from "
                    + socket.remoteAddress() + ": " + e.getMessage()));
        }

        private void received(Buffer chunk) {
            for (MllpFramer.Piece piece : framer.feed(chunk.getBytes())) {
                if (piece instanceof MllpFramer.Frame frame) {
                    enqueue(() -> answer(frame.payload()));
                } else if (piece instanceof MllpFramer.Oversized) {
                    enqueue(() -> reply(hl7Worker.executeBlocking(() -> messages.get().rejectUnreadable(
                            "the message is larger than the limit of " + maxFrameBytes / 1024
                                    + " KiB (lab.maxFrameKilobytes)")), StandardCharsets.UTF_8));
                } else if (piece instanceof MllpFramer.Skipped skipped) {
                    LOG.log(System.Logger.Level.WARNING, "lab connection from " + socket.remoteAddress()
                            + ": skipped " + skipped.bytes() + " bytes (" + skipped.why() + ")");
                }
            }
        }

        private void enqueue(java.util.function.Supplier<Future<Void>> work) {
            if (++pending >= MAX_PENDING) socket.pause();
            last = last.transform(previous -> work.get()).onComplete(done -> {
                if (--pending < MAX_PENDING) socket.resume();
            });
        }

        private Future<Void> answer(byte[] payload) {
            Charset charset = charsetOf(payload);
            Future<String> ack = hl7Worker.<Object>executeBlocking(() -> {
                OruMessages oru = messages.get();
                String text;
                try {
                    text = decode(payload, charset);
                } catch (CharacterCodingException e) {
                    return oru.rejectUnreadable("the message is not valid " + charset.name()
                            + " (declare the character set in MSH-18)");
                }
                try {
                    return oru.parse(text);
                } catch (OruMessages.Unacceptable u) {
                    LOG.log(System.Logger.Level.WARNING, "lab message refused before storing: "
                            + (u.reason().refused() ? "AR" : "AE"));
                    return oru.reject(u);
                }
            }).compose(parsedOrAck -> parsedOrAck instanceof OruMessages.Parsed parsed ? store(parsed)
                    : Future.succeededFuture((String) parsedOrAck));
            return reply(ack, charset);
        }

        private Future<String> store(OruMessages.Parsed parsed) {
            return lab.importReports(LabService.Source.HL7, parsed.sender(), parsed.controlId(), parsed.reports())
                    .transform(stored -> hl7Worker.executeBlocking(() -> {
                        OruMessages oru = messages.get();
                        if (stored.succeeded()) {
                            LOG.log(System.Logger.Level.INFO, "lab message " + parsed.controlId() + " from "
                                    + parsed.sender() + ": " + stored.result().summary());
                            return oru.accept(parsed);
                        }
                        Throwable cause = stored.cause();
                        LOG.log(System.Logger.Level.WARNING, "lab message " + parsed.controlId() + " from "
                                + parsed.sender() + " not stored" + (cause instanceof LabImportException ? " (AE)"
                                : ": " + cause.getClass().getSimpleName()));
                        LabImportException reason = cause instanceof LabImportException e ? e
                                : LabImportException.refused("the clinic could not store the message now; "
                                + "send it again later");
                        return oru.reject(parsed.message(), reason);
                    }));
        }

        private Future<Void> reply(Future<String> ack, Charset charset) {
            return ack.compose(text -> socket.write(Buffer.buffer(MllpFramer.wrap(text.getBytes(charset)))))
                    .onFailure(e -> LOG.log(System.Logger.Level.WARNING, "lab connection from "
                            + socket.remoteAddress() + ": no ACK sent: " + e.getMessage()))
                    .recover(e -> Future.succeededFuture());
        }
    }

    /** MSH-18: UNICODE UTF-8 (default) or GB 18030-2000; the ACK goes back in the same character set. */
    static Charset charsetOf(byte[] payload) {
        String head = new String(payload, 0, Math.min(payload.length, 512), StandardCharsets.ISO_8859_1);
        Matcher m = MSH_CHARSET.matcher(head);
        if (m.find()) {
            String declared = m.group(2).strip().toUpperCase(Locale.ROOT).replace(" ", "");
            if (declared.startsWith("GB18030") || declared.equals("GB2312") || declared.equals("GBK")) {
                return Charset.forName("GB18030");
            }
        }
        return StandardCharsets.UTF_8;
    }

    private static String decode(byte[] payload, Charset charset) throws CharacterCodingException {
        return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload)).toString();
    }
}
