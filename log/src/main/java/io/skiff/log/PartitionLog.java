package io.skiff.log;

import io.skiff.wire.protocol.ApiException;
import io.skiff.wire.protocol.Errors;
import io.skiff.wire.record.RecordBatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One partition's log: an ordered set of {@link LogSegment}s in {@code <log.dir>/<topic>-<partition>/}, the last of
 * which (the active segment) takes appends, plus the leader epoch cache and the producer state.
 *
 * <p>This class is the log's API, its lock and its append path (validate, stamp offsets, roll, update producer
 * state and epochs, write, publish the end). The segment set and what is done to its files live in
 * {@link LogSegments}; the bounds (log start and end, recovery point, first dirty offset) and the operations that
 * move them other than an append (load, retention, DeleteRecords, truncation, flush) in {@link LogBounds}; lock-free
 * reads in {@link SegmentReads}, opening and recovery in {@link LogLoader}.
 *
 * <p>Invariants: segments' base offsets increase and each segment holds offsets below the next one's base;
 * {@code logStartOffset <= logEndOffset}; the log end offset is one past the last appended record; the active
 * segment is never deleted by retention.
 *
 * <p>Thread-safety: every mutation (append, roll, truncation, retention, flush, close) holds {@code lock}, so
 * appends are serialized and the collaborators, whose changing methods all require it, are never changed
 * concurrently. Reads take no lock: they read the volatile {@link LogBounds.EndMark} first (published after the
 * batch bytes and the segment size), then only bytes below it, so a read never returns part of an appended batch.
 * Deleted segments' files are renamed {@code .deleted} and closed only after {@code file.delete.delay.ms}, so a
 * region handed to a concurrent fetch stays readable.
 */
