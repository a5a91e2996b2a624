package io.skiff.wire.record;

import io.skiff.wire.protocol.DecodeException;
import java.nio.ByteBuffer;

/**
 * Zig-zag varints as record fields use them (protobuf encoding), read at absolute indexes with an
 * explicit end so a read never passes the record's bounds. A read returns the value; the number of
 * bytes it took is left in {@link Cursor#pos}.
 */
final class Varints {
    private Varints() {}

    /** A read position carried across field reads; one per parse, never shared. */
    static final class Cursor {
        int pos;
        final int end;

        Cursor(int pos, int end) {
            this.pos = pos;
            this.end = end;
        }
    }

    static int readVarint(ByteBuffer buf, Cursor c) {
        int raw = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (c.pos >= c.end) {
                throw new DecodeException("varint runs past the end of the record");
            }
            byte b = buf.get(c.pos++);
            if (shift == 28 && (b & 0xF0) != 0) {
                throw new DecodeException("varint is longer than 32 bits");
            }
            raw |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new DecodeException("varint is longer than 5 bytes");
    }

    static long readVarlong(ByteBuffer buf, Cursor c) {
        long raw = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            if (c.pos >= c.end) {
                throw new DecodeException("varlong runs past the end of the record");
            }
            byte b = buf.get(c.pos++);
            if (shift == 63 && (b & 0xFE) != 0) {
                throw new DecodeException("varlong is longer than 64 bits");
            }
            raw |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new DecodeException("varlong is longer than 10 bytes");
    }

    static int sizeOfVarint(int value) {
        int v = (value << 1) ^ (value >> 31);
        int bytes = 1;
        while ((v & 0xFFFFFF80) != 0) {
            bytes++;
            v >>>= 7;
        }
        return bytes;
    }

    static int sizeOfVarlong(long value) {
        long v = (value << 1) ^ (value >> 63);
        int bytes = 1;
        while ((v & 0xFFFFFFFFFFFFFF80L) != 0) {
            bytes++;
            v >>>= 7;
        }
        return bytes;
    }

    static void writeVarint(int value, ByteBuffer out) {
        int v = (value << 1) ^ (value >> 31);
        while ((v & 0xFFFFFF80) != 0) {
            out.put((byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.put((byte) v);
    }

    static void writeVarlong(long value, ByteBuffer out) {
        long v = (value << 1) ^ (value >> 63);
        while ((v & 0xFFFFFFFFFFFFFF80L) != 0) {
            out.put((byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.put((byte) v);
    }
}
