package io.skiff.log;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * A log dir's {@code meta.properties}, in the ZooKeeper-mode form Kafka writes ({@code version=0},
 * {@code broker.id}, {@code cluster.id}), so a log dir is never mounted by the wrong broker or cluster.
 *
 * @param brokerId the broker that owns the dir
 * @param clusterId the cluster it belongs to
 */
public record MetaProperties(int brokerId, String clusterId) {
    public static final String FILE_NAME = "meta.properties";

    /** Reads the file, if present. */
    public static Optional<MetaProperties> read(Path logDir) throws IOException {
        Path f = logDir.resolve(FILE_NAME);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        String version = p.getProperty("version");
        if (!"0".equals(version)) {
            throw new IOException("Unsupported meta.properties version " + version + " in " + f);
        }
        try {
            return Optional.of(new MetaProperties(Integer.parseInt(p.getProperty("broker.id")),
                    p.getProperty("cluster.id")));
        } catch (NumberFormatException e) {
            throw new IOException("Invalid broker.id in " + f, e);
        }
    }

    /** Writes the file atomically. */
    public void write(Path logDir) throws IOException {
        Properties p = new Properties();
        p.setProperty("version", "0");
        p.setProperty("broker.id", Integer.toString(brokerId));
        if (clusterId != null) {
            p.setProperty("cluster.id", clusterId);
        }
        Path f = logDir.resolve(FILE_NAME);
        Path tmp = logDir.resolve(FILE_NAME + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, "Skiff log dir identity");
        }
        Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        CheckpointFile.fsyncDir(logDir);
    }
}
