package org.clinickiosk.device.scanner;

import java.nio.charset.Charset;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.clinickiosk.device.DeviceSimulator;

/**
 * A serial scanner: behaviour {@code scan} with {@code text} and optional {@code terminator} (cr, lf or crlf;
 * default cr) sends the text in the configured charset. Host trigger commands need no answer.
 */
public final class ScannerSimulator implements DeviceSimulator {

    private final Charset charset;
    private Consumer<byte[]> toHost = bytes -> { };

    public ScannerSimulator(Charset charset) {
        this.charset = charset;
    }

    @Override
    public synchronized void connect(Consumer<byte[]> toHost) {
        this.toHost = toHost;
    }

    @Override
    public void fromHost(byte[] data) {
        // a scanner answers nothing, not even its trigger commands
    }

    @Override
    public synchronized String perform(String behaviour, Map<String, String> args) {
        if (!"scan".equals(behaviour)) return "unknown behaviour '" + behaviour + "', known: scan";
        String text = args.get("text");
        if (text == null || text.isEmpty()) return "scan needs a text";
        if (text.contains("\r") || text.contains("\n")) return "the text must not contain CR or LF";
        String terminator = switch (args.getOrDefault("terminator", "cr")) {
            case "cr" -> "\r";
            case "lf" -> "\n";
            case "crlf" -> "\r\n";
            default -> null;
        };
        if (terminator == null) return "terminator must be cr, lf or crlf";
        toHost.accept((text + terminator).getBytes(charset));
        return null;
    }

    @Override
    public List<String> behaviours() {
        return List.of("scan");
    }
}
