package io.skiff.log;

import io.skiff.wire.protocol.CorruptRecordException;
import io.skiff.wire.record.RecordBatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;

/**
 * One segment of a partition log: {@code <20-digit base offset>.log} holding whole v2 batches back to back, with
 * its {@link OffsetIndex} ({@code .index}) and {@link TimeIndex} ({@code .timeindex}), in Kafka's layout.
 *
 * <p>Invariants: every batch in {@code [0, size)} is complete and its offsets are {@code >= baseOffset} and
 * increase; the offset index points at batch starts; index entries are added every {@code index.interval.bytes}
 * of appended log (keyed by the batch's last offset, as Kafka's tools verify).
 *
 * <p>Thread-safety: {@link #append} is called by the one thread holding the log's append lock; {@link #size()} is
 * volatile and advanced only after the bytes are written, so concurrent readers ({@link #translateOffset}) never
 * see part of a batch. A sealed segment's channel and index mappings may be released by {@link SegmentHandles} when
 * cold; the channel is reopened by {@link #channel()} (double-checked under the segment's monitor) and the indexes
 * remap themselves on the next lookup ({@link MappedIndex}).
 */
final class LogSegment implements AutoCloseable {
    private final long baseOffset;
    private final int indexIntervalBytes;
    private volatile Path logFile;
    private final SegmentHandles handles;
    /** Null while a sealed segment is cold (its descriptor closed by {@link SegmentHandles}); reopened on use. */
    private volatile FileChannel channel;
    /** Sealed segments never change and may go cold; the active one stays open. */
    private volatile boolean sealed;
    private final OffsetIndex offsetIndex;
    private final TimeIndex timeIndex;
    private volatile int size;
    private int bytesSinceLastIndexEntry;
    private volatile long maxTimestampSoFar = RecordBatch.NO_TIMESTAMP;
    private volatile long offsetOfMaxTimestampSoFar;
    private volatile long rollingBasedTimestamp = RecordBatch.NO_TIMESTAMP;
    private final long createdMs;

