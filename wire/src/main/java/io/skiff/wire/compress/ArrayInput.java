package io.skiff.wire.compress;

import java.nio.ByteBuffer;

/**
 * The bytes between a buffer's position and limit as an array range: the backing array itself when
 * there is one, otherwise a copy (direct buffers; the copy is as large as the input, never larger).
 */
final class ArrayInput {
    final byte[] array;
    final int start;
    final int end;

    private ArrayInput(byte[] array, int start, int end) {
        this.array = array;
        this.start = start;
        this.end = end;
    }

    static ArrayInput of(ByteBuffer src) {
        if (src.hasArray()) {
            return new ArrayInput(src.array(), src.arrayOffset() + src.position(), src.arrayOffset() + src.limit());
        }
        byte[] copy = new byte[src.remaining()];
        src.duplicate().get(copy);
        return new ArrayInput(copy, 0, copy.length);
    }

    int length() {
        return end - start;
    }

    int intBigEndian(int pos) {
        return ((array[pos] & 0xFF) << 24) | ((array[pos + 1] & 0xFF) << 16) | ((array[pos + 2] & 0xFF) << 8) | (array[pos + 3] & 0xFF);
    }

    int intLittleEndian(int pos) {
        return (array[pos] & 0xFF) | ((array[pos + 1] & 0xFF) << 8) | ((array[pos + 2] & 0xFF) << 16) | ((array[pos + 3] & 0xFF) << 24);
    }
}
