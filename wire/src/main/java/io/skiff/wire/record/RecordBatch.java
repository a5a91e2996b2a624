package io.skiff.wire.record;

import io.skiff.wire.protocol.CorruptRecordException;
import io.skiff.wire.protocol.DecodeException;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.zip.CRC32C;

/**
 * A zero-copy flyweight over one magic v2 record batch inside a {@link ByteBuffer}.
 *
 * <p>Layout (big-endian, offsets from the batch start; Kafka's format byte for byte):
 * <pre>
 *   0 baseOffset int64          27 baseTimestamp int64
 *   8 batchLength int32         35 maxTimestamp int64
 *  12 partitionLeaderEpoch int32 43 producerId int64
 *  16 magic int8 (= 2)          51 producerEpoch int16
 *  17 crc uint32 (CRC32C)       53 baseSequence int32
 *  21 attributes int16          57 recordCount int32
 *  23 lastOffsetDelta int32     61 records...
 * </pre>
 * {@code batchLength} counts the bytes after itself, so a batch occupies {@code batchLength + 12}
 * bytes. The CRC covers attributes to the end of the batch; base offset, batch length and leader epoch
 * sit before it so the broker can patch them in place without recomputing it. Attribute bits: 0-2
 * compression, 3 timestamp type, 4 transactional, 5 control, 6 delete horizon (base timestamp holds
 * the delete horizon).
 *
 * <p>Invariants after {@link #view}/{@link #reset}: the 61-byte header lies inside the buffer, magic is
 * 2 and the whole batch ({@link #sizeInBytes()}) lies before the buffer's limit, so every accessor is
 * an in-bounds absolute read. A {@link #headerView} guarantees the header only; what needs the body
 * checks {@link #isComplete()} first. CRC and record contents are checked only by {@link #isValid()} /
 * {@link #ensureValid()} and record iteration.
 *
 * <p>Reads use absolute indexing on a private duplicate of the caller's buffer: the caller's position,
 * limit and byte order are never touched, and no accessor allocates. {@link #reset} re-points the view
 * and allocates only when the buffer itself changes. Not thread-safe: one view per thread; the
 * setters write through to the shared bytes.
 */
public final class RecordBatch {
    public static final byte MAGIC = 2;
    public static final int LOG_OVERHEAD = 12;
    public static final int HEADER_SIZE = 61;

    static final int BASE_OFFSET_OFFSET = 0;
    static final int LENGTH_OFFSET = 8;
    static final int PARTITION_LEADER_EPOCH_OFFSET = 12;
    static final int MAGIC_OFFSET = 16;
    static final int CRC_OFFSET = 17;
    static final int ATTRIBUTES_OFFSET = 21;
    static final int LAST_OFFSET_DELTA_OFFSET = 23;
    static final int BASE_TIMESTAMP_OFFSET = 27;
    static final int MAX_TIMESTAMP_OFFSET = 35;
    static final int PRODUCER_ID_OFFSET = 43;
    static final int PRODUCER_EPOCH_OFFSET = 51;
    static final int BASE_SEQUENCE_OFFSET = 53;
    static final int RECORDS_COUNT_OFFSET = 57;
    static final int RECORDS_OFFSET = HEADER_SIZE;

    static final int COMPRESSION_CODEC_MASK = 0x07;
    static final int TIMESTAMP_TYPE_MASK = 0x08;
    static final int TRANSACTIONAL_FLAG_MASK = 0x10;
    static final int CONTROL_FLAG_MASK = 0x20;
    static final int DELETE_HORIZON_FLAG_MASK = 0x40;

    /** Producer id, epoch and sequence of a batch written without idempotence. */
    public static final long NO_PRODUCER_ID = -1L;
    public static final short NO_PRODUCER_EPOCH = -1;
    public static final int NO_SEQUENCE = -1;
    public static final int NO_PARTITION_LEADER_EPOCH = -1;
    public static final long NO_TIMESTAMP = -1L;

    private ByteBuffer source;
    private ByteBuffer buf;
    private int base;
    private CRC32C crc;
    private boolean complete;

    private RecordBatch() {}

    /**
     * A view of the batch starting at absolute index {@code position} of {@code buf}.
     *
     * @throws DecodeException if the header or the whole batch does not fit before the limit, the
     *     batch length is below the v2 header size, or the magic is not 2
     */
    public static RecordBatch view(ByteBuffer buf, int position) {
        return new RecordBatch().reset(buf, position);
    }