    private LogSegment(Path dir, long baseOffset, LogConfig config, long nowMs, boolean preallocateIndexes,
                       SegmentHandles handles) throws IOException {
        this.baseOffset = baseOffset;
        this.handles = handles;
        this.sealed = !preallocateIndexes;
        this.indexIntervalBytes = config.indexIntervalBytes();
        this.logFile = LogFiles.logFile(dir, baseOffset);
        this.channel = FileChannel.open(logFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        int indexBytes = preallocateIndexes ? config.segmentIndexBytes() : 0;
        this.offsetIndex = new OffsetIndex(LogFiles.offsetIndexFile(dir, baseOffset), baseOffset, indexBytes);
        this.timeIndex = new TimeIndex(LogFiles.timeIndexFile(dir, baseOffset), baseOffset, indexBytes);
        offsetIndex.onSealedUse(this::touchIfSealed);
        timeIndex.onSealedUse(this::touchIfSealed);
        long len = channel.size();
        if (len > Integer.MAX_VALUE) {
            throw new IOException("Segment " + logFile + " larger than 2 GiB");
        }
        this.size = (int) len;
        this.createdMs = nowMs;
        this.offsetOfMaxTimestampSoFar = baseOffset;
    }

    /** Creates a new, empty active segment (files created, indexes preallocated). */
    static LogSegment create(Path dir, long baseOffset, LogConfig config, long nowMs, SegmentHandles handles)
            throws IOException {
        Files.deleteIfExists(LogFiles.logFile(dir, baseOffset));
        Files.deleteIfExists(LogFiles.offsetIndexFile(dir, baseOffset));
        Files.deleteIfExists(LogFiles.timeIndexFile(dir, baseOffset));
        return new LogSegment(dir, baseOffset, config, nowMs, true, handles);
    }

    /**
     * Opens an existing segment; when {@code active} its indexes are grown back to the preallocated size. The
     * caller recovers it or checks its indexes.
     */
    static LogSegment open(Path dir, long baseOffset, LogConfig config, long nowMs, boolean active,
                           SegmentHandles handles) throws IOException {
        LogSegment s = new LogSegment(dir, baseOffset, config, nowMs, active, handles);
        s.loadTimestampState();
        return s;
    }

    long baseOffset() {
        return baseOffset;
    }

    int size() {
        return size;
    }

    /** The open log file, reopened if the segment went cold; counts as a use for the handle cache. */
    FileChannel channel() throws IOException {
        FileChannel c = channel;
        if (c == null) {
            synchronized (this) {
                c = channel;
                if (c == null) {
                    c = FileChannel.open(logFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
                    channel = c;
                }
            }
        }
        touchIfSealed();
        return c;
    }

    /** Counts a use of this segment's open resources for the bounded cache (sealed segments only). */
    private void touchIfSealed() {
        if (sealed && handles != null) {
            handles.touch(this);
        }
    }

    /**
     * Called by {@link SegmentHandles} when this sealed segment is evicted: unmaps its indexes (a lookup still
     * running keeps its mapping until done), forgets the descriptor and closes it after {@code delayMs}, so a region
     * handed to a fetch just before stays readable. Everything reopens on the next use.
     */
    void evict(Scheduler scheduler, long delayMs) {
        if (!sealed) {
            return;
        }
        offsetIndex.unmapIfSealed();
        timeIndex.unmapIfSealed();
        FileChannel c;
        synchronized (this) {
            c = channel;
            if (c == null || !sealed) {
                return;
            }
            channel = null;
        }
        scheduler.schedule("close-cold-" + logFile.getFileName(), () -> closeQuietly(c), delayMs);
    }

    private static void closeQuietly(FileChannel c) {
        try {
            c.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }

    Path logFile() {
        return logFile;
    }

    OffsetIndex offsetIndex() {
        return offsetIndex;
    }

    TimeIndex timeIndex() {
        return timeIndex;
    }

    long maxTimestampSoFar() {
        return maxTimestampSoFar;
    }

    /** The largest timestamp in the segment, or its last-modified time when it has none (Kafka's rule). */
    long largestTimestamp() {
        if (maxTimestampSoFar >= 0) {
            return maxTimestampSoFar;
        }
        try {
            return Files.getLastModifiedTime(logFile).toMillis();
        } catch (IOException e) {
            return createdMs;
        }
    }

    /** Whether another {@code bytes} bytes with last offset {@code lastOffset} would need a new segment. */
    boolean shouldRoll(int bytes, long lastOffset, long nowMs, long segmentMs, int segmentBytes) {
        boolean aged = size > 0 && nowMs - rollingBase() > segmentMs;
        return size > segmentBytes - bytes
                || aged
                || offsetIndex.isFull()
                || timeIndex.isFull()
                || !offsetIndex.canAppendOffset(lastOffset);
    }

    /** The first batch's max timestamp, or the segment's creation time when it has none (Kafka's roll base). */
    long firstBatchTimestamp() {
        return rollingBase();
    }

    private long rollingBase() {
        long t = rollingBasedTimestamp;
        return t >= 0 ? t : createdMs;
    }

    /**
     * Appends whole batches (offsets already assigned) in one write, then indexes them batch by batch and
     * publishes the new size.
     *
     * @param batches the batches, from position to limit; not modified
     * @param views a view of each of those batches, in order (as validation made them)
     */
    void append(ByteBuffer batches, List<RecordBatch> views) throws IOException {
        int start = size;
        ByteBuffer src = batches.duplicate();
        FileChannel out = channel();
        // Positional writes: one pwrite(2) per append, no lseek(2) before it, and the channel's own
        // position is never relied on (a reopened cold channel starts at 0).
        long at = start;
        while (src.hasRemaining()) {
            at += out.write(src, at);
        }
        int physical = start;
        for (RecordBatch b : views) {
            indexBatch(b.lastOffset(), BatchHeader.indexedTimestamp(b.recordCount(), b.maxTimestamp()), physical);
            countBytes(b.sizeInBytes());
            physical += b.sizeInBytes();
        }
        size = physical;
    }

    private void indexBatch(long lastOffset, long batchMaxTimestamp, int physicalPosition) {
        if (rollingBasedTimestamp < 0 && physicalPosition == 0) {
            rollingBasedTimestamp = batchMaxTimestamp >= 0 ? batchMaxTimestamp : createdMs;
        }
        if (batchMaxTimestamp > maxTimestampSoFar) {
            maxTimestampSoFar = batchMaxTimestamp;
            offsetOfMaxTimestampSoFar = lastOffset;
        }
        // A large append can add many entries at once; when the index fills mid-append the index just gets
        // sparser (lookups scan a little further) and the next append rolls.
        if (bytesSinceLastIndexEntry > indexIntervalBytes && !offsetIndex.isFull() && !timeIndex.isFull()) {
            offsetIndex.append(lastOffset, physicalPosition);
            timeIndex.maybeAppend(maxTimestampSoFar, offsetOfMaxTimestampSoFar, false);
            bytesSinceLastIndexEntry = 0;
        }
    }

    /** Adds the size of the batch just indexed; split from indexBatch so recovery shares the rule. */
    private void countBytes(int batchSize) {
        bytesSinceLastIndexEntry += batchSize;
    }

    /**
     * The first batch whose last offset is at least {@code offset}, searching from the offset index, or null if
     * the segment holds no such batch below {@code end}.
     */
    BatchHeader translateOffset(long offset, int end) throws IOException {
        int startPos = offsetIndex.lookup(offset).position();
        ByteBuffer scratch = BatchHeader.scratch();
        int pos = startPos;
        while (pos < end) {
            BatchHeader h = BatchHeader.read(channel(), pos, end, scratch);
            if (h == null) {
                return null;
            }
            if (h.lastOffset() >= offset) {
                return h;
            }
            pos += h.sizeInBytes();
        }
        return null;
    }

    /** The first batch at or after {@code startingOffset} whose max timestamp is at least {@code timestamp}. */
    BatchHeader findByTimestamp(long timestamp, long startingOffset) throws IOException {
        TimeIndex.Entry te = timeIndex.lookup(timestamp);
        long from = Math.max(te.offset(), startingOffset);
        int pos = offsetIndex.lookup(from).position();
        int end = size;
        ByteBuffer scratch = BatchHeader.scratch();
        while (pos < end) {
            BatchHeader h = BatchHeader.read(channel(), pos, end, scratch);
            if (h == null) {
                return null;
            }
            if (h.indexedTimestamp() >= timestamp && h.lastOffset() >= startingOffset) {
                return h;
            }
            pos += h.sizeInBytes();
        }
        return null;
    }

    /** The last complete batch of the segment, or null when empty (walks from the last index entry). */
    BatchHeader lastBatch() throws IOException {
        int pos = offsetIndex.lastEntry().position();
        int end = size;
        ByteBuffer scratch = BatchHeader.scratch();
        BatchHeader last = null;
        while (pos < end) {
            BatchHeader h = BatchHeader.read(channel(), pos, end, scratch);
            if (h == null) {
                break;
            }
            last = h;
            pos += h.sizeInBytes();
        }
        return last;
    }

    /**
     * Validates every batch from the start, rebuilding both indexes; truncates at the first torn, corrupt or
     * out-of-order batch. Each valid batch is passed to {@code onBatch} (producer state rebuild).
     *
     * @return bytes truncated
     */
    int recover(int maxBatchBytes, Consumer<RecordBatch> onBatch) throws IOException {
        offsetIndex.reset();
        timeIndex.reset();
        bytesSinceLastIndexEntry = 0;
        maxTimestampSoFar = RecordBatch.NO_TIMESTAMP;
        offsetOfMaxTimestampSoFar = baseOffset;
        rollingBasedTimestamp = RecordBatch.NO_TIMESTAMP;
        int fileEnd = (int) Math.min(channel().size(), Integer.MAX_VALUE);
        ByteBuffer scratch = BatchHeader.scratch();
        int pos = 0;
        long expectedNext = baseOffset;
        while (pos < fileEnd) {
            BatchHeader h = BatchHeader.read(channel(), pos, fileEnd, scratch);
            if (h == null || h.magic() != RecordBatch.MAGIC || h.baseOffset() < expectedNext
                    || h.lastOffset() < h.baseOffset() || h.sizeInBytes() > Math.max(maxBatchBytes, 1 << 20) * 2L) {
                break;
            }
            ByteBuffer whole = ByteBuffer.allocate(h.sizeInBytes());
            readFully(whole, pos);
            RecordBatch b;
            try {
                b = RecordBatch.view(whole, 0);
                b.ensureValid();
            } catch (CorruptRecordException | io.skiff.wire.protocol.DecodeException e) {
                break;
            }
            onBatch.accept(b);
            indexBatch(h.lastOffset(), h.indexedTimestamp(), pos);
            countBytes(h.sizeInBytes());
            pos += h.sizeInBytes();
            expectedNext = h.nextOffset();
        }
        int truncated = fileEnd - pos;
        if (truncated > 0) {
            channel().truncate(pos);
        }
        size = pos;
        return truncated;
    }

    private void readFully(ByteBuffer dst, long position) throws IOException {
        while (dst.hasRemaining()) {
            if (channel().read(dst, position + dst.position()) < 0) {
                throw new IOException("Unexpected end of " + logFile);
            }
        }
    }

    /**
     * Calls {@code action} with a whole-batch view of every batch whose base offset is at least {@code fromOffset}
     * (producer-state replay, compaction). Reads each batch into its own buffer, so the view stays valid.
     */
    void forEachBatch(long fromOffset, Consumer<RecordBatch> action) throws IOException {
        int end = size;
        ByteBuffer scratch = BatchHeader.scratch();
        int pos = 0;
        while (pos < end) {
            BatchHeader h = BatchHeader.read(channel(), pos, end, scratch);
            if (h == null) {
                break;
            }
            if (h.baseOffset() >= fromOffset) {
                action.accept(RecordBatch.view(readBytes(pos, h.sizeInBytes()), 0));
            }
            pos += h.sizeInBytes();
        }
    }

    /** Reads {@code length} bytes at {@code position} into a new buffer (compaction, tests). */
    ByteBuffer readBytes(int position, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        readFully(b, position);
        return b.flip();
    }

    /** Restores max timestamp state from the time index tail (sealed segments need no scan). */
    private void loadTimestampState() throws IOException {
        TimeIndex.Entry last = timeIndex.lastEntry();
        if (last.timestamp() >= 0) {
            maxTimestampSoFar = last.timestamp();
            offsetOfMaxTimestampSoFar = last.offset();
        }
        if (size > 0) {
            BatchHeader first = BatchHeader.read(channel(), 0, size, BatchHeader.scratch());
            if (first != null) {
                rollingBasedTimestamp = first.maxTimestamp() >= 0 ? first.maxTimestamp() : createdMs;
            }
            // Batches after the last time index entry may carry a larger timestamp.
            int pos = offsetIndex.lookup(last.offset()).position();
            ByteBuffer scratch = BatchHeader.scratch();
            while (pos < size) {
                BatchHeader h = BatchHeader.read(channel(), pos, size, scratch);
                if (h == null) {
                    break;
                }
                if (h.indexedTimestamp() > maxTimestampSoFar) {
                    maxTimestampSoFar = h.indexedTimestamp();
                    offsetOfMaxTimestampSoFar = h.lastOffset();
                }
                pos += h.sizeInBytes();
            }
        }
    }

    /**
     * Removes every batch at or after {@code offset} (which must be a batch's base offset or beyond the segment).
     *
     * @return bytes removed
     */
    int truncateTo(long offset) throws IOException {
        BatchHeader h = translateOffset(offset, size);
        if (h == null) {
            return 0;
        }
        int newSize = h.position();
        int removed = size - newSize;
        offsetIndex.truncateTo(offset);
        timeIndex.truncateTo(offset);
        size = newSize;
        channel().truncate(newSize);
        // Recompute timestamp state and the index interval counter from what remains.
        maxTimestampSoFar = RecordBatch.NO_TIMESTAMP;
        offsetOfMaxTimestampSoFar = baseOffset;
        loadTimestampState();
        bytesSinceLastIndexEntry = newSize - offsetIndex.lastEntry().position();
        if (newSize == 0) {
            rollingBasedTimestamp = RecordBatch.NO_TIMESTAMP;
            bytesSinceLastIndexEntry = 0;
        }
        return removed;
    }

    /** The segment stops being active: write the final time index entry and trim the indexes (Kafka's roll). */
    void onBecomeInactive() {
        sealed = true;
        if (maxTimestampSoFar >= 0) {
            timeIndex.maybeAppend(maxTimestampSoFar, offsetOfMaxTimestampSoFar, true);
        }
        offsetIndex.trimToValidSize();
        timeIndex.trimToValidSize();
    }

    /** Re-grows the indexes to {@code indexBytes} for appends (the segment became active again after a truncate). */
    void makeActive(int indexBytes) {
        forget();
        sealed = false;
        offsetIndex.resize(indexBytes);
        timeIndex.resize(indexBytes);
    }

    void flush() throws IOException {
        channel().force(true);
        offsetIndex.flush();
        timeIndex.flush();
    }

    /** Renames the three files with {@code suffix} appended (e.g. {@code .deleted}). */
    void renameWithSuffix(String suffix) throws IOException {
        Path target = logFile.resolveSibling(logFile.getFileName() + suffix);
        // Replaces a same-named file still waiting for its delayed delete (a log truncated fully twice
        // within file.delete.delay.ms); that file is deleted anyway, and open readers keep its inode.
        Files.move(logFile, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        logFile = target;
        offsetIndex.renameTo(offsetIndex.file().resolveSibling(offsetIndex.file().getFileName() + suffix));
        timeIndex.renameTo(timeIndex.file().resolveSibling(timeIndex.file().getFileName() + suffix));
    }

    private synchronized void closeChannel() throws IOException {
        FileChannel c = channel;
        if (c != null) {
            c.close();
        }
    }

    private void forget() {
        if (handles != null) {
            handles.forget(this);
        }
    }

    /** Renames the index files aside (a cleaned file is about to replace the log file under the same name). */
    void detachIndexes(String suffix) throws IOException {
        offsetIndex.renameTo(offsetIndex.file().resolveSibling(offsetIndex.file().getFileName() + suffix));
        timeIndex.renameTo(timeIndex.file().resolveSibling(timeIndex.file().getFileName() + suffix));
    }

    /**
     * Closes a segment whose log file name now belongs to its replacement: only the channel is closed and the
     * set-aside index files deleted.
     */
    void closeDetached() {
        try {
            forget();
            closeChannel();
            offsetIndex.deleteIfExists();
            timeIndex.deleteIfExists();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot close replaced segment " + logFile, e);
        }
    }

    /** Closes the channel (indexes trimmed) without deleting. */
    @Override
    public void close() {
        try {
            offsetIndex.close();
            timeIndex.close();
            forget();
            closeChannel();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot close " + logFile, e);
        }
    }

    /** Releases the descriptor and mappings without flushing or trimming anything (Kafka's {@code closeHandlers}). */
    void closeHandlers() throws IOException {
        forget();
        offsetIndex.closeHandler();
        timeIndex.closeHandler();
        closeChannel();
    }

    /** Closes and removes the files. */
    void closeAndDelete() throws IOException {
        forget();
        closeChannel();
        Files.deleteIfExists(logFile);
        offsetIndex.deleteIfExists();
        timeIndex.deleteIfExists();
    }

    @Override
    public String toString() {
        return "LogSegment(baseOffset=" + baseOffset + ", size=" + size + ")";
    }
}
