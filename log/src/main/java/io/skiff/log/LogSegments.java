package io.skiff.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The segments of one {@link PartitionLog} by base offset, and what is done to their files as a set: roll a new
 * active segment, truncate the set, swap a compacted segment in, delete segments after
 * {@code file.delete.delay.ms}, flush, close.
 *
 * <p>Invariants: base offsets increase and each segment holds only offsets below the next one's base; the last
 * segment is the active one (the only one taking appends and holding writable indexes); the set is never empty
 * from the log's load until {@link #closeAndDeleteAll}. A segment removed from the set is renamed {@code .deleted}
 * and closed only after the delay, so a region a reader took from it stays readable meanwhile.
 *
 * <p>Thread-safety: the map is a {@link ConcurrentSkipListMap}, so each lookup is thread-safe and every iteration
 * is weakly consistent (it may or may not see a concurrent add or remove, and never fails). A method that changes
 * the set does several map and file operations which are atomic only together, so it must be called with the
 * owning log's lock held, and is marked so; the others need no lock. The set does not know the log end: lock-free
 * readers bound themselves by the end the log publishes.
 */
final class LogSegments {
    private static final Logger LOG = LoggerFactory.getLogger(LogSegments.class);

    private final Path dir;
    private final Scheduler scheduler;
    private final SegmentHandles handles;
    private final ConcurrentSkipListMap<Long, LogSegment> segments = new ConcurrentSkipListMap<>();

    /**
     * @param dir the partition directory the segment files live in
     * @param scheduler runs the delayed deletion of removed segments
     * @param handles bounds sealed segments' descriptors (shared by all logs of a broker; null = unbounded)
     */
    LogSegments(Path dir, Scheduler scheduler, SegmentHandles handles) {
        this.dir = dir;
        this.scheduler = scheduler;
        this.handles = handles;
    }

    // ---------------------------------------------------------------- lookups (thread-safe)

    /** Thread-safe. */
    int numberOfSegments() {
        return segments.size();
    }

    /** The base offsets, oldest first, as a copy. Thread-safe. */
    List<Long> baseOffsets() {
        return new ArrayList<>(segments.keySet());
    }

    /** The base offset of the oldest segment. Thread-safe; throws {@code NoSuchElementException} when empty. */
    long firstBaseOffset() {
        return segments.firstKey();
    }

    /** The segment taking appends (the last). Thread-safe; throws {@code NoSuchElementException} when empty. */
    LogSegment activeSegment() {
        return segments.lastEntry().getValue();
    }

    /** Every segment, oldest first, as a live weakly consistent view. Thread-safe. */
    Collection<LogSegment> values() {
        return segments.values();
    }

    /**
     * The segments from the one that holds {@code offset} (from the oldest when {@code offset} is below every base
     * offset) to the active one, as a live weakly consistent view. Thread-safe; throws
     * {@code NoSuchElementException} when empty.
     */
    Collection<LogSegment> valuesFrom(long offset) {
        Long floor = segments.floorKey(offset);
        return segments.tailMap(floor == null ? segments.firstKey() : floor, true).values();
    }

    /** The non-active segments, oldest first, as a copy. Thread-safe. */
    List<LogSegment> sealedSegments() {
        List<LogSegment> all = new ArrayList<>(segments.values());
        all.remove(all.size() - 1);
        return all;
    }

    /** Total bytes of all segments (a sum over a weakly consistent iteration). Thread-safe. */
    long sizeInBytes() {
        long total = 0;
        for (LogSegment s : segments.values()) {
            total += s.size();
        }
        return total;
    }

    // ---------------------------------------------------------------- changes (caller holds the log's lock)

    /** Adds a loaded segment (or replaces the one at its base offset). Caller holds the log's lock. */
    void add(LogSegment segment) {
        segments.put(segment.baseOffset(), segment);
    }

    /**
     * Makes a new empty segment at {@code newBase} the active one. The old active segment is sealed (its indexes
     * trimmed), or, when it is empty, deleted at once: nothing can have been read from it. Caller holds the log's
     * lock.
     *
     * @return the new active segment, or the old one unchanged when it is empty and already at {@code newBase}
     */
    LogSegment roll(long newBase, LogConfig config, long nowMs) throws IOException {
        LogSegment active = activeSegment();
        if (active.size() == 0) {
            if (active.baseOffset() == newBase) {
                return active;
            }
            segments.remove(active.baseOffset());
            active.closeAndDelete();
        } else {
            active.onBecomeInactive();
        }
        LogSegment seg = LogSegment.create(dir, newBase, config, nowMs, handles);
        segments.put(newBase, seg);
        return seg;
    }