    /**
     * A view of just the 61-byte header at {@code position} (e.g. read from a segment file ahead of the
     * body): every header accessor and the offset/epoch setters work; CRC checks, {@link #records},
     * {@link #slice()} and {@link #setMaxTimestamp} need the whole batch and throw
     * {@link IllegalStateException} while it is not within the buffer.
     *
     * @throws DecodeException if the header does not fit, its length is below the header size, or the
     *     magic is not 2
     */
    public static RecordBatch headerView(ByteBuffer buf, int position) {
        return new RecordBatch().resetHeader(buf, position);
    }

    /** Re-points this view at a whole batch; same checks as {@link #view}. Allocates only when {@code buf} changes. */
    public RecordBatch reset(ByteBuffer buf, int position) {
        point(buf, position);
        if (!complete) {
            this.source = null;
            throw new DecodeException("record batch at " + position + " has length " + batchLength() + " but only "
                    + (this.buf.limit() - position) + " bytes are available");
        }
        return this;
    }

    /** Re-points this view at a header; same checks as {@link #headerView}. */
    public RecordBatch resetHeader(ByteBuffer buf, int position) {
        point(buf, position);
        return this;
    }

    private void point(ByteBuffer buf, int position) {
        if (buf != source) {
            this.buf = buf.duplicate(); // big-endian, independent position
            this.source = buf;
        } else {
            this.buf.limit(buf.limit()); // the caller may have moved its limit since
        }
        int limit = this.buf.limit();
        if (position < 0 || position > limit - HEADER_SIZE) {
            this.source = null;
            throw new DecodeException("record batch header at " + position + " does not fit in " + limit + " bytes");
        }
        this.base = position;
        byte magic = this.buf.get(position + MAGIC_OFFSET);
        if (magic != MAGIC) {
            this.source = null;
            throw new DecodeException("record batch at " + position + " has magic " + magic + ", expected 2");
        }
        int length = this.buf.getInt(position + LENGTH_OFFSET);
        if (length < HEADER_SIZE - LOG_OVERHEAD) {
            this.source = null;
            throw new DecodeException("record batch at " + position + " has length " + length + ", below the "
                    + (HEADER_SIZE - LOG_OVERHEAD) + " its header needs");
        }
        this.complete = length <= limit - position - LOG_OVERHEAD;
    }

    /** Whether the whole batch (not just its header) lies within the buffer. */
    public boolean isComplete() {
        return complete;
    }

    private void requireComplete() {
        if (!complete) {
            throw new IllegalStateException("only the header of this batch is in the buffer");
        }
    }

    /** Absolute index of the batch's first byte in the buffer. */
    public int position() {
        return base;
    }

    /** A fresh read-only buffer holding exactly this batch (shares content; allocates the slice). */
    public ByteBuffer slice() {
        requireComplete();
        return buf.duplicate().limit(base + sizeInBytes()).position(base).slice().asReadOnlyBuffer();
    }

    public long baseOffset() {
        return buf.getLong(base + BASE_OFFSET_OFFSET);
    }

    public int batchLength() {
        return buf.getInt(base + LENGTH_OFFSET);
    }

    public int sizeInBytes() {
        return batchLength() + LOG_OVERHEAD;
    }

    public int partitionLeaderEpoch() {
        return buf.getInt(base + PARTITION_LEADER_EPOCH_OFFSET);
    }

    public byte magic() {
        return buf.get(base + MAGIC_OFFSET);
    }

    /** The stored CRC32C, as an unsigned 32-bit value. */
    public long checksum() {
        return Integer.toUnsignedLong(buf.getInt(base + CRC_OFFSET));
    }

    public short attributes() {
        return buf.getShort(base + ATTRIBUTES_OFFSET);
    }

    /** @throws CorruptRecordException if the codec bits hold an unassigned id (5-7) */
    public CompressionType compressionType() {
        return CompressionType.forId(attributes() & COMPRESSION_CODEC_MASK);
    }

    public TimestampType timestampType() {
        return (attributes() & TIMESTAMP_TYPE_MASK) == 0 ? TimestampType.CREATE_TIME : TimestampType.LOG_APPEND_TIME;
    }

