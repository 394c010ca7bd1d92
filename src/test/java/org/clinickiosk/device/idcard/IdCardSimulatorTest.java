package org.clinickiosk.device.idcard;

import static org.clinickiosk.device.idcard.CaptureFile.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IdCardSimulatorTest {

    private final IdCardSimulator reader = new IdCardSimulator(ReaderBench.cards(), false, new Random(1));
    private final ByteArrayOutputStream replies = new ByteArrayOutputStream();

    IdCardSimulatorTest() {
        reader.connect(replies::writeBytes);
    }

    private byte[] answer(byte[] command) {
        replies.reset();
        reader.fromHost(command);
        return replies.toByteArray();
    }

    @Test
    void answersTheDocumentedReplies() {
        assertArrayEquals(hex("AA AA AA 96 69 00 04 00 00 90 94"), answer(SamCommand.SAM_STATUS.frame()));
        assertArrayEquals(hex("AA AA AA 96 69 00 04 00 00 80 84"), answer(SamCommand.FIND_CARD.frame()));
        assertArrayEquals(hex("AA AA AA 96 69 00 04 00 00 81 85"), answer(SamCommand.SELECT_CARD.frame()));
        assertArrayEquals(hex("AA AA AA 96 69 00 04 00 00 41 45"), answer(SamCommand.READ_TEXT_AND_PHOTO.frame()));
        assertNull(reader.perform("present-card", Map.of("index", "0")));
        assertArrayEquals(hex("AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97"), answer(SamCommand.FIND_CARD.frame()));
        assertArrayEquals(hex("AA AA AA 96 69 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C"),
                answer(SamCommand.SELECT_CARD.frame()));
        assertEquals(1295, answer(SamCommand.READ_TEXT_AND_PHOTO.frame()).length);
        assertArrayEquals(hex("AA AA AA 96 69 00 04 00 00 80 84"), answer(SamCommand.FIND_CARD.frame()),
                "a read card is not found again until presented again");
    }

    @Test
    void damagedOrUnknownCommandsGetTheirStatus() {
        assertArrayEquals(hex("AA AA AA 96 69 00 04 00 00 10 14"), answer(hex("AA AA AA 96 69 00 03 20 01 23")));
        assertArrayEquals(hex("AA AA AA 96 69 00 04 00 00 21 25"), answer(hex("AA AA AA 96 69 00 03 30 02 31")));
        assertArrayEquals(hex("AA AA AA 96 69 00 04 00 00 11 15"), answer(hex("AA AA AA 96 69 00 01 01")));
    }

    @Test
    void badBehavioursAreExplained() {
        assertEquals("present-card needs index (0..5) or a known idNumber",
                reader.perform("present-card", Map.of("index", "9")));
        assertEquals("present-card needs index (0..5) or a known idNumber",
                reader.perform("present-card", Map.of("idNumber", "34052419800101001X")));
        assertEquals("unknown behaviour 'eject', known: present-card, remove-card, corrupt-checksum, truncate, "
                + "garbage, sam-fail, sam-recover", reader.perform("eject", Map.of()));
    }
}
