package org.clinickiosk.device.idcard;

import java.time.LocalDate;
import java.util.Arrays;

/**
 * Decodes the reply to a read command into an identity. Data layout after the status words:
 * text length (2, big-endian) · photo length (2) · [fingerprint length (2), only for 30 10] · text · photo ·
 * [fingerprint]. The photo and fingerprint are skipped, never kept.
 */
public final class ReadReplyDecoder {

    private final IdentityCheck identityCheck;

    public ReadReplyDecoder(IdentityCheck identityCheck) {
        this.identityCheck = identityCheck;
    }

    /**
     * @param withFingerprint whether the reply answers {@link SamCommand#READ_TEXT_PHOTO_AND_FINGERPRINT}
     */
    public IdentityCheck.Outcome decode(SamReply reply, boolean withFingerprint, LocalDate today) {
        if (reply.status() != SamStatus.OK) return new IdentityCheck.Refused(reply.describeStatus());
        byte[] data = reply.data();
        int header = withFingerprint ? 6 : 4;
        if (data.length < header) return new IdentityCheck.Refused("the read reply is too short for its header");
        int textLength = u16(data, 0);
        int photoLength = u16(data, 2);
        int fingerprintLength = withFingerprint ? u16(data, 4) : 0;
        if (textLength != CardTextCodec.TEXT_LENGTH) {
            return new IdentityCheck.Refused("the read reply announces a text block of " + textLength + " bytes");
        }
        if (data.length != header + textLength + photoLength + fingerprintLength) {
            return new IdentityCheck.Refused("the read reply's length fields do not match its size");
        }
        byte[] text = Arrays.copyOfRange(data, header, header + textLength);
        return identityCheck.check(CardTextCodec.decode(text), today);
    }

    /** The data part of a read reply, as a reader builds it (for the simulator and the capture generator). */
    public static byte[] encodeData(byte[] text, byte[] photo, byte[] fingerprint) {
        boolean withFingerprint = fingerprint != null;
        int header = withFingerprint ? 6 : 4;
        int fpLength = withFingerprint ? fingerprint.length : 0;
        byte[] data = new byte[header + text.length + photo.length + fpLength];
        putU16(data, 0, text.length);
        putU16(data, 2, photo.length);
        if (withFingerprint) putU16(data, 4, fpLength);
        System.arraycopy(text, 0, data, header, text.length);
        System.arraycopy(photo, 0, data, header + text.length, photo.length);
        if (withFingerprint) System.arraycopy(fingerprint, 0, data, header + text.length + photo.length, fpLength);
        return data;
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    private static void putU16(byte[] b, int at, int value) {
        b[at] = (byte) (value >> 8);
        b[at + 1] = (byte) value;
    }
}
