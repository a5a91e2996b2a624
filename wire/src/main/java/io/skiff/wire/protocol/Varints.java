package io.skiff.wire.protocol;

import java.nio.ByteBuffer;

/**
 * Kafka's variable-length integers: unsigned LEB128 base-128 groups, least significant first, and
 * the signed variants zig-zag encoded on top. A 32-bit value takes at most 5 bytes and a 64-bit one
 * at most 10; a longer run of continuation bits is rejected as malformed rather than read forever.
 * Stateless and thread-safe.
 */
public final class Varints {
    private Varints() {
    }

    public static int sizeOfUnsignedVarint(int value) {
        // Each 7 significant bits need one byte; the leading zero count tells how many bits there are.
        int bits = 32 - Integer.numberOfLeadingZeros(value);
        return bits == 0 ? 1 : (bits + 6) / 7;
    }

    public static int sizeOfVarint(int value) {
        return sizeOfUnsignedVarint((value << 1) ^ (value >> 31));
    }

    public static int sizeOfVarlong(long value) {
        long zigzag = (value << 1) ^ (value >> 63);
        int bits = 64 - Long.numberOfLeadingZeros(zigzag);
        return bits == 0 ? 1 : (bits + 6) / 7;
    }

    public static void writeUnsignedVarint(int value, ByteBuffer out) {
        int v = value;
        while ((v & 0xFFFFFF80) != 0) {
            out.put((byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.put((byte) v);
    }

    public static void writeVarint(int value, ByteBuffer out) {
        writeUnsignedVarint((value << 1) ^ (value >> 31), out);
    }

    public static void writeVarlong(long value, ByteBuffer out) {
        long v = (value << 1) ^ (value >> 63);
        while ((v & 0xFFFFFFFFFFFFFF80L) != 0L) {
            out.put((byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.put((byte) v);
    }

    /** Reads an unsigned varint; throws {@link DecodeException} on truncation or a sixth byte. */
    public static int readUnsignedVarint(ByteBuffer in) {
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (!in.hasRemaining()) {
                throw new DecodeException("truncated varint");
            }
            byte b = in.get();
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new DecodeException("varint longer than 5 bytes");
    }

    public static int readVarint(ByteBuffer in) {
        int raw = readUnsignedVarint(in);
        return (raw >>> 1) ^ -(raw & 1);
    }

    public static long readVarlong(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            if (!in.hasRemaining()) {
                throw new DecodeException("truncated varlong");
            }
            byte b = in.get();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return (value >>> 1) ^ -(value & 1);
            }
        }
        throw new DecodeException("varlong longer than 10 bytes");
    }
}
