package org.clinickiosk.device.port;

import io.vertx.core.Context;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A device file under /dev reached through a possibly symbolic path (/dev/serial/by-id/..., a udev SYMLINK). Resolved
 * on every open, because a replugged adapter comes back as another ttyUSBn behind the same link.
 */
final class DeviceNode {

    /** How often an open port checks that its node still exists; events alone miss some unplugs. */
    static final long PRESENCE_CHECK_MS = 250;

    static final String UNPLUGGED = "unplugged or powered off";

    private DeviceNode() {}

    /** The device file the configured path points to now. */
    static Path resolve(String configuredPath, String group) throws PortOpenException {
        try {
            Path device = Path.of(configuredPath).toRealPath();
            if (!Files.isReadable(device) || !Files.isWritable(device)) throw new AccessDeniedException(device.toString());
            return device;
        } catch (NoSuchFileException e) {
            throw new PortOpenException(configuredPath + " not found: " + UNPLUGGED + "?", true);
        } catch (AccessDeniedException e) {
            throw new PortOpenException(permissionDenied(configuredPath, group), false);
        } catch (IOException e) {
            throw new PortOpenException("cannot open " + configuredPath + ": " + e.getMessage(), false);
        }
    }

    static String permissionDenied(String path, String group) {
        return "permission denied on " + path + ": add the kiosk's user to the '" + group
                + "' group (sudo usermod -aG " + group + " <user>), then log in again";
    }

    /** True while the configured path still leads to the node that was opened. */
    static boolean stillPresent(String configuredPath, Path opened) {
        try {
            return Path.of(configuredPath).toRealPath().equals(opened);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Checks presence periodically while a port is open and runs {@code onGone} (on the context) once the node
     * vanished or the link was re-pointed. Returns the timer id to cancel.
     */
    static long watch(Context context, String configuredPath, Path opened, Runnable onGone) {
        return context.owner().setPeriodic(PRESENCE_CHECK_MS, PRESENCE_CHECK_MS, timer ->
                context.executeBlocking(() -> stillPresent(configuredPath, opened), false)
                        .onSuccess(present -> {
                            if (!present) onGone.run();
                        }));
    }
}
