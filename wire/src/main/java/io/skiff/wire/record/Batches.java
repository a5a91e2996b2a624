package io.skiff.wire.record;

import io.skiff.wire.protocol.CorruptRecordException;
import io.skiff.wire.protocol.Errors;
import io.skiff.wire.protocol.InvalidRecordException;
import io.skiff.wire.protocol.ApiException;
import java.nio.ByteBuffer;

/**
 * A cursor over the concatenated batches between a buffer's position and limit (a produce request's
 * records, a fetch response's, a segment read). The same {@link RecordBatch} flyweight, created at the
 * first batch, is re-pointed at each one, so walking a buffer allocates the cursor and one view only:
 * <pre>
 *   Batches batches = Batches.of(buf);
 *   while (batches.next()) { RecordBatch b = batches.current(); ... }
 *   if (batches.truncatedBytes() &gt; 0) { ... a partial batch trails ... }
 * </pre>
 * Sizes are checked before the view is moved: a batch length below the v2 header is
 * {@link CorruptRecordException} (CORRUPT_MESSAGE, as Kafka), a legacy or unknown magic
 * {@link InvalidRecordException} (INVALID_RECORD, what Kafka 4 answers a produce carrying magic 0/1).
 * A last batch that runs past the limit is not an error here: fetches legitimately cut one short, so
 * it is reported by {@link #truncatedBytes()} and the caller decides. CRCs are not checked; call
 * {@link RecordBatch#ensureValid()}. Neither the buffer's position nor its limit is moved. Not
 * thread-safe.
 */
public final class Batches {
    /** Bytes needed to see a batch's length and magic. */
    static final int HEADER_SIZE_UP_TO_MAGIC = RecordBatch.MAGIC_OFFSET + 1;
    /** The smallest legacy message; below it even a magic 0 message is corrupt (Kafka's check). */
    static final int MIN_LEGACY_LENGTH = 14;

    private final ByteBuffer buf;
    private final int limit;
    /** Created at the first batch (a cursor is made per produce partition: no stand-in buffer up front). */
    private RecordBatch view;
    private int next;
    private int truncated;
    private boolean started;

    private Batches(ByteBuffer buf) {
        this.buf = buf;
        this.limit = buf.limit();
        this.next = buf.position();
    }

    /** A cursor from {@code buf}'s position to its limit. */
    public static Batches of(ByteBuffer buf) {
        return new Batches(buf);
    }

    /**
     * Advances to the next complete batch.
     *
     * @return false at the end of the buffer or before a truncated trailing batch
     * @throws CorruptRecordException if the next batch's length is below the v2 header size
     * @throws InvalidRecordException if the next batch is not magic v2
     */
    public boolean next() {
        started = true;
        int remaining = limit - next;
        if (remaining == 0) {
            return false;
        }
        if (remaining < HEADER_SIZE_UP_TO_MAGIC) {
            truncated = remaining;
            return false;
        }
        int length = buf.getInt(next + RecordBatch.LENGTH_OFFSET);
        if (length < MIN_LEGACY_LENGTH) {
            throw new CorruptRecordException("batch at byte " + next + " has size " + length
                    + ", less than the minimum record overhead (" + MIN_LEGACY_LENGTH + ")");
        }
        byte magic = buf.get(next + RecordBatch.MAGIC_OFFSET);
        if (magic != RecordBatch.MAGIC) {
            throw new InvalidRecordException("batch at byte " + next + " has magic " + magic
                    + ": only record batches with magic version 2 are accepted");
        }
        if (length < RecordBatch.HEADER_SIZE - RecordBatch.LOG_OVERHEAD) {
            throw new CorruptRecordException("record batch at byte " + next + " is corrupt (size "
                    + (length + RecordBatch.LOG_OVERHEAD) + " is smaller than the minimum " + RecordBatch.HEADER_SIZE + ")");
        }
        if (length > remaining - RecordBatch.LOG_OVERHEAD) {
            truncated = remaining;
            return false;
        }
        if (view == null) {
            view = RecordBatch.view(buf, next);
        } else {
            view.reset(buf, next);
        }
        next += length + RecordBatch.LOG_OVERHEAD;
        return true;
    }

    /** The batch {@link #next()} moved to; the same object every time, re-pointed. */
    public RecordBatch current() {
        if (view == null) {
            throw new IllegalStateException(started ? "no batch was found" : "call next() first");
        }
        return view;
    }

    /** Absolute index just past the last complete batch returned so far. */
    public int validEnd() {
        return next;
    }

    /** Bytes of a partial batch found at the end (0 if none, or not reached yet). */
    public int truncatedBytes() {
        return truncated;
    }

    /**
     * The one batch of a produce request's partition data, checked as Kafka's {@code ProduceRequest}
     * checks it (v3+): exactly one complete magic v2 batch, and no zstd before produce v7.
     *
     * @throws InvalidRecordException (INVALID_RECORD) for no batch, several, a trailing partial one or magic &lt; 2
     * @throws ApiException UNSUPPORTED_COMPRESSION_TYPE for zstd below v7
     * @throws CorruptRecordException for sizes below the header
     */
    public static RecordBatch singleProduceBatch(ByteBuffer records, short produceVersion) {
        Batches batches = of(records);
        if (!batches.next()) {
            throw new InvalidRecordException("Produce requests with version " + produceVersion
                    + " must have at least one record batch per partition");
        }
        RecordBatch batch = batches.current(); // re-pointed only if a second batch follows, which is refused
        if (batches.next() || batches.truncatedBytes() > 0) {
            throw new InvalidRecordException("Produce requests with version " + produceVersion
                    + " are only allowed to contain exactly one record batch per partition");
        }
        if (produceVersion < 7 && batch.compressionType() == CompressionType.ZSTD) {
            throw Errors.UNSUPPORTED_COMPRESSION_TYPE.exception("Produce requests with version " + produceVersion
                    + " are not allowed to use ZStandard compression");
        }
        return batch;
    }
}
