package org.clinickiosk.device.healthcard;

/** A connected card: one command APDU in, the response APDU (data and SW1 SW2) out. Blocking. */
public interface ApduChannel {

    /** @throws CardIoException when the card is gone or the reader fails mid-exchange */
    byte[] transmit(byte[] command) throws CardIoException;

    final class CardIoException extends Exception {
        public CardIoException(String message) {
            super(message);
        }
    }
}
