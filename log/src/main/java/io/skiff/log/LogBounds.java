package io.skiff.log;

import io.skiff.wire.protocol.ApiException;
import io.skiff.wire.protocol.Errors;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where one {@link PartitionLog} starts, ends, is durable up to and has been compacted up to, and every move of
 * those bounds except an append's: setting them at load, retention and DeleteRecords (the start), truncation (the
 * end), flush (the recovery point, under {@code flush.messages} / {@code flush.ms}). The leader epoch cache and the
 * producer state are keyed by offset, so each move trims or rebuilds them here as well.
 *
 * <p>Invariants: {@code logStartOffset <= logEndOffset}; the oldest segment's base offset is at most the log start
 * offset and the active segment holds the log end; every offset below the recovery point has been fsynced (recovery
 * after an unclean shutdown scans from there), and {@code recoveryPoint <= logEndOffset}, since a flush moves it to
 * the log end and every truncation below it lowers it. The producer state is that of the log up to its end. Kafka's
 * defaults set no flush limit, so nothing is fsynced explicitly until close: durability comes from replication.
 *
 * <p>Thread-safety: every method that changes a bound is called with the owning log's lock held, and is marked so
 * (the one exception, {@link #markCleanedUpTo}, says why it may not be). The bounds are volatile and read without it (by the lock-free read path, the getters and {@link #flushDueByTime}).
 * The end is published as one immutable {@link EndMark} only after the batch bytes and the segment size it covers,
 * so a reader that reads it first never reads past a completed append.
 */
final class LogBounds {
    private static final Logger LOG = LoggerFactory.getLogger(LogBounds.class);

    /** Log end offset with the segment and byte it lies at; replaced as a whole after each append. */
    record EndMark(long offset, long segmentBase, int position) {}

    private final TopicPartition tp;
    private final Time time;
    private final LogSegments segments;
    private final LeaderEpochCache epochs;
    private final ProducerStateManager producerState;
    private volatile EndMark end;
    private volatile long logStartOffset;
    private volatile long recoveryPoint;
    private volatile long firstDirtyOffset;
    private long unflushedRecords;
    private long lastFlushMs;
    /** fsync passes that wrote something (tests observe {@code flush.messages} / {@code flush.ms} through it). */
    private volatile long flushes;

    LogBounds(TopicPartition tp, Time time, LogSegments segments, LeaderEpochCache epochs,
              ProducerStateManager producerState) {
        this.tp = tp;
        this.time = time;
        this.segments = segments;
        this.epochs = epochs;
        this.producerState = producerState;
        this.lastFlushMs = time.milliseconds();
    }

    // ---------------------------------------------------------------- reads of the bounds (thread-safe)

    /** The published end; read it before the segments so as to read only bytes below it. Thread-safe. */
    EndMark end() {
        return end;
    }

    /** Thread-safe. */
    long logEndOffset() {
        return end.offset();
    }

    /** Thread-safe. */
    long logStartOffset() {
        return logStartOffset;
    }

    /** Every offset below this is on disk. Thread-safe. */
    long recoveryPoint() {
        return recoveryPoint;
    }

    /** How many fsync passes had unflushed data. Thread-safe. */
    long flushCount() {
        return flushes;
    }

    /** Offsets below this have been compacted at least once (the dirty-ratio boundary), within the log. Thread-safe. */
    long firstDirtyOffset() {
        return Math.min(Math.max(firstDirtyOffset, logStartOffset), end.offset());
    }

    /**
     * Whether unflushed data is older than {@code flush.ms}. Thread-safe: it may read a stale time of the last
     * flush, which at worst costs one redundant flush pass (taken under the lock).
     */
    boolean flushDueByTime(long flushMs) {
        long now = time.milliseconds();
        return recoveryPoint < end.offset() && now - lastFlushMs >= flushMs;
    }

    // ---------------------------------------------------------------- moves (caller holds the log's lock)

    /**
     * Sets the bounds of a freshly loaded segment set: the end after the active segment's last batch, the start at
     * the checkpointed one (within the segments and the end), the recovery point at the end after a clean shutdown;
     * trims the epoch cache to them and rebuilds the producer state. Caller holds the log's lock.
     *
     * @return producer batches replayed from the log after the snapshot the rebuild started from
     */
    int load(long checkpointedStart, long checkpointedRecoveryPoint, boolean cleanShutdown) throws IOException {
        LogSegment active = segments.activeSegment();
        long leo = nextOffsetOf(active);
        publishEnd(leo, active);
        logStartOffset = Math.min(Math.max(checkpointedStart, segments.firstBaseOffset()), leo);
        recoveryPoint = cleanShutdown ? leo : Math.min(checkpointedRecoveryPoint, leo);
        epochs.truncateFromEnd(leo);
        epochs.truncateFromStart(logStartOffset);
        return rebuildProducerState(leo);
    }

    /** Publishes {@code offset}, at the current end of {@code seg}, as the log end. Caller holds the log's lock. */
    void publishEnd(long offset, LogSegment seg) {
        end = new EndMark(offset, seg.baseOffset(), seg.size());
    }

    /**
     * Counts {@code records} just appended. Caller holds the log's lock.
     *
     * @return whether {@code flush.messages} is reached, so the caller must {@link #flush} now
     */
    boolean appended(long records, LogConfig config) {
        unflushedRecords += records;
        return unflushedRecords >= config.flushMessages();
    }

    /** fsyncs every segment from the recovery point on and moves it to the log end. Caller holds the log's lock. */
    void flush() throws IOException {
        long leo = end.offset();
        if (recoveryPoint < leo) {
            flushes++;
        }
        segments.flushFrom(recoveryPoint);
        recoveryPoint = leo;
        unflushedRecords = 0;
        lastFlushMs = time.milliseconds();
    }

    /**
     * Records that compaction has cleaned every offset below {@code offset}. Called by the cleaner (one pass at a
     * time) without the log's lock: a truncation racing it can leave the mark above the new end, which
     * {@link #firstDirtyOffset()} clamps to the log end.
     */
    void markCleanedUpTo(long offset) {
        firstDirtyOffset = Math.max(firstDirtyOffset, offset);
    }

    /**
     * Deletes the oldest segments {@link Retention} picks (by the log start offset, and with {@code timeAndSize}
     * also by {@code retention.ms} / {@code retention.bytes}) and moves the log start offset up to the first segment
     * left. Caller holds the log's lock.
     *
     * @return number of segments deleted
     */
    int deleteSegments(LogConfig config, boolean timeAndSize) throws IOException {
        List<LogSegment> doomed = Retention.segmentsToDelete(new ArrayList<>(segments.values()), config,
                time.milliseconds(), logStartOffset, timeAndSize);
        segments.removeAndDeleteLater(doomed, config.fileDeleteDelayMs());
        if (!doomed.isEmpty()) {
            logStartOffset = Math.max(logStartOffset, segments.firstBaseOffset());
            epochs.truncateFromStart(logStartOffset);
            producerState.deleteSnapshotsBelow(segments.firstBaseOffset());
            LOG.info("Retention deleted {} segments of {}; log start offset {}", doomed.size(), tp, logStartOffset);
        }
        return doomed.size();
    }

    /**
     * DeleteRecords: moves the log start offset up to {@code offset} (never down). Caller holds the log's lock.
     *
     * @throws ApiException OFFSET_OUT_OF_RANGE above the log end offset
     */
    void advanceLogStartOffset(long offset) {
        if (offset > end.offset()) {
            throw new ApiException(Errors.OFFSET_OUT_OF_RANGE, "Cannot delete records of " + tp
                    + " before " + offset + " above log end offset " + end.offset());
        }
        if (offset > logStartOffset) {
            logStartOffset = offset;
            epochs.truncateFromStart(offset);
        }
    }

    /**
     * Removes every record at or above {@code offset}: the log end becomes the end of the last whole batch below
     * it. When nothing at or above the log start offset would be left, the log restarts empty there instead. Caller
     * holds the log's lock.
     *
     * @return whether anything was removed
     */
    boolean truncateTo(long offset, LogConfig config) throws IOException {
        if (offset >= end.offset()) {
            return false;
        }
        if (offset <= logStartOffset) {
            truncateFullyAndStartAt(offset, config);
            return true;
        }
        LogSegment active = segments.truncateTo(offset, config);
        long leo = nextOffsetOf(active);
        if (leo < logStartOffset) {
            // The batch holding the log start offset was cut: nothing readable is left.
            truncateFullyAndStartAt(logStartOffset, config);
            return true;
        }
        publishEnd(leo, active);
        firstDirtyOffset = Math.min(firstDirtyOffset, leo);
        epochs.truncateFromEnd(leo);
        producerState.deleteSnapshotsAbove(leo);
        rebuildProducerState(leo);
        recoveryPoint = Math.min(recoveryPoint, leo);
        return true;
    }

    /**
     * Deletes every segment and restarts the log empty at {@code offset}, every bound there, with no epochs and no
     * producer state. Caller holds the log's lock.
     */
    void truncateFullyAndStartAt(long offset, LogConfig config) throws IOException {
        LogSegment seg = segments.truncateFullyAndStartAt(offset, config, time.milliseconds());
        publishEnd(offset, seg);
        logStartOffset = offset;
        recoveryPoint = offset;
        firstDirtyOffset = offset;
        epochs.clear();
        producerState.clear();
        producerState.deleteSnapshotsBelow(Long.MAX_VALUE);
    }

    /** The latest snapshot at or below {@code leo}, then every producer batch after it (and the log start). */
    private int rebuildProducerState(long leo) throws IOException {
        long snapshotOffset = producerState.loadLatestSnapshot(leo);
        return LogLoader.replayProducerState(segments, Math.max(snapshotOffset, logStartOffset), producerState);
    }

    private static long nextOffsetOf(LogSegment seg) throws IOException {
        BatchHeader last = seg.lastBatch();
        return last == null ? seg.baseOffset() : last.nextOffset();
    }
}
