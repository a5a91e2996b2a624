package io.skiff.wire.compress;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;

/**
 * LZ4 in the standard LZ4 frame format (v1.5+), restricted as Kafka restricts it:
 * <pre>
 *   magic    int32 LE 0x184D2204
 *   FLG      version 01 (bits 7-6), block independence (bit 5) required, block checksum (bit 4),
 *            content size (bit 3), content checksum (bit 2), bits 1-0 reserved = 0
 *   BD       block max size id 4..7 (bits 6-4: 64 KiB, 256 KiB, 1 MiB, 4 MiB), other bits 0
 *   [content size int64 LE]  HC = (xxhash32(FLG..) >> 8) & 0xFF
 *   blocks   int32 LE size (high bit set = stored uncompressed), data, [xxhash32 of data]
 *   end mark int32 0, [content checksum = xxhash32 of all content]
 * </pre>
 * We write what Kafka writes: 64 KiB independent blocks, no checksums, no content size. Kafka's level
 * semantics are kept: the default level 9 uses LZ4's fast compressor, other levels the HC one.
 *
 * <p>Decoding checks every size against the bytes present; a compressed block can expand at most
 * ~255x, so the output reserved for a block is bounded by its actual compressed length, not by the
 * block size the header claims.
 */
public final class Lz4Codec implements Codec {
    static final int MAGIC = 0x184D2204;
    static final int DEFAULT_LEVEL = 9;
    static final int BLOCK_SIZE_ID_64KB = 4;
    static final int UNCOMPRESSED_FLAG = 0x80000000;
    static final int FLG_VERSION = 0x40;
    static final int FLG_VERSION_MASK = 0xC0;
    static final int FLG_BLOCK_INDEPENDENCE = 0x20;
    static final int FLG_BLOCK_CHECKSUM = 0x10;
    static final int FLG_CONTENT_SIZE = 0x08;
    static final int FLG_CONTENT_CHECKSUM = 0x04;
    static final int FLG_RESERVED = 0x03;

    static final Lz4Codec DEFAULT = new Lz4Codec(DEFAULT_LEVEL);
    private static final LZ4Factory LZ4 = LZ4Factory.fastestInstance();
    private static final LZ4SafeDecompressor DECOMPRESSOR = LZ4.safeDecompressor();
    static final XXHash32 XXHASH = XXHashFactory.fastestInstance().hash32();

    private final int level;

    private Lz4Codec(int level) {
        this.level = level;
    }

    /** An LZ4 codec at Kafka's {@code compression.lz4.level} (1..17; 9 is the default). */
    public static Lz4Codec withLevel(int level) {
        if (level < 1 || level > 17) {
            throw new IllegalArgumentException("lz4 level must be in 1..17, got " + level);
        }
        return new Lz4Codec(level);
    }

    @Override
    public OutputStream compressing(OutputStream out) throws IOException {
        LZ4Compressor compressor = level == DEFAULT_LEVEL ? LZ4.fastCompressor() : LZ4.highCompressor(level);
        return new Lz4FrameOutputStream(out, compressor);
    }

    @Override
    public ByteBuffer decompress(ByteBuffer src, int maxBytes) {
        ArrayInput in = ArrayInput.of(src);
        BoundedSink sink = new BoundedSink(name(), maxBytes, in.length() * 2);
        try {
            decodeFrame(in, sink);
        } catch (LZ4Exception e) {
            throw Failures.decode(name(), e);
        }
        return sink.toBuffer();
    }

    private void decodeFrame(ArrayInput in, BoundedSink sink) {
        byte[] a = in.array;
        int pos = in.start;
        need(in, pos, 7);
        if (in.intLittleEndian(pos) != MAGIC) {
            throw Failures.decode(name(), "bad frame magic");
        }
        pos += 4;
        int descriptorStart = pos;
        int flg = a[pos++] & 0xFF;
        int bd = a[pos++] & 0xFF;
        if ((flg & FLG_VERSION_MASK) != FLG_VERSION || (flg & FLG_RESERVED) != 0) {
            throw Failures.decode(name(), "unsupported frame flags " + Integer.toHexString(flg));
        }
        if ((flg & FLG_BLOCK_INDEPENDENCE) == 0) {
            throw Failures.decode(name(), "dependent blocks are not supported");
        }
        int sizeId = (bd >>> 4) & 0x07;
        if ((bd & 0x8F) != 0 || sizeId < 4) {
            throw Failures.decode(name(), "bad block descriptor " + Integer.toHexString(bd));
        }
        int maxBlockSize = 1 << (2 * sizeId + 8);
        if ((flg & FLG_CONTENT_SIZE) != 0) {
            need(in, pos, 9);
            pos += 8;
        }
        need(in, pos, 1);
        int hc = (XXHASH.hash(a, descriptorStart, pos - descriptorStart, 0) >> 8) & 0xFF;
        if ((a[pos++] & 0xFF) != hc) {
            throw Failures.decode(name(), "frame descriptor checksum mismatch");
        }
        boolean blockChecksum = (flg & FLG_BLOCK_CHECKSUM) != 0;
        int contentStart = sink.size();
        while (true) {
            need(in, pos, 4);
            int word = in.intLittleEndian(pos);
            pos += 4;
            if (word == 0) {
                break;
            }
            boolean stored = (word & UNCOMPRESSED_FLAG) != 0;
            int len = word & ~UNCOMPRESSED_FLAG;
            if (len > maxBlockSize) {
                throw Failures.decode(name(), "block of " + len + " bytes exceeds the frame's " + maxBlockSize);
            }
            need(in, pos, len + (blockChecksum ? 4 : 0));
            if (blockChecksum && XXHASH.hash(a, pos, len, 0) != in.intLittleEndian(pos + len)) {
                throw Failures.decode(name(), "block checksum mismatch");
            }
            if (stored) {
                sink.write(a, pos, len);
            } else {
                decompressBlock(a, pos, len, maxBlockSize, sink);
            }
            pos += len + (blockChecksum ? 4 : 0);
        }
        if ((flg & FLG_CONTENT_CHECKSUM) != 0) {
            need(in, pos, 4);
            int expected = in.intLittleEndian(pos);
            if (XXHASH.hash(sink.array(), contentStart, sink.size() - contentStart, 0) != expected) {
                throw Failures.decode(name(), "content checksum mismatch");
            }
        }
    }

    private void decompressBlock(byte[] a, int pos, int len, int maxBlockSize, BoundedSink sink) {
        // LZ4's best case is one token byte per 255 output bytes; reserve no more than the input can make.
        long expandable = (long) len * 255 + 64;
        int room = (int) Math.min(maxBlockSize, expandable);
        boolean limited = room > Integer.MAX_VALUE - sink.size() || sink.size() + room > sink.limit();
        if (limited) {
            room = sink.limit() - sink.size();
        }
        sink.reserve(room);
        int n;
        try {
            n = DECOMPRESSOR.decompress(a, pos, len, sink.array(), sink.size(), room);
        } catch (LZ4Exception e) {
            if (limited) {
                // Either corrupt or longer than the room left under the limit: both are refusals.
                throw new DecompressionLimitException(name(), sink.limit());
            }
            throw Failures.decode(name(), e);
        }
        sink.advance(n);
    }

    private void need(ArrayInput in, int pos, int n) {
        if (n < 0 || in.end - pos < n) {
            throw Failures.decode(name(), "frame truncated");
        }
    }

    @Override
    public String name() {
        return "lz4";
    }
}
