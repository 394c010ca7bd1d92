package org.clinickiosk.voice;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.clinickiosk.web.ApiException;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Speech rendered on the server with espeak-ng, for displays whose browser has no Chinese voice. Each phrase is
 * rendered once and kept as a WAV file named by a hash of its voice and text, so the same call spoken on several
 * displays, or again after a restart, costs nothing. The text goes to espeak-ng on stdin, never on its command line.
 */
public final class EspeakVoice {
    private static final Map<String, String> VOICES = Map.of(CallPhrase.CHINESE, "cmn", CallPhrase.ENGLISH, "en-us");
    private static final String WORDS_PER_MINUTE = "145";
    private static final long TIMEOUT_SECONDS = 20;

    public record Rendered(Path file, boolean cached) {}

    private final Vertx vertx;
    private final Path cacheDirectory;
    private final String command;
    private final Map<String, Future<Path>> rendering = new ConcurrentHashMap<>();

    public EspeakVoice(Vertx vertx, Path cacheDirectory, String command) {
        this.vertx = vertx;
        this.cacheDirectory = cacheDirectory;
        this.command = command;
    }

    public Future<Rendered> render(String language, String text) {
        String voice = VOICES.get(language);
        if (voice == null) return Future.failedFuture(ApiException.badRequest("invalid_language", "unknown language " + language));
        String key = sha256(voice + "\n" + WORDS_PER_MINUTE + "\n" + text);
        Path file = cacheDirectory.resolve(key + ".wav");
        if (Files.isRegularFile(file)) return Future.succeededFuture(new Rendered(file, true));
        // Two displays asking for the same new phrase at once share one rendering.
        Future<Path> inFlight = rendering.computeIfAbsent(key, k -> vertx.<Path>executeBlocking(
                () -> renderToFile(voice, text, file), false).onComplete(r -> rendering.remove(k)));
        return inFlight.map(path -> new Rendered(path, false));
    }

    private Path renderToFile(String voice, String text, Path file) throws IOException, InterruptedException {
        Files.createDirectories(cacheDirectory);
        Path partial = Files.createTempFile(cacheDirectory, "render-", ".wav.part");
        try {
            Process process;
            try {
                process = new ProcessBuilder(command, "-v", voice, "-s", WORDS_PER_MINUTE, "--stdin", "-w",
                        partial.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
            } catch (IOException e) {
                throw new ApiException(503, "voice_unavailable", command + " cannot be run on the server ("
                        + e.getMessage() + "); install the Debian package espeak-ng");
            }
            try (OutputStream in = process.getOutputStream()) {
                in.write(text.getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new ApiException(503, "voice_unavailable", command + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0 || Files.size(partial) <= 44) {
                throw new ApiException(503, "voice_unavailable", command + " failed (exit " + process.exitValue() + ")");
            }
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
