package org.clinickiosk.device.idcard;

import static org.clinickiosk.device.idcard.CaptureFile.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The bytes we send and the replies we build, compared with the exact hex of the protocol description. */
class SamFrameGoldenBytesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "RESET_SAM,                       AA AA AA 96 69 00 03 10 FF EC",
        "SAM_STATUS,                      AA AA AA 96 69 00 03 11 FF ED",
        "READ_SAM_ID,                     AA AA AA 96 69 00 03 12 FF EE",
        "FIND_CARD,                       AA AA AA 96 69 00 03 20 01 22",
        "SELECT_CARD,                     AA AA AA 96 69 00 03 20 02 21",
        "READ_TEXT_AND_PHOTO,             AA AA AA 96 69 00 03 30 01 32",
        "READ_TEXT_PHOTO_AND_FINGERPRINT, AA AA AA 96 69 00 03 30 10 23",
        "READ_APPENDED_ADDRESS,           AA AA AA 96 69 00 03 30 03 30",
    })
    void commandFrames(SamCommand command, String expectedHex) {
        assertArrayEquals(hex(expectedHex), command.frame());
    }

    @Test
    void everyCommandHasAGoldenTest() {
        assertEquals(8, SamCommand.values().length, "a new command needs its golden bytes above");
    }

    @ParameterizedTest(name = "SW3 {0}")
    @CsvSource({
        "90, 0, AA AA AA 96 69 00 04 00 00 90 94",
        "9F, 4, AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97",
        "80, 0, AA AA AA 96 69 00 04 00 00 80 84",
        "90, 8, AA AA AA 96 69 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C",
        "81, 0, AA AA AA 96 69 00 04 00 00 81 85",
        "41, 0, AA AA AA 96 69 00 04 00 00 41 45",
    })
    void replyFrames(String sw3, int zeroDataBytes, String expectedHex) {
        assertArrayEquals(hex(expectedHex), SamFrame.reply(Integer.parseInt(sw3, 16), new byte[zeroDataBytes]));
    }

    @Test
    void readReplyHasTheDocumentedSizeAndHeader() {
        byte[] data = ReadReplyDecoder.encodeData(new byte[256], new byte[1024], null);
        byte[] frame = SamFrame.reply(0x90, data);
        assertEquals(1295, frame.length);
        assertArrayEquals(hex("AA AA AA 96 69 05 08 00 00 90 01 00 04 00"), Arrays.copyOf(frame, 14));
    }

    @Test
    void commandsAreRecognisedFromTheirBytes() {
        Set<SamCommand> seen = new HashSet<>();
        for (SamCommand c : SamCommand.values()) {
            byte[] f = c.frame();
            seen.add(SamCommand.of(f[7], f[8]).orElseThrow());
        }
        assertEquals(Set.of(SamCommand.values()), seen);
        assertEquals(Optional.empty(), SamCommand.of(0x30, 0x02));
    }
}
