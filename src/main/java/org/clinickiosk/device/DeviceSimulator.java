package org.clinickiosk.device;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A device's protocol side, speaking the real bytes: used on pseudo-terminals by the devices/ simulator command and
 * in-process by ports configured as {@code simulated}. Pure Java, no Vert.x or jSerialComm.
 */
public interface DeviceSimulator {

    /** Where bytes the device sends go (a pty, an in-process pipe). Called once before any other method. */
    void connect(Consumer<byte[]> toHost);

    /** Bytes the host wrote to the device; replies, if any, go to the {@link #connect} sink. */
    void fromHost(byte[] data);

    /**
     * A scripted behaviour by name ("present-card", "paper-out", "reading", ...) with its arguments.
     * Returns an error text for an unknown behaviour or bad arguments, {@code null} when done.
     */
    String perform(String behaviour, Map<String, String> args);

    /** Names of the behaviours {@link #perform} accepts, for help texts. */
    List<String> behaviours();
}
