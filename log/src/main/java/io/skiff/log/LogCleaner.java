package io.skiff.log;

import io.skiff.wire.record.Record;
import io.skiff.wire.record.RecordBatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Log compaction for {@code cleanup.policy=compact} (and {@code compact,delete}), in Kafka's two passes:
 * <ol>
 *   <li><b>Key map</b>: read the dirty section (the cleanable segments at or above the first dirty offset) and map
 *       every key to its latest offset. Aborted and undecided transactional records, control records and keyless
 *       records do not enter the map ({@link CleanerTransactions}).</li>
 *   <li><b>Copy</b>: rewrite every cleanable segment, clean section included, keeping what
 *       {@link CompactionFilter} keeps (latest record per key, tombstones and markers until their KIP-534 delete
 *       horizon), and swap each changed segment in.</li>
 * </ol>
 * The cleanable segments are the sealed ones wholly below the active segment, below the first offset of any
 * open transaction and below the first dirty segment with a record younger than {@code min.compaction.lag.ms}
 * ({@link PartitionLog#cleanerView}). A log is cleaned when its dirty bytes are more than
 * {@code min.cleanable.dirty.ratio} of its cleanable bytes, when its oldest dirty segment began longer than
 * {@code max.compaction.lag.ms} ago (which also bounds the active segment's age, {@link LogConfig#maxSegmentMs}),
 * or when forced; afterwards its first dirty offset is the end of what was cleaned. Every byte either pass reads or writes goes through the {@link Throttler}
 * ({@code log.cleaner.io.max.bytes.per.second}).
 *
 * <p>Invariants: offsets and their order never change (a rebuilt batch keeps its base and last offset, the
 * survivors their offsets); the active segment is never touched, so appends never wait for the cleaner: it reads
 * only sealed (immutable) segments and takes the log's lock only for an instant to capture its view and to swap a
 * cleaned segment in ({@link PartitionLog#replaceSegment}).
 *
 * <p>On-disk protocol: a segment is cleaned into {@code <base>.log.cleaned}, fsynced, then atomically renamed over
 * {@code <base>.log} and its indexes rebuilt; a crash leaves either the old segment (the {@code .cleaned} leftover
 * is deleted at load) or the new one with missing indexes, which load rebuilds.
 *
 * <p>Simplifications against Kafka: the key map is an in-memory hash map covering the whole dirty section (Kafka's
 * is a fixed-size dedupe buffer that may cover only part of it, hence its "past the map's last offset" rule, not
 * needed here), and each segment is cleaned on its own (Kafka groups small ones).
 *
 * <p>Thread-safety: one pass at a time ({@code synchronized}); the throttle is shared by all logs it cleans.
 */
public final class LogCleaner {
    private static final Logger LOG = LoggerFactory.getLogger(LogCleaner.class);
    private static final int MAX_DECOMPRESSED = BatchValidator.MAX_DECOMPRESSED_BYTES;

    private final Time time;
    private final Throttler throttler;

    /**
     * @param maxIoBytesPerSecond {@code log.cleaner.io.max.bytes.per.second} (Double.MAX_VALUE = unthrottled)
     */
    public LogCleaner(Time time, double maxIoBytesPerSecond) {
        this.time = time;
        this.throttler = new Throttler(maxIoBytesPerSecond, Throttler.DEFAULT_CHECK_INTERVAL_MS, time);
    }

    /** Kafka's cleanable ratio of {@code log} now (by the log's clock): dirty bytes over all cleanable bytes. */
    static double dirtyRatio(PartitionLog log) {
        return log.cleanerView(log.nowMs()).dirtyRatio();
    }

    /** Changes {@code log.cleaner.io.max.bytes.per.second} of the running cleaner. */
    public void setIoMaxBytesPerSecond(double maxIoBytesPerSecond) {
        throttler.setRate(maxIoBytesPerSecond);
    }

    /** Milliseconds the I/O throttle has slept so far. */
    long throttledMs() {
        return throttler.sleptMs();
    }

    /**
     * Compacts {@code log} if its policy says so and its dirty ratio exceeds {@code min.cleanable.dirty.ratio}, or
     * a dirty segment is older than {@code max.compaction.lag.ms} (or {@code force}); never what
     * {@code min.compaction.lag.ms} still protects (see {@link PartitionLog#cleanerView}).
     *
     * @return the net number of bytes removed (delete horizons written into batches can add a few)
     */
    public synchronized long clean(PartitionLog log, boolean force) throws IOException {
        LogConfig cfg = log.config();
        if (!cfg.compact()) {
            return 0;
        }
        long now = time.milliseconds();
        CleanerView view = log.cleanerView(now);
        if (view.cleanable().isEmpty()
                || (!force && !(view.dirtyRatio() > cfg.minCleanableDirtyRatio()) && !overdue(view, cfg, now))) {
            return 0;
        }
        CleanerTransactions transactions = new CleanerTransactions(view, throttler);
        Map<ByteBuffer, Long> latest = buildKeyMap(view, transactions);
        CompactionFilter filter = new CompactionFilter(latest, transactions, view, now, cfg.deleteRetentionMs());
        long removed = 0;
        for (LogSegment seg : view.cleanable()) {
            Path cleaned = seg.logFile().resolveSibling(LogFiles.filenamePrefix(seg.baseOffset())
                    + LogFiles.LOG_SUFFIX + LogFiles.CLEANED_SUFFIX);
            long written = cleanInto(seg, cleaned, filter);
            if (written < 0) {
                Files.deleteIfExists(cleaned);
            } else if (log.replaceSegment(seg, cleaned)) {
                removed += seg.size() - written;
            } else {
                Files.deleteIfExists(cleaned);
            }
        }
        log.markCleanedUpTo(view.upperBound());
        LOG.info("Cleaned {} below offset {}: {} bytes removed", log.topicPartition(), view.upperBound(), removed);
        return removed;
    }

    /**
     * Kafka's "needs compaction now": the earliest dirty cleanable segment's first batch is older than
     * {@code max.compaction.lag.ms}, whatever the dirty ratio.
     */
    private static boolean overdue(CleanerView view, LogConfig cfg, long now) {
        if (cfg.maxCompactionLagMs() == Long.MAX_VALUE) {
            return false;
        }
        List<LogSegment> cleanable = view.cleanable();
        for (int i = 0; i < cleanable.size(); i++) {
            if (view.isDirty(i) && cleanable.get(i).size() > 0) {
                return now - cleanable.get(i).firstBatchTimestamp() > cfg.maxCompactionLagMs();
            }
        }
        return false;
    }

    /** Pass 1: every key of the dirty section to its latest offset. */
    private Map<ByteBuffer, Long> buildKeyMap(CleanerView view, CleanerTransactions transactions)
            throws IOException {
        Map<ByteBuffer, Long> latest = new HashMap<>();
        List<LogSegment> cleanable = view.cleanable();
        for (int i = 0; i < cleanable.size(); i++) {
            if (!view.isDirty(i)) {
                continue;
            }
            forEachBatchThrottled(cleanable.get(i), b -> {
                if (b.isControlBatch() || b.recordCount() == 0
                        || b.isTransactional() && transactions.outcome(b) != CleanerTransactions.Outcome.COMMITTED) {
                    return;
                }
                Iterator<Record> it = b.records(Math.max(MAX_DECOMPRESSED, b.sizeInBytes()));
                while (it.hasNext()) {
                    Record r = it.next();
                    if (r.hasKey()) {
                        latest.put(copy(r.key()), r.offset());
                    }
                }
            });
        }
        return latest;
    }

    /**
     * Pass 2 for one segment: writes what survives to {@code target} and fsyncs it.
     *
     * @return its size, or -1 when every batch survived unchanged (nothing to swap)
     */
    private long cleanInto(LogSegment seg, Path target, CompactionFilter filter) throws IOException {
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            long[] written = {0};
            boolean[] changed = {false};
            forEachBatchThrottled(seg, b -> {
                ByteBuffer kept = filter.filter(b);
                if (kept == null || kept.remaining() != b.sizeInBytes() || !sameBytes(kept, b)) {
                    changed[0] = true;
                }
                if (kept != null) {
                    int n = kept.remaining();
                    while (kept.hasRemaining()) {
                        out.write(kept);
                    }
                    written[0] += n;
                    throttler.maybeThrottle(n);
                }
            });
            if (!changed[0]) {
                return -1;
            }
            out.force(true);
            return written[0];
        }
    }

    private static boolean sameBytes(ByteBuffer kept, RecordBatch original) {
        return kept.equals(original.slice());
    }

    /** A step of a pass over one batch; may do I/O. */
    @FunctionalInterface
    private interface BatchStep {
        void accept(RecordBatch batch) throws IOException;
    }

    /** Every batch of {@code seg}, each read whole and reported to the throttle. */
    private void forEachBatchThrottled(LogSegment seg, BatchStep step) throws IOException {
        try {
            seg.forEachBatch(Long.MIN_VALUE, b -> {
                throttler.maybeThrottle(b.sizeInBytes());
                try {
                    step.accept(b);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static ByteBuffer copy(ByteBuffer key) {
        ByteBuffer c = ByteBuffer.allocate(key.remaining());
        c.put(key.duplicate()).flip();
        return c;
    }
}
