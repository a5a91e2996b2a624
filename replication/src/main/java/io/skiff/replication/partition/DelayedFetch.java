package io.skiff.replication.partition;

import io.skiff.log.TopicPartition;
import io.skiff.replication.delayed.DelayedOperation;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A fetch waiting for {@code min.bytes} of new data or {@code max.wait.ms}, whichever comes first.
 * Watched under every partition it reads; woken by appends (consumers see data only once the high
 * watermark moves, so the leader wakes fetches on both). It completes early when a partition hits
 * an error (leadership moved, epoch fenced, offset out of range) so the client learns at once.
 *
 * <p>When it completes it reads again: the answer reflects the log at completion time, never a
 * stale earlier read.
 *
 * <p>Thread-safety: state is immutable; {@link ReplicaManager#readPartitions} is thread-safe.
 */
final class DelayedFetch extends DelayedOperation {
    private final ReplicaManager replicaManager;
    private final FetchParams params;
    private final List<FetchPartitionRequest> requests;
    private final CompletableFuture<Map<TopicPartition, FetchPartitionData>> future;

    DelayedFetch(long deadlineMs, ReplicaManager replicaManager, FetchParams params,
                 List<FetchPartitionRequest> requests, CompletableFuture<Map<TopicPartition, FetchPartitionData>> future) {
        super(deadlineMs);
        this.replicaManager = replicaManager;
        this.params = params;
        this.requests = requests;
        this.future = future;
    }

    @Override
    protected boolean tryComplete() {
        return replicaManager.fetchSatisfied(params, requests) && forceComplete();
    }

    @Override
    protected void onComplete() {
        try {
            future.complete(replicaManager.readPartitions(params, requests));
        } catch (RuntimeException e) {
            future.completeExceptionally(e);
        }
    }
}
