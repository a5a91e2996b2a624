/**
 * The four batch codecs of the Kafka protocol, each interoperating with what Kafka's clients write:
 * gzip ({@code java.util.zip}), snappy in xerial's stream framing, LZ4 in the standard LZ4 frame format
 * (as Kafka's {@code Lz4BlockOutputStream} writes it: 64 KiB independent blocks, no checksums), and
 * zstd (zstd-jni).
 *
 * <p>Decompression is always bounded: the caller states the largest decompressed size it accepts and
 * the codec never allocates past it ({@link io.skiff.wire.compress.DecompressionLimitException});
 * malformed input raises {@link io.skiff.wire.protocol.DecodeException}. No library exception escapes.
 * This package knows nothing of record batches; {@code io.skiff.wire.record.CompressionType} maps a
 * batch's attribute bits to a {@link io.skiff.wire.compress.Codec}.
 */
package io.skiff.wire.compress;
