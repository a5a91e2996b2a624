package io.skiff.broker.coordinator.group;

import io.skiff.wire.protocol.Errors;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Where the coordinator persists its records: one partition of {@code __consumer_offsets}. Implementations
 * are thread-safe.
 */
public interface OffsetLog {
    /** A key and value (null value: tombstone) in {@link OffsetRecords} format. */
    record Entry(byte[] key, byte[] value) {}

    /**
     * Appends {@code entries} atomically (one batch) to partition {@code partition}; completes with NONE once
     * they are committed, or the error Kafka's coordinator would answer (NOT_COORDINATOR when leadership
     * moved).
     */
    CompletionStage<Errors> append(int partition, List<Entry> entries);
}
