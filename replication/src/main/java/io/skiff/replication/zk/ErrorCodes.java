package io.skiff.replication.zk;

/**
 * The Kafka error codes this package reports. Placeholders until the project-wide {@code Errors} enum lands; the
 * values are Kafka's wire codes and must not change.
 */
public final class ErrorCodes {
    public static final short UNKNOWN_SERVER_ERROR = -1;
    public static final short UNKNOWN_TOPIC_OR_PARTITION = 3;
    public static final short INVALID_TOPIC_EXCEPTION = 17;
    public static final short TOPIC_ALREADY_EXISTS = 36;
    public static final short INVALID_PARTITIONS = 37;
    public static final short INVALID_REPLICATION_FACTOR = 38;
    public static final short INVALID_REPLICA_ASSIGNMENT = 39;

    private ErrorCodes() {}
}
