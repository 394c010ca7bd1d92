package org.clinickiosk.device.port;

import io.vertx.core.Context;
import io.vertx.core.Future;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A printer node such as /dev/usb/lp0 written as a plain file (it is not a tty, so jSerialComm cannot open it).
 * Write-only: the usblp driver's read-back of printer status is not used.
 */
final class FilePortTransport implements PortTransport {

    private static final System.Logger LOG = System.getLogger(FilePortTransport.class.getName());

    private final Context context;
    private final PortConfig config;
    private Session session;

    FilePortTransport(Context context, PortConfig config) {
        this.context = context;
        this.config = config;
    }

    @Override
    public Future<Void> open(Listener listener) {
        if (session != null) return Future.failedFuture(new IllegalStateException(config.location() + " is already open"));
        return context.executeBlocking(this::openBlocking).map(opened -> {
            Session current = new Session(opened.channel, opened.device, listener);
            session = current;
            current.presenceTimer = DeviceNode.watch(context, config.location(), opened.device,
                    () -> current.lose(DeviceNode.UNPLUGGED));
            return null;
        });
    }

    @Override
    public Future<Void> write(byte[] bytes) {
        Session current = session;
        if (current == null) return Future.failedFuture(config.location() + " is not open");
        Future<Void> written = context.executeBlocking(() -> {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) current.channel.write(buffer);
            return null;
        });
        // usblp fails writes with ENODEV once the printer is unplugged, before the node disappears
        return written.onFailure(e -> current.lose(DeviceNode.UNPLUGGED + " (" + e.getMessage() + ")"));
    }

    @Override
    public Future<Void> close() {
        Session current = session;
        if (current == null) return Future.succeededFuture();
        return current.end();
    }

    private record Opened(FileChannel channel, Path device) {}

    private Opened openBlocking() throws PortOpenException {
        Path device = DeviceNode.resolve(config.location(), "lp");
        try {
            // no CREATE: a mistyped path must not quietly become a file under /dev
            return new Opened(FileChannel.open(device, StandardOpenOption.WRITE), device);
        } catch (NoSuchFileException e) {
            throw new PortOpenException(config.location() + " not found: " + DeviceNode.UNPLUGGED + "?", true);
        } catch (AccessDeniedException e) {
            throw new PortOpenException(DeviceNode.permissionDenied(config.location(), "lp"), false);
        } catch (IOException e) {
            throw new PortOpenException("cannot open " + config.location() + ": " + e.getMessage(), false);
        }
    }

    private final class Session {
        final FileChannel channel;
        final Path device;
        final Listener listener;
        long presenceTimer = -1;
        boolean ended;

        Session(FileChannel channel, Path device, Listener listener) {
            this.channel = channel;
            this.device = device;
            this.listener = listener;
        }

        void lose(String reason) {
            if (ended) return;
            LOG.log(System.Logger.Level.INFO, "{0} ({1}) lost: {2}", config.location(), device, reason);
            end();
            listener.lost(reason);
        }

        Future<Void> end() {
            ended = true;
            if (session == this) session = null;
            context.owner().cancelTimer(presenceTimer);
            return context.executeBlocking(() -> {
                channel.close();
                return null;
            }, false);
        }
    }
}
