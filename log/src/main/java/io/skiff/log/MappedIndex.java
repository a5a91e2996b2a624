package io.skiff.log;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A memory-mapped file of fixed-size big-endian entries sorted by key, the shared machinery of {@link OffsetIndex}
 * and {@link TimeIndex}.
 *
 * <p>Invariants: entries {@code [0, entries)} are valid and strictly increasing in key; a writable index is
 * preallocated to {@code maxIndexSize} (rounded down to a whole entry) so appends never grow the file, and
 * {@link #trimToValidSize()} shrinks it to exactly the valid entries, as Kafka leaves sealed segments' indexes.
 * An existing file opened again is taken to hold {@code length / entrySize} entries; trailing all-zero entries of
 * a crashed, preallocated file are dropped by the owner's sanity check or recovery rebuild.
 *
 * <p>Thread-safety: mutations take the lock; lookups read a volatile snapshot of the mapping and the entry count,
 * so a reader concurrent with an append sees either the old or the new last entry, never a torn one (the count is
 * published after the entry bytes are written).
 */
abstract class MappedIndex implements AutoCloseable {
    protected final ReentrantLock lock = new ReentrantLock();
    private final int entrySize;
    protected final long baseOffset;
    private volatile Path file;
    private volatile int maxIndexSize;
    private volatile MappedByteBuffer mmap;
    private volatile int entries;
    private int maxEntries;

    MappedIndex(Path file, long baseOffset, int maxIndexSize, int entrySize) {
        this.file = file;
        this.baseOffset = baseOffset;
        this.entrySize = entrySize;
        try {
            boolean existed = Files.exists(file) && Files.size(file) > 0;
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                long length = raf.length();
                int validBytes = existed ? (int) (length - length % entrySize) : 0;
                int target = Math.max(roundDown(maxIndexSize), validBytes);
                raf.setLength(target);
                this.maxIndexSize = target;
                this.mmap = raf.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, target);
                this.entries = validBytes / entrySize;
                this.maxEntries = target / entrySize;
                this.mmap.position(validBytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open index " + file, e);
        }
    }

    private int roundDown(int n) {
        return n - n % entrySize;
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

    public boolean isFull() {
        return entries >= maxEntries;
    }

    /** A read-only view for lookups; its position is irrelevant, reads are absolute. */
    protected final ByteBuffer view() {
        return mmap.duplicate();
    }

    /** Appends one entry written by {@code writer} at the end; caller holds the lock and checked order. */
    protected final void appendEntry(java.util.function.Consumer<ByteBuffer> writer) {
        if (entries >= maxEntries) {
            throw new IllegalStateException("Index " + file + " is full (" + entries + " entries)");
        }
        MappedByteBuffer m = mmap;
        m.position(entries * entrySize);
        writer.accept(m);
        entries = entries + 1;
    }

    /** Keeps only the first {@code n} entries. */
    protected final void truncateToEntries(int n) {
        lock.lock();
        try {
            int keep = Math.max(0, Math.min(n, entries));
            entries = keep;
            mmap.position(keep * entrySize);
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

    /** Shrinks the file to exactly the valid entries (roll and close), as Kafka leaves sealed indexes. */
    public void trimToValidSize() {
        resize(entries * entrySize);
    }

    /** Re-maps the file at {@code newSize} bytes (rounded down to whole entries), keeping valid entries. */
    public void resize(int newSize) {
        lock.lock();
        try {
            int rounded = Math.max(roundDown(newSize), entries * entrySize);
            if (rounded == maxIndexSize) {
                return;
            }
            mmap.force();
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                raf.setLength(rounded);
                MappedByteBuffer m = raf.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, rounded);
                m.position(entries * entrySize);
                mmap = m;
                maxIndexSize = rounded;
                maxEntries = rounded / entrySize;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot resize index " + file, e);
        } finally {
            lock.unlock();
        }
    }

    public void flush() {
        lock.lock();
        try {
            mmap.force();
        } finally {
            lock.unlock();
        }
    }

    /** Renames the file (e.g. to {@code .deleted} or from {@code .cleaned}); the mapping stays valid. */
    public void renameTo(Path target) throws IOException {
        lock.lock();
        try {
            Files.move(file, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            file = target;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        trimToValidSize();
    }

    public void deleteIfExists() throws IOException {
        Files.deleteIfExists(file);
    }
}
