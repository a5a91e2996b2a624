package io.skiff.log;

import io.skiff.wire.protocol.ApiException;
import io.skiff.wire.protocol.Errors;
import io.skiff.wire.record.RecordBatch;
import io.skiff.wire.record.TimestampType;
import java.io.IOException;
import java.util.Optional;

/**
 * The lock-free read side of {@link PartitionLog}: fetch regions and ListOffsets lookups over a snapshot of the
 * published log end (offset, segment, byte position), so a read never sees bytes past a completed append.
 * Stateless; every method is thread-safe ({@link LogSegments}' lookups are).
 */
final class SegmentReads {
    private SegmentReads() {}

    /**
     * Reads from {@code offset}: a region starting at the batch that contains it, holding at most
     * {@code maxBytes} (but at least the first whole batch when {@code minOneBatch}) and nothing at or above
     * {@code maxOffsetExclusive} (e.g. the high watermark).
     *
     * @throws ApiException OFFSET_OUT_OF_RANGE below the log start offset or above the log end offset
     */
    static ReadResult read(LogSegments segments, TopicPartition tp, long start, long endOffset,
                           long endSegmentBase, int endPosition, long offset, int maxBytes, long maxOffsetExclusive,
                           boolean minOneBatch) {
        if (offset < start || offset > endOffset) {
            throw new ApiException(Errors.OFFSET_OUT_OF_RANGE, "Offset " + offset + " out of range [" + start
                    + ", " + endOffset + "] of " + tp);
        }
        long limitOffset = Math.min(maxOffsetExclusive, endOffset);
        if (offset >= limitOffset) {
            return new ReadResult(Optional.empty(), start, endOffset, -1);
        }
        try {
            for (LogSegment seg : segments.valuesFrom(offset)) {
                if (seg.baseOffset() > endSegmentBase) {
                    break;
                }
                int segEnd = seg.baseOffset() == endSegmentBase ? endPosition : seg.size();
                BatchHeader first = seg.translateOffset(offset, segEnd);
                if (first == null) {
                    continue;
                }
                if (first.baseOffset() >= limitOffset) {
                    break;
                }
                int maxPos = segEnd;
                if (limitOffset < endOffset) {
                    BatchHeader stop = seg.translateOffset(limitOffset, segEnd);
                    if (stop != null) {
                        maxPos = stop.baseOffset() >= limitOffset ? stop.position() : stop.position() + stop.sizeInBytes();
                    }
                }
                int available = maxPos - first.position();
                int length = Math.min(available, maxBytes);
                if (minOneBatch && length < first.sizeInBytes()) {
                    length = Math.min(first.sizeInBytes(), available);
                }
                if (length <= 0) {
                    return new ReadResult(Optional.empty(), start, endOffset, -1);
                }
                return new ReadResult(Optional.of(new FileRegion(seg.channel(), first.position(), length)), start,
                        endOffset, first.baseOffset());
            }
            return new ReadResult(Optional.empty(), start, endOffset, -1);
        } catch (IOException ex) {
            throw new ApiException(Errors.KAFKA_STORAGE_ERROR, "Read of " + tp + " at " + offset + " failed", ex);
        }
    }

    /**
     * ListOffsets: {@link TimestampAndOffset#EARLIEST_TIMESTAMP}, {@link TimestampAndOffset#LATEST_TIMESTAMP},
     * {@link TimestampAndOffset#MAX_TIMESTAMP}, or the first batch whose max timestamp is at least
     * {@code timestamp} (its base offset; empty when every batch is older).
     */
    static Optional<TimestampAndOffset> offsetForTimestamp(LogSegments segments, TopicPartition tp,
                                                           long start, long logEndOffset, long timestamp) {
        if (timestamp == TimestampAndOffset.EARLIEST_TIMESTAMP) {
            return Optional.of(new TimestampAndOffset(-1, start));
        }
        if (timestamp == TimestampAndOffset.LATEST_TIMESTAMP) {
            return Optional.of(new TimestampAndOffset(-1, logEndOffset));
        }
        try {
            if (timestamp == TimestampAndOffset.MAX_TIMESTAMP) {
                LogSegment best = null;
                for (LogSegment s : segments.values()) {
                    if (s.maxTimestampSoFar() >= 0 && (best == null || s.maxTimestampSoFar() > best.maxTimestampSoFar())) {
                        best = s;
                    }
                }
                if (best == null) {
                    return Optional.empty();
                }
                BatchHeader h = best.findByTimestamp(best.maxTimestampSoFar(), start);
                return h == null ? Optional.empty()
                        : Optional.of(new TimestampAndOffset(h.maxTimestamp(), Math.max(h.baseOffset(), start)));
            }
            for (LogSegment s : segments.values()) {
                if (s.maxTimestampSoFar() < timestamp) {
                    continue;
                }
                BatchHeader h = s.findByTimestamp(timestamp, start);
                if (h != null) {
                    return Optional.of(firstRecordAtOrAfter(s, h, timestamp, start));
                }
            }
            return Optional.empty();
        } catch (IOException ex) {
            throw new ApiException(Errors.KAFKA_STORAGE_ERROR, "Timestamp lookup in " + tp + " failed", ex);
        }
    }

    /**
     * Within the batch {@code h} (whose max timestamp reaches {@code timestamp}), the first record at or after
     * {@code start} with a timestamp of at least {@code timestamp}, as Kafka's ListOffsets answers. With
     * LogAppendTime every record carries the batch's time, so the batch's first offset is the answer.
     */
    private static TimestampAndOffset firstRecordAtOrAfter(LogSegment s, BatchHeader h, long timestamp, long start)
            throws IOException {
        RecordBatch batch = RecordBatch.view(s.readBytes(h.position(), h.sizeInBytes()), 0);
        if (batch.timestampType() == TimestampType.LOG_APPEND_TIME) {
            return new TimestampAndOffset(batch.maxTimestamp(), Math.max(batch.baseOffset(), start));
        }
        java.util.Iterator<io.skiff.wire.record.Record> it = batch.records(Math.max(BatchValidator.MAX_DECOMPRESSED_BYTES,
                batch.sizeInBytes()));
        while (it.hasNext()) {
            io.skiff.wire.record.Record r = it.next();
            if (r.offset() >= start && r.timestamp() >= timestamp) {
                return new TimestampAndOffset(r.timestamp(), r.offset());
            }
        }
        return new TimestampAndOffset(batch.maxTimestamp(), Math.max(batch.baseOffset(), start));
    }
}
