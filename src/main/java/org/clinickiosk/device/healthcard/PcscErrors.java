package org.clinickiosk.device.healthcard;

import org.clinickiosk.device.DeviceState;

/** Turns javax.smartcardio failures (which carry PC/SC error names in their messages) into reasons a person can act on. */
final class PcscErrors {
    private PcscErrors() {}

    private static final System.Logger LOG = System.getLogger(PcscErrors.class.getName());

    /** The reader's state after a failure to reach PC/SC or the reader. */
    static DeviceState serviceState(Throwable failure) {
        String text = chain(failure);
        if (text.contains("SCARD_E_NO_SERVICE") || text.contains("SCARD_E_SERVICE_STOPPED")) {
            return DeviceState.error("the PC/SC service (pcscd) is not running: start it (Debian: apt-get install "
                    + "pcscd; systemctl start pcscd.socket)");
        }
        if (text.contains("SCARD_E_INVALID_HANDLE") || text.contains("SCARD_F_COMM_ERROR")) {
            return DeviceState.error("the connection to the PC/SC service (pcscd) broke: it stopped or restarted; "
                    + "reconnecting");
        }
        if (text.contains("SCARD_E_NO_READERS_AVAILABLE") || text.contains("SCARD_E_UNKNOWN_READER")
                || text.contains("SCARD_E_READER_UNAVAILABLE")) {
            return DeviceState.disconnected("the smart-card reader was unplugged");
        }
        if (text.contains("No PC/SC library") || text.contains("libpcsclite") || text.contains("UnsatisfiedLinkError")) {
            return DeviceState.error("the PC/SC library (libpcsclite) was not found: install pcscd, or set the reader's "
                    + "\"library\" to the path of libpcsclite.so.1");
        }
        return DeviceState.error("PC/SC failed: " + text);
    }

    /** Why a card could not be used, for a card-error event. */
    static String cardReason(Throwable failure) {
        String text = chain(failure);
        if (text.contains("SCARD_W_REMOVED_CARD") || text.contains("SCARD_E_NO_SMARTCARD")) {
            return "the card was taken out while reading";
        }
        if (text.contains("SCARD_W_UNRESPONSIVE_CARD") || text.contains("SCARD_W_UNPOWERED_CARD")) {
            return "the card does not answer (inserted the wrong way round, or not a chip card?)";
        }
        return text;
    }

    /** What the reader says while the JDK holds a dead context it cannot replace. */
    static final String RESTART_NEEDED = "the PC/SC service (pcscd) stopped or restarted and Java cannot reconnect "
            + "to it by itself: restart ClinicKiosk once pcscd runs (or start Java with --add-opens "
            + "java.smartcardio/sun.security.smartcardio=ALL-UNNAMED so that it reconnects)";

    private static boolean warned;

    /** The daemon went away under an established context (restart): the JDK would keep using the dead one. */
    static boolean contextStale(Throwable failure) {
        String text = chain(failure);
        return text.contains("SCARD_E_NO_SERVICE") || text.contains("SCARD_E_SERVICE_STOPPED")
                || text.contains("SCARD_E_INVALID_HANDLE") || text.contains("SCARD_F_COMM_ERROR");
    }

    /**
     * The JDK establishes one PC/SC context per process and never replaces it, so after pcscd restarts every call
     * fails. Clearing it (and the readers cached with it) makes the next call establish a new one; this needs
     * {@code --add-opens java.smartcardio/sun.security.smartcardio=ALL-UNNAMED}, without it the server must be
     * restarted after pcscd is.
     *
     * @return whether the context was cleared
     */
    static synchronized boolean forgetContext() {
        try {
            Class<?> terminals = Class.forName("sun.security.smartcardio.PCSCTerminals");
            var context = terminals.getDeclaredField("contextId");
            // reader objects are cached by name together with the context they were made in
            var readers = terminals.getDeclaredField("terminals");
            context.setAccessible(true);
            readers.setAccessible(true);
            synchronized (terminals) {
                context.setLong(null, 0L);
                ((java.util.Map<?, ?>) readers.get(null)).clear();
            }
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            if (!warned) {
                warned = true;
                LOG.log(System.Logger.Level.WARNING, "cannot replace the JDK''s PC/SC context: {0}", e.toString());
            }
            return false;
        }
    }

    private static String chain(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null && text.length() < 500; t = t.getCause()) {
            if (text.length() > 0) text.append(": ");
            text.append(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
        }
        return text.toString();
    }
}
