package org.clinickiosk.device.healthcard;

import org.clinickiosk.device.DeviceState;

/**
 * One card reader slot, seen through blocking calls (PC/SC waits inside the native library): run it on a worker
 * thread, never on an event loop.
 */
interface CardSource {

    /** Waits up to {@code timeoutMs} for a card; true when one is in the reader. */
    boolean awaitCard(long timeoutMs) throws Unavailable;

    /** Waits up to {@code timeoutMs} for the card to be taken out; true when the reader is empty. */
    boolean awaitRemoval(long timeoutMs) throws Unavailable;

    /** Connects to the card in the reader. */
    Session connect() throws Unavailable, ApduChannel.CardIoException;

    /** Wakes any waiting call and releases the reader; the source is not used again. */
    void close();

    /** A connected card; closing it disconnects without ejecting. */
    interface Session extends ApduChannel, AutoCloseable {
        @Override
        void close();
    }

    /** The reader cannot be used; {@link #state} says how (disconnected or error) and why. */
    final class Unavailable extends Exception {
        private final DeviceState state;

        Unavailable(DeviceState state) {
            super(state.reason());
            this.state = state;
        }

        DeviceState state() { return state; }
    }
}
