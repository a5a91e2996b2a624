package io.skiff.wire.compress;

import java.io.IOException;
import java.io.OutputStream;
import net.jpountz.lz4.LZ4Compressor;

/**
 * Writes one LZ4 frame as Kafka's clients do (see {@link Lz4Codec}): FLG = version 1 + independent
 * blocks, BD = 64 KiB, no checksums; a block that does not shrink is stored raw. Not thread-safe.
 */
final class Lz4FrameOutputStream extends OutputStream {
    private static final int BLOCK_SIZE = 1 << (2 * Lz4Codec.BLOCK_SIZE_ID_64KB + 8);

    private final OutputStream out;
    private final LZ4Compressor compressor;
    private final byte[] block = new byte[BLOCK_SIZE];
    private final byte[] compressed;
    private int filled;
    private boolean closed;

    Lz4FrameOutputStream(OutputStream out, LZ4Compressor compressor) throws IOException {
        this.out = out;
        this.compressor = compressor;
        this.compressed = new byte[compressor.maxCompressedLength(BLOCK_SIZE)];
        byte[] header = new byte[7];
        writeIntLE(header, 0, Lz4Codec.MAGIC);
        header[4] = (byte) (Lz4Codec.FLG_VERSION | Lz4Codec.FLG_BLOCK_INDEPENDENCE);
        header[5] = (byte) (Lz4Codec.BLOCK_SIZE_ID_64KB << 4);
        header[6] = (byte) ((Lz4Codec.XXHASH.hash(header, 4, 2, 0) >> 8) & 0xFF);
        out.write(header);
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        if (filled == BLOCK_SIZE) {
            writeBlock();
        }
        block[filled++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        ensureOpen();
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        while (len > 0) {
            if (filled == BLOCK_SIZE) {
                writeBlock();
            }
            int n = Math.min(len, BLOCK_SIZE - filled);
            System.arraycopy(b, off, block, filled, n);
            filled += n;
            off += n;
            len -= n;
        }
    }

    private void writeBlock() throws IOException {
        if (filled == 0) {
            return;
        }
        int n = compressor.compress(block, 0, filled, compressed, 0, compressed.length);
        byte[] size = new byte[4];
        if (n >= filled) {
            writeIntLE(size, 0, filled | Lz4Codec.UNCOMPRESSED_FLAG);
            out.write(size);
            out.write(block, 0, filled);
        } else {
            writeIntLE(size, 0, n);
            out.write(size);
            out.write(compressed, 0, n);
        }
        filled = 0;
    }

    @Override
    public void flush() throws IOException {
        ensureOpen();
        writeBlock();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (OutputStream o = out) {
            writeBlock();
            o.write(new byte[4]); // end mark
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("lz4 stream closed");
        }
    }

    private static void writeIntLE(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }
}
