package io.skiff.replication.zk;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One consistent-enough view of the cluster as ZooKeeper holds it: live brokers, topics with their
 * replica assignments, and each partition's leader/epoch/ISR state. Immutable; a new snapshot
 * replaces the old one on every change, so readers never lock.
 *
 * <p>A partition whose state znode does not exist yet (the controller has not elected a leader for
 * a just-created topic) has no entry in {@link #states()}; clients are told LEADER_NOT_AVAILABLE.
 */
public record ClusterSnapshot(
        Map<Integer, BrokerRegistration> brokers,
        Map<String, TopicAssignment> topics,
        Map<String, Map<Integer, PartitionState>> states,
        OptionalInt controllerId) {

    public static final ClusterSnapshot EMPTY = new ClusterSnapshot(Map.of(), Map.of(), Map.of(), OptionalInt.empty());

    public ClusterSnapshot {
        brokers = Map.copyOf(brokers);
        topics = Map.copyOf(topics);
        states = Map.copyOf(states);
    }

    public Optional<PartitionState> state(String topic, int partition) {
        Map<Integer, PartitionState> byPartition = states.get(topic);
        return byPartition == null ? Optional.empty() : Optional.ofNullable(byPartition.get(partition));
    }
}
