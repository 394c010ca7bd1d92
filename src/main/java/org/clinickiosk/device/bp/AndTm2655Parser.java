package org.clinickiosk.device.bp;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * A&D TM-2655P/2657P output: the acknowledgement of a command (ends in ACK) and measurement records between STX and
 * ETX in "RB format" (monitor setting F25:1), fields separated by RS:
 * [0] model, [1] YYMMDDhhmm, [4] "Exx" error, [5] "S"+SYS, [6] "M"+MAP, [7] "D"+DIA, [8] "P"+PR, [9], [10] not used.
 * A byte after ETX (a possible check byte) is skipped as noise: we have no sample proving its presence.
 */
final class AndTm2655Parser implements BpRecordParser {
    private static final int MAX_FRAME = 256;
    private static final int MIN_FIELDS = 9;

    private final byte[] frame = new byte[MAX_FRAME];
    private int length;
    private boolean inFrame;

    @Override
    public List<BpEvent> feed(byte[] chunk) {
        List<BpEvent> events = new ArrayList<>();
        for (byte b : chunk) {
            if (b == AndCommands.STX) {
                // A new STX always wins: a frame cut short by a replug must not swallow the next record.
                length = 0;
                inFrame = true;
            } else if (!inFrame) {
                if (b == AndCommands.ACK) events.add(new BpAcknowledged()); // anything else out here is noise
            } else if (b == AndCommands.ETX) {
                events.add(decode(new String(frame, 0, length, StandardCharsets.ISO_8859_1)));
                length = 0;
                inFrame = false;
            } else if (length == MAX_FRAME) {
                length = 0;
                inFrame = false;
            } else {
                frame[length++] = b;
            }
        }
        return events;
    }

    static BpEvent decode(String record) {
        String[] f = record.split(String.valueOf((char) AndCommands.RS), -1);
        if (f.length < MIN_FIELDS) return unreadable("expected at least " + MIN_FIELDS + " fields, got " + f.length, record);
        LocalDateTime time = time(f[1]);
        if (time == null) return unreadable("bad date/time", record);
        String eCode = spacesTrimmed(f[4]);
        if (!eCode.matches("E\\d{2}")) return unreadable("bad error field", record);
        if (!eCode.equals("E00")) {
            BpErrorCode code = BpErrorCode.forAndCode(eCode);
            String detail = code == BpErrorCode.DEVICE_ERROR ? "A&D " + eCode : null;
            return new BpMeasurementError(code, detail, eCode, BpModel.AND_TM2655, record);
        }
        int sys = value(f[5], 'S'), dia = value(f[7], 'D'), pulse = value(f[8], 'P');
        Integer mean = spacesTrimmed(f[6]).equals("M") ? null : value(f[6], 'M');
        if (sys < 0 || dia < 0 || pulse < 0 || (mean != null && mean < 0)) {
            return unreadable("bad S/M/D/P field", record);
        }
        return BpRanges.check(sys, dia, pulse, mean, time, BpModel.AND_TM2655, record);
    }

    /** "S116", "M 86": the letter, optional space padding, 1–3 digits; -1 when it is anything else. */
    private static int value(String field, char letter) {
        if (field.isEmpty() || field.charAt(0) != letter) return -1;
        String digits = spacesTrimmed(field.substring(1));
        return digits.length() > 3 ? -1 : LineRecordParser.fixedDigits(digits, digits.length());
    }

    /** The monitor pads with spaces only; a tab or other blank is damage and must not be trimmed away. */
    private static String spacesTrimmed(String s) {
        int from = 0, to = s.length();
        while (from < to && s.charAt(from) == ' ') from++;
        while (to > from && s.charAt(to - 1) == ' ') to--;
        return s.substring(from, to);
    }

    private static LocalDateTime time(String yymmddhhmm) {
        if (yymmddhhmm.length() != 10 || !LineRecordParser.allDigits(yymmddhhmm)) return null;
        int[] p = new int[5];
        for (int i = 0; i < 5; i++) p[i] = Integer.parseInt(yymmddhhmm.substring(2 * i, 2 * i + 2));
        try {
            return LocalDateTime.of(2000 + p[0], p[1], p[2], p[3], p[4]);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static BpMeasurementError unreadable(String detail, String raw) {
        return new BpMeasurementError(BpErrorCode.UNREADABLE_RECORD, detail, null, BpModel.AND_TM2655, raw);
    }

    @Override
    public int bufferedBytes() { return length; }

    @Override
    public int maxBufferedBytes() { return MAX_FRAME; }
}
