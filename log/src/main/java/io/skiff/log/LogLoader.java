package io.skiff.log;

import io.skiff.wire.record.RecordBatch;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a partition directory: removes leftovers of interrupted operations ({@code .tmp}, {@code .deleted},
 * {@code .cleaned}, {@code .swap}, index files without a log), opens the segments and, after an unclean shutdown,
 * recovers every segment from the one holding the recovery point: batch by batch CRC and offset checks, indexes
 * rebuilt, the torn or corrupt tail truncated and any later segment deleted. A clean shutdown only sanity-checks
 * the indexes (rebuilding a segment whose index is corrupt).
 *
 * <p>Thread-safety: used by one thread while the log is not yet published.
 */
final class LogLoader {
    private static final Logger LOG = LoggerFactory.getLogger(LogLoader.class);

    private LogLoader() {}

    /** The segments of {@code dir} by base offset, recovered as needed; the last is the active one. */
    static TreeMap<Long, LogSegment> load(Path dir, LogConfig config, long nowMs, long recoveryPoint,
                                          boolean cleanShutdown, SegmentHandles handles) throws IOException {
        List<Long> bases = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (name.endsWith(".tmp") || name.endsWith(LogFiles.DELETED_SUFFIX)
                        || name.endsWith(LogFiles.CLEANED_SUFFIX) || name.endsWith(LogFiles.SWAP_SUFFIX)) {
                    Files.deleteIfExists(p);
                    continue;
                }
                OptionalLong base = LogFiles.offsetFromFileName(name, LogFiles.LOG_SUFFIX);
                base.ifPresent(bases::add);
            }
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.{index,timeindex}")) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                String prefix = name.substring(0, name.indexOf('.'));
                if (!Files.exists(dir.resolve(prefix + LogFiles.LOG_SUFFIX))) {
                    Files.deleteIfExists(p);
                }
            }
        }
        bases.sort(null);
        TreeMap<Long, LogSegment> segments = new TreeMap<>();
        for (int i = 0; i < bases.size(); i++) {
            long base = bases.get(i);
            boolean last = i == bases.size() - 1;
            boolean indexesMissing = !Files.exists(LogFiles.offsetIndexFile(dir, base))
                    || !Files.exists(LogFiles.timeIndexFile(dir, base));
            LogSegment seg = LogSegment.open(dir, base, config, nowMs, last, handles);
            segments.put(base, seg);
            if (cleanShutdown && !indexesMissing) {
                try {
                    seg.offsetIndex().sanityCheck(seg.size());
                    seg.timeIndex().sanityCheck();
                    continue;
                } catch (CorruptIndexException e) {
                    LOG.warn("Rebuilding indexes of {}: {}", seg.logFile(), e.getMessage());
                }
                recoverSegment(seg, config);
            } else if (indexesMissing) {
                recoverSegment(seg, config);
            }
        }
        if (!cleanShutdown && !segments.isEmpty()) {
            Long from = segments.floorKey(recoveryPoint);
            for (long base : new ArrayList<>(segments.tailMap(from == null ? segments.firstKey() : from).keySet())) {
                LogSegment seg = segments.get(base);
                if (seg == null) {
                    continue;
                }
                int truncated = recoverSegment(seg, config);
                if (truncated > 0) {
                    LOG.warn("Recovery truncated {} bytes of {}; deleting later segments", truncated, seg.logFile());
                    for (LogSegment later : new ArrayList<>(segments.tailMap(base, false).values())) {
                        segments.remove(later.baseOffset());
                        later.closeAndDelete();
                    }
                }
            }
        }
        if (!segments.isEmpty()) {
            LogSegment active = segments.lastEntry().getValue();
            active.makeActive(config.segmentIndexBytes());
            for (LogSegment s : segments.headMap(active.baseOffset()).values()) {
                s.onBecomeInactive();
            }
        }
        return segments;
    }

    private static int recoverSegment(LogSegment seg, LogConfig config) throws IOException {
        seg.makeActive(config.segmentIndexBytes());
        int truncated = seg.recover(config.maxMessageBytes(), b -> { });
        return truncated;
    }

    /**
     * Replays every batch at or after {@code fromOffset} into the producer state (after a snapshot).
     *
     * @return how many batches carrying a producer id were replayed
     */
    static int replayProducerState(LogSegments segments, long fromOffset, ProducerStateManager state)
            throws IOException {
        int[] replayed = {0};
        for (LogSegment seg : segments.valuesFrom(fromOffset)) {
            seg.forEachBatch(fromOffset, b -> {
                if (b.producerId() != RecordBatch.NO_PRODUCER_ID) {
                    state.update(b);
                    replayed[0]++;
                }
            });
        }
        return replayed[0];
    }
}