public final class PartitionLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionLog.class);

    private final Path dir;
    private final TopicPartition tp;
    private final Time time;
    private final SegmentHandles handles;
    private final ReentrantLock lock = new ReentrantLock();
    private final LogSegments segments;
    private final LeaderEpochCache epochs;
    private final ProducerStateManager producerState;
    private final LogBounds bounds;
    private volatile LogConfig config;
    /** Producer batches the last load replayed from the log after the snapshot it started from. */
    private int replayedAtLoad;
    private boolean closed;

    private PartitionLog(Path dir, TopicPartition tp, LogConfig config, Time time, Scheduler scheduler,
                         SegmentHandles handles) throws IOException {
        this.dir = dir;
        this.tp = tp;
        this.config = config;
        this.time = time;
        this.handles = handles;
        this.segments = new LogSegments(dir, scheduler, handles);
        this.epochs = new LeaderEpochCache(dir);
        this.producerState = new ProducerStateManager(dir);
        this.bounds = new LogBounds(tp, time, segments, epochs, producerState);
    }

    /**
     * Opens (creating if absent) the log of {@code tp} under {@code logDir}.
     *
     * @param recoveryPoint offsets below this are known flushed (from {@code recovery-point-offset-checkpoint})
     * @param logStartOffset from {@code log-start-offset-checkpoint}, 0 when unknown
     * @param cleanShutdown whether the log dir had a clean-shutdown marker; if not, recovery scans from the
     *     recovery point
     */
    public static PartitionLog open(Path logDir, TopicPartition tp, LogConfig config, long recoveryPoint,
                                    long logStartOffset, boolean cleanShutdown, Time time, Scheduler scheduler)
            throws IOException {
        return open(logDir, tp, config, recoveryPoint, logStartOffset, cleanShutdown, time, scheduler, null);
    }

    /**
     * As {@link #open(Path, TopicPartition, LogConfig, long, long, boolean, Time, Scheduler)}, with sealed
     * segments' file descriptors bounded by {@code handles} (shared by all logs of a broker; null = unbounded).
     */
    public static PartitionLog open(Path logDir, TopicPartition tp, LogConfig config, long recoveryPoint,
                                    long logStartOffset, boolean cleanShutdown, Time time, Scheduler scheduler,
                                    SegmentHandles handles) throws IOException {
        Path dir = logDir.resolve(LogFiles.dirName(tp.topic(), tp.partition()));
        Files.createDirectories(dir);
        PartitionLog log = new PartitionLog(dir, tp, config, time, scheduler, handles);
        log.load(recoveryPoint, logStartOffset, cleanShutdown);
        return log;
    }

    private void load(long checkpointedRecoveryPoint, long checkpointedStart, boolean cleanShutdown)
            throws IOException {
        long now = time.milliseconds();
        TreeMap<Long, LogSegment> loaded = LogLoader.load(dir, config, now, checkpointedRecoveryPoint, cleanShutdown,
                handles);
        if (loaded.isEmpty()) {
            long base = Math.max(0, checkpointedStart);
            loaded.put(base, LogSegment.create(dir, base, config, now, handles));
        }
        for (LogSegment seg : loaded.values()) {
            segments.add(seg);
        }
        replayedAtLoad = bounds.load(checkpointedStart, checkpointedRecoveryPoint, cleanShutdown);
        if (!cleanShutdown) {
            // What recovery kept is now known good; make it durable so the next recovery starts here.
            bounds.flush();
        }
        LOG.info("Loaded log {} with {} segments, log start offset {}, log end offset {}", tp,
                segments.numberOfSegments(), bounds.logStartOffset(), bounds.logEndOffset());
    }

    public TopicPartition topicPartition() {
        return tp;
    }

    public Path dir() {
        return dir;
    }

    public LogConfig config() {
        return config;
    }

    /** Applies new topic configs; they take effect for the next append, roll and retention pass. */
    public void updateConfig(LogConfig newConfig) {
        this.config = newConfig;
    }

    public long logEndOffset() {
        return bounds.logEndOffset();
    }

    public long logStartOffset() {
        return bounds.logStartOffset();
    }

    public long recoveryPoint() {
        return bounds.recoveryPoint();
    }

    /** How many fsync passes had unflushed data (metrics, tests). */
    public long flushCount() {
        return bounds.flushCount();
    }

    /** Producer batches the load replayed after the snapshot it started from (0 after a clean shutdown). */
    int producerBatchesReplayedAtLoad() {
        return replayedAtLoad;
    }

    public LeaderEpochCache leaderEpochCache() {
        return epochs;
    }

    /** Number of segments (tests, metrics). */
    public int numberOfSegments() {
        return segments.numberOfSegments();
    }

    /** Segment base offsets in order (tests, tools). */
    public List<Long> segmentBaseOffsets() {
        return segments.baseOffsets();
    }

    /** Total bytes of all segments. */
    public long size() {
        return segments.sizeInBytes();
    }

    // ---------------------------------------------------------------- appends

    /**
     * Appends client batches as the leader: each batch is validated (v2 header, CRC, record count, size against
     * {@code max.message.bytes}, producer sequence and epoch), gets its offsets and {@code leaderEpoch} patched in
     * place (and the broker's time when {@code message.timestamp.type=LogAppendTime}), and all are written in one
     * sequential write.
     *
     * @param batches the batches from position to limit; modified in place
     * @throws ApiException CORRUPT_MESSAGE, MESSAGE_TOO_LARGE, RECORD_LIST_TOO_LARGE, INVALID_RECORD,
     *     OUT_OF_ORDER_SEQUENCE_NUMBER, INVALID_PRODUCER_EPOCH, KAFKA_STORAGE_ERROR
     */
    public AppendInfo appendAsLeader(ByteBuffer batches, int leaderEpoch) {
        return append(batches, true, leaderEpoch);
    }

    /**
     * Appends batches replicated from the leader: offsets and epochs are kept; the first offset must be at or above
     * the log end offset.
     */
    public AppendInfo appendAsFollower(ByteBuffer batches) {
        return append(batches, false, -1);
    }

    private AppendInfo append(ByteBuffer batches, boolean asLeader, int leaderEpoch) {
        LogConfig cfg = config;
        List<RecordBatch> views = BatchValidator.parse(batches, cfg, tp, asLeader);
        if (views.isEmpty()) {
            return new AppendInfo(-1, -1, -1, bounds.logStartOffset(), 0, false);
        }
        int totalBytes = batches.remaining();
        if (totalBytes > cfg.segmentBytes()) {
            throw new ApiException(Errors.RECORD_LIST_TOO_LARGE, "Append of " + totalBytes
                    + " bytes exceeds segment.bytes " + cfg.segmentBytes() + " of " + tp);
        }
        lock.lock();
        try {
            checkOpen();
            long now = time.milliseconds();
            if (asLeader && views.size() == 1) {
                Optional<ProducerStateManager.BatchMetadata> dup = producerState.findDuplicate(views.get(0));
                if (dup.isPresent()) {
                    ProducerStateManager.BatchMetadata m = dup.get();
                    return new AppendInfo(m.firstOffset(), m.lastOffset(), -1, bounds.logStartOffset(),
                            views.get(0).recordCount(), true);
                }
            }
            BatchValidator.assignOrCheckOffsets(views, bounds.logEndOffset(), asLeader, leaderEpoch, cfg, now, tp);
            long firstOffset = views.get(0).baseOffset();
            long lastOffset = views.get(views.size() - 1).lastOffset();
            int records = 0;
            for (RecordBatch b : views) {
                records += b.recordCount();
            }
            // Roll before the producer state takes in these batches: the snapshot written at the roll must hold
            // the state as of the new segment's base offset, i.e. only batches below it (Kafka's order). A crash
            // after the roll but before the write must not leave a snapshot claiming batches that never landed.
            LogSegment seg;
            try {
                seg = maybeRoll(totalBytes, firstOffset, lastOffset, now);
            } catch (IOException e) {
                throw new ApiException(Errors.KAFKA_STORAGE_ERROR, "Roll of " + tp + " failed", e);
            }
            Map<Long, ProducerStateManager.Entry> saved = producerState.applyAppend(views, asLeader);
            try {
                seg.append(batches, views);
                if (asLeader) {
                    epochs.assign(leaderEpoch, firstOffset);
                } else {
                    for (RecordBatch b : views) {
                        epochs.assign(b.partitionLeaderEpoch(), b.baseOffset());
                    }
                }
                bounds.publishEnd(lastOffset + 1, seg);
                if (bounds.appended(records, cfg)) {
                    bounds.flush();
                }
            } catch (IOException e) {
                producerState.restore(saved);
                throw new ApiException(Errors.KAFKA_STORAGE_ERROR, "Append to " + tp + " failed", e);
            }
            return new AppendInfo(firstOffset, lastOffset, cfg.logAppendTime() && asLeader ? now : -1,
                    bounds.logStartOffset(), records, false);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The first offset of the oldest open transaction, if any: the last stable offset is the smaller of this and
     * the high watermark (read_committed fetches stop there). Aborted ranges (the {@code .txnindex}) are not kept
     * yet.
     */
    public java.util.OptionalLong firstUnstableOffset() {
        lock.lock();
        try {
            return producerState.currentTxnFirstOffsets().values().stream().mapToLong(Long::longValue).min();
        } finally {
            lock.unlock();
        }
    }

    /** Drops idle producers' state ({@code producer.id.expiration.ms}); called periodically by the manager. */
    public int removeExpiredProducers(long expirationMs) {
        lock.lock();
        try {
            return closed ? 0 : producerState.removeExpired(time.milliseconds(), expirationMs);
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- compaction support

    /** The time by this log's clock. */
    long nowMs() {
        return time.milliseconds();
    }

    /** The non-active segments, oldest first. */
    List<LogSegment> sealedSegments() {
        return segments.sealedSegments();
    }

    /**
     * What a compaction pass may work on at {@code nowMs}: the sealed segments wholly below the active segment, the
     * first offset of any open transaction (so no undecided transaction is compacted) and, with
     * {@code min.compaction.lag.ms}, the first dirty segment holding a record younger than the lag (Kafka's first
     * uncleanable offset), with what the cleaner needs to decide about transactions and producer state.
     */
    CleanerView cleanerView(long nowMs) {
        lock.lock();
        try {
            List<LogSegment> all = new ArrayList<>(segments.values());
            long bound = all.get(all.size() - 1).baseOffset();
            java.util.OptionalLong unstable = firstUnstableOffset();
            if (unstable.isPresent()) {
                bound = Math.min(bound, unstable.getAsLong());
            }
            long minLag = config.minCompactionLagMs();
            if (minLag > 0) {
                long dirtyFrom = bounds.firstDirtyOffset();
                for (int i = 0; i + 1 < all.size(); i++) {
                    LogSegment seg = all.get(i);
                    boolean dirty = all.get(i + 1).baseOffset() > dirtyFrom;
                    if (dirty && seg.largestTimestamp() > nowMs - minLag) {
                        bound = Math.min(bound, seg.baseOffset());
                        break;
                    }
                }
            }
            int n = 0;
            long upper = all.get(0).baseOffset();
            while (n + 1 < all.size() && all.get(n + 1).baseOffset() <= bound) {
                upper = all.get(n + 1).baseOffset();
                n++;
            }
            LogBounds.EndMark e = bounds.end();
            return new CleanerView(List.copyOf(all.subList(0, n)), upper, bounds.firstDirtyOffset(),
                    List.copyOf(all.subList(n, all.size())), e.segmentBase(), e.position(),
                    producerState.activeProducers());
        } finally {
            lock.unlock();
        }
    }

    /** Offsets below this have been compacted at least once (the dirty-ratio boundary), within the log. */
    long firstDirtyOffset() {
        return bounds.firstDirtyOffset();
    }

    /** Compaction cleaned every offset below {@code offset}; see {@link LogBounds#markCleanedUpTo}. */
    void markCleanedUpTo(long offset) {
        bounds.markCleanedUpTo(offset);
    }

    /**
     * Swaps the compacted file {@code cleaned} in for {@code old} (same base offset); see
     * {@link LogSegments#replace}.
     *
     * @return false when {@code old} is no longer part of the log (retention or truncation won the race) or the log
     *     is closed
     */
    boolean replaceSegment(LogSegment old, Path cleaned) throws IOException {
        lock.lock();
        try {
            return !closed && segments.replace(old, cleaned, config, time.milliseconds());
        } finally {
            lock.unlock();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new ApiException(Errors.KAFKA_STORAGE_ERROR, "Log " + tp + " is closed");
        }
    }

    /** A mutation of the log, run under its lock, that may fail with an I/O error. */
    @FunctionalInterface
    private interface LockedAction<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code action} holding the lock on an open log. The one place a failed mutation's I/O error becomes
     * KAFKA_STORAGE_ERROR ("{@code what} of {@code tp} failed"), the code Kafka answers a failing log dir with.
     */
    private <T> T locked(String what, LockedAction<T> action) {
        lock.lock();
        try {
            checkOpen();
            return action.run();
        } catch (IOException e) {
            throw new ApiException(Errors.KAFKA_STORAGE_ERROR, what + " of " + tp + " failed", e);
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- rolling

    private LogSegment maybeRoll(int bytes, long firstOffset, long lastOffset, long now) throws IOException {
        LogSegment active = segments.activeSegment();
        LogConfig cfg = config;
        if (active.shouldRoll(bytes, lastOffset, now, cfg.maxSegmentMs(), cfg.segmentBytes())) {
            if (lastOffset - firstOffset > Integer.MAX_VALUE) {
                throw new ApiException(Errors.RECORD_LIST_TOO_LARGE, "Append spans more than 2^31 offsets in " + tp);
            }
            return rollLocked(firstOffset);
        }
        return active;
    }

    /** Rolls a new active segment at the log end offset (a no-op when the active segment is empty). */
    public void roll() {
        locked("Roll", () -> rollLocked(bounds.logEndOffset()));
    }

    private LogSegment rollLocked(long newBase) throws IOException {
        LogSegment active = segments.activeSegment();
        LogSegment seg = segments.roll(newBase, config, time.milliseconds());
        if (seg == active) {
            return seg;
        }
        producerState.writeSnapshot(newBase);
        bounds.publishEnd(bounds.logEndOffset(), seg);
        LOG.debug("Rolled {} at offset {}", tp, newBase);
        return seg;
    }

    // ---------------------------------------------------------------- reads

    /**
     * Reads from {@code offset}: a region starting at the batch that contains it, holding at most
     * {@code maxBytes} (but at least the first whole batch when {@code minOneBatch}) and nothing at or above
     * {@code maxOffsetExclusive} (e.g. the high watermark). Lock-free: bounded by the published end.
     *
     * @throws ApiException OFFSET_OUT_OF_RANGE below the log start offset or above the log end offset
     */
    public ReadResult read(long offset, int maxBytes, long maxOffsetExclusive, boolean minOneBatch) {
        LogBounds.EndMark e = bounds.end();
        return SegmentReads.read(segments, tp, bounds.logStartOffset(), e.offset(), e.segmentBase(), e.position(),
                offset, maxBytes, maxOffsetExclusive, minOneBatch);
    }

    /**
     * ListOffsets: {@link TimestampAndOffset#EARLIEST_TIMESTAMP}, {@link TimestampAndOffset#LATEST_TIMESTAMP},
     * {@link TimestampAndOffset#MAX_TIMESTAMP}, or the first record whose timestamp is at least {@code timestamp}
     * (empty when every record is older).
     */
    public Optional<TimestampAndOffset> offsetForTimestamp(long timestamp) {
        return SegmentReads.offsetForTimestamp(segments, tp, bounds.logStartOffset(), logEndOffset(), timestamp);
    }

    // ---------------------------------------------------------------- retention and truncation

    /**
     * One retention pass (with {@code cleanup.policy} containing delete): removes the oldest non-active segments
     * whose newest timestamp is older than {@code retention.ms}, then while the log exceeds
     * {@code retention.bytes}, and (any policy) segments wholly below the log start offset.
     *
     * @return number of segments deleted
     */
    public int deleteOldSegments() {
        return locked("Retention", () -> bounds.deleteSegments(config, true));
    }

    /**
     * DeleteRecords: advances the log start offset to {@code offset} (reads below it fail) and drops segments
     * wholly below it (time and size retention wait for the periodic pass, as in Kafka).
     *
     * @throws ApiException OFFSET_OUT_OF_RANGE above the log end offset
     */
    public long deleteRecordsBefore(long offset) {
        locked("DeleteRecords", () -> {
            bounds.advanceLogStartOffset(offset);
            return null;
        });
        locked("Retention", () -> bounds.deleteSegments(config, false));
        return bounds.logStartOffset();
    }

    /**
     * Removes every record at or above {@code offset} (a follower diverged from its leader). The resulting log end
     * offset is the end of the last whole batch below {@code offset}.
     *
     * @return whether anything was removed
     */
    public boolean truncateTo(long offset) {
        return locked("Truncation", () -> bounds.truncateTo(offset, config));
    }

    /** Deletes every segment and restarts the log empty at {@code offset} (a follower far behind). */
    public void truncateFullyAndStartAt(long offset) {
        locked("Truncation", () -> {
            bounds.truncateFullyAndStartAt(offset, config);
            return null;
        });
    }

    // ---------------------------------------------------------------- flush and close

    /** fsyncs everything appended so far and advances the recovery point. */
    public void flush() {
        locked("Flush", () -> {
            bounds.flush();
            return null;
        });
    }

    /** Flushes when the last flush is older than {@code flush.ms} (called by the periodic flusher). */
    public void maybeFlushByTime() {
        if (bounds.flushDueByTime(config.flushMs())) {
            flush();
        }
    }

    /**
     * Closes cleanly: flushes, writes the producer snapshot at the log end offset and trims the active segment's
     * indexes. Idempotent.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            bounds.flush();
            producerState.writeSnapshot(bounds.logEndOffset());
            epochs.flush();
            closed = true;
            segments.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Close of " + tp + " failed", e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Releases every descriptor and mapping without flushing, snapshotting or trimming anything, as Kafka's
     * {@code closeHandlers} does when a log dir fails: the files stay as a crash would leave them, and the next open
     * must recover. Idempotent.
     */
    public void closeHandlers() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            segments.closeHandlers();
        } catch (IOException e) {
            throw new UncheckedIOException("Closing the handles of " + tp + " failed", e);
        } finally {
            lock.unlock();
        }
    }

    /** Closes without flushing and deletes the partition directory (topic deletion, reassignment). */
    public void delete() throws IOException {
        lock.lock();
        try {
            closed = true;
            segments.closeAndDeleteAll();
            try (var files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        } finally {
            lock.unlock();
        }
    }
}
