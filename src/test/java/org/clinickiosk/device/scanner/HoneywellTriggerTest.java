package org.clinickiosk.device.scanner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.clinickiosk.device.idcard.CaptureFile;
import org.junit.jupiter.api.Test;

class HoneywellTriggerTest {

    @Test
    void triggerCommandsAreTheDocumentedBytes() {
        assertArrayEquals(CaptureFile.hex("16 54 0D"), HoneywellTrigger.start());
        assertArrayEquals(CaptureFile.hex("16 55 0D"), HoneywellTrigger.stop());
    }
}
