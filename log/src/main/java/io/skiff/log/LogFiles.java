package io.skiff.log;

import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Kafka's file names inside a partition directory: {@code <base offset, 20 digits zero-padded>.log},
 * {@code .index}, {@code .timeindex}, {@code .snapshot}, {@code .txnindex}, plus the {@code leader-epoch-checkpoint}
 * and the directory name {@code <topic>-<partition>}.
 */
public final class LogFiles {
    public static final String LOG_SUFFIX = ".log";
    public static final String INDEX_SUFFIX = ".index";
    public static final String TIME_INDEX_SUFFIX = ".timeindex";
    public static final String SNAPSHOT_SUFFIX = ".snapshot";
    public static final String TXN_INDEX_SUFFIX = ".txnindex";
    public static final String DELETED_SUFFIX = ".deleted";
    public static final String CLEANED_SUFFIX = ".cleaned";
    public static final String SWAP_SUFFIX = ".swap";
    public static final String LEADER_EPOCH_CHECKPOINT = "leader-epoch-checkpoint";
    public static final String CLEAN_SHUTDOWN_FILE = ".kafka_cleanshutdown";

    private LogFiles() {}

    /** The 20-digit zero-padded base offset Kafka names segment files with. */
    public static String filenamePrefix(long offset) {
        return String.format("%020d", offset);
    }

    public static Path logFile(Path dir, long baseOffset) {
        return dir.resolve(filenamePrefix(baseOffset) + LOG_SUFFIX);
    }

    public static Path offsetIndexFile(Path dir, long baseOffset) {
        return dir.resolve(filenamePrefix(baseOffset) + INDEX_SUFFIX);
    }

    public static Path timeIndexFile(Path dir, long baseOffset) {
        return dir.resolve(filenamePrefix(baseOffset) + TIME_INDEX_SUFFIX);
    }

    public static Path snapshotFile(Path dir, long offset) {
        return dir.resolve(filenamePrefix(offset) + SNAPSHOT_SUFFIX);
    }

    /** The base offset a segment-style file name encodes, if it has {@code suffix}. */
    public static OptionalLong offsetFromFileName(String name, String suffix) {
        if (!name.endsWith(suffix) || name.length() != 20 + suffix.length()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(name.substring(0, 20)));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** The partition directory name {@code topic-partition}. */
    public static String dirName(String topic, int partition) {
        return topic + "-" + partition;
    }

    /** Parses {@code topic-partition}; the topic may itself contain dashes. */
    public static TopicPartition parseDirName(String name) {
        int dash = name.lastIndexOf('-');
        if (dash <= 0 || dash == name.length() - 1) {
            throw new IllegalArgumentException("Not a partition directory: " + name);
        }
        return new TopicPartition(name.substring(0, dash), Integer.parseInt(name.substring(dash + 1)));
    }
}
