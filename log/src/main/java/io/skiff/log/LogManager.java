package io.skiff.log;

import io.skiff.log.CheckpointFile.OffsetEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All partition logs of a broker across its log dirs ({@code log.dirs}).
 *
 * <p>Per log dir it owns, in Kafka's formats: {@code recovery-point-offset-checkpoint},
 * {@code log-start-offset-checkpoint} and {@code cleaner-offset-checkpoint} (written periodically and at shutdown), {@code replication-offset-checkpoint}
 * (high watermarks handed in by the replication layer), {@code meta.properties}, and the {@code .kafka_cleanshutdown}
 * marker: written after every log closed cleanly, deleted at startup, so its absence means "recover from the
 * recovery points".
 *
 * <p>Startup opens all partitions in parallel ({@code num.recovery.threads.per.data.dir} threads per dir).
 * Retention, time-based flush and checkpointing run on the injected {@link Scheduler}.
 *
 * <p>Thread-safety: the partition map is concurrent; checkpoint writes are serialized per file.
 */
public final class LogManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogManager.class);
    public static final String RECOVERY_POINT_CHECKPOINT = "recovery-point-offset-checkpoint";
    public static final String LOG_START_OFFSET_CHECKPOINT = "log-start-offset-checkpoint";
    public static final String REPLICATION_OFFSET_CHECKPOINT = "replication-offset-checkpoint";
    public static final String CLEANER_OFFSET_CHECKPOINT = "cleaner-offset-checkpoint";
    /** Suffix Kafka gives a partition directory renamed for asynchronous deletion. */
    public static final String DELETE_DIR_SUFFIX = "-delete";

    /**
     * Broker-level settings (Kafka names: {@code log.dirs}, {@code num.recovery.threads.per.data.dir},
     * {@code log.retention.check.interval.ms}, {@code log.flush.scheduler.interval.ms},
     * {@code log.flush.offset.checkpoint.interval.ms}, {@code log.cleaner.backoff.ms},
     * {@code log.cleaner.io.max.bytes.per.second}) and the bound on open sealed segment files (Skiff's own
     * {@code log.segment.handles.max}, so thousands of partitions cannot exhaust file descriptors) and
     * {@code producer.id.expiration.ms}.
     */
    public record Settings(List<Path> logDirs, int recoveryThreadsPerDir, long retentionCheckIntervalMs,
                           long flushCheckIntervalMs, long checkpointIntervalMs, long cleanerBackoffMs,
                           double cleanerIoMaxBytesPerSecond, long maxOpenSegmentFiles,
                           long producerIdExpirationMs) {
        public Settings {
            if (logDirs.isEmpty()) {
                throw new LogConfig.InvalidConfigException("log.dirs", logDirs, "at least one log dir is required");
            }
            if (recoveryThreadsPerDir < 1) {
                throw new LogConfig.InvalidConfigException("num.recovery.threads.per.data.dir", recoveryThreadsPerDir,
                        "must be at least 1");
            }
        }

        /** Kafka's defaults for {@code dirs}. */
        public static Settings defaults(List<Path> dirs) {
            return new Settings(dirs, 1, 300_000L, Long.MAX_VALUE, 60_000L, 15_000L, Double.MAX_VALUE, 10_000L,
                    86_400_000L);
        }
    }

    private final Settings settings;
    private final Function<String, LogConfig> topicConfigs;
    private final Time time;
    private final Scheduler scheduler;
    private final Map<TopicPartition, PartitionLog> logs = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Path> dirOf = new ConcurrentHashMap<>();
    private final LogCleaner cleaner;
    private final SegmentHandles handles;
    private final Object checkpointLock = new Object();
    private volatile boolean closed;

    private LogManager(Settings settings, Function<String, LogConfig> topicConfigs, Time time, Scheduler scheduler) {
        this.settings = settings;
        this.cleaner = new LogCleaner(time, settings.cleanerIoMaxBytesPerSecond());
        this.handles = new SegmentHandles(settings.maxOpenSegmentFiles(), scheduler,
                LogConfigs.FILE_DELETE_DELAY_MS_DEFAULT);
        this.topicConfigs = topicConfigs;
        this.time = time;
        this.scheduler = scheduler;
    }

    /**
     * Opens every partition found in the log dirs, recovering them if a dir was not shut down cleanly, and
     * schedules the periodic work.
     *
     * @param topicConfigs the effective config of a topic (defaults plus overrides)
     */
    public static LogManager start(Settings settings, Function<String, LogConfig> topicConfigs, Time time,
                                   Scheduler scheduler) throws IOException {
        LogManager m = new LogManager(settings, topicConfigs, time, scheduler);
        m.loadAll();
        scheduler.schedulePeriodically("log-retention", m::cleanupLogs, settings.retentionCheckIntervalMs(),
                settings.retentionCheckIntervalMs());
        if (settings.flushCheckIntervalMs() != Long.MAX_VALUE) {
            scheduler.schedulePeriodically("log-flusher", m::flushDirtyLogs, settings.flushCheckIntervalMs(),
                    settings.flushCheckIntervalMs());
        }
        scheduler.schedulePeriodically("log-cleaner", m::compactLogs, settings.cleanerBackoffMs(),
                settings.cleanerBackoffMs());
        scheduler.schedulePeriodically("producer-expiration", m::removeExpiredProducers, 600_000L, 600_000L);
        scheduler.schedulePeriodically("log-checkpoints", m::checkpointLogOffsets, settings.checkpointIntervalMs(),
                settings.checkpointIntervalMs());
        return m;
    }

    /** Applies a dynamic {@code log.cleaner.io.max.bytes.per.second} to the running cleaner. */
    public void setCleanerIoMaxBytesPerSecond(double maxIoBytesPerSecond) {
        cleaner.setIoMaxBytesPerSecond(maxIoBytesPerSecond);
    }

    private void loadAll() throws IOException {
        int threads = settings.recoveryThreadsPerDir() * settings.logDirs().size();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "log-recovery");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<PartitionLog>> pending = new ArrayList<>();
            for (Path dir : settings.logDirs()) {
                Files.createDirectories(dir);
                Path marker = dir.resolve(LogFiles.CLEAN_SHUTDOWN_FILE);
                boolean clean = Files.exists(marker);
                Map<TopicPartition, Long> recovery = toMap(CheckpointFile.offsets(dir.resolve(RECOVERY_POINT_CHECKPOINT)).read());
                Map<TopicPartition, Long> starts = toMap(CheckpointFile.offsets(dir.resolve(LOG_START_OFFSET_CHECKPOINT)).read());
                Map<TopicPartition, Long> cleaned = toMap(CheckpointFile.offsets(dir.resolve(CLEANER_OFFSET_CHECKPOINT)).read());
                LOG.info("Loading logs from {} ({} shutdown)", dir, clean ? "clean" : "unclean");
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, Files::isDirectory)) {
                    for (Path p : ds) {
                        String name = p.getFileName().toString();
                        if (name.endsWith(DELETE_DIR_SUFFIX)) {
                            deleteRecursively(p);
                            continue;
                        }
                        TopicPartition tp;
                        try {
                            tp = LogFiles.parseDirName(name);
                        } catch (IllegalArgumentException e) {
                            continue;
                        }
                        long rp = recovery.getOrDefault(tp, 0L);
                        long start = starts.getOrDefault(tp, 0L);
                        pending.add(pool.submit(() -> {
                            PartitionLog log = PartitionLog.open(dir, tp, topicConfigs.apply(tp.topic()), rp, start,
                                    clean, time, scheduler, handles);
                            log.markCleanedUpTo(cleaned.getOrDefault(tp, 0L));
                            dirOf.put(tp, dir);
                            logs.put(tp, log);
                            return log;
                        }));
                    }
                }
            }
            for (Future<PartitionLog> f : pending) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("Interrupted while loading logs", e);
                } catch (ExecutionException e) {
                    throw new IOException("Cannot load a log", e.getCause());
                }
            }
            // Only now that every log is recovered is the "unclean" evidence no longer needed.
            for (Path dir : settings.logDirs()) {
                Files.deleteIfExists(dir.resolve(LogFiles.CLEAN_SHUTDOWN_FILE));
            }
        } finally {
            pool.shutdownNow();
        }
        LOG.info("Loaded {} logs", logs.size());
    }

    private static Map<TopicPartition, Long> toMap(List<OffsetEntry> entries) {
        Map<TopicPartition, Long> m = new HashMap<>();
        for (OffsetEntry e : entries) {
            m.put(e.tp(), e.offset());
        }
        return m;
    }

    public Optional<PartitionLog> getLog(TopicPartition tp) {
        return Optional.ofNullable(logs.get(tp));
    }

    public Collection<PartitionLog> allLogs() {
        return List.copyOf(logs.values());
    }

    /** The log of {@code tp}, created in the log dir holding the fewest partitions if it does not exist. */
    public synchronized PartitionLog getOrCreateLog(TopicPartition tp) throws IOException {
        PartitionLog existing = logs.get(tp);
        if (existing != null) {
            return existing;
        }
        Path dir = leastLoadedDir();
        PartitionLog log = PartitionLog.open(dir, tp, topicConfigs.apply(tp.topic()), 0, 0, true, time, scheduler,
                handles);
        dirOf.put(tp, dir);
        logs.put(tp, log);
        return log;
    }

    private Path leastLoadedDir() {
        Map<Path, Integer> counts = new HashMap<>();
        settings.logDirs().forEach(d -> counts.put(d, 0));
        dirOf.values().forEach(d -> counts.merge(d, 1, Integer::sum));
        Path best = settings.logDirs().get(0);
        for (Path d : settings.logDirs()) {
            if (counts.get(d) < counts.get(best)) {
                best = d;
            }
        }
        return best;
    }

    /** Removes the partition's log and files (topic deletion or the replica moved away). */
    public synchronized void deleteLog(TopicPartition tp) throws IOException {
        PartitionLog log = logs.remove(tp);
        dirOf.remove(tp);
        if (log != null) {
            log.delete();
        }
    }

    /** The bound on open sealed segment files shared by all logs. */
    public SegmentHandles segmentHandles() {
        return handles;
    }

    /** One retention pass over every log. */
    public void cleanupLogs() {
        for (PartitionLog log : logs.values()) {
            try {
                log.deleteOldSegments();
            } catch (RuntimeException e) {
                LOG.error("Retention of {} failed", log.topicPartition(), e);
            }
        }
    }

    /** Drops idle producers' state in every log. */
    public void removeExpiredProducers() {
        for (PartitionLog log : logs.values()) {
            log.removeExpiredProducers(settings.producerIdExpirationMs());
        }
    }

    /** One compaction pass over the logs whose policy includes compact and whose dirty ratio is high enough. */
    public void compactLogs() {
        for (PartitionLog log : logs.values()) {
            try {
                cleaner.clean(log, false);
            } catch (IOException | RuntimeException e) {
                LOG.error("Compaction of {} failed", log.topicPartition(), e);
            }
        }
    }

    /** Flushes logs whose last flush is older than their {@code flush.ms}. */
    public void flushDirtyLogs() {
        for (PartitionLog log : logs.values()) {
            try {
                log.maybeFlushByTime();
            } catch (RuntimeException e) {
                LOG.error("Flush of {} failed", log.topicPartition(), e);
            }
        }
    }

    /**
     * Writes every dir's recovery-point and log-start-offset checkpoints. Thread-safe: the periodic task and an
     * immediate checkpoint after DeleteRecords may race, and two writers of one checkpoint must not share its temp file.
     */
    public void checkpointLogOffsets() {
        synchronized (checkpointLock) {
            writeLogOffsetCheckpoints();
        }
    }

    private void writeLogOffsetCheckpoints() {
        for (Path dir : settings.logDirs()) {
            List<OffsetEntry> rps = new ArrayList<>();
            List<OffsetEntry> starts = new ArrayList<>();
            List<OffsetEntry> cleaned = new ArrayList<>();
            dirOf.forEach((tp, d) -> {
                PartitionLog log = logs.get(tp);
                if (d.equals(dir) && log != null) {
                    rps.add(new OffsetEntry(tp, log.recoveryPoint()));
                    starts.add(new OffsetEntry(tp, log.logStartOffset()));
                    if (log.config().compact()) {
                        cleaned.add(new OffsetEntry(tp, log.firstDirtyOffset()));
                    }
                }
            });
            try {
                CheckpointFile.offsets(dir.resolve(RECOVERY_POINT_CHECKPOINT)).write(rps);
                CheckpointFile.offsets(dir.resolve(LOG_START_OFFSET_CHECKPOINT)).write(starts);
                CheckpointFile.offsets(dir.resolve(CLEANER_OFFSET_CHECKPOINT)).write(cleaned);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot checkpoint " + dir, e);
            }
        }
    }

    /** Writes {@code replication-offset-checkpoint} (high watermarks from the replication layer) in every dir. */
    public void checkpointHighWatermarks(Map<TopicPartition, Long> highWatermarks) throws IOException {
        for (Path dir : settings.logDirs()) {
            List<OffsetEntry> entries = new ArrayList<>();
            highWatermarks.forEach((tp, hw) -> {
                if (dir.equals(dirOf.get(tp))) {
                    entries.add(new OffsetEntry(tp, hw));
                }
            });
            CheckpointFile.offsets(dir.resolve(REPLICATION_OFFSET_CHECKPOINT)).write(entries);
        }
    }

    /** The high watermarks last checkpointed, across all dirs. */
    public Map<TopicPartition, Long> readHighWatermarks() throws IOException {
        Map<TopicPartition, Long> all = new HashMap<>();
        for (Path dir : settings.logDirs()) {
            all.putAll(toMap(CheckpointFile.offsets(dir.resolve(REPLICATION_OFFSET_CHECKPOINT)).read()));
        }
        return all;
    }

    /** Closes every log cleanly, checkpoints, then writes the clean-shutdown markers. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        List<RuntimeException> failures = new ArrayList<>();
        for (PartitionLog log : logs.values()) {
            try {
                log.close();
            } catch (RuntimeException e) {
                failures.add(e);
                LOG.error("Close of {} failed", log.topicPartition(), e);
            }
        }
        checkpointLogOffsets();
        if (!failures.isEmpty()) {
            throw new IOException("Unclean shutdown: " + failures.size() + " logs failed to close", failures.get(0));
        }
        for (Path dir : settings.logDirs()) {
            Files.writeString(dir.resolve(LogFiles.CLEAN_SHUTDOWN_FILE), "{\"version\":0,\"brokerEpoch\":-1}");
            CheckpointFile.fsyncDir(dir);
        }
        LOG.info("Shut down {} logs cleanly", logs.size());
    }

    private static void deleteRecursively(Path p) throws IOException {
        if (Files.isDirectory(p)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
                for (Path c : ds) {
                    deleteRecursively(c);
                }
            }
        }
        Files.deleteIfExists(p);
    }
}
