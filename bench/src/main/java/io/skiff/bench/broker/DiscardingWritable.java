package io.skiff.bench.broker;

import io.skiff.wire.protocol.RecordsPayload;
import io.skiff.wire.protocol.Writable;
import java.nio.ByteBuffer;

/**
 * A {@link Writable} that only counts: serialises a response's fields as the network layer does (every field
 * encoded) without holding the bytes, and passes records payloads over by size (the network layer sends file
 * regions with {@code sendfile}, never through the heap). Not thread-safe.
 */
final class DiscardingWritable implements Writable {
    long bytes;

    @Override
    public void writeByte(byte value) {
        bytes += 1;
    }

    @Override
    public void writeShort(short value) {
        bytes += 2;
    }

    @Override
    public void writeInt(int value) {
        bytes += 4;
    }

    @Override
    public void writeLong(long value) {
        bytes += 8;
    }

    @Override
    public void writeDouble(double value) {
        bytes += 8;
    }

    @Override
    public void writeByteArray(byte[] value) {
        bytes += value.length;
    }

    @Override
    public void writeByteBuffer(ByteBuffer buffer) {
        bytes += buffer.remaining();
    }

    @Override
    public void writeRecords(RecordsPayload records) {
        bytes += records == null ? 0 : records.sizeInBytes();
    }
}
