package io.skiff.wire.compress;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * gzip (RFC 1952) via {@code java.util.zip}. The level follows Kafka's {@code compression.gzip.level}
 * (1-9, or -1 for zlib's default, Kafka's default).
 */
public final class GzipCodec implements Codec {
    static final GzipCodec DEFAULT = new GzipCodec(Deflater.DEFAULT_COMPRESSION);
    private static final int BUFFER = 8 * 1024;

    private final int level;

    private GzipCodec(int level) {
        this.level = level;
    }

    /** A gzip codec compressing at {@code level}: 1 (fastest) to 9 (smallest), or -1 for the default. */
    public static GzipCodec withLevel(int level) {
        if (level != Deflater.DEFAULT_COMPRESSION && (level < Deflater.BEST_SPEED || level > Deflater.BEST_COMPRESSION)) {
            throw new IllegalArgumentException("gzip level must be -1 or 1..9, got " + level);
        }
        return new GzipCodec(level);
    }

    @Override
    public OutputStream compressing(OutputStream out) throws IOException {
        GZIPOutputStream gzip = new GZIPOutputStream(out, BUFFER) {
            {
                def.setLevel(level);
            }
        };
        return new BufferedOutputStream(gzip, 2 * BUFFER);
    }

    @Override
    public ByteBuffer decompress(ByteBuffer src, int maxBytes) {
        return BoundedSink.decompressStream(name(), src, maxBytes, in -> new GZIPInputStream(in, BUFFER));
    }

    @Override
    public String name() {
        return "gzip";
    }
}
