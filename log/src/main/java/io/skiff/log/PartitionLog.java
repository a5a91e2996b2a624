package io.skiff.log;

import io.skiff.wire.protocol.ApiException;
import io.skiff.wire.protocol.Errors;
import io.skiff.wire.record.RecordBatch;
import io.skiff.wire.record.TimestampType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One partition's log: an ordered set of {@link LogSegment}s in {@code <log.dir>/<topic>-<partition>/}, the last of
 * which (the active segment) takes appends, plus the leader epoch cache and the producer state.
 *
 * <p>Invariants: segments' base offsets increase and each segment holds offsets below the next one's base;
 * {@code logStartOffset <= logEndOffset}; the log end offset is one past the last appended record; the active
 * segment is never deleted by retention.
 *
 * <p>Thread-safety: every mutation (append, roll, truncation, retention, flush, close) holds {@code lock}, so
 * appends are serialized. Reads take no lock: they read the volatile {@link EndMark} first (published after the
 * batch bytes and the segment size), then only bytes below it, so a read never returns part of an appended batch.
 * Deleted segments' files are renamed {@code .deleted} and closed only after {@code file.delete.delay.ms}, so a
 * region handed to a concurrent fetch stays readable.
 */
public final class PartitionLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionLog.class);

    /** Log end offset with the segment and byte it lies at; replaced atomically after each append. */
    private record EndMark(long offset, long segmentBase, int position) {}

    private final Path dir;
    private final TopicPartition tp;
    private final Time time;
    private final Scheduler scheduler;
    private final SegmentHandles handles;
    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentSkipListMap<Long, LogSegment> segments = new ConcurrentSkipListMap<>();
    private final LeaderEpochCache epochs;
    private final ProducerStateManager producerState;
    private volatile LogConfig config;
    private volatile EndMark end;
    private volatile long logStartOffset;
    private volatile long recoveryPoint;
    private volatile long firstDirtyOffset;
    private long unflushedRecords;
    private long lastFlushMs;
    /** fsync passes that wrote something (tests observe {@code flush.messages} / {@code flush.ms} through it). */
    private volatile long flushes;
    /** Producer batches the last load replayed from the log after the snapshot it started from. */
    private int replayedAtLoad;
    private boolean closed;

    private PartitionLog(Path dir, TopicPartition tp, LogConfig config, Time time, Scheduler scheduler,
                         SegmentHandles handles) throws IOException {
        this.handles = handles;
        this.dir = dir;
        this.tp = tp;
        this.config = config;
        this.time = time;
        this.scheduler = scheduler;
        this.epochs = new LeaderEpochCache(dir);
        this.producerState = new ProducerStateManager(dir);
        this.lastFlushMs = time.milliseconds();
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
        segments.putAll(loaded);
        LogSegment active = segments.lastEntry().getValue();
        long leo = nextOffsetOf(active);
        publishEnd(leo, active);
        logStartOffset = Math.max(checkpointedStart, segments.firstKey());
        if (logStartOffset > leo) {
            logStartOffset = leo;
        }
        recoveryPoint = cleanShutdown ? leo : Math.min(checkpointedRecoveryPoint, leo);
        epochs.truncateFromEnd(leo);
        epochs.truncateFromStart(logStartOffset);
        long snapshotOffset = producerState.loadLatestSnapshot(leo);
        replayedAtLoad = LogLoader.replayProducerState(segments, Math.max(snapshotOffset, logStartOffset),
                producerState);
        if (!cleanShutdown) {
            // What recovery kept is now known good; make it durable so the next recovery starts here.
            flushLocked();
        }
        LOG.info("Loaded log {} with {} segments, log start offset {}, log end offset {}", tp, segments.size(),
                logStartOffset, leo);
    }

    private static long nextOffsetOf(LogSegment seg) throws IOException {
        BatchHeader last = seg.lastBatch();
        return last == null ? seg.baseOffset() : last.nextOffset();
    }

    private void publishEnd(long offset, LogSegment seg) {
        end = new EndMark(offset, seg.baseOffset(), seg.size());
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
        return end.offset();
    }

    public long logStartOffset() {
        return logStartOffset;
    }

    public long recoveryPoint() {
        return recoveryPoint;
    }

    /** How many fsync passes had unflushed data (metrics, tests). */
    public long flushCount() {
        return flushes;
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
        return segments.size();
    }

    /** Segment base offsets in order (tests, tools). */
    public List<Long> segmentBaseOffsets() {
        return new ArrayList<>(segments.keySet());
    }

    /** Total bytes of all segments. */
    public long size() {
        long total = 0;
        for (LogSegment s : segments.values()) {
            total += s.size();
        }
        return total;
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
            return new AppendInfo(-1, -1, -1, logStartOffset, 0, false);
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
                    return new AppendInfo(m.firstOffset(), m.lastOffset(), -1, logStartOffset,
                            views.get(0).recordCount(), true);
                }
            }
            assignOrCheckOffsets(views, asLeader, leaderEpoch, cfg, now);
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
            Map<Long, ProducerStateManager.Entry> saved = hasProducer(views) ? new HashMap<>() : Map.of();
            try {
                for (RecordBatch b : views) {
                    producerState.remember(saved, b.producerId());
                    if (asLeader) {
                        producerState.validate(b);
                    }
                    producerState.update(b);
                }
            } catch (RuntimeException e) {
                producerState.restore(saved);
                throw e;
            }
            try {
                seg.append(batches, views);
                if (asLeader) {
                    epochs.assign(leaderEpoch, firstOffset);
                } else {
                    for (RecordBatch b : views) {
                        epochs.assign(b.partitionLeaderEpoch(), b.baseOffset());
                    }
                }
                publishEnd(lastOffset + 1, seg);
                unflushedRecords += records;
                if (unflushedRecords >= cfg.flushMessages()) {
                    flushLocked();
                }
            } catch (IOException e) {
                producerState.restore(saved);
                throw new ApiException(Errors.KAFKA_STORAGE_ERROR, "Append to " + tp + " failed", e);
            }
            return new AppendInfo(firstOffset, lastOffset, cfg.logAppendTime() && asLeader ? now : -1,
                    logStartOffset, records, false);
        } finally {
            lock.unlock();
        }
    }

    private static boolean hasProducer(List<RecordBatch> views) {
        for (RecordBatch b : views) {
            if (b.producerId() != RecordBatch.NO_PRODUCER_ID) {
                return true;
            }
        }
        return false;
    }

    /**
     * As leader: patches consecutive offsets from the log end, the leader epoch and (LogAppendTime) the broker's
     * time into the batches. As follower: checks the batches' own offsets start at or above the log end and
     * increase.
     */
    private void assignOrCheckOffsets(List<RecordBatch> views, boolean asLeader, int leaderEpoch, LogConfig cfg,
                                      long now) {
        long next = end.offset();
        if (!asLeader && views.get(0).baseOffset() < next) {
            throw new ApiException(Errors.OFFSET_OUT_OF_RANGE, "Follower append at offset "
                    + views.get(0).baseOffset() + " below log end offset " + next + " of " + tp);
        }
        for (RecordBatch b : views) {
            if (asLeader) {
                b.setBaseOffset(next);
                b.setPartitionLeaderEpoch(leaderEpoch);
                if (cfg.logAppendTime()) {
                    b.setMaxTimestamp(TimestampType.LOG_APPEND_TIME, now);
                }
            } else if (b.baseOffset() < next) {
                throw new ApiException(Errors.CORRUPT_MESSAGE, "Follower batches out of order at "
                        + b.baseOffset() + " in " + tp);
            }
            next = b.nextOffset();
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

    /** The non-active segments, oldest first. */
    List<LogSegment> sealedSegments() {
        List<LogSegment> all = new ArrayList<>(segments.values());
        all.remove(all.size() - 1);
        return all;
    }

    /**
     * What a compaction pass may work on now: the sealed segments wholly below both the active segment and the
     * first offset of any open transaction (so no undecided transaction is compacted), with what the cleaner needs
     * to decide about transactions and producer state.
     */
    CleanerView cleanerView() {
        lock.lock();
        try {
            List<LogSegment> all = new ArrayList<>(segments.values());
            long bound = all.get(all.size() - 1).baseOffset();
            java.util.OptionalLong unstable = firstUnstableOffset();
            if (unstable.isPresent()) {
                bound = Math.min(bound, unstable.getAsLong());
            }
            int n = 0;
            long upper = all.get(0).baseOffset();
            while (n + 1 < all.size() && all.get(n + 1).baseOffset() <= bound) {
                upper = all.get(n + 1).baseOffset();
                n++;
            }
            EndMark e = end;
            return new CleanerView(List.copyOf(all.subList(0, n)), upper, firstDirtyOffset(),
                    List.copyOf(all.subList(n, all.size())), e.segmentBase(), e.position(),
                    producerState.activeProducers());
        } finally {
            lock.unlock();
        }
    }

    /** Offsets below this have been compacted at least once (the dirty-ratio boundary), within the log. */
    long firstDirtyOffset() {
        return Math.min(Math.max(firstDirtyOffset, logStartOffset), end.offset());
    }

    void markCleanedUpTo(long offset) {
        firstDirtyOffset = Math.max(firstDirtyOffset, offset);
    }

    /**
     * Swaps the compacted file {@code cleaned} in for {@code old} (same base offset): the old indexes are set
     * aside, the cleaned file atomically renamed over the segment file (readers holding the old channel keep
     * reading the old bytes until it is closed after {@code file.delete.delay.ms}), and the indexes rebuilt.
     *
     * @return false when {@code old} is no longer part of the log (retention or truncation won the race)
     */
    boolean replaceSegment(LogSegment old, Path cleaned) throws IOException {
        lock.lock();
        try {
            if (closed || segments.get(old.baseOffset()) != old || segments.lastEntry().getValue() == old) {
                return false;
            }
            old.detachIndexes(LogFiles.DELETED_SUFFIX);
            Files.move(cleaned, old.logFile(), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            LogSegment fresh = LogSegment.open(dir, old.baseOffset(), config, time.milliseconds(), false, handles);
            fresh.makeActive(config.segmentIndexBytes());
            fresh.recover(Integer.MAX_VALUE, b -> { });
            fresh.onBecomeInactive();
            segments.put(old.baseOffset(), fresh);
            scheduler.schedule("close-cleaned-" + old.baseOffset(), () -> old.closeDetached(),
                    config.fileDeleteDelayMs());
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new ApiException(Errors.KAFKA_STORAGE_ERROR, "Log " + tp + " is closed");
        }
    }

    // ---------------------------------------------------------------- rolling

    private LogSegment maybeRoll(int bytes, long firstOffset, long lastOffset, long now) throws IOException {
        LogSegment active = segments.lastEntry().getValue();
        LogConfig cfg = config;
        if (active.shouldRoll(bytes, lastOffset, now, cfg.segmentMs(), cfg.segmentBytes())) {
            if (lastOffset - firstOffset > Integer.MAX_VALUE) {
                throw new ApiException(Errors.RECORD_LIST_TOO_LARGE, "Append spans more than 2^31 offsets in " + tp);
            }
            return rollLocked(firstOffset);
        }
        return active;
    }

    /** Rolls a new active segment at the log end offset (a no-op when the active segment is empty). */
    public void roll() {
        lock.lock();
        try {
            checkOpen();
            rollLocked(end.offset());
        } catch (IOException e) {
            throw new ApiException(Errors.KAFKA_STORAGE_ERROR, "Roll of " + tp + " failed", e);
        } finally {
            lock.unlock();
        }
    }

    private LogSegment rollLocked(long newBase) throws IOException {
        LogSegment active = segments.lastEntry().getValue();
        if (active.size() == 0) {
            if (active.baseOffset() == newBase) {
                return active;
            }
            segments.remove(active.baseOffset());
            active.closeAndDelete();
        } else {
            active.onBecomeInactive();
        }
        LogSegment seg = LogSegment.create(dir, newBase, config, time.milliseconds(), handles);
        segments.put(newBase, seg);
        producerState.writeSnapshot(newBase);
        publishEnd(end.offset(), seg);
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
        EndMark e = end;
        return SegmentReads.read(segments, tp, logStartOffset, e.offset(), e.segmentBase(), e.position(), offset,
                maxBytes, maxOffsetExclusive, minOneBatch);
    }

    /**
     * ListOffsets: {@link TimestampAndOffset#EARLIEST_TIMESTAMP}, {@link TimestampAndOffset#LATEST_TIMESTAMP},
     * {@link TimestampAndOffset#MAX_TIMESTAMP}, or the first record whose timestamp is at least {@code timestamp}
     * (empty when every record is older).
     */
    public Optional<TimestampAndOffset> offsetForTimestamp(long timestamp) {
        return SegmentReads.offsetForTimestamp(segments, tp, logStartOffset, logEndOffset(), timestamp);
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
        return deleteSegments(true);
    }

    private int deleteSegments(boolean timeAndSize) {
        lock.lock();
        try {
            checkOpen();
            List<LogSegment> doomed = Retention.segmentsToDelete(new ArrayList<>(segments.values()), config,
                    time.milliseconds(), logStartOffset, timeAndSize);
            for (LogSegment s : doomed) {
                segments.remove(s.baseOffset());
                scheduleDelete(s);
            }
            if (!doomed.isEmpty()) {
                logStartOffset = Math.max(logStartOffset, segments.firstKey());
                epochs.truncateFromStart(logStartOffset);
                producerState.deleteSnapshotsBelow(segments.firstKey());
                LOG.info("Retention deleted {} segments of {}; log start offset {}", doomed.size(), tp,
                        logStartOffset);
            }
            return doomed.size();
        } catch (IOException e) {
            throw new ApiException(Errors.KAFKA_STORAGE_ERROR, "Retention of " + tp + " failed", e);
        } finally {
            lock.unlock();
        }
    }

    private void scheduleDelete(LogSegment s) throws IOException {
        s.renameWithSuffix(LogFiles.DELETED_SUFFIX);
        scheduler.schedule("delete-" + s.logFile().getFileName(), () -> {
            try {
                s.closeAndDelete();
            } catch (IOException e) {
                LOG.warn("Cannot delete {}", s.logFile(), e);
            }
        }, config.fileDeleteDelayMs());
    }

    /**
     * DeleteRecords: advances the log start offset to {@code offset} (reads below it fail) and drops segments
     * wholly below it (time and size retention wait for the periodic pass, as in Kafka).
     *
     * @throws ApiException OFFSET_OUT_OF_RANGE above the log end offset
     */
    public long deleteRecordsBefore(long offset) {
        lock.lock();
        try {
            checkOpen();
            if (offset > end.offset()) {
                throw new ApiException(Errors.OFFSET_OUT_OF_RANGE, "Cannot delete records of " + tp
                        + " before " + offset + " above log end offset " + end.offset());
            }
            if (offset > logStartOffset) {
                logStartOffset = offset;
                epochs.truncateFromStart(offset);
            }
        } finally {
            lock.unlock();
        }
        deleteSegments(false);
        return logStartOffset;
    }

    /**
     * Removes every record at or above {@code offset} (a follower diverged from its leader). The resulting log end
     * offset is the end of the last whole batch below {@code offset}.
     *
     * @return whether anything was removed
     */
    public boolean truncateTo(long offset) {
        lock.lock();
        try {
            checkOpen();
            if (offset >= end.offset()) {
                return false;
            }
            if (offset <= logStartOffset) {
                truncateFullyLocked(offset);
                return true;
            }
            for (LogSegment s : new ArrayList<>(segments.tailMap(offset, true).values())) {
                if (segments.size() > 1 || s.baseOffset() > offset) {
                    segments.remove(s.baseOffset());
                    scheduleDelete(s);
                }
            }
            LogSegment active = segments.lastEntry().getValue();
            active.truncateTo(offset);
            active.makeActive(config.segmentIndexBytes());
            long leo = nextOffsetOf(active);
            if (leo < logStartOffset) {
                // The batch holding the log start offset was cut: nothing readable is left.
                truncateFullyLocked(logStartOffset);
                return true;
            }
            publishEnd(leo, active);
            firstDirtyOffset = Math.min(firstDirtyOffset, leo);
            epochs.truncateFromEnd(leo);
            producerState.deleteSnapshotsAbove(leo);
            long snap = producerState.loadLatestSnapshot(leo);
            LogLoader.replayProducerState(segments, Math.max(snap, logStartOffset), producerState);
            recoveryPoint = Math.min(recoveryPoint, leo);
            return true;
        } catch (IOException e) {
            throw new ApiException(Errors.KAFKA_STORAGE_ERROR, "Truncation of " + tp + " failed", e);
        } finally {
            lock.unlock();
        }
    }

    /** Deletes every segment and restarts the log empty at {@code offset} (a follower far behind). */
    public void truncateFullyAndStartAt(long offset) {
        lock.lock();
        try {
            checkOpen();
            truncateFullyLocked(offset);
        } catch (IOException e) {
            throw new ApiException(Errors.KAFKA_STORAGE_ERROR, "Truncation of " + tp + " failed", e);
        } finally {
            lock.unlock();
        }
    }

    private void truncateFullyLocked(long offset) throws IOException {
        for (LogSegment s : new ArrayList<>(segments.values())) {
            segments.remove(s.baseOffset());
            scheduleDelete(s);
        }
        LogSegment seg = LogSegment.create(dir, offset, config, time.milliseconds(), handles);
        segments.put(offset, seg);
        publishEnd(offset, seg);
        logStartOffset = offset;
        recoveryPoint = offset;
        firstDirtyOffset = offset;
        epochs.clear();
        producerState.clear();
        producerState.deleteSnapshotsBelow(Long.MAX_VALUE);
    }

    // ---------------------------------------------------------------- flush and close

    /** fsyncs everything appended so far and advances the recovery point. */
    public void flush() {
        lock.lock();
        try {
            checkOpen();
            flushLocked();
        } catch (IOException e) {
            throw new ApiException(Errors.KAFKA_STORAGE_ERROR, "Flush of " + tp + " failed", e);
        } finally {
            lock.unlock();
        }
    }

    /** Flushes when the last flush is older than {@code flush.ms} (called by the periodic flusher). */
    public void maybeFlushByTime() {
        long now = time.milliseconds();
        if (unflushedRecordsVolatileHint() && now - lastFlushMs >= config.flushMs()) {
            flush();
        }
    }

    private boolean unflushedRecordsVolatileHint() {
        return recoveryPoint < end.offset();
    }

    private void flushLocked() throws IOException {
        if (recoveryPoint < end.offset()) {
            flushes++;
        }
        Long from = segments.floorKey(recoveryPoint);
        for (LogSegment s : segments.tailMap(from == null ? segments.firstKey() : from).values()) {
            s.flush();
        }
        recoveryPoint = end.offset();
        unflushedRecords = 0;
        lastFlushMs = time.milliseconds();
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
            flushLocked();
            producerState.writeSnapshot(end.offset());
            epochs.flush();
            closed = true;
            for (LogSegment s : segments.values()) {
                s.close();
            }
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
            for (LogSegment s : segments.values()) {
                s.closeHandlers();
            }
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
            for (LogSegment s : segments.values()) {
                s.closeAndDelete();
            }
            segments.clear();
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
