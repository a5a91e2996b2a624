package io.skiff.replication.partition;

import io.skiff.log.TopicPartition;
import io.skiff.replication.delayed.DelayedOperation;
import io.skiff.wire.protocol.Errors;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * An {@code acks=all} produce waiting until the high watermark of every partition it appended to
 * passes its last offset. Watched under each of those partitions; woken when their high watermark
 * moves or their leadership changes. At the deadline, partitions still waiting get REQUEST_TIMED_OUT
 * (the records stay in the log: the client may retry and the idempotent producer deduplicates).
 *
 * <p>Thread-safety: {@link #tryComplete()} runs under the operation's lock; {@code pending} is only
 * touched there and in {@link #onComplete()}, which runs once after the last {@code tryComplete}.
 */
final class DelayedProduce extends DelayedOperation {
    private final Map<TopicPartition, ProducePartitionResult> results;
    private final Map<TopicPartition, Long> pending;
    private final Function<TopicPartition, Partition> partitions;
    private final CompletableFuture<Map<TopicPartition, ProducePartitionResult>> future;

    DelayedProduce(long deadlineMs, Map<TopicPartition, ProducePartitionResult> results,
                   Map<TopicPartition, Long> requiredOffsets, Function<TopicPartition, Partition> partitions,
                   CompletableFuture<Map<TopicPartition, ProducePartitionResult>> future) {
        super(deadlineMs);
        this.results = new LinkedHashMap<>(results);
        this.pending = new LinkedHashMap<>(requiredOffsets);
        this.partitions = partitions;
        this.future = future;
    }

    @Override
    protected boolean tryComplete() {
        pending.entrySet().removeIf(e -> {
            Partition p = partitions.apply(e.getKey());
            Errors outcome = p == null ? Errors.NOT_LEADER_OR_FOLLOWER
                    : p.checkEnoughReplicasReachOffset(e.getValue());
            if (outcome == null) {
                return false;
            }
            if (outcome != Errors.NONE) {
                results.computeIfPresent(e.getKey(), (tp, r) -> r.withError(outcome, null));
            }
            return true;
        });
        return pending.isEmpty() && forceComplete();
    }

    @Override
    protected void onComplete() {
        for (TopicPartition tp : pending.keySet()) {
            results.computeIfPresent(tp, (k, r) -> r.withError(Errors.REQUEST_TIMED_OUT,
                    "Timed out waiting for the in-sync replicas"));
        }
        future.complete(results);
    }
}
