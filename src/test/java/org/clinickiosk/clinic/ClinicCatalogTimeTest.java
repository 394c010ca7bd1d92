package org.clinickiosk.clinic;

import org.junit.jupiter.api.Test;

import java.time.DateTimeException;
import java.time.LocalTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Stored opening times are read by a fast path for "HH:mm" that must agree with LocalTime.parse. */
class ClinicCatalogTimeTest {

    @Test
    void hoursAndMinutesAreReadAsLocalTimeParseReadsThem() {
        for (int h = 0; h < 24; h++) {
            for (int m = 0; m < 60; m += 7) {
                String text = String.format("%02d:%02d", h, m);
                assertEquals(LocalTime.parse(text), ClinicCatalog.time(text), text);
            }
        }
    }

    @Test
    void otherFormsFallBackToLocalTimeParse() {
        assertEquals(LocalTime.of(8, 0, 30), ClinicCatalog.time("08:00:30"));
        assertThrows(DateTimeException.class, () -> ClinicCatalog.time("24:00"));
        assertThrows(DateTimeException.class, () -> ClinicCatalog.time("8:00"));
        assertThrows(DateTimeException.class, () -> ClinicCatalog.time("0a:00"));
    }
}
