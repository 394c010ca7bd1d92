package org.clinickiosk.device.bp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A capture file from devices/bp-monitor/captures (format described in that folder's README): the model, the bytes
 * as the monitor sent them, and the events they must decode to.
 */
record Capture(String name, BpModel model, byte[] bytes, List<String> expected) {
    private static final Map<String, Integer> NAMED = Map.of("CR", 0x0D, "LF", 0x0A, "STX", 0x02, "ETX", 0x03,
            "RS", 0x1E, "ACK", 0x06, "SYN", 0x16, "SOH", 0x01, "NUL", 0x00);
    private static final Pattern TOKEN = Pattern.compile("<(CR|LF|STX|ETX|RS|ACK|SYN|SOH|NUL|x[0-9A-Fa-f]{2})>");

    static Capture read(Path file) throws IOException {
        BpModel model = null;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<String> expected = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.startsWith("model:")) {
                String name = line.substring(6).strip();
                model = BpModel.fromConfigName(name).orElseThrow(() -> new IOException(file + ": unknown model " + name));
            } else if (line.startsWith("bytes:")) {
                bytes.writeBytes(decode(line.substring(6).strip()));
            } else if (line.startsWith("expect:")) {
                expected.add(line.substring(7).strip());
            }
        }
        if (model == null) throw new IOException(file + ": no model line");
        return new Capture(file.getFileName().toString(), model, bytes.toByteArray(), expected);
    }

    /** Printable ASCII as is; {@code <CR>}, {@code <STX>} ... and {@code <xHH>} for other bytes. */
    static byte[] decode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Matcher m = TOKEN.matcher(text);
        int at = 0;
        while (m.find()) {
            out.writeBytes(text.substring(at, m.start()).getBytes(StandardCharsets.ISO_8859_1));
            String t = m.group(1);
            out.write(t.startsWith("x") ? Integer.parseInt(t.substring(1), 16) : NAMED.get(t));
            at = m.end();
        }
        out.writeBytes(text.substring(at).getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    /** An event in the capture files' "expect:" notation. */
    static String describe(BpEvent event) {
        if (event instanceof BpReading r) {
            return "reading " + r.systolic() + "/" + r.diastolic() + " pulse " + r.pulse()
                    + (r.meanArterialPressure() == null ? "" : " mean " + r.meanArterialPressure())
                    + (r.deviceTime() == null ? "" : " at " + r.deviceTime());
        }
        if (event instanceof BpMeasurementError e) {
            return "error " + e.code().key() + (e.deviceCode() == null ? "" : " " + e.deviceCode());
        }
        return "ack";
    }
}
