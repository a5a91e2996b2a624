package io.skiff.wire.protocol;

import java.nio.ByteBuffer;

/**
 * Records held in memory as a slice of some larger buffer, usually the request frame they were
 * read from (zero copy). The slice's position and limit are fixed at construction; readers get
 * duplicates, so nobody can move them. Equality is by content. Immutable view, thread-safe as long
 * as nobody writes the underlying memory.
 */
public final class MemoryRecordsPayload implements RecordsPayload {
    private final ByteBuffer buffer;

    public MemoryRecordsPayload(ByteBuffer buffer) {
        this.buffer = buffer.slice();
    }

    /** A duplicate of the slice: independent position, shared bytes. */
    public ByteBuffer buffer() {
        return buffer.duplicate();
    }

    @Override
    public int sizeInBytes() {
        return buffer.remaining();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MemoryRecordsPayload && buffer.equals(((MemoryRecordsPayload) o).buffer);
    }

    @Override
    public int hashCode() {
        return buffer.hashCode();
    }

    @Override
    public String toString() {
        return "MemoryRecordsPayload(size=" + buffer.remaining() + ")";
    }
}
