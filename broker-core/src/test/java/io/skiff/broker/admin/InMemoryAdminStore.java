package io.skiff.broker.admin;

import io.skiff.replication.zk.BrokerRegistration;
import io.skiff.replication.zk.ClusterSnapshot;
import io.skiff.replication.zk.EndPoint;
import io.skiff.replication.zk.PartitionState;
import io.skiff.replication.zk.ProducerIdBlock;
import io.skiff.replication.zk.TopicAssignment;
import io.skiff.wire.protocol.Errors;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An {@link AdminStore} held in memory for unit tests: writes apply to the snapshot at once. Whether a new
 * topic gets leaders and whether a marked topic disappears are switches, so tests can hold the cluster in
 * the in-between states a real controller passes through. Synchronized; not for concurrency tests.
 */
public final class InMemoryAdminStore implements AdminStore {
    private ClusterSnapshot snapshot = ClusterSnapshot.EMPTY;
    private boolean electLeaders = true;
    private boolean deleteAtOnce = true;
    private long nextBlockStart;
    public final Map<String, Map<String, String>> configs = new HashMap<>();

    /** A cluster of brokers {@code ids}, each with a PLAINTEXT endpoint on port 9000 + id, controller = first. */
    public static InMemoryAdminStore withBrokers(int... ids) {
        InMemoryAdminStore store = new InMemoryAdminStore();
        Map<Integer, BrokerRegistration> brokers = new HashMap<>();
        for (int id : ids) {
            brokers.put(id, new BrokerRegistration(id, List.of(
                    new EndPoint("PLAINTEXT", "PLAINTEXT", "host" + id, 9000 + id),
                    new EndPoint("INTERNAL", "PLAINTEXT", "internal" + id, 19000 + id)),
                    id == 2 ? Optional.of("rack-b") : Optional.empty(), -1, 0L, Map.of()));
        }
        store.snapshot = new ClusterSnapshot(brokers, Map.of(), Map.of(),
                ids.length == 0 ? OptionalInt.empty() : OptionalInt.of(ids[0]));
        return store;
    }

    public synchronized InMemoryAdminStore electLeaders(boolean elect) {
        this.electLeaders = elect;
        return this;
    }

    public synchronized InMemoryAdminStore deleteAtOnce(boolean delete) {
        this.deleteAtOnce = delete;
        return this;
    }

    @Override
    public synchronized ClusterSnapshot cluster() {
        return snapshot;
    }

    /** Elects the first replica of every partition without a state, as the controller would. */
    public synchronized void electPendingLeaders() {
        Map<String, Map<Integer, PartitionState>> states = new HashMap<>(snapshot.states());
        snapshot.topics().forEach((name, t) -> {
            Map<Integer, PartitionState> byPartition = new HashMap<>(states.getOrDefault(name, Map.of()));
            t.partitions().forEach((p, replicas) ->
                    byPartition.putIfAbsent(p, new PartitionState(replicas.get(0), 0, replicas, 1, 0)));
            states.put(name, byPartition);
        });
        snapshot = new ClusterSnapshot(snapshot.brokers(), snapshot.topics(), states, snapshot.controllerId());
    }

    /** Replaces one partition's state. */
    public synchronized void setState(String topic, int partition, PartitionState state) {
        Map<String, Map<Integer, PartitionState>> states = new HashMap<>(snapshot.states());
        Map<Integer, PartitionState> byPartition = new HashMap<>(states.getOrDefault(topic, Map.of()));
        byPartition.put(partition, state);
        states.put(topic, byPartition);
        snapshot = new ClusterSnapshot(snapshot.brokers(), snapshot.topics(), states, snapshot.controllerId());
    }

    /** Removes a broker registration (the broker died). */
    public synchronized void removeBroker(int id) {
        Map<Integer, BrokerRegistration> brokers = new HashMap<>(snapshot.brokers());
        brokers.remove(id);
        snapshot = new ClusterSnapshot(brokers, snapshot.topics(), snapshot.states(), snapshot.controllerId());
    }

    public synchronized void removeTopicNow(String topic) {
        Map<String, TopicAssignment> topics = new HashMap<>(snapshot.topics());
        topics.remove(topic);
        Map<String, Map<Integer, PartitionState>> states = new HashMap<>(snapshot.states());
        states.remove(topic);
        snapshot = new ClusterSnapshot(snapshot.brokers(), topics, states, snapshot.controllerId());
    }

    @Override
    public synchronized CompletionStage<Void> createTopic(TopicAssignment assignment, Map<String, String> config) {
        if (snapshot.topics().containsKey(assignment.topic())) {
            return CompletableFuture.failedFuture(
                    Errors.TOPIC_ALREADY_EXISTS.exception("Topic '" + assignment.topic() + "' already exists"));
        }
        Map<String, TopicAssignment> topics = new HashMap<>(snapshot.topics());
        topics.put(assignment.topic(), assignment);
        configs.put(assignment.topic(), Map.copyOf(config));
        snapshot = new ClusterSnapshot(snapshot.brokers(), topics, snapshot.states(), snapshot.controllerId());
        if (electLeaders) {
            electPendingLeaders();
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletionStage<Void> markTopicForDeletion(String topic) {
        if (!snapshot.topics().containsKey(topic)) {
            return CompletableFuture.failedFuture(Errors.UNKNOWN_TOPIC_OR_PARTITION.exception());
        }
        if (deleteAtOnce) {
            removeTopicNow(topic);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletionStage<Void> addPartitions(String topic, UUID topicId, int expectedPartitions,
                                                            Map<Integer, List<Integer>> added) {
        TopicAssignment current = snapshot.topics().get(topic);
        if (current == null || !current.topicId().equals(topicId)) {
            return CompletableFuture.failedFuture(Errors.UNKNOWN_TOPIC_OR_PARTITION.exception());
        }
        if (current.partitions().size() != expectedPartitions) {
            return CompletableFuture.failedFuture(Errors.INVALID_PARTITIONS.exception("count changed"));
        }
        Map<Integer, List<Integer>> partitions = new HashMap<>(current.partitions());
        partitions.putAll(added);
        Map<String, TopicAssignment> topics = new HashMap<>(snapshot.topics());
        topics.put(topic, TopicAssignment.of(topic, topicId, partitions));
        snapshot = new ClusterSnapshot(snapshot.brokers(), topics, snapshot.states(), snapshot.controllerId());
        if (electLeaders) {
            electPendingLeaders();
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletionStage<ProducerIdBlock> allocateProducerIdBlock(int brokerId) {
        ProducerIdBlock block = new ProducerIdBlock(brokerId, nextBlockStart, ProducerIdBlock.DEFAULT_SIZE);
        nextBlockStart += ProducerIdBlock.DEFAULT_SIZE;
        return CompletableFuture.completedFuture(block);
    }

    /** {@link #allocateProducerIdBlock} for broker 0, as a supplier. */
    public CompletionStage<ProducerIdBlock> allocateProducerIdBlockFor0() {
        return allocateProducerIdBlock(0);
    }
}
