package io.skiff.wire.compress;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import org.xerial.snappy.Snappy;
import org.xerial.snappy.SnappyError;
import org.xerial.snappy.SnappyOutputStream;

/**
 * Snappy in xerial's stream framing, which is what Kafka's Java clients write:
 * <pre>
 *   header:  0x82 'S' 'N' 'A' 'P' 'P' 'Y' 0x00, int32 version (1), int32 compatible version (1)
 *   chunks:  int32 big-endian compressed length, then one raw snappy block, repeated to the end
 * </pre>
 * A header may reappear where a chunk would start (streams concatenated) and is skipped. Input that
 * does not start with the header is read as one raw snappy block, as xerial's reader does (some
 * non-Java clients write it so).
 *
 * <p>Decoding does not use xerial's stream reader: each chunk's length is checked against the bytes
 * actually present and each block's declared uncompressed length against the caller's limit before
 * anything is allocated for it.
 */
public final class SnappyCodec implements Codec {
    static final SnappyCodec INSTANCE = new SnappyCodec();
    static final byte[] MAGIC = {(byte) 0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0};
    static final int HEADER_SIZE = MAGIC.length + 8;

    private SnappyCodec() {}

    @Override
    public OutputStream compressing(OutputStream out) {
        return new SnappyOutputStream(out);
    }

    @Override
    public ByteBuffer decompress(ByteBuffer src, int maxBytes) {
        ArrayInput input = ArrayInput.of(src);
        byte[] in = input.array;
        int off = input.start;
        int end = input.end;
        BoundedSink sink = new BoundedSink(name(), maxBytes, (end - off) * 2);
        try {
            if (!headerAt(in, off, end)) {
                uncompressBlock(in, off, end - off, sink);
                return sink.toBuffer();
            }
            int pos = off;
            while (pos < end) {
                if (headerAt(in, pos, end)) {
                    pos += HEADER_SIZE;
                    continue;
                }
                if (end - pos < 4) {
                    throw Failures.decode(name(), "truncated chunk length at " + (pos - off));
                }
                int chunk = input.intBigEndian(pos);
                pos += 4;
                if (chunk < 0 || chunk > end - pos) {
                    throw Failures.decode(name(), "chunk length " + chunk + " with " + (end - pos) + " bytes left");
                }
                uncompressBlock(in, pos, chunk, sink);
                pos += chunk;
            }
            return sink.toBuffer();
        } catch (IOException | RuntimeException | SnappyError e) {
            throw Failures.decode(name(), e);
        }
    }

    private void uncompressBlock(byte[] in, int off, int len, BoundedSink sink) throws IOException {
        if (len == 0) {
            return;
        }
        if (!Snappy.isValidCompressedBuffer(in, off, len)) {
            throw Failures.decode(name(), "corrupt snappy block");
        }
        int n = Snappy.uncompressedLength(in, off, len);
        if (n < 0) {
            throw Failures.decode(name(), "negative uncompressed length");
        }
        sink.reserve(n);
        int written = Snappy.uncompress(in, off, len, sink.array(), sink.size());
        if (written != n) {
            throw Failures.decode(name(), "block decompressed to " + written + " bytes, declared " + n);
        }
        sink.advance(n);
    }

    /** Whether a full xerial stream header starts at {@code pos}. */
    private static boolean headerAt(byte[] in, int pos, int end) {
        if (end - pos < HEADER_SIZE) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (in[pos + i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String name() {
        return "snappy";
    }
}
