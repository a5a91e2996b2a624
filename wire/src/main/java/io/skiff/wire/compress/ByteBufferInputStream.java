package io.skiff.wire.compress;

import java.io.InputStream;
import java.nio.ByteBuffer;

/** An input stream over a private duplicate of a buffer, so the caller's position is untouched. */
final class ByteBufferInputStream extends InputStream {
    private final ByteBuffer buf;

    ByteBufferInputStream(ByteBuffer src) {
        this.buf = src.duplicate();
    }

    @Override
    public int read() {
        return buf.hasRemaining() ? buf.get() & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        if (!buf.hasRemaining()) {
            return -1;
        }
        int n = Math.min(len, buf.remaining());
        buf.get(b, off, n);
        return n;
    }

    @Override
    public int available() {
        return buf.remaining();
    }
}
