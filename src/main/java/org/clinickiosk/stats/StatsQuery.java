package org.clinickiosk.stats;

import org.clinickiosk.web.ApiException;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * What a statistics request asks for: an inclusive range of clinic days, the bucket each row of the period table
 * covers, and optionally one service. Built only through {@link #parse}, which refuses bad input with a message a
 * person can act on.
 */
public record StatsQuery(LocalDate from, LocalDate to, Grouping grouping, String serviceId) {

    /** At most a year and a day per request: enough for a yearly report, small enough to answer quickly. */
    public static final int MAX_DAYS = 366;
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    public enum Grouping {
        DAY, WEEK, MONTH;

        /** The SQL expression giving a ticket day's bucket key: the day itself, its week's Monday, its month. */
        String bucketSql(String dayColumn) {
            return switch (this) {
                case DAY -> dayColumn;
                case WEEK -> "date(" + dayColumn + ", 'weekday 0', '-6 days')";
                case MONTH -> "strftime('%Y-%m', " + dayColumn + ")";
            };
        }

        /** The key of the bucket holding a day, matching {@link #bucketSql}. */
        String bucketOf(LocalDate day) {
            return switch (this) {
                case DAY -> day.toString();
                case WEEK -> day.minusDays(day.getDayOfWeek().getValue() - 1L).toString();
                case MONTH -> day.toString().substring(0, 7);
            };
        }

        public String lower() {
            return name().toLowerCase();
        }
    }

    public static StatsQuery parse(String from, String to, String grouping, String serviceId) {
        LocalDate first = date("from", from);
        LocalDate last = date("to", to);
        if (last.isBefore(first)) {
            throw ApiException.badRequest("invalid_period", "the period ends (" + last + ") before it starts ("
                    + first + "): swap from and to");
        }
        long days = ChronoUnit.DAYS.between(first, last) + 1;
        if (days > MAX_DAYS) {
            throw ApiException.badRequest("period_too_long", "the period is " + days + " days; ask for at most "
                    + MAX_DAYS + " days at a time");
        }
        Grouping g;
        try {
            g = grouping == null || grouping.isBlank() ? Grouping.DAY : Grouping.valueOf(grouping.trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_grouping", "group by day, week or month (not '" + grouping + "')");
        }
        return new StatsQuery(first, last, g, serviceId == null || serviceId.isBlank() ? null : serviceId);
    }

    private static LocalDate date(String name, String value) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest("invalid_date", name + " is required: a date like 2026-11-01");
        }
        try {
            if (!DATE.matcher(value).matches()) throw new DateTimeParseException("shape", value, 0);
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("invalid_date", name + " must be a real date written YYYY-MM-DD, like "
                    + "2026-11-01 (got '" + value + "')");
        }
    }
}
