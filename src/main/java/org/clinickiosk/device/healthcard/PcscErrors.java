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
        if (text.contains("SCARD_E_INVALID_HANDLE")) {
            return DeviceState.error("the PC/SC service (pcscd) was restarted; reconnecting");
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

    /** The daemon went away under an established context (restart): the JDK would keep using the dead one. */
    static boolean contextStale(Throwable failure) {
        String text = chain(failure);
        return text.contains("SCARD_E_NO_SERVICE") || text.contains("SCARD_E_SERVICE_STOPPED")
                || text.contains("SCARD_E_INVALID_HANDLE");
    }

    /**
     * The JDK establishes one PC/SC context per process and never replaces it, so after pcscd restarts every call
     * fails. Clearing it makes the next call establish a new one; this needs
     * {@code --add-opens java.smartcardio/sun.security.smartcardio=ALL-UNNAMED}, without it the server must be
     * restarted after pcscd is.
     */
    static void forgetContext() {
        try {
            var field = Class.forName("sun.security.smartcardio.PCSCTerminals").getDeclaredField("contextId");
            field.setAccessible(true);
            synchronized (Class.forName("sun.security.smartcardio.PCSCTerminals")) {
                field.setLong(null, 0L);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot reset the JDK''s PC/SC context ({0}); if pcscd was restarted, "
                    + "restart ClinicKiosk or start it with --add-opens java.smartcardio/sun.security.smartcardio=ALL-UNNAMED",
                    e.toString());
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
