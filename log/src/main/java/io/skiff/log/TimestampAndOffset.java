package io.skiff.log;

/**
 * A ListOffsets answer: the offset found and the timestamp that matched it (-1 when the query was by position).
 */
public record TimestampAndOffset(long timestamp, long offset) {
    /** Kafka's ListOffsets sentinel for the log start offset. */
    public static final long EARLIEST_TIMESTAMP = -2L;
    /** Kafka's ListOffsets sentinel for the log end offset. */
    public static final long LATEST_TIMESTAMP = -1L;
    /** Kafka's ListOffsets sentinel for the batch with the largest timestamp. */
    public static final long MAX_TIMESTAMP = -3L;
}
