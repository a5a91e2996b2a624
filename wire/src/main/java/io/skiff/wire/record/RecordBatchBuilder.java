package io.skiff.wire.record;

import io.skiff.wire.compress.Codec;
import io.skiff.wire.protocol.Varints;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * Writes one magic v2 batch (layout in {@link RecordBatch}, records in {@link Record}). Header fields
 * are set first, then records appended with increasing offsets, then {@link #build()}:
 * <pre>
 *   ByteBuffer batch = new RecordBatchBuilder(CompressionType.LZ4)
 *       .baseOffset(0).producer(pid, epoch, seq).transactional(true)
 *       .append(now, key, value)
 *       .build();
 * </pre>
 * The base timestamp is the first record's (or the delete horizon when set), the max timestamp the
 * largest record timestamp (or the log append time for LOG_APPEND_TIME). Records are encoded as they
 * are appended; compression happens once in {@code build()}. Not thread-safe; single use.
 */
public final class RecordBatchBuilder {
    private final CompressionType compression;
    private Codec codec;
    private long baseOffset;
    private int partitionLeaderEpoch = RecordBatch.NO_PARTITION_LEADER_EPOCH;
    private TimestampType timestampType = TimestampType.CREATE_TIME;
    private long logAppendTime = RecordBatch.NO_TIMESTAMP;
    private long producerId = RecordBatch.NO_PRODUCER_ID;
    private short producerEpoch = RecordBatch.NO_PRODUCER_EPOCH;
    private int baseSequence = RecordBatch.NO_SEQUENCE;
    private boolean transactional;
    private boolean control;
    private long deleteHorizon = RecordBatch.NO_TIMESTAMP;

    private ByteBuffer records = ByteBuffer.allocate(256);
    private int count;
    private long baseTimestamp;
    private long maxTimestamp = RecordBatch.NO_TIMESTAMP;
    private long lastOffset = -1;
    private boolean built;

    public RecordBatchBuilder(CompressionType compression) {
        this.compression = Objects.requireNonNull(compression, "compression");
        this.codec = compression == CompressionType.NONE ? null : compression.codec();
    }

    /** Overrides the codec (e.g. a non-default level); it must be of this builder's compression type. */
    public RecordBatchBuilder codec(Codec codec) {
        beforeAppends();
        if (compression == CompressionType.NONE || !compression.configName().equals(codec.name())) {
            throw new IllegalArgumentException("codec " + codec.name() + " does not match " + compression.configName());
        }
        this.codec = codec;
        return this;
    }

    public RecordBatchBuilder baseOffset(long baseOffset) {
        beforeAppends();
        this.baseOffset = baseOffset;
        return this;
    }

    public RecordBatchBuilder partitionLeaderEpoch(int epoch) {
        this.partitionLeaderEpoch = epoch;
        return this;
    }

    /** CREATE_TIME (the default), or LOG_APPEND_TIME with the time the broker stamps. */
    public RecordBatchBuilder timestampType(TimestampType type, long logAppendTime) {
        if (type == TimestampType.NO_TIMESTAMP_TYPE) {
            throw new IllegalArgumentException("a v2 batch cannot have NO_TIMESTAMP_TYPE");
        }
        this.timestampType = type;
        this.logAppendTime = logAppendTime;
        return this;
    }

    public RecordBatchBuilder producer(long producerId, short producerEpoch, int baseSequence) {
        this.producerId = producerId;
        this.producerEpoch = producerEpoch;
        this.baseSequence = baseSequence;
        return this;
    }

    public RecordBatchBuilder transactional(boolean transactional) {
        this.transactional = transactional;
        return this;
    }

    /** Marks the batch a control batch (transaction markers); its records carry control keys. */
    public RecordBatchBuilder control(boolean control) {
        this.control = control;
        return this;
    }

    /** Sets the delete horizon (compaction of tombstones/markers): stored as the base timestamp. */
    public RecordBatchBuilder deleteHorizon(long deleteHorizonMs) {
        beforeAppends();
        this.deleteHorizon = deleteHorizonMs;
        return this;
    }

    /** Appends a record at the next offset (the base offset for the first). */
    public RecordBatchBuilder append(long timestamp, byte[] key, byte[] value, RecordHeader... headers) {
        return appendWithOffset(lastOffset < 0 ? baseOffset : lastOffset + 1, timestamp, wrap(key), wrap(value),
                List.of(headers));
    }

    /** Appends a record at the next offset; key and value are read from position to limit, not moved. */
    public RecordBatchBuilder append(long timestamp, ByteBuffer key, ByteBuffer value, List<RecordHeader> headers) {
        return appendWithOffset(lastOffset < 0 ? baseOffset : lastOffset + 1, timestamp, key, value, headers);
    }

    /** Appends a record at {@code offset}, which must exceed every offset appended so far (gaps allowed). */
    public RecordBatchBuilder appendWithOffset(long offset, long timestamp, ByteBuffer key, ByteBuffer value,
            List<RecordHeader> headers) {
        if (built) {
            throw new IllegalStateException("batch already built");
        }
        if (offset < baseOffset || offset <= lastOffset) {
            throw new IllegalArgumentException("offset " + offset + " is not above the last offset " + lastOffset
                    + " and the base offset " + baseOffset);
        }
        if (offset - baseOffset > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("offset " + offset + " is too far from the base offset " + baseOffset);
        }
        if (count == 0) {
            baseTimestamp = deleteHorizon != RecordBatch.NO_TIMESTAMP ? deleteHorizon : timestamp;
        }
        writeRecord((int) (offset - baseOffset), timestamp - baseTimestamp, key, value, headers);
        count++;
        lastOffset = offset;
        maxTimestamp = Math.max(maxTimestamp, timestamp);
        return this;
    }

    /** Appends a COMMIT/ABORT marker record; the batch must be a transactional control batch. */
    public RecordBatchBuilder appendEndTransactionMarker(long timestamp, EndTransactionMarker marker) {
        if (!control || !transactional) {
            throw new IllegalStateException("end transaction markers go in transactional control batches");
        }
        return append(timestamp, marker.keyBytes(), marker.valueBytes());
    }

    /**
     * A transactional control batch holding one COMMIT/ABORT marker, as the broker writes to each data
     * partition of a completed transaction.
     */
    public static ByteBuffer endTransactionMarker(long offset, long timestamp, int partitionLeaderEpoch,
            long producerId, short producerEpoch, EndTransactionMarker marker) {
        return new RecordBatchBuilder(CompressionType.NONE)
                .baseOffset(offset)
                .partitionLeaderEpoch(partitionLeaderEpoch)
                .producer(producerId, producerEpoch, RecordBatch.NO_SEQUENCE)
                .transactional(true)
                .control(true)
                .appendEndTransactionMarker(timestamp, marker)
                .build();
    }

    public int recordCount() {
        return count;
    }

    /**
     * The finished batch in a new heap buffer (position 0, limit its size), CRC computed.
     *
     * @throws IllegalStateException if no record was appended (Kafka writes no batch then either)
     */
    public ByteBuffer build() {
        if (count == 0) {
            throw new IllegalStateException("a batch needs at least one record");
        }
        if (built) {
            throw new IllegalStateException("batch already built");
        }
        built = true;
        ByteBuffer body = records.flip();
        if (codec != null) {
            body = compress(body);
        }
        ByteBuffer out = ByteBuffer.allocate(RecordBatch.HEADER_SIZE + body.remaining());
        out.putLong(baseOffset)
                .putInt(RecordBatch.HEADER_SIZE - RecordBatch.LOG_OVERHEAD + body.remaining())
                .putInt(partitionLeaderEpoch)
                .put(RecordBatch.MAGIC)
                .putInt(0) // CRC, computed below
                .putShort(attributes())
                .putInt((int) (lastOffset - baseOffset))
                .putLong(baseTimestamp)
                .putLong(timestampType == TimestampType.LOG_APPEND_TIME ? logAppendTime : maxTimestamp)
                .putLong(producerId)
                .putShort(producerEpoch)
                .putInt(baseSequence)
                .putInt(count)
                .put(body)
                .flip();
        RecordBatch.view(out, 0).writeChecksum();
        return out;
    }

    private short attributes() {
        int a = compression.id();
        if (timestampType == TimestampType.LOG_APPEND_TIME) {
            a |= RecordBatch.TIMESTAMP_TYPE_MASK;
        }
        if (transactional) {
            a |= RecordBatch.TRANSACTIONAL_FLAG_MASK;
        }
        if (control) {
            a |= RecordBatch.CONTROL_FLAG_MASK;
        }
        if (deleteHorizon != RecordBatch.NO_TIMESTAMP) {
            a |= RecordBatch.DELETE_HORIZON_FLAG_MASK;
        }
        return (short) a;
    }

    private ByteBuffer compress(ByteBuffer body) {
        ByteBufferSink sink = new ByteBufferSink(Math.max(64, body.remaining() / 2));
        try (OutputStream out = codec.compressing(sink)) {
            out.write(body.array(), body.arrayOffset() + body.position(), body.remaining());
        } catch (IOException e) {
            throw new UncheckedIOException("compressing into memory failed", e);
        }
        return sink.buffer();
    }

    private void writeRecord(int offsetDelta, long timestampDelta, ByteBuffer key, ByteBuffer value,
            List<RecordHeader> headers) {
        int keySize = key == null ? -1 : key.remaining();
        int valueSize = value == null ? -1 : value.remaining();
        int bodySize = 1 + Varints.sizeOfVarlong(timestampDelta) + Varints.sizeOfVarint(offsetDelta)
                + sizeOfBytes(keySize) + sizeOfBytes(valueSize) + Varints.sizeOfVarint(headers.size());
        byte[][] headerKeys = new byte[headers.size()][];
        for (int i = 0; i < headers.size(); i++) {
            RecordHeader h = headers.get(i);
            headerKeys[i] = h.keyBytes();
            bodySize += sizeOfBytes(headerKeys[i].length) + sizeOfBytes(h.valueLength());
        }
        ensureRoom(Varints.sizeOfVarint(bodySize) + bodySize);
        Varints.writeVarint(bodySize, records);
        records.put((byte) 0);
        Varints.writeVarlong(timestampDelta, records);
        Varints.writeVarint(offsetDelta, records);
        writeBytes(key);
        writeBytes(value);
        Varints.writeVarint(headers.size(), records);
        for (int i = 0; i < headers.size(); i++) {
            Varints.writeVarint(headerKeys[i].length, records);
            records.put(headerKeys[i]);
            byte[] v = headers.get(i).valueUnsafe();
            Varints.writeVarint(v == null ? -1 : v.length, records);
            if (v != null) {
                records.put(v);
            }
        }
    }

    private void writeBytes(ByteBuffer b) {
        if (b == null) {
            Varints.writeVarint(-1, records);
            return;
        }
        Varints.writeVarint(b.remaining(), records);
        records.put(b.duplicate());
    }

    private static int sizeOfBytes(int size) {
        return size < 0 ? Varints.sizeOfVarint(-1) : Varints.sizeOfVarint(size) + size;
    }

    private void ensureRoom(int n) {
        if (records.remaining() < n) {
            int capacity = (int) Math.min(Integer.MAX_VALUE - 16, Math.max((long) records.capacity() * 2, (long) records.position() + n));
            ByteBuffer grown = ByteBuffer.allocate(capacity);
            grown.put(records.flip());
            records = grown;
        }
    }

    private void beforeAppends() {
        if (count > 0) {
            throw new IllegalStateException("set the base offset, codec and delete horizon before appending");
        }
    }

    private static ByteBuffer wrap(byte[] bytes) {
        return bytes == null ? null : ByteBuffer.wrap(bytes);
    }

    /** A growable in-memory output stream handing its bytes back as a buffer without a copy. */
    private static final class ByteBufferSink extends OutputStream {
        private byte[] bytes;
        private int size;

        ByteBufferSink(int capacity) {
            bytes = new byte[capacity];
        }

        @Override
        public void write(int b) {
            grow(1);
            bytes[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            grow(len);
            System.arraycopy(b, off, bytes, size, len);
            size += len;
        }

        private void grow(int n) {
            if (bytes.length - size < n) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + n));
            }
        }

        ByteBuffer buffer() {
            return ByteBuffer.wrap(bytes, 0, size);
        }
    }
}
