package io.skiff.replication.partition;

import io.skiff.log.LogConfig;
import io.skiff.log.TopicPartition;
import io.skiff.wire.compress.Codec;
import io.skiff.wire.compress.GzipCodec;
import io.skiff.wire.compress.Lz4Codec;
import io.skiff.wire.compress.ZstdCodec;
import io.skiff.wire.protocol.ApiException;
import io.skiff.wire.protocol.DecodeException;
import io.skiff.wire.protocol.Errors;
import io.skiff.wire.record.Batches;
import io.skiff.wire.record.CompressionType;
import io.skiff.wire.record.Record;
import io.skiff.wire.record.RecordBatch;
import io.skiff.wire.record.RecordBatchBuilder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The one case the produce path rewrites a producer's batches: a topic whose {@code compression.type}
 * names a codec (not {@code producer}) stores every batch in that codec, as Kafka's
 * {@code LogValidator} does, at the topic's {@code compression.*.level}. A batch already in the
 * topic's codec, and every batch of a {@code producer} topic, passes through untouched: no
 * decompression, no copy.
 *
 * <p>A rewritten batch keeps what the producer set and the log relies on: records, keys, values,
 * headers, timestamps and their type, offset deltas, producer id, epoch, base sequence and the
 * transactional flag; its CRC is new. Stateless and thread-safe.
 */
final class Recompression {
    /** Decompression bound of a batch being rewritten, as the log's own record checks use. */
    private static final int MAX_DECOMPRESSED_BYTES = 64 * 1024 * 1024;

    private Recompression() {}

    /** {@code batches} as the topic stores them: the same buffer when no batch needs a new codec. */
    static ByteBuffer toTopicCodec(TopicPartition tp, ByteBuffer batches, LogConfig topicConfig) {
        String target = topicConfig.compressionType();
        if (target.equals("producer")) {
            return batches;
        }
        CompressionType codec = target.equals("uncompressed") ? CompressionType.NONE : CompressionType.forConfigName(target);
        if (allIn(batches, codec)) {
            return batches;
        }
        List<ByteBuffer> rewritten = new ArrayList<>();
        int total = 0;
        Batches it = Batches.of(batches.duplicate());
        while (it.next()) {
            RecordBatch b = it.current();
            ByteBuffer out = b.compressionType() == codec || b.isControlBatch() ? b.slice() : rewrite(tp, b, codec, topicConfig);
            rewritten.add(out);
            total += out.remaining();
        }
        ByteBuffer all = ByteBuffer.allocate(total);
        rewritten.forEach(all::put);
        return all.flip();
    }

    private static boolean allIn(ByteBuffer batches, CompressionType codec) {
        Batches it = Batches.of(batches.duplicate());
        while (it.next()) {
            RecordBatch b = it.current();
            if (b.compressionType() != codec && !b.isControlBatch()) {
                return false;
            }
        }
        return true;
    }

    private static ByteBuffer rewrite(TopicPartition tp, RecordBatch b, CompressionType codec, LogConfig config) {
        b.ensureValid(); // a corrupt batch must be refused, not given a fresh CRC
        RecordBatchBuilder builder = new RecordBatchBuilder(codec);
        if (codec != CompressionType.NONE) {
            builder.codec(leveled(codec, config));
        }
        builder.baseOffset(b.baseOffset())
                .partitionLeaderEpoch(b.partitionLeaderEpoch())
                .producer(b.producerId(), b.producerEpoch(), b.baseSequence())
                .transactional(b.isTransactional())
                .timestampType(b.timestampType(), b.maxTimestamp());
        try {
            Iterator<Record> records = b.records(Math.max(MAX_DECOMPRESSED_BYTES, b.sizeInBytes()));
            while (records.hasNext()) {
                Record r = records.next();
                builder.appendWithOffset(r.offset(), r.timestamp(), r.key(), r.value(), r.headers());
            }
        } catch (DecodeException e) {
            throw new ApiException(Errors.CORRUPT_MESSAGE, "Invalid records in batch for " + tp + ": " + e.getMessage());
        }
        if (builder.recordCount() == 0) {
            throw new ApiException(Errors.INVALID_RECORD, "A batch for " + tp + " holds no records");
        }
        return builder.build();
    }

    private static Codec leveled(CompressionType codec, LogConfig config) {
        return switch (codec) {
            case GZIP -> GzipCodec.withLevel(config.compressionGzipLevel());
            case LZ4 -> Lz4Codec.withLevel(config.compressionLz4Level());
            case ZSTD -> ZstdCodec.withLevel(config.compressionZstdLevel());
            default -> codec.codec();
        };
    }
}
