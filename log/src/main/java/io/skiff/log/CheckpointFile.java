package io.skiff.log;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Kafka's text checkpoint format: line 1 the version ({@code 0}), line 2 the entry count, then one entry per line.
 * Written atomically: a {@code .tmp} sibling is written, fsynced and renamed over the target, and the directory is
 * fsynced, so a crash leaves either the old or the new file, never a mix.
 *
 * <p>Thread-safety: {@link #write} and {@link #read} synchronize on this object.
 *
 * @param <T> the entry type
 */
public final class CheckpointFile<T> {
    static final int VERSION = 0;

    private final Path file;
    private final Function<T, String> format;
    private final Function<String, T> parse;

    public CheckpointFile(Path file, Function<T, String> format, Function<String, T> parse) {
        this.file = file;
        this.format = format;
        this.parse = parse;
    }

    public Path file() {
        return file;
    }

    public synchronized void write(List<T> entries) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING);
                OutputStream os = java.nio.channels.Channels.newOutputStream(ch);
                BufferedWriter w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8))) {
            w.write(Integer.toString(VERSION));
            w.write('\n');
            w.write(Integer.toString(entries.size()));
            w.write('\n');
            for (T e : entries) {
                w.write(format.apply(e));
                w.write('\n');
            }
            w.flush();
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        fsyncDir(file.getParent());
    }

    /** The entries, or an empty list when the file does not exist. */
    public synchronized List<T> read() throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.size() < 2) {
            throw new IOException("Malformed checkpoint " + file + ": missing header");
        }
        int version = parseInt(lines.get(0));
        if (version != VERSION) {
            throw new IOException("Unrecognized version " + version + " of checkpoint " + file);
        }
        int count = parseInt(lines.get(1));
        if (lines.size() - 2 < count) {
            throw new IOException("Malformed checkpoint " + file + ": expected " + count + " entries");
        }
        List<T> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            try {
                out.add(parse.apply(lines.get(2 + i).trim()));
            } catch (RuntimeException e) {
                throw new IOException("Malformed line '" + lines.get(2 + i) + "' in checkpoint " + file, e);
            }
        }
        return out;
    }

    private int parseInt(String s) throws IOException {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new IOException("Malformed checkpoint " + file + ": " + s, e);
        }
    }

    static void fsyncDir(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems refuse to open directories; the rename itself is still atomic.
        }
    }

    /** {@code topic partition offset} lines: recovery point, log start offset and replication checkpoints. */
    public static CheckpointFile<OffsetEntry> offsets(Path file) {
        return new CheckpointFile<>(file, e -> e.tp().topic() + " " + e.tp().partition() + " " + e.offset(), line -> {
            String[] p = line.split("\\s+");
            if (p.length != 3) {
                throw new IllegalArgumentException("expected 3 fields");
            }
            return new OffsetEntry(new TopicPartition(p[0], Integer.parseInt(p[1])), Long.parseLong(p[2]));
        });
    }

    /** {@code epoch startOffset} lines of a partition's {@code leader-epoch-checkpoint}. */
    public static CheckpointFile<EpochEntry> leaderEpochs(Path file) {
        return new CheckpointFile<>(file, e -> e.epoch() + " " + e.startOffset(), line -> {
            String[] p = line.split("\\s+");
            if (p.length != 2) {
                throw new IllegalArgumentException("expected 2 fields");
            }
            return new EpochEntry(Integer.parseInt(p[0]), Long.parseLong(p[1]));
        });
    }

    /** One line of an offset checkpoint. */
    public record OffsetEntry(TopicPartition tp, long offset) {}

    /** One line of a leader epoch checkpoint: the first offset written in {@code epoch}. */
    public record EpochEntry(int epoch, long startOffset) {}
}
