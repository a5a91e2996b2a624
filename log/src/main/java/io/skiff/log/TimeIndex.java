package io.skiff.log;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * A segment's sparse time index ({@code <base offset>.timeindex}), Kafka's format: 12-byte big-endian entries of
 * {@code int64 timestamp, int32 relativeOffset}: the largest timestamp seen so far in the segment and the last
 * offset of the batch that carried it.
 *
 * <p>Invariants: timestamps strictly increase and offsets never decrease; an entry whose timestamp is not above
 * the last is silently skipped (only monotonic timestamps are indexed). Like Kafka, one slot is kept free while the
 * segment is active so the final entry can always be written when it rolls.
 *
 * <p>Thread-safety: as {@link MappedIndex}.
 */
public final class TimeIndex extends MappedIndex {
    static final int ENTRY_SIZE = 12;
    /** Kafka's "no timestamp". */
    public static final long NO_TIMESTAMP = -1L;

    /** An entry in absolute terms. */
    public record Entry(long timestamp, long offset) {}

    public TimeIndex(Path file, long baseOffset, int maxIndexSize) {
        super(file, baseOffset, maxIndexSize, ENTRY_SIZE);
    }

    private static long timestampAt(ByteBuffer idx, int i) {
        return idx.getLong(i * ENTRY_SIZE);
    }

    private Entry entryAt(ByteBuffer idx, int i) {
        return new Entry(idx.getLong(i * ENTRY_SIZE), baseOffset + idx.getInt(i * ENTRY_SIZE + 8));
    }

    public Entry entry(int i) {
        return read(idx -> entryAt(idx, i));
    }

    /** The last entry, or {@code (NO_TIMESTAMP, baseOffset)} when empty. */
    public Entry lastEntry() {
        int n = entries();
        return n == 0 ? new Entry(NO_TIMESTAMP, baseOffset) : entry(n - 1);
    }

    @Override
    public boolean isFull() {
        return entries() >= maxEntries() - 1;
    }

    /**
     * Adds {@code (timestamp, offset)} if the timestamp is above the last one. {@code skipFullCheck} lets the roll
     * write the final entry into the slot kept free for it.
     */
    public void maybeAppend(long timestamp, long offset, boolean skipFullCheck) {
        lock.lock();
        try {
            if (!skipFullCheck && isFull()) {
                throw new IllegalStateException("Time index " + file() + " is full");
            }
            int n = entries();
            Entry last = lastEntry();
            if (n > 0 && offset < last.offset()) {
                throw new IllegalArgumentException("Time index offset " + offset + " below last " + last.offset());
            }
            if (n > 0 && timestamp <= last.timestamp()) {
                return;
            }
            if (n >= maxEntries()) {
                return;
            }
            int rel = (int) (offset - baseOffset);
            appendEntry(b -> {
                b.putLong(timestamp);
                b.putInt(rel);
            });
        } finally {
            lock.unlock();
        }
    }

    /** The last entry whose timestamp is at most {@code target}, or {@code (NO_TIMESTAMP, baseOffset)}. */
    public Entry lookup(long target) {
        int n = entries();
        if (n == 0) {
            return new Entry(NO_TIMESTAMP, baseOffset);
        }
        return read(idx -> {
            int slot = largestLowerBound(idx, n, target, TimeIndex::timestampAt);
            return slot < 0 ? new Entry(NO_TIMESTAMP, baseOffset) : entryAt(idx, slot);
        });
    }

    /** Removes every entry for offsets at or above {@code offset}. */
    public void truncateTo(long offset) {
        lock.lock();
        try {
            int n = entries();
            int keep = n == 0 ? 0 : read(idx -> {
                int k = n;
                while (k > 0 && entryAt(idx, k - 1).offset() >= offset) {
                    k--;
                }
                return k;
            });
            truncateToEntries(keep);
        } finally {
            lock.unlock();
        }
    }

    /** Checks the entries are whole and monotonic. */
    public void sanityCheck() {
        int n = entries();
        if (n < 2) {
            return;
        }
        read(idx -> {
            for (int i = 1; i < n; i++) {
                Entry a = entryAt(idx, i - 1);
                Entry b = entryAt(idx, i);
                if (b.timestamp() <= a.timestamp() || b.offset() < a.offset()) {
                    throw new CorruptIndexException("Time index " + file() + " entry " + i + " out of order");
                }
            }
            return null;
        });
    }
}
