package org.clinickiosk.device.bp;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;

/**
 * Writes records the way each monitor sends them: used by the simulator and to generate test captures. Fields the
 * public documents leave unexplained are filled with the values of the documented sample records.
 */
public final class BpRecordFormat {
    private static final String SIMULATED_ID = "0".repeat(20);

    private BpRecordFormat() {}

    /** HBP-9030 format 5, ERR 0, MOVE 0. */
    public static byte[] omron9030Reading(LocalDateTime t, int sys, int dia, int pulse) {
        return ascii(String.format("%04d,%02d,%02d,%02d,%02d,%s,0,%03d,%03d,%03d,0\r\n",
                t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(), SIMULATED_ID,
                sys, dia, pulse));
    }

    /** HBP-9030 format 5 error record: the ERR character and blank values. */
    public static byte[] omron9030Error(LocalDateTime t, char err) {
        return ascii(String.format("%04d,%02d,%02d,%02d,%02d,%s,%c,   ,   ,   ,0\r\n",
                t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(), SIMULATED_ID, err));
    }

    /** HBP-9020 mode 5 in the default layout; the last field copies the sample's "3" (meaning unknown). */
    public static byte[] omron9020Reading(LocalDateTime t, int sys, int mean, int dia, int pulse) {
        return ascii(String.format("bp,%s,%04d/%02d/%02d,%02d:%02d,%03d,%03d,%03d,%03d,3\r\n", SIMULATED_ID,
                t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(), sys, mean, dia, pulse));
    }

    /** A&D RB record with E00; fields [2], [3], [9], [10] copy the TM-2655 sample. */
    public static byte[] andReading(LocalDateTime t, int sys, int mean, int dia, int pulse) {
        return andRecord(t, "E00", String.format("S%3d", sys), String.format("M%3d", mean),
                String.format("D%3d", dia), String.format("P%3d", pulse));
    }

    /** A&D RB record for an error code such as E44; we assume blank values, no error sample is public. */
    public static byte[] andError(LocalDateTime t, String eCode) {
        return andRecord(t, eCode, "S   ", "M   ", "D   ", "P   ");
    }

    /** What the A&D sends when it accepts a command; only the final ACK is documented, the prefix is our guess. */
    public static byte[] andAcknowledgement() {
        return new byte[] {AndCommands.SYN, AndCommands.SYN, AndCommands.SOH, '0', '0', AndCommands.ACK};
    }

    private static byte[] andRecord(LocalDateTime t, String e, String s, String m, String d, String p) {
        String rs = String.valueOf((char) AndCommands.RS);
        String time = String.format("%02d%02d%02d%02d%02d", t.getYear() % 100, t.getMonthValue(), t.getDayOfMonth(),
                t.getHour(), t.getMinute());
        String body = String.join(rs, "TM2655", time, "", "", e, s, m, d, p, "100", "L143");
        return ascii((char) AndCommands.STX + body + (char) AndCommands.ETX);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
