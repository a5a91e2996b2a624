package io.skiff.wire.protocol;

import java.nio.ByteBuffer;

/**
 * A sink of protocol primitives, written big-endian as Kafka encodes them. Callers size the sink
 * first with a message's {@code size(version)}; writing past its end is a programming error.
 * Implementations are not thread-safe.
 */
public interface Writable {
    void writeByte(byte value);

    void writeShort(short value);

    void writeInt(int value);

    void writeLong(long value);

    void writeDouble(double value);

    void writeByteArray(byte[] bytes);

    /** Writes the remaining bytes of {@code buffer} without moving its position. */
    void writeByteBuffer(ByteBuffer buffer);

    void writeUnsignedVarint(int value);

    void writeVarint(int value);

    void writeVarlong(long value);

    void writeRecords(RecordsPayload records);

    default void writeUuid(Uuid uuid) {
        writeLong(uuid.getMostSignificantBits());
        writeLong(uuid.getLeastSignificantBits());
    }

    default void writeUnsignedShort(int value) {
        writeShort((short) value);
    }

    default void writeUnsignedInt(long value) {
        writeInt((int) value);
    }
}
