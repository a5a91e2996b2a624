package io.skiff.wire.compress;

import io.skiff.wire.protocol.DecodeException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A growable byte array that refuses to grow past a limit. Capacity doubles with what was actually
 * produced, never with a length claimed by the input, so the memory held is at most twice the
 * decompressed bytes and never above the limit.
 */
final class BoundedSink {
    private static final int MIN_CAPACITY = 256;
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;

    private final String codec;
    private final int limit;
    private byte[] bytes;
    private int size;

    BoundedSink(String codec, int limit, int sizeHint) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0, got " + limit);
        }
        this.codec = codec;
        this.limit = Math.min(limit, MAX_ARRAY);
        this.bytes = new byte[Math.min(this.limit, Math.max(MIN_CAPACITY, sizeHint))];
    }

    int size() {
        return size;
    }

    int limit() {
        return limit;
    }

    byte[] array() {
        return bytes;
    }

    /** Makes room for {@code more} bytes after the current size, or fails at the limit. */
    void reserve(int more) {
        if (more > limit - size) {
            throw new DecompressionLimitException(codec, limit);
        }
        int needed = size + more;
        if (needed > bytes.length) {
            long grown = Math.max((long) bytes.length * 2, needed);
            bytes = Arrays.copyOf(bytes, (int) Math.min(grown, limit));
        }
    }

    void advance(int n) {
        size += n;
    }

    void write(byte[] src, int off, int len) {
        reserve(len);
        System.arraycopy(src, off, bytes, size, len);
        size += len;
    }

    /** Opens a decompressing stream over compressed input. */
    interface StreamOpener {
        InputStream open(InputStream compressed) throws IOException;
    }

    /**
     * Decompresses {@code src} through a stream codec into a new bounded sink, closing the stream (and
     * its native resources) whatever happens.
     */
    static ByteBuffer decompressStream(String codec, ByteBuffer src, int maxBytes, StreamOpener opener) {
        BoundedSink sink = new BoundedSink(codec, maxBytes, src.remaining() * 4);
        try (InputStream in = opener.open(new ByteBufferInputStream(src))) {
            sink.drain(in);
        } catch (IOException | RuntimeException e) {
            throw Failures.decode(codec, e);
        }
        return sink.toBuffer();
    }

    /** Drains a decompressing stream into the sink. IO and runtime failures of the codec become decode errors. */
    void drain(InputStream in) {
        try {
            while (true) {
                if (size == bytes.length) {
                    if (size == limit) {
                        if (in.read() != -1) {
                            throw new DecompressionLimitException(codec, limit);
                        }
                        return;
                    }
                    reserve(1);
                }
                int n = in.read(bytes, size, bytes.length - size);
                if (n < 0) {
                    return;
                }
                size += n;
            }
        } catch (IOException | RuntimeException e) {
            throw Failures.decode(codec, e);
        }
    }

    ByteBuffer toBuffer() {
        return ByteBuffer.wrap(bytes, 0, size).slice();
    }
}
