package org.clinickiosk.lab;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** HL7 v2 DTM values (YYYY[MM[DD[HH[MM[SS[.S+]]]]]][+/-ZZZZ]) to epoch milliseconds; no zone means the clinic's. */
final class Hl7Time {
    private static final Pattern DTM = Pattern.compile(
            "(\\d{4})(\\d{2})?(\\d{2})?(\\d{2})?(\\d{2})?(\\d{2})?(?:\\.(\\d{1,4}))?([+-]\\d{4})?");

    private Hl7Time() {}

    static long parse(String value, ZoneId clinicZone) {
        Matcher m = DTM.matcher(value.strip());
        if (!m.matches()) throw new IllegalArgumentException("\"" + value + "\" is not an HL7 time (YYYYMMDDHHMM[SS][+ZZZZ])");
        try {
            LocalDateTime local = LocalDateTime.of(Integer.parseInt(m.group(1)), number(m.group(2), 1),
                    number(m.group(3), 1), number(m.group(4), 0), number(m.group(5), 0), number(m.group(6), 0),
                    m.group(7) == null ? 0 : Integer.parseInt((m.group(7) + "000").substring(0, 3)) * 1_000_000);
            ZoneId zone = m.group(8) == null ? clinicZone : ZoneOffset.of(m.group(8).substring(0, 3) + ":"
                    + m.group(8).substring(3));
            return local.atZone(zone).toInstant().toEpochMilli();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("\"" + value + "\" is not a real time");
        }
    }

    private static int number(String group, int fallback) {
        return group == null ? fallback : Integer.parseInt(group);
    }
}