    public boolean isTransactional() {
        return (attributes() & TRANSACTIONAL_FLAG_MASK) != 0;
    }

    public boolean isControlBatch() {
        return (attributes() & CONTROL_FLAG_MASK) != 0;
    }

    public boolean hasDeleteHorizon() {
        return (attributes() & DELETE_HORIZON_FLAG_MASK) != 0;
    }

    public int lastOffsetDelta() {
        return buf.getInt(base + LAST_OFFSET_DELTA_OFFSET);
    }

    public long lastOffset() {
        return baseOffset() + lastOffsetDelta();
    }

    public long nextOffset() {
        return lastOffset() + 1;
    }

    /** The first record's timestamp, or the delete horizon when {@link #hasDeleteHorizon()}. */
    public long baseTimestamp() {
        return buf.getLong(base + BASE_TIMESTAMP_OFFSET);
    }

    public long maxTimestamp() {
        return buf.getLong(base + MAX_TIMESTAMP_OFFSET);
    }

    public long producerId() {
        return buf.getLong(base + PRODUCER_ID_OFFSET);
    }

    public short producerEpoch() {
        return buf.getShort(base + PRODUCER_EPOCH_OFFSET);
    }

    public int baseSequence() {
        return buf.getInt(base + BASE_SEQUENCE_OFFSET);
    }

    /** The last record's sequence; sequences wrap from {@code Integer.MAX_VALUE} to 0. */
    public int lastSequence() {
        int first = baseSequence();
        if (first == NO_SEQUENCE) {
            return NO_SEQUENCE;
        }
        return incrementSequence(first, lastOffsetDelta());
    }

    /** {@code sequence + increment}, wrapping past {@code Integer.MAX_VALUE} to 0 as producers do. */
    public static int incrementSequence(int sequence, int increment) {
        if (sequence > Integer.MAX_VALUE - increment) {
            return increment - (Integer.MAX_VALUE - sequence) - 1;
        }
        return sequence + increment;
    }

    public int recordCount() {
        return buf.getInt(base + RECORDS_COUNT_OFFSET);
    }

    /** Absolute index of the first record byte. */
    int recordsStart() {
        return base + RECORDS_OFFSET;
    }

    /** Absolute index one past the batch's last byte. */
    int end() {
        return base + sizeInBytes();
    }

    ByteBuffer buffer() {
        return buf;
    }

    /** The CRC32C of attributes..end, computed now. */
    public long computeChecksum() {
        requireComplete();
        if (crc == null) {
            crc = new CRC32C();
        } else {
            crc.reset();
        }
        int savedPosition = buf.position();
        int savedLimit = buf.limit();
        // buf is our private duplicate, so moving its cursor is invisible to the caller.
        buf.limit(end()).position(base + ATTRIBUTES_OFFSET);
        crc.update(buf);
        buf.limit(savedLimit).position(savedPosition);
        return crc.getValue();
    }

    /** Whether the stored CRC matches the bytes. */
    public boolean isValid() {
        return checksum() == computeChecksum();
    }

    /** @throws CorruptRecordException if the CRC does not match or the record count is negative */
    public void ensureValid() {
        if (recordCount() < 0) {
            throw new CorruptRecordException("record batch at offset " + baseOffset() + " has negative record count " + recordCount());
        }
        long stored = checksum();
        long computed = computeChecksum();
        if (stored != computed) {
            throw new CorruptRecordException("record batch at offset " + baseOffset() + " is corrupt (stored crc = "
                    + stored + ", computed crc = " + computed + ")");
        }
    }

    /** Patches the base offset; outside the CRC, so the CRC stays valid. */
    public void setBaseOffset(long offset) {
        buf.putLong(base + BASE_OFFSET_OFFSET, offset);
    }

    /** Patches the partition leader epoch; outside the CRC, so the CRC stays valid. */
    public void setPartitionLeaderEpoch(int epoch) {
        buf.putInt(base + PARTITION_LEADER_EPOCH_OFFSET, epoch);
    }

