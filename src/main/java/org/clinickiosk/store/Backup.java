package org.clinickiosk.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Consistent online copies of the database: VACUUM INTO (a transactionally consistent snapshot, even while the
 * server writes), then fsync, then a fresh open with integrity_check. A copy that fails the check is deleted and the
 * backup reported as failed, so a backup that exists is a backup that opens.
 */
public final class Backup {
    private Backup() {}

    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    public static void copy(Path database, Path target) throws SQLException, IOException {
        if (!Files.isRegularFile(database)) throw new IOException("there is no database at " + database);
        if (Files.exists(target)) throw new IOException(target + " exists already; choose a new file name");
        Path parent = target.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        try (Connection c = Database.open(database, false); Statement s = c.createStatement()) {
            s.execute("VACUUM INTO '" + target.toAbsolutePath().toString().replace("'", "''") + "'");
        }
        try (FileChannel channel = FileChannel.open(target, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        String integrity = Database.integrityCheck(target);
        if (!"ok".equals(integrity)) {
            Files.deleteIfExists(target);
            throw new SQLException("the backup copy failed its integrity check (" + integrity + ") and was removed");
        }
    }

    /** A dated copy in {@code directory}, keeping only the newest {@code keep} copies. Returns the new file. */
    public static Path rotate(Path database, Path directory, int keep, LocalDateTime now) throws SQLException, IOException {
        Path target = directory.resolve("clinic-" + NAME.format(now) + ".db");
        copy(database, target);
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> copies = files.filter(p -> p.getFileName().toString().matches("clinic-\\d{8}-\\d{6}\\.db"))
                    .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed()).toList();
            for (Path old : copies.subList(Math.min(keep, copies.size()), copies.size())) Files.deleteIfExists(old);
        }
        return target;
    }
}
