package org.clinickiosk.device.bp;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.regex.Pattern;
import org.clinickiosk.common.Masking;

/**
 * Omron HBP-9030 USB output format 5 (device function 32 = 5):
 * {@code YYYY,MM,DD,HH,mm,ID(20),ERR(1),SYS(3),DIA(3),PR(3),MOVE(1)} CR LF. Widths are fixed, which is what lets us
 * tell a damaged record from a good one.
 */
final class OmronHbp9030Parser extends LineRecordParser {
    private static final Pattern START = Pattern.compile("\\d{4},\\d{2},\\d{2},\\d{2},\\d{2},");
    private static final String BLANK_VALUE = "   ";
    private static final int ID_FIELD = 5;

    @Override
    protected Pattern recordStart() { return START; }

    @Override
    protected BpEvent decode(String record) {
        String[] f = record.split(",", -1);
        if (f.length != 11) return unreadable("expected 11 fields, got " + f.length, maskedRaw(record, f));
        String raw = maskedRaw(record, f);
        LocalDateTime time = time(f);
        if (time == null) return unreadable("bad date/time", raw);
        if (f[5].length() != 20) return unreadable("ID field is not 20 characters", raw);
        String err = f[6];
        if (err.length() != 1 || f[10].length() != 1) return unreadable("bad ERR or MOVE field", raw);
        if (!err.equals("0")) {
            boolean blanks = f[7].equals(BLANK_VALUE) && f[8].equals(BLANK_VALUE) && f[9].equals(BLANK_VALUE);
            if (!blanks) return unreadable("error record with values present", raw);
            // The format does not document what each ERR value means, so we pass the value on for staff.
            return new BpMeasurementError(BpErrorCode.DEVICE_ERROR, "Omron ERR " + err, "ERR " + err,
                    BpModel.OMRON_HBP9030, raw);
        }
        int sys = fixedDigits(f[7], 3), dia = fixedDigits(f[8], 3), pulse = fixedDigits(f[9], 3);
        if (sys < 0 || dia < 0 || pulse < 0) return unreadable("SYS/DIA/PR are not 3 digits", raw);
        switch (f[10]) {
            case "0" -> { }
            case "1" -> {
                return new BpMeasurementError(BpErrorCode.PATIENT_MOVED, "Omron MOVE flag", "MOVE 1",
                        BpModel.OMRON_HBP9030, raw);
            }
            default -> {
                return unreadable("MOVE is neither 0 nor 1", raw);
            }
        }
        return BpRanges.check(sys, dia, pulse, null, time, BpModel.OMRON_HBP9030, raw);
    }

    private static LocalDateTime time(String[] f) {
        int y = fixedDigits(f[0], 4), mo = fixedDigits(f[1], 2), d = fixedDigits(f[2], 2);
        int h = fixedDigits(f[3], 2), mi = fixedDigits(f[4], 2);
        try {
            return LocalDateTime.of(y, mo, d, h, mi);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The ID field may hold a patient number: it never leaves the parser unmasked. */
    private static String maskedRaw(String record, String[] f) {
        if (f.length <= ID_FIELD) return record;
        f = f.clone();
        f[ID_FIELD] = Masking.idNumber(f[ID_FIELD]);
        return String.join(",", f);
    }

    private static BpMeasurementError unreadable(String detail, String raw) {
        return new BpMeasurementError(BpErrorCode.UNREADABLE_RECORD, detail, null, BpModel.OMRON_HBP9030, raw);
    }
}
