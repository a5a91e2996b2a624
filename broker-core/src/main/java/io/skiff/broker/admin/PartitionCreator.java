package io.skiff.broker.admin;

import io.skiff.replication.controller.ReplicaAssignor;
import io.skiff.replication.zk.ClusterSnapshot;
import io.skiff.replication.zk.TopicAssignment;
import io.skiff.wire.protocol.ApiException;
import io.skiff.wire.protocol.Errors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Validates a partition increase (CreatePartitions) against the current cluster view and writes it to the metadata
 * store. The checks, their order and their messages are those of Kafka's controller: the topic exists, the new count
 * is an increase, explicit assignments (when given) are one per new partition, each non-empty, of registered brokers,
 * without duplicates and with the topic's replication factor. Without explicit assignments the new partitions are laid
 * out as Kafka's ZooKeeper-mode admin lays them out: round-robin over the live brokers, starting from the broker of
 * partition 0's first replica. Every refusal is an {@link ApiException}; nothing is written then.
 *
 * <p>Validation reads one snapshot; a concurrent change of the same topic is caught by the store's compare-and-set.
 * Stateless apart from the store, thread-safe.
 */
public final class PartitionCreator {
    /** A partition increase: the new total {@code count}, and the new partitions' replicas or null to assign them. */
    public record Request(String topic, int count, List<List<Integer>> assignments) {}

    /** A validated increase: the topic as it was, and the partitions to add (numbered from its current count). */
    public record Planned(TopicAssignment before, Map<Integer, List<Integer>> added) {
        public String topic() {
            return before.topic();
        }

        public int count() {
            return before.partitions().size() + added.size();
        }
    }

    private final AdminStore store;

    public PartitionCreator(AdminStore store) {
        this.store = store;
    }

    /** Validates and, unless {@code validateOnly}, writes. The stage fails with an {@link ApiException}. */
    public CompletionStage<Planned> create(Request request, boolean validateOnly) {
        Planned planned;
        try {
            planned = plan(request, store.cluster());
        } catch (ApiException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (validateOnly) {
            return CompletableFuture.completedFuture(planned);
        }
        return store.addPartitions(planned.topic(), planned.before().topicId(), planned.before().partitions().size(),
                planned.added()).thenApply(ignored -> planned);
    }

    /** Partitions {@code request} would add to its topic as the cluster is now (0 when it cannot). */
    public static int additional(Request request, ClusterSnapshot cluster) {
        TopicAssignment topic = cluster.topics().get(request.topic());
        return topic == null ? 0 : Math.max(0, request.count() - topic.partitions().size());
    }

    Planned plan(Request request, ClusterSnapshot cluster) {
        TopicAssignment topic = cluster.topics().get(request.topic());
        if (topic == null) {
            throw new ApiException(Errors.UNKNOWN_TOPIC_OR_PARTITION, null);
        }
        int current = topic.partitions().size();
        if (request.count() == current) {
            throw Errors.INVALID_PARTITIONS.exception("Topic already has " + current + " partition(s).");
        }
        if (request.count() < current) {
            throw Errors.INVALID_PARTITIONS.exception("The topic " + request.topic() + " currently has " + current
                    + " partition(s); " + request.count() + " would not be an increase.");
        }
        int additional = request.count() - current;
        if (request.assignments() != null && request.assignments().size() != additional) {
            throw Errors.INVALID_REPLICA_ASSIGNMENT.exception("Attempted to add " + additional
                    + " additional partition(s), but only " + request.assignments().size()
                    + " assignment(s) were specified.");
        }
        List<Integer> partitionZero = topic.partitions().get(topic.partitions().firstKey());
        int factor = partitionZero.size();
        Set<Integer> brokers = cluster.brokers().keySet();
        Map<Integer, List<Integer>> added = new TreeMap<>();
        if (request.assignments() != null) {
            for (int i = 0; i < additional; i++) {
                List<Integer> replicas = request.assignments().get(i);
                checkManual(replicas, brokers, factor);
                added.put(current + i, List.copyOf(replicas));
            }
        } else {
            if (factor > brokers.size()) {
                throw Errors.INVALID_REPLICATION_FACTOR.exception("Unable to replicate the partition " + factor
                        + " time(s): The target replication factor of " + factor + " cannot be reached because only "
                        + brokers.size() + " broker(s) are registered.");
            }
            int startIndex = startIndex(new ArrayList<>(new TreeSet<>(brokers)), partitionZero.get(0));
            added.putAll(ReplicaAssignor.assign(additional, factor, brokers, startIndex, startIndex, current));
        }
        return new Planned(topic, added);
    }

    /** Kafka starts from the first broker (ascending ids) whose id is at least partition 0's preferred leader. */
    private static int startIndex(List<Integer> sortedBrokers, int firstReplica) {
        for (int i = 0; i < sortedBrokers.size(); i++) {
            if (sortedBrokers.get(i) >= firstReplica) {
                return i;
            }
        }
        return 0;
    }

    private static void checkManual(List<Integer> replicas, Set<Integer> registered, int factor) {
        if (replicas == null || replicas.isEmpty()) {
            throw Errors.INVALID_REPLICA_ASSIGNMENT.exception(
                    "The manual partition assignment includes an empty replica list.");
        }
        List<Integer> sorted = new ArrayList<>(replicas);
        sorted.sort(Integer::compare);
        Integer previous = null;
        for (Integer broker : sorted) {
            if (!registered.contains(broker)) {
                throw Errors.INVALID_REPLICA_ASSIGNMENT.exception("The manual partition assignment includes broker "
                        + broker + ", but no such broker is registered.");
            }
            if (broker.equals(previous)) {
                throw Errors.INVALID_REPLICA_ASSIGNMENT.exception("The manual partition assignment includes the broker "
                        + previous + " more than once.");
            }
            previous = broker;
        }
        if (sorted.size() != factor) {
            throw Errors.INVALID_REPLICA_ASSIGNMENT.exception("The manual partition assignment includes a partition with "
                    + sorted.size() + " replica(s), but this is not consistent with previous partitions, which have "
                    + factor + " replica(s).");
        }
    }
}