    /**
     * Removes {@code doomed} from the set, oldest first, and deletes their files after {@code delayMs}. Caller
     * holds the log's lock.
     */
    void removeAndDeleteLater(List<LogSegment> doomed, long delayMs) throws IOException {
        for (LogSegment s : doomed) {
            segments.remove(s.baseOffset());
            deleteLater(s, delayMs);
        }
    }

    /**
     * Removes every segment whose base offset is at or above {@code offset} (keeping at least one), then cuts the
     * last remaining one to the whole batches below {@code offset} and makes it the active segment again. Caller
     * holds the log's lock.
     *
     * @return the new active segment
     */
    LogSegment truncateTo(long offset, LogConfig config) throws IOException {
        for (LogSegment s : new ArrayList<>(segments.tailMap(offset, true).values())) {
            if (segments.size() > 1 || s.baseOffset() > offset) {
                segments.remove(s.baseOffset());
                deleteLater(s, config.fileDeleteDelayMs());
            }
        }
        LogSegment active = activeSegment();
        active.truncateTo(offset);
        active.makeActive(config.segmentIndexBytes());
        return active;
    }

    /**
     * Removes every segment (deleting their files after {@code file.delete.delay.ms}) and leaves one empty active
     * segment at {@code offset}. Caller holds the log's lock.
     *
     * @return the new active segment
     */
    LogSegment truncateFullyAndStartAt(long offset, LogConfig config, long nowMs) throws IOException {
        removeAndDeleteLater(new ArrayList<>(segments.values()), config.fileDeleteDelayMs());
        LogSegment seg = LogSegment.create(dir, offset, config, nowMs, handles);
        segments.put(offset, seg);
        return seg;
    }

    /**
     * Swaps the compacted file {@code cleaned} in for the sealed segment {@code old} (same base offset): the old
     * indexes are set aside, the cleaned file atomically renamed over the segment file (readers holding the old
     * channel keep reading the old bytes until it is closed after {@code file.delete.delay.ms}), and the indexes
     * rebuilt. Caller holds the log's lock.
     *
     * @return false when {@code old} is no longer a sealed segment of the set (retention or truncation won the
     *     race)
     */
    boolean replace(LogSegment old, Path cleaned, LogConfig config, long nowMs) throws IOException {
        if (segments.get(old.baseOffset()) != old || activeSegment() == old) {
            return false;
        }
        old.detachIndexes(LogFiles.DELETED_SUFFIX);
        Files.move(cleaned, old.logFile(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        LogSegment fresh = LogSegment.open(dir, old.baseOffset(), config, nowMs, false, handles);
        fresh.makeActive(config.segmentIndexBytes());
        fresh.recover(Integer.MAX_VALUE, b -> { });
        fresh.onBecomeInactive();
        segments.put(old.baseOffset(), fresh);
        scheduler.schedule("close-cleaned-" + old.baseOffset(), () -> old.closeDetached(),
                config.fileDeleteDelayMs());
        return true;
    }

    private void deleteLater(LogSegment s, long delayMs) throws IOException {
        s.renameWithSuffix(LogFiles.DELETED_SUFFIX);
        scheduler.schedule("delete-" + s.logFile().getFileName(), () -> {
            try {
                s.closeAndDelete();
            } catch (IOException e) {
                LOG.warn("Cannot delete {}", s.logFile(), e);
            }
        }, delayMs);
    }

    // ---------------------------------------------------------------- flush and close (caller holds the log's lock)

    /**
     * fsyncs the segments from the one holding {@code offset} (the recovery point: nothing below it is unflushed)
     * to the active one. Caller holds the log's lock.
     */
    void flushFrom(long offset) throws IOException {
        for (LogSegment s : valuesFrom(offset)) {
            s.flush();
        }
    }

    /** Closes every segment, trimming the active one's indexes. Caller holds the log's lock. */
    void close() {
        for (LogSegment s : segments.values()) {
            s.close();
        }
    }

    /** Releases every descriptor and mapping, writing nothing. Caller holds the log's lock. */
    void closeHandlers() throws IOException {
        for (LogSegment s : segments.values()) {
            s.closeHandlers();
        }
    }

    /** Closes every segment, deletes its files at once and empties the set. Caller holds the log's lock. */
    void closeAndDeleteAll() throws IOException {
        for (LogSegment s : segments.values()) {
            s.closeAndDelete();
        }
        segments.clear();
    }
}
