package io.skiff.log;

import io.skiff.wire.record.Record;
import io.skiff.wire.record.RecordBatch;
import io.skiff.wire.record.RecordBatchBuilder;
import io.skiff.wire.record.TimestampType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Log compaction for {@code cleanup.policy=compact} (and {@code compact,delete}): keeps, per key, only the record
 * with the highest offset among the sealed segments, and drops tombstones (null value) once their segment is
 * older than {@code delete.retention.ms}.
 *
 * <p>Invariants: offsets and their order never change (a batch that loses records is rebuilt with its original
 * base offset and header fields, the survivors keeping their offsets); a batch whose records all survive is copied
 * byte for byte; control batches are kept; the active segment is never touched, so appends never wait for the
 * cleaner: it reads only sealed (immutable) segments and takes the log's lock only for the instant of swapping a
 * cleaned segment in ({@link PartitionLog#replaceSegment}).
 *
 * <p>On-disk protocol: a segment is cleaned into {@code <base>.log.cleaned}, fsynced, then atomically renamed over
 * {@code <base>.log} and its indexes rebuilt; a crash leaves either the old segment (the {@code .cleaned} leftover
 * is deleted at load) or the new one with missing indexes, which load rebuilds.
 *
 * <p>Simplifications against Kafka: the key map is an in-memory hash map of the sealed segments' keys (Kafka's is
 * a fixed-size dedupe buffer), each segment is cleaned on its own (Kafka groups small ones), and a batch left with
 * no records is dropped. Thread-safety: one cleaner thread per log at a time ({@code synchronized} per call).
 */
public final class LogCleaner {
    private static final Logger LOG = LoggerFactory.getLogger(LogCleaner.class);
    private static final int MAX_DECOMPRESSED = 64 * 1024 * 1024;

    private final Time time;
    private final double maxIoBytesPerSecond;
    private final Sleeper sleeper;

    /** How the throttle waits (tests record instead of sleeping). */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long ms) throws InterruptedException;
    }

    /**
     * @param maxIoBytesPerSecond {@code log.cleaner.io.max.bytes.per.second} (Double.MAX_VALUE = unthrottled)
     */
    public LogCleaner(Time time, double maxIoBytesPerSecond, Sleeper sleeper) {
        this.time = time;
        this.maxIoBytesPerSecond = maxIoBytesPerSecond;
        this.sleeper = sleeper;
    }

    /** The fraction of the sealed segments' bytes not yet cleaned. */
    static double dirtyRatio(PartitionLog log) {
        long total = 0;
        long dirty = 0;
        for (LogSegment s : log.sealedSegments()) {
            total += s.size();
            if (s.baseOffset() >= log.firstDirtyOffset()) {
                dirty += s.size();
            }
        }
        return total == 0 ? 0 : (double) dirty / total;
    }

    /**
     * Compacts {@code log} if its policy says so and its dirty ratio reaches {@code min.cleanable.dirty.ratio}
     * (or {@code force}).
     *
     * @return the number of bytes removed
     */
    public synchronized long clean(PartitionLog log, boolean force) throws IOException {
        LogConfig cfg = log.config();
        if (!cfg.compact()) {
            return 0;
        }
        List<LogSegment> sealed = log.sealedSegments();
        if (sealed.isEmpty() || (!force && dirtyRatio(log) < cfg.minCleanableDirtyRatio())) {
            return 0;
        }
        Map<ByteBuffer, Long> latest = buildOffsetMap(sealed);
        long now = time.milliseconds();
        long removed = 0;
        long startNs = time.nanoseconds();
        long bytesRead = 0;
        for (LogSegment seg : sealed) {
            boolean dropTombstones = now - seg.largestTimestamp() > cfg.deleteRetentionMs();
            Path cleaned = seg.logFile().resolveSibling(LogFiles.filenamePrefix(seg.baseOffset())
                    + LogFiles.LOG_SUFFIX + LogFiles.CLEANED_SUFFIX);
            long written = cleanInto(seg, cleaned, latest, dropTombstones);
            bytesRead += seg.size();
            if (written == seg.size()) {
                Files.deleteIfExists(cleaned);
            } else if (log.replaceSegment(seg, cleaned)) {
                removed += seg.size() - written;
            } else {
                Files.deleteIfExists(cleaned);
            }
            throttle(bytesRead, startNs);
        }
        log.markCleanedUpTo(sealed.get(sealed.size() - 1).baseOffset() + 1);
        LOG.info("Cleaned {}: {} bytes removed", log.topicPartition(), removed);
        return removed;
    }

    private void throttle(long bytes, long startNs) {
        if (maxIoBytesPerSecond >= Double.MAX_VALUE) {
            return;
        }
        double elapsedS = Math.max(1e-9, (time.nanoseconds() - startNs) / 1e9);
        double wantS = bytes / maxIoBytesPerSecond;
        if (wantS > elapsedS) {
            try {
                sleeper.sleep((long) ((wantS - elapsedS) * 1000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Map<ByteBuffer, Long> buildOffsetMap(List<LogSegment> sealed) throws IOException {
        Map<ByteBuffer, Long> latest = new HashMap<>();
        for (LogSegment seg : sealed) {
            seg.forEachBatch(Long.MIN_VALUE, b -> {
                if (b.isControlBatch()) {
                    return;
                }
                Iterator<Record> it = b.records(MAX_DECOMPRESSED);
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

    /** Writes the retained batches of {@code seg} to {@code target}; returns its size. */
    private static long cleanInto(LogSegment seg, Path target, Map<ByteBuffer, Long> latest, boolean dropTombstones)
            throws IOException {
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            long[] written = {0};
            seg.forEachBatch(Long.MIN_VALUE, b -> {
                ByteBuffer kept = retain(b, latest, dropTombstones);
                if (kept != null) {
                    try {
                        while (kept.hasRemaining()) {
                            written[0] += out.write(kept);
                        }
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            });
            out.force(true);
            return written[0];
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The batch as it survives compaction: itself, a rebuilt copy with fewer records, or null. */
    private static ByteBuffer retain(RecordBatch b, Map<ByteBuffer, Long> latest, boolean dropTombstones) {
        if (b.isControlBatch()) {
            return b.slice();
        }
        List<Record> keep = new ArrayList<>();
        int total = 0;
        Iterator<Record> it = b.records(MAX_DECOMPRESSED);
        while (it.hasNext()) {
            Record r = it.next();
            total++;
            Long newest = r.hasKey() ? latest.get(r.key()) : null;
            boolean superseded = newest != null && newest > r.offset();
            boolean expiredTombstone = !r.hasValue() && dropTombstones;
            if (!superseded && !expiredTombstone) {
                keep.add(r);
            }
        }
        if (keep.size() == total) {
            return b.slice();
        }
        if (keep.isEmpty()) {
            return null;
        }
        RecordBatchBuilder builder = new RecordBatchBuilder(b.compressionType())
                .baseOffset(b.baseOffset())
                .partitionLeaderEpoch(b.partitionLeaderEpoch())
                .timestampType(b.timestampType(), b.timestampType() == TimestampType.LOG_APPEND_TIME
                        ? b.maxTimestamp() : RecordBatch.NO_TIMESTAMP)
                .producer(b.producerId(), b.producerEpoch(), b.baseSequence())
                .transactional(b.isTransactional());
        for (Record r : keep) {
            builder.appendWithOffset(r.offset(), r.timestamp(), r.key(), r.value(), r.headers());
        }
        return builder.build();
    }

    private static ByteBuffer copy(ByteBuffer key) {
        ByteBuffer c = ByteBuffer.allocate(key.remaining());
        c.put(key.duplicate()).flip();
        return c;
    }

}
