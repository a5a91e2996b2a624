package io.skiff.wire.record;

import io.skiff.wire.protocol.DecodeException;
import java.nio.ByteBuffer;

/**
 * The value of a COMMIT/ABORT control record: int16 version (0) then int32 coordinator epoch (Kafka's
 * {@code EndTxnMarker} schema, version 0, not flexible).
 */
public record EndTransactionMarker(ControlRecordType type, int coordinatorEpoch) {
    static final short CURRENT_VERSION = 0;
    static final int VALUE_SIZE = 6;

    public EndTransactionMarker {
        if (type != ControlRecordType.COMMIT && type != ControlRecordType.ABORT) {
            throw new IllegalArgumentException("an end transaction marker is COMMIT or ABORT, not " + type);
        }
    }

    /**
     * Reads the marker a control record carries.
     *
     * @throws DecodeException if the record is not a COMMIT/ABORT marker or its value is malformed
     */
    public static EndTransactionMarker deserialize(Record record) {
        ControlRecordType type = ControlRecordType.parse(record.key());
        if (type != ControlRecordType.COMMIT && type != ControlRecordType.ABORT) {
            throw new DecodeException("control record of type " + type + " is not an end transaction marker");
        }
        ByteBuffer value = record.value();
        if (value == null || value.remaining() < VALUE_SIZE) {
            throw new DecodeException("end transaction marker value too short");
        }
        short version = value.getShort(value.position());
        if (version < 0) {
            throw new DecodeException("end transaction marker has negative version " + version);
        }
        return new EndTransactionMarker(type, value.getInt(value.position() + 2));
    }

    byte[] keyBytes() {
        ByteBuffer b = ByteBuffer.allocate(ControlRecordType.KEY_SIZE);
        type.writeKey(b);
        return b.array();
    }

    byte[] valueBytes() {
        return ByteBuffer.allocate(VALUE_SIZE).putShort(CURRENT_VERSION).putInt(coordinatorEpoch).array();
    }
}
