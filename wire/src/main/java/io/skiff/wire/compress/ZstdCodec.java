package io.skiff.wire.compress;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * Zstandard frames via zstd-jni's finalizer-free streams (their native contexts are freed on close,
 * not by the GC). Level as Kafka's {@code compression.zstd.level} (default 3).
 *
 * <p>Memory: besides the bounded output, the native decoder holds a window of at most
 * 2<sup>{@value #WINDOW_LOG_MAX}</sup> bytes (zstd's default ceiling, which Kafka's producers at the
 * highest levels need); frames asking for more are refused as malformed.
 */
public final class ZstdCodec implements Codec {
    static final int DEFAULT_LEVEL = 3;
    static final int WINDOW_LOG_MAX = 27;
    static final ZstdCodec DEFAULT = new ZstdCodec(DEFAULT_LEVEL);

    private final int level;

    private ZstdCodec(int level) {
        this.level = level;
    }

    /** A zstd codec compressing at {@code level} (-131072..22, as zstd accepts). */
    public static ZstdCodec withLevel(int level) {
        if (level < -131072 || level > 22) {
            throw new IllegalArgumentException("zstd level must be in -131072..22, got " + level);
        }
        return new ZstdCodec(level);
    }

    @Override
    public OutputStream compressing(OutputStream out) throws IOException {
        return new BufferedOutputStream(new ZstdOutputStreamNoFinalizer(out, level), 16 * 1024);
    }

    @Override
    public ByteBuffer decompress(ByteBuffer src, int maxBytes) {
        return BoundedSink.decompressStream(name(), src, maxBytes,
                in -> new ZstdInputStreamNoFinalizer(in).setLongMax(WINDOW_LOG_MAX));
    }

    @Override
    public String name() {
        return "zstd";
    }
}
