package org.clinickiosk.device.port;

import org.clinickiosk.device.DeviceSimulator;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * The device side of {@link LineDriver}: answers every line from the host with {@code echo:<line>}; {@code say
 * text=...} sends a line unasked; {@code burst lines=N seed=S} sends N numbered lines cut into random chunks.
 */
final class LineSimulator implements DeviceSimulator {

    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private Consumer<byte[]> toHost;

    /** The lines {@code burst} sends, so a test can compare. */
    static List<String> burstLines(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> "line " + i + " " + "abcdefghijklmnopqrstuvwxyz".repeat(1 + i % 3))
                .toList();
    }

    @Override
    public void connect(Consumer<byte[]> toHost) { this.toHost = toHost; }

    @Override
    public void fromHost(byte[] data) {
        for (byte b : data) {
            if (b != '\n') {
                pending.write(b);
                continue;
            }
            String line = pending.toString(StandardCharsets.UTF_8);
            pending.reset();
            toHost.accept(("echo:" + line + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    @Override
    public String perform(String behaviour, Map<String, String> args) {
        switch (behaviour) {
            case "say" -> {
                String text = args.get("text");
                if (text == null) return "say needs text=...";
                toHost.accept((text + "\n").getBytes(StandardCharsets.UTF_8));
                return null;
            }
            case "burst" -> {
                byte[] payload = (String.join("\n", burstLines(Integer.parseInt(args.getOrDefault("lines", "100"))))
                        + "\n").getBytes(StandardCharsets.UTF_8);
                Random random = new Random(Long.parseLong(args.getOrDefault("seed", "1")));
                for (int start = 0; start < payload.length; ) {
                    int end = Math.min(payload.length, start + 1 + random.nextInt(64));
                    toHost.accept(Arrays.copyOfRange(payload, start, end));
                    start = end;
                }
                return null;
            }
            default -> {
                return "unknown behaviour '" + behaviour + "'";
            }
        }
    }

    @Override
    public List<String> behaviours() { return List.of("say", "burst"); }
}
