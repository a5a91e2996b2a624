package io.skiff.log;

import io.skiff.wire.record.Record;
import io.skiff.wire.record.RecordBatch;
import io.skiff.wire.record.RecordBatchBuilder;
import io.skiff.wire.record.TimestampType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Decides what of one batch survives a compaction pass, with Kafka's rules ({@code Cleaner.cleanInto} and
 * {@code MemoryRecords.filterTo}):
 * <ul>
 *   <li>a data record stays if no later record of its key is in the key map, and, if it is a tombstone, while its
 *       batch has no delete horizon or the horizon is still ahead; records of aborted transactions and records
 *       without a key go;</li>
 *   <li>a transaction marker stays until no batch of its transaction is left; then it gets a delete horizon, and
 *       goes on the first pass after the horizon;</li>
 *   <li><b>KIP-534 delete horizon</b>: the first pass that keeps a tombstone (or a marker that may go) rewrites its
 *       batch with the delete horizon ({@code now + delete.retention.ms}) as the base timestamp and attribute bit 6
 *       set; later passes keep that horizon. So a tombstone lives {@code delete.retention.ms} from the pass that
 *       first saw it, whatever its producer's clock said;</li>
 *   <li>a batch that loses some records is rebuilt with its original base offset, last offset (so the producer's
 *       last sequence survives), producer fields, leader epoch, timestamp type and codec; one that loses none (and
 *       needs no horizon) is copied byte for byte;</li>
 *   <li>a batch that loses all its records goes, unless it is the last batch of a producer the log still tracks or
 *       the last batch before the cleaning bound: then its bare header stays (no records), as Kafka keeps it, so the
 *       producer state and the last offset can be rebuilt from the log.</li>
 * </ul>
 * Thread-safety: not thread-safe; one pass of one cleaner, batches in offset order.
 */
final class CompactionFilter {
    private static final int MAX_DECOMPRESSED = BatchValidator.MAX_DECOMPRESSED_BYTES;

    private final Map<ByteBuffer, Long> latestOffsetOfKey;
    private final CleanerTransactions transactions;
    private final Map<Long, CleanerView.ActiveProducer> activeProducers;
    private final long upperBound;
    private final long now;
    private final long deleteRetentionMs;

    CompactionFilter(Map<ByteBuffer, Long> latestOffsetOfKey, CleanerTransactions transactions,
                     CleanerView view, long now, long deleteRetentionMs) {
        this.latestOffsetOfKey = latestOffsetOfKey;
        this.transactions = transactions;
        this.activeProducers = view.activeProducers();
        this.upperBound = view.upperBound();
        this.now = now;
        this.deleteRetentionMs = deleteRetentionMs;
    }

    /**
     * The batch as it survives.
     *
     * @return {@code batch}'s own bytes when it is unchanged, a rewritten batch, or null when it goes
     */
    ByteBuffer filter(RecordBatch batch) throws IOException {
        boolean control = batch.isControlBatch();
        boolean canDiscard = control ? transactions.onControlBatch(batch) : transactions.onDataBatch(batch);
        boolean horizonSet = batch.hasDeleteHorizon();
        long horizon = batch.baseTimestamp();
        boolean discardRecords = control ? canDiscard && horizonSet && horizon <= now : canDiscard;
        boolean retainEmpty = isLastBatchOfActiveProducer(batch) || batch.nextOffset() == upperBound;
        if (discardRecords && !retainEmpty) {
            return null;
        }
        List<Record> kept = new ArrayList<>();
        boolean tombstones = false;
        if (!discardRecords && batch.recordCount() > 0) {
            Iterator<Record> it = batch.records(Math.max(MAX_DECOMPRESSED, batch.sizeInBytes()));
            while (it.hasNext()) {
                Record r = it.next();
                if (control || retains(r, horizonSet, horizon)) {
                    kept.add(r);
                    tombstones |= !control && !r.hasValue();
                }
            }
        }
        if (kept.isEmpty()) {
            if (!retainEmpty) {
                return null;
            }
            return batch.recordCount() == 0 ? batch.slice() : emptyHeaderOf(batch);
        }
        boolean needHorizon = (tombstones || (control && canDiscard)) && !horizonSet;
        if (kept.size() == batch.recordCount() && !needHorizon) {
            return batch.slice();
        }
        long newHorizon = needHorizon ? now + deleteRetentionMs : horizonSet ? horizon : RecordBatch.NO_TIMESTAMP;
        return rebuild(batch, kept, newHorizon);
    }

