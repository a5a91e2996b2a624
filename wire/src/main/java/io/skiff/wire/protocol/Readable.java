package io.skiff.wire.protocol;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A bounded source of protocol primitives, read big-endian as Kafka encodes them.
 *
 * <p>Every method checks the bytes it needs against {@link #remaining()} before it allocates or
 * reads, and reports any shortfall, negative length or malformed varint as a {@link DecodeException};
 * no other exception escapes. Implementations are not thread-safe.
 */
public interface Readable {
    byte readByte();

    short readShort();

    int readInt();

    long readLong();

    double readDouble();

    /** Copies {@code length} bytes into a new array; rejects a length above {@link #remaining()}. */
    byte[] readArray(int length);

    /** A zero-copy view of the next {@code length} bytes; the view shares the source's memory. */
    ByteBuffer readByteBuffer(int length);

    /** Decodes {@code length} bytes of strict UTF-8. */
    String readString(int length);

    int readUnsignedVarint();

    int readVarint();

    long readVarlong();

    int remaining();

    /** A zero-copy record set over the next {@code length} bytes. */
    RecordsPayload readRecords(int length);

    default Uuid readUuid() {
        return new Uuid(readLong(), readLong());
    }

    default int readUnsignedShort() {
        return Short.toUnsignedInt(readShort());
    }

    default long readUnsignedInt() {
        return Integer.toUnsignedLong(readInt());
    }

    /**
     * Reads the body of a tagged field nobody here knows, so it can be written back untouched.
     *
     * @param unknown the list collected so far, or null if none was seen yet
     * @return the list with the new field appended (allocated on first use)
     */
    default List<RawTaggedField> readUnknownTaggedField(List<RawTaggedField> unknown, int tag, int size) {
        if (size < 0 || size > remaining()) {
            throw new DecodeException("tagged field " + tag + " claims " + Integer.toUnsignedString(size)
                    + " bytes but only " + remaining() + " remain");
        }
        List<RawTaggedField> list = unknown == null ? new ArrayList<>() : unknown;
        list.add(new RawTaggedField(tag, readArray(size)));
        return list;
    }
}
