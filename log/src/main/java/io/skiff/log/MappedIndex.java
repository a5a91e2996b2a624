package io.skiff.log;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A memory-mapped file of fixed-size big-endian entries sorted by key, the shared machinery of {@link OffsetIndex}
 * and {@link TimeIndex}.
 *
 * <p>Two states. <b>Writable</b> (the active segment's indexes, or any index created with a size): preallocated to
 * {@code maxIndexSize} (rounded down to a whole entry) so appends never grow the file, and always mapped read-write.
 * <b>Sealed</b> (opened with size 0, or after {@link #trimToValidSize()}): the file holds exactly its valid entries,
 * is mapped read-only only while in use and may be unmapped at any time by {@link #unmapIfSealed()} (the owner's
 * bounded cache, {@link SegmentHandles}, evicting a cold segment) and mapped again on the next lookup. So a broker
 * with thousands of sealed segments holds at most the cache's bound of index mappings, as Kafka's lazy indexes do.
 *
 * <p>Invariants: entries {@code [0, entries)} are valid and strictly increasing in key. An existing file opened
 * again is taken to hold {@code length / entrySize} entries; trailing all-zero entries of a crashed, preallocated
 * file are dropped by the owner's sanity check or recovery rebuild.
 *
 * <p>Unmapping is deterministic ({@link Unmapper}) and therefore dangerous: touching an unmapped buffer crashes the
 * JVM. Every use of a mapping holds a reference on it ({@link Mapping}); the index itself holds one while the
 * mapping is current. Replacing or dropping the mapping only gives up the index's reference; the buffer is unmapped
 * when the last reader releases its own, so a lookup racing an eviction finishes on the old mapping.
 *
 * <p>Thread-safety: mutations and (re)mapping take the lock; lookups are lock-free on a retained mapping and a
 * volatile entry count, so a reader concurrent with an append sees either the old or the new last entry, never a
 * torn one (the count is published after the entry bytes are written).
 */
abstract class MappedIndex implements AutoCloseable {
    private static final AtomicInteger LIVE_MAPPINGS = new AtomicInteger();

    protected final ReentrantLock lock = new ReentrantLock();
    private final int entrySize;
    protected final long baseOffset;
    private volatile Path file;
    /** The file's length: preallocated while writable, exactly the valid entries while sealed. */
    private volatile int maxIndexSize;
    /** The current mapping, or null while a sealed index is unmapped. */
    private volatile Mapping mapping;
    private volatile boolean writable;
    private volatile int entries;
    private int maxEntries;
    /** Whether entries were written since the file was last forced (through the mapping or the file). */
    private boolean dirty;
    /** Told whenever a sealed index is used, so the owner's cache sees the use (and may evict others). */
    private volatile Runnable onSealedUse = () -> { };

    /** A mapped buffer with a reference count; unmapped when the count reaches zero. */
    private static final class Mapping {
        final MappedByteBuffer buffer;
        private final AtomicInteger refs = new AtomicInteger(1);

        Mapping(MappedByteBuffer buffer) {
            this.buffer = buffer;
            LIVE_MAPPINGS.incrementAndGet();
        }

        /** Takes a reference unless the mapping is already gone. */
        boolean retain() {
            while (true) {
                int r = refs.get();
                if (r == 0) {
                    return false;
                }
                if (refs.compareAndSet(r, r + 1)) {
                    return true;
                }
            }
        }

        void release() {
            if (refs.decrementAndGet() == 0) {
                LIVE_MAPPINGS.decrementAndGet();
                Unmapper.unmap(buffer);
            }
        }
    }

    /**
     * @param maxIndexSize above 0: open writable, preallocated to this size (never below the valid entries); 0: open
     *     sealed, unmapped until first used
     */
    MappedIndex(Path file, long baseOffset, int maxIndexSize, int entrySize) {
        this.file = file;
        this.baseOffset = baseOffset;
        this.entrySize = entrySize;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            long length = raf.length();
            int validBytes = (int) (length - length % entrySize);
            int target = Math.max(roundDown(maxIndexSize), validBytes);
            if (target != length) {
                raf.setLength(target);
            }
            this.maxIndexSize = target;
            this.entries = validBytes / entrySize;
            this.maxEntries = target / entrySize;
            this.writable = maxIndexSize > 0;
            if (writable) {
                this.mapping = map(raf, target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open index " + file, e);
        }
    }

    private int roundDown(int n) {
        return n - n % entrySize;
    }

    private Mapping map(RandomAccessFile raf, int length) throws IOException {
        FileChannel.MapMode mode = writable ? FileChannel.MapMode.READ_WRITE : FileChannel.MapMode.READ_ONLY;
        MappedByteBuffer m = raf.getChannel().map(mode, 0, length);
        m.position(Math.min(entries * entrySize, length));
        return new Mapping(m);
    }

    /** Index mappings currently alive in this JVM (tests, metrics). */
    static int liveMappings() {
        return LIVE_MAPPINGS.get();
    }

    /** Registers the callback told about every use of this index while sealed (the owner's cache). */
    final void onSealedUse(Runnable callback) {
        this.onSealedUse = callback;
    }

    final int entrySize() {
        return entrySize;
    }

    public final long baseOffset() {
        return baseOffset;
    }

    public final Path file() {
        return file;
    }

    public final int entries() {
        return entries;
    }

    public final int maxEntries() {
        return maxEntries;
    }

    /** The bytes the valid entries occupy. */
    public final int sizeInBytes() {
        return entries * entrySize;
    }

    /** Whether the index is mapped right now (tests, the cache). */
    final boolean isMapped() {
        return mapping != null;
    }

    public boolean isFull() {
        return entries >= maxEntries;
    }

    /**
     * Runs {@code reader} on a read-only view of the mapping (absolute reads; its position is irrelevant), mapping
     * a sealed index first if it is not mapped. The mapping cannot be unmapped while {@code reader} runs; the view
     * must not escape it.
     */
    protected final <T> T read(Function<ByteBuffer, T> reader) {
        Mapping m = acquire();
        try {
            return reader.apply(m.buffer.duplicate());
        } finally {
            m.release();
        }
    }

    private Mapping acquire() {
        while (true) {
            Mapping m = mapping;
            if (m != null && m.retain()) {
                // Not while holding the lock: the cache may evict (and so lock) another index right here.
                if (!writable && !lock.isHeldByCurrentThread()) {
                    onSealedUse.run();
                }
                return m;
            }
            lock.lock();
            try {
                if (mapping == null) {
                    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), writable ? "rw" : "r")) {
                        mapping = map(raf, maxIndexSize);
                    } catch (IOException e) {
                        throw new UncheckedIOException("Cannot map index " + file, e);
                    }
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** The writable mapping; caller holds the lock. */
    private MappedByteBuffer writableBufferLocked() {
        if (!writable) {
            throw new IllegalStateException("Index " + file + " is sealed");
        }
        return mapping.buffer;
    }

    /** Appends one entry written by {@code writer} at the end; caller holds the lock and checked order. */
    protected final void appendEntry(java.util.function.Consumer<ByteBuffer> writer) {
        if (entries >= maxEntries) {
            throw new IllegalStateException("Index " + file + " is full (" + entries + " entries)");
        }
        MappedByteBuffer m = writableBufferLocked();
        m.position(entries * entrySize);
        writer.accept(m);
        dirty = true;
        entries = entries + 1;
    }

    /** Keeps only the first {@code n} entries. */
    protected final void truncateToEntries(int n) {
        lock.lock();
        try {
            entries = Math.max(0, Math.min(n, entries));
            if (writable) {
                mapping.buffer.position(entries * entrySize);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Drops every entry. */
    public void reset() {
        truncateToEntries(0);
    }

    /**
     * Binary search for the last entry whose key (read by {@code keyAt}) is at most {@code target}; -1 if none.
     */
    protected final int largestLowerBound(ByteBuffer idx, int n, long target, KeyReader keyAt) {
        if (n == 0 || keyAt.key(idx, 0) > target) {
            return -1;
        }
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (keyAt.key(idx, mid) <= target) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** Reads the search key of entry {@code i}. */
    @FunctionalInterface
    protected interface KeyReader {
        long key(ByteBuffer idx, int i);
    }

    /**
     * Seals the index: forces it, shrinks the file to exactly the valid entries (as Kafka leaves sealed indexes) and
     * gives up the mapping; the next lookup maps the trimmed file read-only.
     */
    public void trimToValidSize() {
        lock.lock();
        try {
            int valid = entries * entrySize;
            dropMappingLocked();
            if (valid != maxIndexSize) {
                try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                    raf.setLength(valid);
                }
            }
            writable = false;
            maxIndexSize = valid;
            maxEntries = entries;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot trim index " + file, e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Makes the index writable again at {@code newSize} bytes (rounded down to whole entries, never below the valid
     * entries) and maps it read-write: the segment became active again after a truncation.
     */
    public void resize(int newSize) {
        lock.lock();
        try {
            int rounded = Math.max(roundDown(newSize), entries * entrySize);
            if (writable && rounded == maxIndexSize) {
                return;
            }
            dropMappingLocked();
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                raf.setLength(rounded);
                writable = true;
                maxIndexSize = rounded;
                maxEntries = rounded / entrySize;
                mapping = map(raf, rounded);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot resize index " + file, e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Gives up the mapping of a sealed index (its segment went cold); readers still holding it finish first. A
     * writable index stays mapped. Returns whether a mapping was dropped.
     */
    boolean unmapIfSealed() {
        lock.lock();
        try {
            if (writable || mapping == null) {
                return false;
            }
            dropMappingLocked();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Gives up the index's reference on the mapping. Dirty pages need no msync here: they stay in the page cache
     * and reach the disk with normal writeback, as Kafka leaves them at a roll; {@link #flush()} forces them through
     * the file when the log's recovery point moves.
     */
    private void dropMappingLocked() {
        Mapping m = mapping;
        if (m == null) {
            return;
        }
        mapping = null;
        m.release();
    }

    /** Forces written entries to disk: through the mapping when mapped, else through the file. */
    public void flush() {
        lock.lock();
        try {
            if (!dirty) {
                return;
            }
            if (mapping != null) {
                mapping.buffer.force();
            } else {
                try (FileChannel ch = FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
            }
            dirty = false;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot flush index " + file, e);
        } finally {
            lock.unlock();
        }
    }

    /** Renames the file (e.g. to {@code .deleted} or from {@code .cleaned}); a mapping stays valid. */
    public void renameTo(Path target) throws IOException {
        lock.lock();
        try {
            Files.move(file, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            file = target;
        } finally {
            lock.unlock();
        }
    }

    /** Trims to the valid entries and unmaps (until the next lookup maps it again). */
    @Override
    public void close() {
        trimToValidSize();
    }

    /** Unmaps without forcing or trimming anything: what a crash leaves (Kafka's {@code closeHandler}). */
    void closeHandler() {
        lock.lock();
        try {
            dirty = false;
            dropMappingLocked();
            writable = false;
        } finally {
            lock.unlock();
        }
    }

    /** Unmaps and deletes the file. */
    public void deleteIfExists() throws IOException {
        lock.lock();
        try {
            dirty = false;
            dropMappingLocked();
            writable = false;
            Files.deleteIfExists(file);
        } finally {
            lock.unlock();
        }
    }
}
