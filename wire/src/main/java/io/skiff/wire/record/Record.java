package io.skiff.wire.record;

import io.skiff.wire.protocol.DecodeException;
import io.skiff.wire.protocol.Varints;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One record of a v2 batch, parsed. On the wire (all varints zig-zag):
 * <pre>
 *   length varint (bytes after itself) | attributes int8 | timestampDelta varlong | offsetDelta varint
 *   keyLength varint (-1 = null) | key | valueLength varint (-1 = null) | value
 *   headerCount varint | headers: keyLength varint (>= 0) | key UTF-8 | valueLength varint (-1 = null) | value
 * </pre>
 * Every length is checked against the record's declared length before it is used, and the fields
 * must fill that length exactly. Key and value are read-only slices of the batch's buffer (zero copy
 * for uncompressed batches; slices of the decompressed buffer otherwise). Immutable.
 */
public final class Record {
    private final int sizeInBytes;
    private final byte attributes;
    private final long offset;
    private final long timestamp;
    private final int sequence;
    private final ByteBuffer key;
    private final ByteBuffer value;
    private final List<RecordHeader> headers;

    private Record(int sizeInBytes, byte attributes, long offset, long timestamp, int sequence, ByteBuffer key,
            ByteBuffer value, List<RecordHeader> headers) {
        this.sizeInBytes = sizeInBytes;
        this.attributes = attributes;
        this.offset = offset;
        this.timestamp = timestamp;
        this.sequence = sequence;
        this.key = key;
        this.value = value;
        this.headers = headers;
    }

    /**
     * Parses the record at absolute index {@code pos}, which must end by {@code end}. {@code
     * logAppendTime} is the batch's max timestamp when the batch is LOG_APPEND_TIME (every record then
     * reads as that time, as Kafka's readers do), else {@link RecordBatch#NO_TIMESTAMP} meaning "use
     * the record's own".
     *
     * @throws DecodeException on any malformed field or length
     */
    static Record read(ByteBuffer buf, int pos, int end, long baseOffset, long baseTimestamp, int baseSequence,
            boolean logAppendTime, long maxTimestamp) {
        // A private cursor whose limit is the record's end: no read can leave the record.
        ByteBuffer in = buf.duplicate().limit(end).position(pos);
        int length = Varints.readVarint(in);
        if (length < 0 || length > in.remaining()) {
            throw new DecodeException("record length " + length + " with " + in.remaining() + " bytes left in the batch");
        }
        int bodyStart = in.position();
        in.limit(bodyStart + length);
        if (!in.hasRemaining()) {
            throw new DecodeException("empty record");
        }
        byte attributes = in.get();
        long timestampDelta = Varints.readVarlong(in);
        int offsetDelta = Varints.readVarint(in);
        ByteBuffer key = readBytes(in, "key");
        ByteBuffer value = readBytes(in, "value");
        int headerCount = Varints.readVarint(in);
        // Each header takes at least two bytes: bounding the count by the bytes left keeps a forged
        // count from sizing the array.
        if (headerCount < 0 || headerCount > in.remaining() / 2) {
            throw new DecodeException("invalid header count " + headerCount);
        }
        RecordHeader[] headers = new RecordHeader[headerCount];
        for (int i = 0; i < headerCount; i++) {
            int keyLength = Varints.readVarint(in);
            if (keyLength < 0 || keyLength > in.remaining()) {
                throw new DecodeException("invalid header key length " + keyLength);
            }
            byte[] keyBytes = new byte[keyLength];
            in.get(keyBytes);
            ByteBuffer headerValue = readBytes(in, "header value");
            byte[] valueBytes = null;
            if (headerValue != null) {
                valueBytes = new byte[headerValue.remaining()];
                headerValue.get(valueBytes);
            }
            headers[i] = new RecordHeader(new String(keyBytes, StandardCharsets.UTF_8), valueBytes);
        }
        if (in.hasRemaining()) {
            throw new DecodeException("record declares " + length + " bytes but its fields take " + (in.position() - bodyStart));
        }
        long timestamp = logAppendTime ? maxTimestamp : baseTimestamp + timestampDelta;
        int sequence = baseSequence == RecordBatch.NO_SEQUENCE
                ? RecordBatch.NO_SEQUENCE
                : RecordBatch.incrementSequence(baseSequence, offsetDelta);
        return new Record(in.limit() - pos, attributes, baseOffset + offsetDelta, timestamp, sequence, key, value,
                List.of(headers));
    }

    private static ByteBuffer readBytes(ByteBuffer in, String what) {
        int length = Varints.readVarint(in);
        if (length == -1) {
            return null;
        }
        if (length < -1 || length > in.remaining()) {
            throw new DecodeException("invalid " + what + " length " + length);
        }
        ByteBuffer slice = in.slice(in.position(), length).asReadOnlyBuffer();
        in.position(in.position() + length);
        return slice;
    }

    /** Bytes the record occupies in the batch, its length varint included. */
    public int sizeInBytes() {
        return sizeInBytes;
    }

    /** The record's attribute byte (unused by the protocol so far, always 0 from Kafka clients). */
    public byte attributes() {
        return attributes;
    }

    public long offset() {
        return offset;
    }

    public long timestamp() {
        return timestamp;
    }

    /** The producer sequence of this record, or -1 when the batch has none. */
    public int sequence() {
        return sequence;
    }

    public boolean hasKey() {
        return key != null;
    }

    /** A read-only buffer over the key (fresh position each call), or null. */
    public ByteBuffer key() {
        return key == null ? null : key.duplicate();
    }

    public int keySize() {
        return key == null ? -1 : key.remaining();
    }

    public boolean hasValue() {
        return value != null;
    }

    /** A read-only buffer over the value (fresh position each call), or null. */
    public ByteBuffer value() {
        return value == null ? null : value.duplicate();
    }

    public int valueSize() {
        return value == null ? -1 : value.remaining();
    }

    public List<RecordHeader> headers() {
        return headers;
    }

    @Override
    public String toString() {
        return "Record(offset=" + offset + ", timestamp=" + timestamp + ", key=" + keySize() + " bytes, value="
                + valueSize() + " bytes, headers=" + headers.size() + ")";
    }
}
