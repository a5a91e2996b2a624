package io.skiff.replication.zk;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The content of {@code /brokers/topics/<topic>}: the topic id and, per partition, its replica list (the first
 * replica is the preferred leader) plus the replicas being added or removed by a reassignment in progress.
 * Immutable; partition maps are sorted by partition id.
 */
public record TopicAssignment(
        String topic,
        UUID topicId,
        SortedMap<Integer, List<Integer>> partitions,
        SortedMap<Integer, List<Integer>> addingReplicas,
        SortedMap<Integer, List<Integer>> removingReplicas) {

    public TopicAssignment {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(topicId, "topicId");
        partitions = freeze(partitions);
        addingReplicas = freeze(addingReplicas);
        removingReplicas = freeze(removingReplicas);
    }

    /** An assignment with no reassignment in progress. */
    public static TopicAssignment of(String topic, UUID topicId, Map<Integer, List<Integer>> partitions) {
        return new TopicAssignment(topic, topicId, new TreeMap<>(partitions), new TreeMap<>(), new TreeMap<>());
    }

    public List<Integer> replicas(int partition) {
        return partitions.getOrDefault(partition, List.of());
    }

    private static SortedMap<Integer, List<Integer>> freeze(Map<Integer, List<Integer>> source) {
        TreeMap<Integer, List<Integer>> copy = new TreeMap<>();
        source.forEach((p, replicas) -> copy.put(p, List.copyOf(replicas)));
        return java.util.Collections.unmodifiableSortedMap(copy);
    }
}
