package org.clinickiosk.device.healthcard;

import org.clinickiosk.device.DeviceState;

import javax.smartcardio.Card;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.TerminalFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * A PC/SC reader (USB CCID) through javax.smartcardio and the system's pcscd. The JDK looks for libpcsclite under a
 * name Debian ships only in the -dev package, so {@link #useLibrary} points it at the runtime library before the
 * first use.
 */
final class PcscCardSource implements CardSource {

    /** The JDK reads this once, when PC/SC is first used in the process. */
    static final String LIBRARY_PROPERTY = "sun.security.smartcardio.library";
    static final List<String> LIBRARY_CANDIDATES = List.of(
            "/usr/lib/x86_64-linux-gnu/libpcsclite.so.1", "/usr/lib/aarch64-linux-gnu/libpcsclite.so.1",
            "/usr/lib/arm-linux-gnueabihf/libpcsclite.so.1", "/usr/lib64/libpcsclite.so.1", "/usr/lib/libpcsclite.so.1");

    private final String readerName;
    private TerminalFactory factory;
    private CardTerminal terminal;

    /** @param readerName part of the reader's PC/SC name to pick it among several; null for the first reader */
    PcscCardSource(String readerName) {
        this.readerName = readerName;
    }

    /**
     * Sets {@value #LIBRARY_PROPERTY} unless the JVM was started with it: to {@code configured} when given, else to
     * the first runtime libpcsclite found. Has no effect once PC/SC has been used in this process.
     */
    static synchronized void useLibrary(String configured) {
        if (System.getProperty(LIBRARY_PROPERTY) != null) return;
        String library = configured;
        if (library == null) {
            library = LIBRARY_CANDIDATES.stream().filter(p -> Files.exists(Path.of(p))).findFirst().orElse(null);
        }
        if (library != null) System.setProperty(LIBRARY_PROPERTY, library);
    }

    @Override
    public boolean awaitCard(long timeoutMs) throws Unavailable {
        CardTerminal reader = reader();
        try {
            return reader.waitForCardPresent(timeoutMs);
        } catch (CardException e) {
            throw lost(e);
        }
    }

    @Override
    public boolean awaitRemoval(long timeoutMs) throws Unavailable {
        CardTerminal reader = reader();
        try {
            return reader.waitForCardAbsent(timeoutMs);
        } catch (CardException e) {
            throw lost(e);
        }
    }

    @Override
    public Session connect() throws Unavailable, ApduChannel.CardIoException {
        CardTerminal reader = reader();
        Card card;
        try {
            card = reader.connect("*");
        } catch (CardException e) {
            throw new ApduChannel.CardIoException(PcscErrors.cardReason(e));
        }
        var channel = card.getBasicChannel();
        return new Session() {
            @Override
            public byte[] transmit(byte[] command) throws CardIoException {
                try {
                    return channel.transmit(new CommandAPDU(command)).getBytes();
                } catch (CardException | IllegalArgumentException | IllegalStateException e) {
                    throw new CardIoException(PcscErrors.cardReason(e));
                }
            }

            @Override
            public void close() {
                try {
                    card.disconnect(false);
                } catch (CardException e) {
                    // the card is gone already; nothing to release
                }
            }
        };
    }

    @Override
    public void close() {
        terminal = null;
        factory = null;
    }

    /** The configured reader, looked up again on each call so a reader plugged in later is found. */
    private CardTerminal reader() throws Unavailable {
        if (factory == null) factory = openFactory();
        List<CardTerminal> readers;
        try {
            readers = factory.terminals().list();
        } catch (CardException e) {
            throw lost(e);
        }
        terminal = readers.stream().filter(t -> readerName == null || t.getName().contains(readerName)).findFirst()
                .orElse(null);
        if (terminal != null) return terminal;
        if (readers.isEmpty()) throw new Unavailable(DeviceState.disconnected("no smart-card reader is connected"));
        throw new Unavailable(DeviceState.disconnected("no smart-card reader named like \"" + readerName
                + "\" is connected (found: " + String.join(", ", readers.stream().map(CardTerminal::getName).toList())
                + ")"));
    }

    private static TerminalFactory openFactory() throws Unavailable {
        try {
            return TerminalFactory.getInstance("PC/SC", null);
        } catch (NoSuchAlgorithmException e) {
            throw new Unavailable(PcscErrors.serviceState(e));
        }
    }

    /** After a PC/SC failure the factory may hold a dead context: start over on the next call. */
    private Unavailable lost(CardException e) {
        factory = null;
        terminal = null;
        if (PcscErrors.contextStale(e) && !PcscErrors.forgetContext()) {
            return new Unavailable(DeviceState.error(PcscErrors.RESTART_NEEDED));
        }
        return new Unavailable(PcscErrors.serviceState(e));
    }
}
