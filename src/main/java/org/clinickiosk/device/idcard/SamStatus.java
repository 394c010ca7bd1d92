package org.clinickiosk.device.idcard;

/** The reader's status byte SW3, each with a reason a person can read. */
public enum SamStatus {
    OK(0x90, "OK"),
    CARD_FOUND(0x9F, "card found"),
    NO_CONTENT(0x91, "the requested item has no content"),
    CHECKSUM_ERROR(0x10, "the reader received a frame with a bad checksum"),
    LENGTH_ERROR(0x11, "the reader received a frame with a wrong length"),
    BAD_COMMAND(0x21, "the reader does not know the command or its parameter"),
    UNAUTHORISED(0x23, "the command is not authorised"),
    UNKNOWN_ERROR(0x24, "the reader reported an unknown error"),
    CARD_REJECTED_SAM(0x31, "the card failed to authenticate the SAM"),
    SAM_REJECTED_CARD(0x32, "the SAM failed to authenticate the card"),
    VERIFICATION_FAILED(0x33, "verification failed"),
    FINGERPRINT_ERROR(0x37, "fingerprint error"),
    INFORMATION_LENGTH_ERROR(0x3F, "the card information has a wrong length"),
    UNKNOWN_CARD_TYPE(0x40, "unknown card type"),
    READ_FAILED(0x41, "reading the card failed"),
    RANDOM_FAILED(0x47, "getting a random number from the card failed"),
    SAM_SELF_TEST_FAILED(0x60, "the SAM self-test failed"),
    SAM_NOT_AUTHORISED(0x66, "the SAM is not authorised"),
    FIND_FAILED(0x80, "no card found"),
    SELECT_FAILED(0x81, "selecting the card failed"),
    UNRECOGNISED(-1, "the reader sent a status code that is not in the protocol");

    private final int code;
    private final String reason;

    SamStatus(int code, String reason) {
        this.code = code;
        this.reason = reason;
    }

    /** The SW3 byte, or -1 for {@link #UNRECOGNISED}. */
    public int code() { return code; }

    public String reason() { return reason; }

    /** A broken or unauthorised SAM: no card can be read until it is fixed, so the reader is in error. */
    public boolean samFault() {
        return this == SAM_SELF_TEST_FAILED || this == SAM_NOT_AUTHORISED;
    }

    public static SamStatus of(int sw3) {
        for (SamStatus s : values()) {
            if (s.code == (sw3 & 0xFF)) return s;
        }
        return UNRECOGNISED;
    }
}
