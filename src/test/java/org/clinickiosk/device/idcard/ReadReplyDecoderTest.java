package org.clinickiosk.device.idcard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.ByteArrayOutputStream;
import java.time.LocalDate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ReadReplyDecoderTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 6, 1);
    private final ReadReplyDecoder decoder = new ReadReplyDecoder(
            new IdentityCheck(Pattern.compile(IdentityCheck.DEFAULT_FOREIGNER_PERMIT_PATTERN)));

    /** Status words and data laid out by hand: lengths, text, a photo of 0x77, an optional fingerprint. */
    private static SamReply reply(String lengthsHex, int photoLength, int fingerprintLength) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.writeBytes(CaptureFile.hex(lengthsHex));
        data.writeBytes(CardTextCodecTest.residentBlock());
        for (int i = 0; i < photoLength + fingerprintLength; i++) data.write(0x77);
        return new SamReply(0, 0, 0x90, data.toByteArray());
    }

    @Test
    void textAndPhoto() {
        var outcome = decoder.decode(reply("01 00 04 00", 1024, 0), false, TODAY);
        Identity id = assertInstanceOf(IdentityCheck.Accepted.class, outcome).identity();
        assertEquals("340104198503120246", id.idNumber());
        assertEquals("林晓燕", id.name());
    }

    @Test
    void fingerprintVariantHasTheTextTwoBytesLater() {
        SamReply withFingerprint = reply("01 00 04 00 04 00", 1024, 1024);
        Identity id = assertInstanceOf(IdentityCheck.Accepted.class,
                decoder.decode(withFingerprint, true, TODAY)).identity();
        assertEquals("340104198503120246", id.idNumber());
        assertEquals("the read reply's length fields do not match its size", assertInstanceOf(
                IdentityCheck.Refused.class, decoder.decode(withFingerprint, false, TODAY)).reason());
    }

    @Test
    void cardWithoutFingerprintAnswersTheFingerprintReadWithLengthZero() {
        var outcome = decoder.decode(reply("01 00 04 00 00 00", 1024, 0), true, TODAY);
        assertEquals("林晓燕", assertInstanceOf(IdentityCheck.Accepted.class, outcome).identity().name());
    }

    @Test
    void inconsistentLengthsAreRefused() {
        assertEquals("the read reply's length fields do not match its size", assertInstanceOf(
                IdentityCheck.Refused.class, decoder.decode(reply("01 00 04 00", 1000, 0), false, TODAY)).reason());
        assertEquals("the read reply announces a text block of 255 bytes", assertInstanceOf(
                IdentityCheck.Refused.class, decoder.decode(reply("00 FF 04 00", 1024, 0), false, TODAY)).reason());
        assertEquals("the read reply is too short for its header", assertInstanceOf(IdentityCheck.Refused.class,
                decoder.decode(new SamReply(0, 0, 0x90, new byte[3]), false, TODAY)).reason());
    }

    @Test
    void failedReadStatusIsRefusedWithItsReason() {
        assertEquals("reading the card failed (SW3 41)", assertInstanceOf(IdentityCheck.Refused.class,
                decoder.decode(new SamReply(0, 0, 0x41, new byte[0]), false, TODAY)).reason());
    }
}
