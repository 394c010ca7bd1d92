package org.clinickiosk.common;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's log format: one line per record (journald and grep see one entry, not the JDK's two lines), UTC time
 * as in the audit log, and a last guard for privacy. Every feature masks personal data before it logs (tested by
 * LogPrivacyTest); this formatter also masks anything shaped like an 18-character resident ID number that slipped
 * through anyway, in the message, its parameters and a stack trace (a library's exception text, say). Names cannot be
 * recognised by their shape; that guard stays with the code that logs.
 */
public final class LogLines extends Formatter {
    /** 17 digits and a digit or X, not part of a longer run of letters or digits (a 20-digit record number stays). */
    private static final Pattern ID_NUMBER = Pattern.compile("(?<![0-9A-Za-z])[1-9]\\d{16}[0-9Xx](?![0-9A-Za-z])");

    @Override
    public String format(LogRecord record) {
        StringBuilder line = new StringBuilder(128)
                .append(Instant.ofEpochMilli(record.getMillis())).append(' ')
                .append(record.getLevel().getName()).append(' ')
                .append(shortName(record.getLoggerName())).append(": ")
                .append(formatMessage(record));
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            // the trace's own line breaks, indented, so a reader of the journal sees where the entry continues
            line.append(" | ").append(trace.toString().strip().replace("\n", "\n    "));
        }
        return mask(line.toString().replace("\r", "")) + System.lineSeparator();
    }

    /** org.clinickiosk.queue.QueueService → QueueService; other libraries' loggers keep their full name. */
    private static String shortName(String logger) {
        if (logger == null) return "-";
        return logger.startsWith("org.clinickiosk.") ? logger.substring(logger.lastIndexOf('.') + 1) : logger;
    }

    static String mask(String text) {
        Matcher m = ID_NUMBER.matcher(text);
        if (!m.find()) return text;
        StringBuilder out = new StringBuilder(text.length());
        do {
            m.appendReplacement(out, Matcher.quoteReplacement(Masking.idNumber(m.group())));
        } while (m.find());
        return m.appendTail(out).toString();
    }

    /**
     * Puts this format on the handlers of the root logger, unless the operator chose a logging configuration of their
     * own ({@code -Djava.util.logging.config.file} or {@code .class}): theirs wins.
     */
    public static void install() {
        if (System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null) {
            return;
        }
        for (Handler handler : Logger.getLogger("").getHandlers()) handler.setFormatter(new LogLines());
    }
}
