package org.clinickiosk.device.port;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortDataListener;
import com.fazecast.jSerialComm.SerialPortEvent;
import org.clinickiosk.device.DeviceSimulator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Runs a {@link DeviceSimulator} on the device end of a {@link VirtualSerialCable}, through jSerialComm like a real
 * device's UART. The simulator is only ever called under this object's lock, so it needs no thread safety of its own.
 * After an unplug, {@link #attach()} again once the cable is plugged back in.
 */
public final class SimulatorOnPty implements AutoCloseable {

    private final DeviceSimulator simulator;
    private final Path deviceEnd;
    private SerialPort port;

    public SimulatorOnPty(DeviceSimulator simulator, Path deviceEnd) {
        this.simulator = simulator;
        this.deviceEnd = deviceEnd;
        simulator.connect(this::toHost);
    }

    /** Opens the device end; bytes the simulator sends while detached are lost, as on a dead line. */
    public synchronized void attach() throws IOException {
        if (port != null) return;
        SerialPort opened = SerialPort.getCommPort(deviceEnd.toRealPath().toString());
        opened.setComPortTimeouts(SerialPort.TIMEOUT_WRITE_BLOCKING, 0, 2_000);
        if (!opened.openPort(0)) {
            throw new IOException("cannot open " + deviceEnd + " (error " + opened.getLastErrorCode() + ")");
        }
        opened.addDataListener(new FromHost(opened));
        port = opened;
    }

    /** Closes the device end. */
    public void detach() {
        SerialPort closing;
        synchronized (this) {
            closing = port;
            port = null;
        }
        // outside the lock: closing waits for the event thread, which may be waiting for the lock
        if (closing != null) closing.closePort();
    }

    /** Runs a scripted behaviour; returns an error text or null. */
    public synchronized String perform(String behaviour, Map<String, String> args) {
        return simulator.perform(behaviour, args);
    }

    public DeviceSimulator simulator() { return simulator; }

    @Override
    public void close() { detach(); }

    private synchronized void toHost(byte[] bytes) {
        if (port != null) port.writeBytes(bytes, bytes.length);
    }

    private final class FromHost implements SerialPortDataListener {
        private final SerialPort source;

        FromHost(SerialPort source) { this.source = source; }

        @Override
        public int getListeningEvents() {
            return SerialPort.LISTENING_EVENT_DATA_AVAILABLE | SerialPort.LISTENING_EVENT_PORT_DISCONNECTED;
        }

        @Override
        public void serialEvent(SerialPortEvent event) {
            if ((event.getEventType() & SerialPort.LISTENING_EVENT_PORT_DISCONNECTED) != 0) {
                unplugged();
                return;
            }
            int available = source.bytesAvailable();
            if (available <= 0) return;
            byte[] data = new byte[available];
            int read = source.readBytes(data, available);
            if (read <= 0) return;
            synchronized (SimulatorOnPty.this) {
                if (port == source) simulator.fromHost(read == available ? data : Arrays.copyOf(data, read));
            }
        }

        /** The cable was unplugged under us: close from another thread (jSerialComm repeats the event until then). */
        private void unplugged() {
            boolean first;
            synchronized (SimulatorOnPty.this) {
                first = port == source;
                if (first) port = null;
            }
            if (!first) {
                pause();
                return;
            }
            Thread closer = new Thread(source::closePort, "simulator-unplugged");
            closer.setDaemon(true);
            closer.start();
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
