package org.clinickiosk;

import org.clinickiosk.staff.Passwords;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line as an admin uses it: a real child JVM on the test classpath. */
class MainTest {

    private record Run(int exit, String out, String err) {}

    private static Run run(String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the command did not finish");
        }
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void hashPasswordPrintsABcryptHashOfTheStandardInput() throws Exception {
        Run r = run("correct horse battery\n", "hash-password");
        assertEquals(0, r.exit(), r.err());
        String hash = r.out().trim();
        assertTrue(hash.startsWith("$2a$12$"), hash);
        assertTrue(Passwords.matches("correct horse battery", hash));
        Run empty = run("", "hash-password");
        assertEquals(1, empty.exit());
        assertTrue(empty.err().contains("no password"), empty.err());
    }

    @Test
    void aBadConfigStopsStartupWithTheKeyAndBackupWritesAVerifiedCopy() throws Exception {
        Path dir = Files.createTempDirectory("main-test");
        Path config = dir.resolve("clinic.json");
        Files.writeString(config, "{\"queue\": {\"priorityEvery\": 0}}");
        Run bad = run("", "--config", config.toString());
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("queue.priorityEvery: must be between 1 and 100, got 0"), bad.err());

        Files.writeString(config, "{\"database\": {\"path\": \"" + dir.resolve("clinic.db") + "\"}}");
        Run noDatabase = run("", "--config", config.toString(), "backup", dir.resolve("copy.db").toString());
        assertEquals(1, noDatabase.exit());
        assertTrue(noDatabase.err().contains("there is no database"), noDatabase.err());

        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        org.clinickiosk.store.Database.open(vertx, dir.resolve("clinic.db")).close();
        vertx.close().await();
        Run backup = run("", "--config", config.toString(), "backup", dir.resolve("copy.db").toString());
        assertEquals(0, backup.exit(), backup.err());
        assertTrue(backup.out().contains("integrity_check ok"), backup.out());
        assertEquals("ok", org.clinickiosk.store.Database.integrityCheck(dir.resolve("copy.db")));
        Run unknown = run("", "frobnicate");
        assertEquals(2, unknown.exit());
    }
}
