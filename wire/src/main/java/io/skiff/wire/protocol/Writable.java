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

    /** Kafka's unsigned varint (7 bits a byte, low bits first); sinks may override with a faster path. */
    default void writeUnsignedVarint(int value) {
        int v = value;
        while ((v & 0xFFFFFF80) != 0) {
            writeByte((byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        writeByte((byte) v);
    }

    /** Zig-zag encoded signed varint. */
    default void writeVarint(int value) {
        writeUnsignedVarint((value << 1) ^ (value >> 31));
    }

    /** Zig-zag encoded signed varlong. */
    default void writeVarlong(long value) {
        long v = (value << 1) ^ (value >> 63);
        while ((v & 0xFFFFFFFFFFFFFF80L) != 0L) {
            writeByte((byte) (((int) v & 0x7F) | 0x80));
            v >>>= 7;
        }
        writeByte((byte) v);
    }

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
