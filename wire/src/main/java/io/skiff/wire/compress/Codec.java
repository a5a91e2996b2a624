package io.skiff.wire.compress;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * One compression codec. Implementations are immutable and thread-safe; the streams they return are
 * not.
 */
public interface Codec {

    /**
     * A stream that compresses what is written to it into {@code out}. {@link OutputStream#close()}
     * ends the compressed frame and closes {@code out}.
     */
    OutputStream compressing(OutputStream out) throws IOException;

    /**
     * Decompresses {@code src} from its position to its limit (neither is moved) into a new heap buffer
     * (position 0, limit = decompressed size).
     *
     * @param maxBytes the largest decompressed size accepted; no buffer beyond it is allocated
     * @throws DecompressionLimitException if the data decompresses to more than {@code maxBytes}
     * @throws io.skiff.wire.protocol.DecodeException if {@code src} is not valid data for this codec
     */
    ByteBuffer decompress(ByteBuffer src, int maxBytes);

    /** The codec's name as in Kafka's {@code compression.type}. */
    String name();

    static Codec gzip() {
        return GzipCodec.DEFAULT;
    }

    static Codec snappy() {
        return SnappyCodec.INSTANCE;
    }

    static Codec lz4() {
        return Lz4Codec.DEFAULT;
    }

    static Codec zstd() {
        return ZstdCodec.DEFAULT;
    }
}
