package io.skiff.wire.record;

import io.skiff.wire.protocol.DecodeException;
import java.nio.ByteBuffer;

/**
 * The type of a control record, stored in its key: int16 version (0) then int16 type. The broker
 * writes COMMIT and ABORT (transaction markers); the KRaft types exist so a reader can name what it
 * sees, and any other id reads as {@link #UNKNOWN}.
 */
public enum ControlRecordType {
    ABORT(0),
    COMMIT(1),
    LEADER_CHANGE(2),
    SNAPSHOT_HEADER(3),
    SNAPSHOT_FOOTER(4),
    KRAFT_VERSION(5),
    KRAFT_VOTERS(6),
    UNKNOWN(-1);

    static final short CURRENT_KEY_VERSION = 0;
    static final int KEY_SIZE = 4;

    private final short type;

    ControlRecordType(int type) {
        this.type = (short) type;
    }

    public short type() {
        return type;
    }

    public static ControlRecordType fromTypeId(short id) {
        for (ControlRecordType t : values()) {
            if (t.type == id && t != UNKNOWN) {
                return t;
            }
        }
        return UNKNOWN;
    }

    /**
     * The type named by a control record's key (its position is not moved).
     *
     * @throws DecodeException if the key is missing or shorter than four bytes
     */
    public static ControlRecordType parse(ByteBuffer key) {
        if (key == null || key.remaining() < KEY_SIZE) {
            throw new DecodeException("control record key must hold a version and a type, got "
                    + (key == null ? "null" : key.remaining() + " bytes"));
        }
        short version = key.getShort(key.position());
        if (version < 0) {
            throw new DecodeException("control record key has negative version " + version);
        }
        return fromTypeId(key.getShort(key.position() + 2));
    }

    void writeKey(ByteBuffer out) {
        out.putShort(CURRENT_KEY_VERSION).putShort(type);
    }
}
