package io.skiff.wire.record;

import java.nio.ByteBuffer;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.RecordBatch;

/** Test helper: batches written by kafka-clients' own {@link MemoryRecordsBuilder} (the oracle). */
final class KafkaBatches {
    private KafkaBatches() {}

    static Compression compression(CompressionType type) {
        return Compression.of(type.configName()).build();
    }

    /** Starts a v2 builder with every header field chosen by the caller. */
    static MemoryRecordsBuilder builder(ByteBuffer out, CompressionType type, TimestampType timestampType,
            long baseOffset, long logAppendTime, long producerId, short epoch, int baseSequence,
            boolean transactional, boolean control, int leaderEpoch) {
        return new MemoryRecordsBuilder(out, RecordBatch.MAGIC_VALUE_V2, compression(type),
                org.apache.kafka.common.record.TimestampType.forName(timestampType.displayName()), baseOffset,
                logAppendTime, producerId, epoch, baseSequence, transactional, control, leaderEpoch, out.remaining());
    }
}
