package io.skiff.replication.partition;

import io.skiff.log.TopicPartition;
import io.skiff.replication.delayed.DelayedOperation;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A fetch waiting for {@code min.bytes} of new data or {@code max.wait.ms}, whichever comes first.
 * Watched under every partition it reads; woken by appends (consumers see data only once the high
 * watermark moves, so the leader wakes fetches on both). It completes early when a partition hits
 * an error (leadership moved, epoch fenced, offset out of range) so the client learns at once.
 *
 * <p>When it completes it reads again: the answer reflects the log at completion time, never a
 * stale earlier read. Completed by an event, it reads on that event's thread; expired, it reads on
 * {@code expiryExecutor}, because the timer's thread must only hand work off, never do I/O.
 *
 * <p>Thread-safety: state is immutable; {@link ReplicaManager#readPartitions} is thread-safe.
 */
final class DelayedFetch extends DelayedOperation {
    private final ReplicaManager replicaManager;
    private final FetchParams params;
    private final List<FetchPartitionRequest> requests;
    private final CompletableFuture<Map<TopicPartition, FetchPartitionData>> future;
    private final Executor expiryExecutor;
    /** Set (under the operation lock) just before an event completes the operation. */
    private volatile boolean satisfied;

    DelayedFetch(long deadlineMs, ReplicaManager replicaManager, FetchParams params,
                 List<FetchPartitionRequest> requests, CompletableFuture<Map<TopicPartition, FetchPartitionData>> future,
                 Executor expiryExecutor) {
        super(deadlineMs);
        this.replicaManager = replicaManager;
        this.params = params;
        this.requests = requests;
        this.future = future;
        this.expiryExecutor = expiryExecutor;
    }

    @Override
    protected boolean tryComplete() {
        if (!replicaManager.fetchSatisfied(params, requests)) {
            return false;
        }
        satisfied = true;
        return forceComplete();
    }

    @Override
    protected void onComplete() {
        if (satisfied) {
            read();
        } else {
            try {
                expiryExecutor.execute(this::read);
            } catch (RuntimeException e) {
                future.completeExceptionally(e);
            }
        }
    }

    private void read() {
        try {
            future.complete(replicaManager.readPartitions(params, requests));
        } catch (RuntimeException e) {
            future.completeExceptionally(e);
        }
    }
}
