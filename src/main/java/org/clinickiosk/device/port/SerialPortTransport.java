package org.clinickiosk.device.port;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortDataListener;
import com.fazecast.jSerialComm.SerialPortEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/** A serial port through jSerialComm: USB-serial adapters, on-board UARTs, pseudo-terminals. */
final class SerialPortTransport implements PortTransport {

    private static final System.Logger LOG = System.getLogger(SerialPortTransport.class.getName());
    private static final int WRITE_TIMEOUT_MS = 2_000;

    private final Context context;
    private final PortConfig config;
    private Session session;

    SerialPortTransport(Context context, PortConfig config) {
        this.context = context;
        this.config = config;
    }

    @Override
    public Future<Void> open(Listener listener) {
        if (session != null) return Future.failedFuture(new IllegalStateException(config.location() + " is already open"));
        return context.executeBlocking(() -> openBlocking(listener)).map(opened -> {
            session = opened;
            opened.presenceTimer = DeviceNode.watch(context, config.location(), opened.device,
                    () -> opened.lose(DeviceNode.UNPLUGGED));
            // listen only once the owner knows the port is open; bytes that came meanwhile wait in the tty buffer
            context.executeBlocking(() -> opened.port.addDataListener(opened), false);
            return null;
        });
    }

    @Override
    public Future<Void> write(byte[] bytes) {
        Session current = session;
        if (current == null) return Future.failedFuture(config.location() + " is not open");
        return context.executeBlocking(() -> {
            int written = current.port.writeBytes(bytes, bytes.length);
            if (written != bytes.length) {
                throw new IOException("wrote " + Math.max(written, 0) + " of " + bytes.length + " bytes to " + current.device);
            }
            return null;
        });
    }

    @Override
    public Future<Void> close() {
        Session current = session;
        if (current == null) return Future.succeededFuture();
        current.end();
        return current.closed;
    }

    private Session openBlocking(Listener listener) throws PortOpenException {
        Path device = DeviceNode.resolve(config.location(), "dialout");
        SerialPort port = SerialPort.getCommPort(device.toString());
        port.setComPortParameters(config.baud(), config.dataBits(), stopBits(), parity());
        port.setComPortTimeouts(SerialPort.TIMEOUT_WRITE_BLOCKING, 0, WRITE_TIMEOUT_MS);
        // no safety sleep: reopening only happens after a failure or unplug, at most every 500 ms
        if (!port.openPort(0)) throw openFailure(config.location(), port.getLastErrorCode());
        return new Session(port, device, listener);
    }

    private int stopBits() {
        return switch (config.stopBits()) {
            case ONE -> SerialPort.ONE_STOP_BIT;
            case ONE_POINT_FIVE -> SerialPort.ONE_POINT_FIVE_STOP_BITS;
            case TWO -> SerialPort.TWO_STOP_BITS;
        };
    }

    private int parity() {
        return switch (config.parity()) {
            case NONE -> SerialPort.NO_PARITY;
            case ODD -> SerialPort.ODD_PARITY;
            case EVEN -> SerialPort.EVEN_PARITY;
            case MARK -> SerialPort.MARK_PARITY;
            case SPACE -> SerialPort.SPACE_PARITY;
        };
    }

    /** Turns the errno of a failed open into a reason a person can act on. */
    static PortOpenException openFailure(String path, int errno) {
        return switch (errno) {
            case 1, 13 -> new PortOpenException(DeviceNode.permissionDenied(path, "dialout"), false);
            case 2, 6, 19 -> new PortOpenException(path + " not found: " + DeviceNode.UNPLUGGED + "?", true);
            case 11, 16 -> new PortOpenException(path + " is in use by another program", false);
            case 25 -> new PortOpenException(path + " is not a serial port; check the 'port' setting", false);
            default -> new PortOpenException("cannot open " + path + " (error " + errno + ")", false);
        };
    }

    /** One open of the port; events from an earlier open can never reach a later listener. */
    private final class Session implements SerialPortDataListener {
        final SerialPort port;
        final Path device;
        final Listener listener;
        final AtomicBoolean ended = new AtomicBoolean();
        Future<Void> closed;
        long presenceTimer = -1;

        Session(SerialPort port, Path device, Listener listener) {
            this.port = port;
            this.device = device;
            this.listener = listener;
        }

        @Override
        public int getListeningEvents() {
            return SerialPort.LISTENING_EVENT_DATA_AVAILABLE | SerialPort.LISTENING_EVENT_PORT_DISCONNECTED;
        }

        /** On jSerialComm's event thread. */
        @Override
        public void serialEvent(SerialPortEvent event) {
            if (ended.get()) {
                // jSerialComm repeats DISCONNECTED until the port is closed; don't spin meanwhile
                pause();
                return;
            }
            if ((event.getEventType() & SerialPort.LISTENING_EVENT_PORT_DISCONNECTED) != 0) {
                context.runOnContext(v -> lose(DeviceNode.UNPLUGGED));
                return;
            }
            int available = port.bytesAvailable();
            if (available <= 0) return;
            byte[] buffer = new byte[available];
            int read = port.readBytes(buffer, available);
            if (read <= 0) return;
            byte[] data = read == available ? buffer : Arrays.copyOf(buffer, read);
            context.runOnContext(v -> {
                if (!ended.get()) listener.received(data);
            });
        }

        /** On the context: the device went away. */
        void lose(String reason) {
            if (ended.get()) return;
            LOG.log(System.Logger.Level.INFO, "{0} ({1}) lost: {2}", config.location(), device, reason);
            end();
            listener.lost(reason);
        }

        /** On the context: stop delivering and close the port on a worker (closing waits for the event thread). */
        void end() {
            if (!ended.compareAndSet(false, true)) return;
            if (session == this) session = null;
            context.owner().cancelTimer(presenceTimer);
            closed = context.executeBlocking(() -> {
                port.closePort();
                return null;
            }, false);
        }

        private void pause() {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
