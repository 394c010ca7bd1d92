package org.clinickiosk.device.healthcard;

import org.clinickiosk.device.DeviceState;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The reader behind {@code "port": "simulated"}: an in-process slot into which scripted behaviours put
 * {@link VirtualHealthCard}s laid out by the configured profile, so the same APDU sequence runs as on a real card.
 */
final class SimulatedCardSource implements CardSource {

    static final List<String> BEHAVIOURS = List.of("insert-card", "remove-card", "unplug", "replug");

    /** Makes the card for {@code insert-card}'s arguments, or throws IllegalArgumentException saying what is wrong. */
    private final Function<Map<String, String>, VirtualHealthCard> cards;
    private VirtualHealthCard card;
    /** The card last connected to: a script may swap cards faster than a poll, which still counts as a removal. */
    private VirtualHealthCard read;
    private boolean unplugged;
    private boolean closed;

    SimulatedCardSource(Function<Map<String, String>, VirtualHealthCard> cards) {
        this.cards = cards;
    }

    /** Runs a behaviour; an error text for unknown ones or bad arguments, null when done. */
    synchronized String perform(String behaviour, Map<String, String> args) {
        switch (behaviour) {
            case "insert-card" -> {
                if (card != null) return "a card is already in the reader: remove-card first";
                try {
                    card = cards.apply(args);
                } catch (IllegalArgumentException e) {
                    return e.getMessage();
                }
            }
            case "remove-card" -> {
                if (card == null) return "there is no card in the reader";
                card = null;
            }
            case "unplug" -> unplugged = true;
            case "replug" -> unplugged = false;
            default -> {
                return "unknown behaviour '" + behaviour + "', expected one of " + String.join(", ", BEHAVIOURS);
            }
        }
        notifyAll();
        return null;
    }

    @Override
    public synchronized boolean awaitCard(long timeoutMs) throws Unavailable {
        return waitUntil(() -> card != null, timeoutMs);
    }

    @Override
    public synchronized boolean awaitRemoval(long timeoutMs) throws Unavailable {
        return waitUntil(() -> card == null || card != read, timeoutMs);
    }

    @Override
    public synchronized Session connect() throws Unavailable, ApduChannel.CardIoException {
        checkPlugged();
        if (card == null) throw new ApduChannel.CardIoException("the card was taken out");
        VirtualHealthCard connected = card;
        read = card;
        return new Session() {
            @Override
            public byte[] transmit(byte[] command) throws CardIoException {
                synchronized (SimulatedCardSource.this) {
                    if (card != connected || unplugged) throw new CardIoException("the card was taken out while reading");
                }
                return connected.transmit(command);
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public synchronized void close() {
        closed = true;
        notifyAll();
    }

    private boolean waitUntil(java.util.function.BooleanSupplier condition, long timeoutMs) throws Unavailable {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (true) {
            checkPlugged();
            if (condition.getAsBoolean() || closed) return condition.getAsBoolean();
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) return false;
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private void checkPlugged() throws Unavailable {
        if (unplugged) throw new Unavailable(DeviceState.disconnected("the simulated card reader is unplugged"));
    }
}
