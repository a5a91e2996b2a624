package io.skiff.broker.coordinator.group;

import io.skiff.log.TopicPartition;
import io.skiff.replication.partition.ProducePartitionResult;
import io.skiff.replication.partition.ReplicaManager;
import io.skiff.wire.record.CompressionType;
import io.skiff.wire.record.RecordBatchBuilder;
import io.skiff.wire.protocol.Errors;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

/**
 * The {@link OffsetLog} over this broker's replica of {@code __consumer_offsets}: one uncompressed batch per
 * call, appended as leader with {@code acks=all}, so a commit is acknowledged only once it is replicated.
 * Append errors become the coordinator errors Kafka answers (its {@code appendRecords} error mapping).
 * Thread-safe.
 */
public final class ReplicatedOffsetLog implements OffsetLog {
    public static final String TOPIC = "__consumer_offsets";
    private static final short ACKS_ALL = -1;

    private final ReplicaManager replicaManager;
    private final long timeoutMs;
    private final LongSupplier wallClockMs;

    public ReplicatedOffsetLog(ReplicaManager replicaManager, long timeoutMs, LongSupplier wallClockMs) {
        this.replicaManager = replicaManager;
        this.timeoutMs = timeoutMs;
        this.wallClockMs = wallClockMs;
    }

    @Override
    public CompletionStage<Errors> append(int partition, List<Entry> entries) {
        RecordBatchBuilder builder = new RecordBatchBuilder(CompressionType.NONE);
        long now = wallClockMs.getAsLong();
        for (Entry e : entries) {
            builder.append(now, e.key(), e.value());
        }
        ByteBuffer batch = builder.build();
        TopicPartition tp = new TopicPartition(TOPIC, partition);
        return replicaManager.appendRecords(ACKS_ALL, timeoutMs, Map.of(tp, batch))
                .thenApply(results -> coordinatorError(results.get(tp)));
    }

    static Errors coordinatorError(ProducePartitionResult result) {
        return switch (result.error()) {
            case NONE -> Errors.NONE;
            case UNKNOWN_TOPIC_OR_PARTITION, NOT_ENOUGH_REPLICAS, NOT_ENOUGH_REPLICAS_AFTER_APPEND, REQUEST_TIMED_OUT ->
                    Errors.COORDINATOR_NOT_AVAILABLE;
            case NOT_LEADER_OR_FOLLOWER, KAFKA_STORAGE_ERROR -> Errors.NOT_COORDINATOR;
            case MESSAGE_TOO_LARGE, RECORD_LIST_TOO_LARGE, INVALID_FETCH_SIZE -> Errors.INVALID_COMMIT_OFFSET_SIZE;
            default -> Errors.UNKNOWN_SERVER_ERROR;
        };
    }
}