    /**
     * Sets the timestamp type bit and max timestamp (the broker's LogAppendTime stamping) and recomputes
     * the CRC, both being inside it. A no-op when nothing changes, so the CRC is not recomputed needlessly.
     */
    public void setMaxTimestamp(TimestampType type, long maxTimestamp) {
        if (type == TimestampType.NO_TIMESTAMP_TYPE) {
            throw new IllegalArgumentException("a v2 batch cannot have NO_TIMESTAMP_TYPE");
        }
        requireComplete();
        if (timestampType() == type && maxTimestamp() == maxTimestamp) {
            return;
        }
        short attributes = attributes();
        attributes = (short) (type == TimestampType.LOG_APPEND_TIME
                ? attributes | TIMESTAMP_TYPE_MASK
                : attributes & ~TIMESTAMP_TYPE_MASK);
        buf.putShort(base + ATTRIBUTES_OFFSET, attributes);
        buf.putLong(base + MAX_TIMESTAMP_OFFSET, maxTimestamp);
        writeChecksum();
    }

    /** Recomputes and stores the CRC; for writers that patched bytes inside it. */
    public void writeChecksum() {
        buf.putInt(base + CRC_OFFSET, (int) computeChecksum());
    }

    /**
     * The batch's records, parsed one by one as the iterator advances. A compressed batch is first
     * decompressed whole into a heap buffer of at most {@code maxDecompressedBytes}. The iterator
     * captures the batch, so this view may be reset while it is in use; it must not be used after the
     * underlying bytes change.
     *
     * @throws io.skiff.wire.protocol.DecodeException (from the iterator too) on a corrupt or oversized
     *     compressed payload, a malformed record, or a record count that disagrees with the bytes
     */
    public Iterator<Record> records(int maxDecompressedBytes) {
        requireComplete();
        int count = recordCount();
        if (count < 0) {
            throw new DecodeException("record batch at offset " + baseOffset() + " has negative record count " + count);
        }
        CompressionType compression = compressionType();
        ByteBuffer data;
        int start;
        int stop;
        if (compression == CompressionType.NONE) {
            data = buf.duplicate();
            start = recordsStart();
            stop = end();
        } else {
            ByteBuffer compressed = buf.duplicate().limit(end()).position(recordsStart());
            data = compression.codec().decompress(compressed, maxDecompressedBytes);
            start = 0;
            stop = data.limit();
        }
        return new RecordIterator(data, start, stop, count, baseOffset(), baseTimestamp(), baseSequence(),
                timestampType() == TimestampType.LOG_APPEND_TIME, maxTimestamp());
    }

    private static final class RecordIterator implements Iterator<Record> {
        private final ByteBuffer data;
        private final int end;
        private final int count;
        private final long baseOffset;
        private final long baseTimestamp;
        private final int baseSequence;
        private final boolean logAppendTime;
        private final long maxTimestamp;
        private int pos;
        private int read;

        RecordIterator(ByteBuffer data, int start, int end, int count, long baseOffset, long baseTimestamp,
                int baseSequence, boolean logAppendTime, long maxTimestamp) {
            this.data = data;
            this.pos = start;
            this.end = end;
            this.count = count;
            this.baseOffset = baseOffset;
            this.baseTimestamp = baseTimestamp;
            this.baseSequence = baseSequence;
            this.logAppendTime = logAppendTime;
            this.maxTimestamp = maxTimestamp;
            if (count == 0 && start != end) {
                throw new DecodeException("batch declares no records but holds " + (end - start) + " bytes of them");
            }
        }

        @Override
        public boolean hasNext() {
            return read < count;
        }

        @Override
        public Record next() {
            if (read >= count) {
                throw new NoSuchElementException();
            }
            if (pos >= end) {
                throw new DecodeException("batch declares " + count + " records but holds " + read);
            }
            Record record = Record.read(data, pos, end, baseOffset, baseTimestamp, baseSequence, logAppendTime, maxTimestamp);
            pos += record.sizeInBytes();
            read++;
            if (read == count && pos != end) {
                throw new DecodeException("batch holds " + (end - pos) + " bytes after its " + count + " declared records");
            }
            return record;
        }
    }

    @Override
    public String toString() {
        return "RecordBatch(magic=2, offsets=[" + baseOffset() + ", " + lastOffset() + "], size=" + sizeInBytes()
                + ", records=" + recordCount() + ", attributes=" + attributes() + ", producerId=" + producerId()
                + ", epoch=" + producerEpoch() + ", sequence=" + baseSequence() + ", crc=" + checksum() + ")";
    }
}