    private boolean retains(Record r, boolean horizonSet, long horizon) {
        if (!r.hasKey()) {
            return false;
        }
        Long latest = latestOffsetOfKey.get(r.key());
        boolean latestForKey = latest == null || r.offset() >= latest;
        boolean retainDeletes = !horizonSet || now < horizon;
        return latestForKey && (r.hasValue() || retainDeletes);
    }

    private boolean isLastBatchOfActiveProducer(RecordBatch batch) {
        if (batch.producerId() == RecordBatch.NO_PRODUCER_ID) {
            return false;
        }
        CleanerView.ActiveProducer p = activeProducers.get(batch.producerId());
        if (p == null) {
            return false;
        }
        return p.lastDataOffset() >= 0 ? batch.lastOffset() == p.lastDataOffset()
                : batch.isControlBatch() && batch.producerEpoch() == p.epoch();
    }

    /** {@code original} with only {@code kept}, its last offset preserved, and {@code horizon} if set. */
    private static ByteBuffer rebuild(RecordBatch original, List<Record> kept, long horizon) {
        RecordBatchBuilder builder = new RecordBatchBuilder(original.compressionType())
                .baseOffset(original.baseOffset())
                .partitionLeaderEpoch(original.partitionLeaderEpoch())
                .timestampType(original.timestampType(), original.timestampType() == TimestampType.LOG_APPEND_TIME
                        ? original.maxTimestamp() : RecordBatch.NO_TIMESTAMP)
                .producer(original.producerId(), original.producerEpoch(), original.baseSequence())
                .transactional(original.isTransactional())
                .control(original.isControlBatch());
        if (horizon != RecordBatch.NO_TIMESTAMP) {
            builder.deleteHorizon(horizon);
        }
        for (Record r : kept) {
            builder.appendWithOffset(r.offset(), r.timestamp(), r.key(), r.value(), r.headers());
        }
        ByteBuffer out = builder.build();
        // Kafka's overrideLastOffset: the last offset (and so the last sequence) of the original batch stays.
        out.putInt(LAST_OFFSET_DELTA_OFFSET, original.lastOffsetDelta());
        RecordBatch.view(out, 0).writeChecksum();
        return out;
    }

    private static final int LAST_OFFSET_DELTA_OFFSET = 23;
    private static final int TIMESTAMP_TYPE_FLAG = 0x08;
    private static final int TRANSACTIONAL_FLAG = 0x10;
    private static final int CONTROL_FLAG = 0x20;

    /**
     * The header of {@code original} with no records, byte for byte as Kafka's
     * {@code DefaultRecordBatch.writeEmptyHeader} writes it: same offsets, producer fields, leader epoch, timestamp
     * type and transactional/control bits; no compression, no delete horizon, no base timestamp; the max timestamp
     * kept.
     */
    static ByteBuffer emptyHeaderOf(RecordBatch original) {
        int attributes = original.attributes() & (TIMESTAMP_TYPE_FLAG | TRANSACTIONAL_FLAG | CONTROL_FLAG);
        ByteBuffer out = ByteBuffer.allocate(RecordBatch.HEADER_SIZE);
        out.putLong(original.baseOffset())
                .putInt(RecordBatch.HEADER_SIZE - RecordBatch.LOG_OVERHEAD)
                .putInt(original.partitionLeaderEpoch())
                .put(RecordBatch.MAGIC)
                .putInt(0)
                .putShort((short) attributes)
                .putInt(original.lastOffsetDelta())
                .putLong(RecordBatch.NO_TIMESTAMP)
                .putLong(original.maxTimestamp())
                .putLong(original.producerId())
                .putShort(original.producerEpoch())
                .putInt(original.baseSequence())
                .putInt(0)
                .flip();
        RecordBatch.view(out, 0).writeChecksum();
        return out;
    }
}
