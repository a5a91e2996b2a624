package io.skiff.log;

import io.skiff.wire.protocol.ApiException;
import io.skiff.wire.protocol.CorruptRecordException;
import io.skiff.wire.protocol.DecodeException;
import io.skiff.wire.protocol.Errors;
import io.skiff.wire.record.RecordBatch;
import io.skiff.wire.record.TimestampType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks an append makes before anything is written: whole v2 batches back to back, CRC and
 * {@code max.message.bytes} for every append; for a leader append (client data, Kafka's {@code LogValidator}) also
 * the record count against the last offset delta and keys on every record of a compacted topic (the one case the
 * produce path decompresses). A follower copies the leader's batches as they are: a compacted leader's batches
 * legitimately hold fewer records than their offset range (even none, for retained producer state). Then, under
 * the log's lock, {@link #assignOrCheckOffsets} places the batches at the log end. Stateless.
 */
final class BatchValidator {
    /** Upper bound for decompressing one batch (compacted-topic key checks, timestamp lookups, compaction). */
    static final int MAX_DECOMPRESSED_BYTES = 64 * 1024 * 1024;

    private BatchValidator() {}

    /** Views over every batch of {@code batches}, which must be whole valid v2 batches back to back. */
    static List<RecordBatch> parse(ByteBuffer batches, LogConfig cfg, TopicPartition tp, boolean asLeader) {
        List<RecordBatch> views = new ArrayList<>();
        int pos = batches.position();
        while (pos < batches.limit()) {
            RecordBatch b;
            try {
                b = RecordBatch.view(batches, pos);
            } catch (DecodeException e) {
                throw new CorruptRecordException("Invalid batch at byte " + (pos - batches.position()) + " for "
                        + tp + ": " + e.getMessage());
            }
            if (b.sizeInBytes() > cfg.maxMessageBytes()) {
                throw new ApiException(Errors.MESSAGE_TOO_LARGE, "Batch of " + b.sizeInBytes()
                        + " bytes exceeds max.message.bytes " + cfg.maxMessageBytes() + " of " + tp);
            }
            b.ensureValid();
            if (asLeader && b.recordCount() != b.lastOffsetDelta() + 1 && !b.isControlBatch()) {
                throw new ApiException(Errors.INVALID_RECORD, "Batch record count " + b.recordCount()
                        + " does not match last offset delta " + b.lastOffsetDelta() + " in " + tp);
            }
            if (asLeader && cfg.compact() && !b.isControlBatch()) {
                requireKeys(b, tp);
            }
            views.add(b);
            pos += b.sizeInBytes();
        }
        return views;
    }

    /**
     * As leader: patches consecutive offsets from {@code logEndOffset}, the leader epoch and (LogAppendTime) the
     * broker's time into the batches, in place (all outside the CRC). As follower: checks the batches' own offsets
     * start at or above the log end and increase.
     *
     * @throws ApiException OFFSET_OUT_OF_RANGE (follower batches below the log end), CORRUPT_MESSAGE (follower
     *     batches out of order)
     */
    static void assignOrCheckOffsets(List<RecordBatch> views, long logEndOffset, boolean asLeader, int leaderEpoch,
                                     LogConfig cfg, long nowMs, TopicPartition tp) {
        long next = logEndOffset;
        if (!asLeader && views.get(0).baseOffset() < next) {
            throw new ApiException(Errors.OFFSET_OUT_OF_RANGE, "Follower append at offset "
                    + views.get(0).baseOffset() + " below log end offset " + next + " of " + tp);
        }
        for (RecordBatch b : views) {
            if (asLeader) {
                b.setBaseOffset(next);
                b.setPartitionLeaderEpoch(leaderEpoch);
                if (cfg.logAppendTime()) {
                    b.setMaxTimestamp(TimestampType.LOG_APPEND_TIME, nowMs);
                }
            } else if (b.baseOffset() < next) {
                throw new ApiException(Errors.CORRUPT_MESSAGE, "Follower batches out of order at "
                        + b.baseOffset() + " in " + tp);
            }
            next = b.nextOffset();
        }
    }

    /** Compacted topics need a key on every record: the one case the produce path decompresses. */
    private static void requireKeys(RecordBatch b, TopicPartition tp) {
        java.util.Iterator<io.skiff.wire.record.Record> it;
        try {
            it = b.records(Math.max(MAX_DECOMPRESSED_BYTES, b.sizeInBytes()));
            while (it.hasNext()) {
                if (!it.next().hasKey()) {
                    throw new ApiException(Errors.INVALID_RECORD, "Compacted topic " + tp.topic()
                            + " cannot accept a record without a key");
                }
            }
        } catch (DecodeException e) {
            throw new CorruptRecordException("Invalid records in batch for " + tp + ": " + e.getMessage());
        }
    }
}
