package org.clinickiosk.device.idcard;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * One recorded exchange under devices/&lt;device&gt;/captures: "#" comment lines, "&gt;" lines with bytes the host
 * sent, "&lt;" lines with bytes the device sent, as space-separated hex. Its decoded meaning is in the sidecar
 * {@code <name>.expected.json}.
 */
public record CaptureFile(Path path, byte[] fromHost, byte[] toHost) {

    private static final HexFormat HEX = HexFormat.ofDelimiter(" ").withUpperCase();
    private static final int BYTES_PER_LINE = 32;

    public static CaptureFile read(Path path) {
        try {
            var host = new ByteArrayOutputStream();
            var device = new ByteArrayOutputStream();
            for (String line : Files.readAllLines(path)) {
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) continue;
                byte[] bytes = HEX.parseHex(t.substring(1).strip());
                if (t.charAt(0) == '>') host.writeBytes(bytes);
                else if (t.charAt(0) == '<') device.writeBytes(bytes);
                else throw new IllegalArgumentException(path + ": line must start with #, > or <: " + line);
            }
            return new CaptureFile(path, host.toByteArray(), device.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void write(Path path, List<String> comments, byte[] fromHost, byte[] toHost) throws IOException {
        List<String> lines = new ArrayList<>();
        comments.forEach(c -> lines.add("# " + c));
        addLines(lines, '>', fromHost);
        addLines(lines, '<', toHost);
        Files.write(path, lines);
    }

    public Path expectedJson() {
        return expectedJsonOf(path);
    }

    public static Path expectedJsonOf(Path hexFile) {
        String name = hexFile.getFileName().toString();
        return hexFile.resolveSibling(name.substring(0, name.length() - ".hex".length()) + ".expected.json");
    }

    /** All captures of a device, found from the project base directory Maven runs tests in. */
    public static List<Path> all(String device) {
        Path dir = Path.of(System.getProperty("user.dir"), "devices", device, "captures");
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".hex")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] hex(String text) {
        return HEX.parseHex(text.replaceAll("\\s+", " ").strip());
    }

    /** Splits bytes into chunks of random sizes (1 to 64 bytes, occasionally all at once). */
    public static List<byte[]> randomChunks(byte[] bytes, Random random) {
        List<byte[]> chunks = new ArrayList<>();
        int pos = 0;
        while (pos < bytes.length) {
            int n = random.nextInt(10) == 0 ? bytes.length - pos : 1 + random.nextInt(Math.min(64, bytes.length - pos));
            chunks.add(Arrays.copyOfRange(bytes, pos, pos + n));
            pos += n;
        }
        return chunks;
    }

    private static void addLines(List<String> lines, char direction, byte[] bytes) {
        for (int i = 0; i < bytes.length; i += BYTES_PER_LINE) {
            lines.add(direction + " " + HEX.formatHex(bytes, i, Math.min(bytes.length, i + BYTES_PER_LINE)));
        }
    }
}
