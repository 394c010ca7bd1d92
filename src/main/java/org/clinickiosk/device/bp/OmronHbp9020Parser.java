package org.clinickiosk.device.bp;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.regex.Pattern;
import org.clinickiosk.common.Masking;

/**
 * Omron HBP-9020 mode 5 records ({@code bp,ID,YYYY/MM/DD,HH:mm,values...} CR LF); value positions come from
 * {@link OmronHbp9020Layout}. No public error-record sample exists, so anything that is not a complete numeric record
 * is reported as unreadable rather than guessed at.
 */
final class OmronHbp9020Parser extends LineRecordParser {
    private static final Pattern START = Pattern.compile("bp,");
    private static final int ID_FIELD = 1;

    private final OmronHbp9020Layout layout;

    OmronHbp9020Parser(OmronHbp9020Layout layout) {
        this.layout = layout;
    }

    @Override
    protected Pattern recordStart() { return START; }

    @Override
    protected BpEvent decode(String record) {
        String[] f = record.split(",", -1);
        if (f.length > ID_FIELD) {
            f[ID_FIELD] = Masking.idNumber(f[ID_FIELD]);
        }
        String raw = String.join(",", f);
        if (f.length != layout.fieldCount()) {
            return unreadable("expected " + layout.fieldCount() + " fields, got " + f.length, raw);
        }
        LocalDateTime time = time(f[2], f[3]);
        if (time == null) return unreadable("bad date/time", raw);
        int sys = fixedDigits(f[layout.systolic()], 3);
        int dia = fixedDigits(f[layout.diastolic()], 3);
        int pulse = fixedDigits(f[layout.pulse()], 3);
        Integer mean = layout.mean() < 0 ? null : fixedDigits(f[layout.mean()], 3);
        if (sys < 0 || dia < 0 || pulse < 0 || (mean != null && mean < 0)) {
            return unreadable("value fields are not 3 digits", raw);
        }
        return BpRanges.check(sys, dia, pulse, mean, time, BpModel.OMRON_HBP9020, raw);
    }

    /** {@code YYYY/MM/DD} and {@code HH:mm}. */
    private static LocalDateTime time(String date, String time) {
        String[] d = date.split("/", -1), t = time.split(":", -1);
        if (d.length != 3 || t.length != 2) return null;
        try {
            return LocalDateTime.of(fixedDigits(d[0], 4), fixedDigits(d[1], 2), fixedDigits(d[2], 2),
                    fixedDigits(t[0], 2), fixedDigits(t[1], 2));
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static BpMeasurementError unreadable(String detail, String raw) {
        return new BpMeasurementError(BpErrorCode.UNREADABLE_RECORD, detail, null, BpModel.OMRON_HBP9020, raw);
    }
}
