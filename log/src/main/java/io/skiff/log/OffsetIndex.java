package io.skiff.log;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * A segment's sparse offset index ({@code <base offset>.index}), Kafka's format: 8-byte big-endian entries of
 * {@code int32 relativeOffset, int32 position}, where {@code relativeOffset = offset - baseOffset} is the last
 * offset of a batch that starts at byte {@code position} of the {@code .log} file.
 *
 * <p>Invariants: relative offsets and positions are strictly increasing; an entry is added at most every
 * {@code index.interval.bytes} of log. Finding offset {@code o}: take the last entry {@code <= o}, then scan the
 * log forward from its position.
 *
 * <p>Thread-safety: as {@link MappedIndex}; appends are made by the single appending thread of the log. Every
 * lookup holds the mapping for its whole search, so a concurrent unmap of a cold index waits for it.
 */
public final class OffsetIndex extends MappedIndex {
    static final int ENTRY_SIZE = 8;

    /** An index entry in absolute terms. */
    public record Entry(long offset, int position) {}

    public OffsetIndex(Path file, long baseOffset, int maxIndexSize) {
        super(file, baseOffset, maxIndexSize, ENTRY_SIZE);
    }

    private static long relative(ByteBuffer idx, int i) {
        return idx.getInt(i * ENTRY_SIZE);
    }

    private Entry entryAt(ByteBuffer idx, int i) {
        return new Entry(baseOffset + idx.getInt(i * ENTRY_SIZE), idx.getInt(i * ENTRY_SIZE + 4));
    }

    public Entry entry(int i) {
        return read(idx -> entryAt(idx, i));
    }

    /** The last entry, or {@code (baseOffset, 0)} when empty. */
    public Entry lastEntry() {
        int n = entries();
        return n == 0 ? new Entry(baseOffset, 0) : entry(n - 1);
    }

    /** The last entry whose offset is at most {@code target}, or {@code (baseOffset, 0)}. */
    public Entry lookup(long target) {
        int n = entries();
        if (n == 0) {
            return new Entry(baseOffset, 0);
        }
        return read(idx -> {
            int slot = largestLowerBound(idx, n, target - baseOffset, OffsetIndex::relative);
            return slot < 0 ? new Entry(baseOffset, 0) : entryAt(idx, slot);
        });
    }

    /**
     * Adds an entry; offsets must increase and fit a relative int.
     *
     * @throws IllegalArgumentException when out of order or not representable
     */
    public void append(long offset, int position) {
        lock.lock();
        try {
            int n = entries();
            if (n > 0) {
                Entry last = entry(n - 1);
                if (offset <= last.offset() || position <= last.position()) {
                    throw new IllegalArgumentException("Index entry (" + offset + ", " + position
                            + ") not after last (" + last.offset() + ", " + last.position() + ") in " + file());
                }
            }
            if (!canAppendOffset(offset)) {
                throw new IllegalArgumentException("Offset " + offset + " not relative to base " + baseOffset);
            }
            int rel = (int) (offset - baseOffset);
            appendEntry(b -> {
                b.putInt(rel);
                b.putInt(position);
            });
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@code offset} is representable as a relative offset of this index. */
    public boolean canAppendOffset(long offset) {
        long rel = offset - baseOffset;
        return rel >= 0 && rel <= Integer.MAX_VALUE;
    }

    /** Removes every entry for offsets at or above {@code offset}. */
    public void truncateTo(long offset) {
        lock.lock();
        try {
            int n = entries();
            int slot = n == 0 ? -1 : read(idx -> largestLowerBound(idx, n, offset - baseOffset - 1,
                    OffsetIndex::relative));
            truncateToEntries(slot + 1);
        } finally {
            lock.unlock();
        }
    }

    /** Checks the file is whole entries with increasing offsets. */
    public void sanityCheck(long segmentSize) {
        int n = entries();
        if (n == 0) {
            return;
        }
        read(idx -> {
            long prev = -1;
            int prevPos = -1;
            for (int i = 0; i < n; i++) {
                Entry e = entryAt(idx, i);
                if (e.offset() <= prev) {
                    throw new CorruptIndexException("Offset index " + file() + " entry " + i + " out of order");
                }
                if (e.position() <= prevPos || e.position() >= segmentSize) {
                    throw new CorruptIndexException("Offset index " + file() + " entry " + i + " bad position "
                            + e.position());
                }
                prev = e.offset();
                prevPos = e.position();
            }
            return null;
        });
    }
}
