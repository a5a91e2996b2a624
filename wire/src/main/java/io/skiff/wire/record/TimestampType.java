package io.skiff.wire.record;

/**
 * What a batch's timestamps mean. A v2 batch stores one bit (attribute bit 3): producer-supplied
 * {@link #CREATE_TIME} or broker-assigned {@link #LOG_APPEND_TIME}. {@link #NO_TIMESTAMP_TYPE} exists
 * only for protocol fields that carry it (id -1, e.g. in the consumer's view of magic 0 data).
 */
public enum TimestampType {
    NO_TIMESTAMP_TYPE(-1, "NoTimestampType"),
    CREATE_TIME(0, "CreateTime"),
    LOG_APPEND_TIME(1, "LogAppendTime");

    private final int id;
    private final String displayName;

    TimestampType(int id, String displayName) {
        this.id = id;
        this.displayName = displayName;
    }

    public int id() {
        return id;
    }

    /** Kafka's name for the type, as used by {@code message.timestamp.type}. */
    public String displayName() {
        return displayName;
    }

    public static TimestampType forId(int id) {
        switch (id) {
            case -1:
                return NO_TIMESTAMP_TYPE;
            case 0:
                return CREATE_TIME;
            case 1:
                return LOG_APPEND_TIME;
            default:
                throw new IllegalArgumentException("unknown timestamp type id " + id);
        }
    }

    /** The type for a {@code message.timestamp.type} config value. */
    public static TimestampType forDisplayName(String name) {
        for (TimestampType t : values()) {
            if (t.displayName.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown timestamp type '" + name + "'");
    }
}
