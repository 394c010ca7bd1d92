package org.clinickiosk.device.idcard;

import java.util.regex.Pattern;

/**
 * Settings of one ID card reader. The baud rate belongs to the port, not here.
 *
 * @param pollIntervalMs        pause between "find card" polls
 * @param replyTimeoutMs        how long to wait for a complete reply; a read is 1295 bytes, 1.4 s at 9600 bps
 * @param retryIntervalMs       pause before asking a failed or silent reader again
 * @param maxReadAttempts       failed reads of one presentation before a card-error is reported
 * @param readFingerprint       read with 30 10 (text, photo and fingerprint) instead of 30 01
 * @param readAppendedAddress   also ask for the appended address (30 03) after a good read
 * @param foreignerPermitPattern shape of 15-character foreigner permit numbers (UNVERIFIED, see IdentityCheck)
 * @param maxFrameLength        largest reply LEN accepted; bounds the parser's memory
 */
public record IdCardReaderSettings(
        long pollIntervalMs,
        long replyTimeoutMs,
        long retryIntervalMs,
        int maxReadAttempts,
        boolean readFingerprint,
        boolean readAppendedAddress,
        Pattern foreignerPermitPattern,
        int maxFrameLength) {

    public IdCardReaderSettings {
        if (pollIntervalMs <= 0 || replyTimeoutMs <= 0 || retryIntervalMs <= 0) {
            throw new IllegalArgumentException("ID card reader intervals must be positive");
        }
        if (maxReadAttempts < 1) throw new IllegalArgumentException("maxReadAttempts must be at least 1");
        if (maxFrameLength < 2400 || maxFrameLength > 0xFFFF) {
            // 2314 is the fingerprint read; smaller would refuse good replies
            throw new IllegalArgumentException("maxFrameLength must be 2400..65535");
        }
    }

    public static IdCardReaderSettings defaults() {
        return new IdCardReaderSettings(300, 3000, 5000, 3, false, false,
                Pattern.compile(IdentityCheck.DEFAULT_FOREIGNER_PERMIT_PATTERN), SamFrameParser.DEFAULT_MAX_LENGTH);
    }
}
