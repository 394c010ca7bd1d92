package org.clinickiosk.common;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogLinesTest {
    private static final String ID_NUMBER = "34052419800101001X";

    private static LogRecord record(Level level, String message, Object... parameters) {
        LogRecord r = new LogRecord(level, message);
        r.setLoggerName("org.clinickiosk.queue.QueueService");
        r.setMillis(1_764_990_000_123L);
        r.setParameters(parameters);
        return r;
    }

    @Test
    void aRecordIsOneLineWithUtcTimeLevelAndShortLoggerName() {
        String line = new LogLines().format(record(Level.INFO, "ticket {0} called to {1}", "A001", "R1"));
        assertEquals("2025-12-06T03:00:00.123Z INFO QueueService: ticket A001 called to R1" + System.lineSeparator(), line);
    }

    @Test
    void anIdNumberThatSlippedIntoAMessageOrItsParametersIsMasked() {
        String line = new LogLines().format(record(Level.WARNING, "lookup of {0} failed for " + ID_NUMBER.toLowerCase(),
                ID_NUMBER));
        assertFalse(line.contains(ID_NUMBER), line);
        assertFalse(line.contains(ID_NUMBER.toLowerCase()), line);
        assertTrue(line.contains("lookup of 3405**********001X failed for 3405**********001x"), line);
    }

    @Test
    void anIdNumberInAnExceptionTextIsMaskedAndTheTraceStaysInTheEntry() {
        LogRecord r = record(Level.SEVERE, "write failed");
        r.setThrown(new SQLException("constraint failed for id_number " + ID_NUMBER));
        String entry = new LogLines().format(r);
        assertFalse(entry.contains(ID_NUMBER), entry);
        assertTrue(entry.startsWith("2025-12-06T03:00:00.123Z SEVERE QueueService: write failed | java.sql.SQLException: "
                + "constraint failed for id_number 3405**********001X"), entry);
        assertTrue(entry.lines().skip(1).allMatch(l -> l.startsWith("    ")), "continuation lines are indented: " + entry);
    }

    @Test
    void numbersOfOtherShapesAreLeftAlone() {
        String text = "record 34010420260000012345 (20 digits), epoch 1764990000123, phone 13800138000, key A34052419800101001X";
        assertEquals(text, LogLines.mask(text));
    }

    @Test
    void anotherLibrarysLoggerKeepsItsFullName() {
        LogRecord r = record(Level.WARNING, "slow");
        r.setLoggerName("io.netty.channel.DefaultChannelPipeline");
        assertTrue(new LogLines().format(r).contains(" WARNING io.netty.channel.DefaultChannelPipeline: slow"));
    }
}
