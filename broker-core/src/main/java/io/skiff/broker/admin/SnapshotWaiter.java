package io.skiff.broker.admin;

import io.skiff.replication.delayed.Timer;
import io.skiff.replication.delayed.TimerTask;
import io.skiff.replication.zk.ClusterSnapshot;
import io.skiff.replication.zk.PartitionState;
import io.skiff.replication.zk.TopicAssignment;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits, without blocking a thread, until the cluster view satisfies a condition or a deadline passes:
 * CreateTopics answers once the controller has elected leaders, DeleteTopics once the topic is gone.
 *
 * <p>The condition is re-checked on the broker's timer every {@link #POLL_MS} ms rather than on snapshot
 * events: the metadata watcher only takes listeners before it starts, and admin requests are rare enough
 * that a short poll costs nothing while keeping this class independent of startup order. Thread-safe.
 */
public final class SnapshotWaiter {
    public static final long POLL_MS = 10;

    private final Supplier<ClusterSnapshot> cluster;
    private final Timer timer;

    public SnapshotWaiter(Supplier<ClusterSnapshot> cluster, Timer timer) {
        this.cluster = cluster;
        this.timer = timer;
    }

    /** The latest cluster view. */
    public ClusterSnapshot cluster() {
        return cluster.get();
    }

    /**
     * Completes with true as soon as {@code condition} holds (at once if it holds now), or with false once
     * {@code timeoutMs} has passed without it holding.
     */
    public CompletableFuture<Boolean> await(Predicate<ClusterSnapshot> condition, long timeoutMs) {
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        if (condition.test(cluster.get())) {
            result.complete(true);
            return result;
        }
        long deadline = timer.nowMs() + Math.max(0, timeoutMs);
        schedule(condition, deadline, result);
        return result;
    }

    private void schedule(Predicate<ClusterSnapshot> condition, long deadline, CompletableFuture<Boolean> result) {
        long next = Math.min(deadline, timer.nowMs() + POLL_MS);
        timer.add(new TimerTask(next) {
            @Override
            public void run() {
                if (condition.test(cluster.get())) {
                    result.complete(true);
                } else if (timer.nowMs() >= deadline) {
                    result.complete(false);
                } else {
                    schedule(condition, deadline, result);
                }
            }
        });
    }

    /** Every partition of each topic has an elected leader. */
    public static Predicate<ClusterSnapshot> leadersElected(Collection<String> topics) {
        return snapshot -> topics.stream().allMatch(topic -> {
            TopicAssignment assignment = snapshot.topics().get(topic);
            if (assignment == null) {
                return false;
            }
            Map<Integer, PartitionState> states = snapshot.states().getOrDefault(topic, Map.of());
            return assignment.partitions().keySet().stream().allMatch(p -> {
                PartitionState state = states.get(p);
                return state != null && state.leader() != PartitionState.NO_LEADER;
            });
        });
    }

    /** The topic has at least {@code partitions} partitions and every one of them has an elected leader. */
    public static Predicate<ClusterSnapshot> partitionsLed(String topic, int partitions) {
        Predicate<ClusterSnapshot> led = leadersElected(List.of(topic));
        return snapshot -> {
            TopicAssignment assignment = snapshot.topics().get(topic);
            return assignment != null && assignment.partitions().size() >= partitions && led.test(snapshot);
        };
    }

    /** None of the topics exists any more. */
    public static Predicate<ClusterSnapshot> topicsGone(Collection<String> topics) {
        return snapshot -> topics.stream().noneMatch(snapshot.topics()::containsKey);
    }
}
