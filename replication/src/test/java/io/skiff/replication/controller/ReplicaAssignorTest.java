package io.skiff.replication.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.replication.zk.ErrorCodes;
import io.skiff.replication.zk.MetadataStoreException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ReplicaAssignorTest {

    @Test
    void fixedStartIndexGivesKafkasLayout() {
        // Five brokers, ten partitions, factor three, start index and shift 0: Kafka's own expected layout.
        Map<Integer, List<Integer>> assignment = ReplicaAssignor.assign(10, 3, List.of(4, 2, 0, 1, 3), 0, 0);
        assertThat(assignment).isEqualTo(Map.of(
                0, List.of(0, 1, 2), 1, List.of(1, 2, 3), 2, List.of(2, 3, 4), 3, List.of(3, 4, 0),
                4, List.of(4, 0, 1), 5, List.of(0, 2, 3), 6, List.of(1, 3, 4), 7, List.of(2, 4, 0),
                8, List.of(3, 0, 1), 9, List.of(4, 1, 2)));
    }

    @Test
    void addedPartitionsContinueKafkasLayoutFromTheFirstNewPartition() {
        // Kafka adds partitions 3..5 of a topic on brokers 1,2,3 with the start index (and shift) of partition 0's
        // leader: the shift grows at partition 3, a multiple of the broker count.
        Map<Integer, List<Integer>> added = ReplicaAssignor.assign(3, 2, List.of(1, 2, 3), 0, 0, 3);
        assertThat(added).isEqualTo(Map.of(3, List.of(1, 3), 4, List.of(2, 1), 5, List.of(3, 2)));
        assertThat(ReplicaAssignor.assign(4, 2, List.of(1, 2, 3), 1, 2, 0))
                .isEqualTo(ReplicaAssignor.assign(4, 2, List.of(1, 2, 3), 1, 2));
    }

    @Property(tries = 300)
    void replicasAreDistinctLiveBrokersAndLeadersBalanced(
            @ForAll @IntRange(min = 1, max = 9) int brokerCount,
            @ForAll @IntRange(min = 1, max = 40) int partitions,
            @ForAll @IntRange(min = 1, max = 9) int replicationFactor,
            @ForAll long seed) {
        if (replicationFactor > brokerCount) {
            return;
        }
        List<Integer> brokers = IntStream.range(0, brokerCount).map(i -> 100 + i * 7).boxed().toList();
        Map<Integer, List<Integer>> assignment =
                ReplicaAssignor.assign(partitions, replicationFactor, brokers, new Random(seed));

        assertThat(assignment.keySet()).containsExactlyElementsOf(
                IntStream.range(0, partitions).boxed().toList());
        Map<Integer, Integer> leaders = new HashMap<>();
        assignment.values().forEach(replicas -> {
            assertThat(replicas).hasSize(replicationFactor).doesNotHaveDuplicates();
            assertThat(brokers).containsAll(replicas);
            leaders.merge(replicas.get(0), 1, Integer::sum);
        });
        int floor = partitions / brokerCount;
        int ceil = (partitions + brokerCount - 1) / brokerCount;
        for (int broker : brokers) {
            assertThat(leaders.getOrDefault(broker, 0)).isBetween(floor, ceil);
        }
    }

    @Test
    void sameSeedSameAssignment() {
        List<Integer> brokers = List.of(1, 2, 3, 4);
        assertThat(ReplicaAssignor.assign(12, 2, brokers, new Random(99)))
                .isEqualTo(ReplicaAssignor.assign(12, 2, brokers, new Random(99)));
    }

    @Test
    void followersSpreadAcrossBrokers() {
        Map<Integer, List<Integer>> assignment = ReplicaAssignor.assign(12, 2, List.of(1, 2, 3, 4), 0, 0);
        var followerSets = assignment.values().stream().map(r -> r.get(1)).collect(Collectors.toSet());
        assertThat(followerSets).containsExactlyInAnyOrder(1, 2, 3, 4);
        assertThat(new HashSet<>(assignment.values())).hasSize(12);
    }

    @Test
    void replicationFactorAboveLiveBrokersIsInvalidReplicationFactor() {
        assertThatThrownBy(() -> ReplicaAssignor.assign(3, 3, List.of(1, 2), 0, 0))
                .isInstanceOfSatisfying(MetadataStoreException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCodes.INVALID_REPLICATION_FACTOR))
                .hasMessageContaining("larger than available brokers: 2");
        assertThat(ErrorCodes.INVALID_REPLICATION_FACTOR).isEqualTo((short) 38);
    }

    @Test
    void nonPositiveCountsAreRejectedWithTheirCodes() {
        assertThatThrownBy(() -> ReplicaAssignor.assign(0, 1, List.of(1), 0, 0))
                .isInstanceOfSatisfying(MetadataStoreException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCodes.INVALID_PARTITIONS));
        assertThatThrownBy(() -> ReplicaAssignor.assign(1, 0, List.of(1), 0, 0))
                .isInstanceOfSatisfying(MetadataStoreException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCodes.INVALID_REPLICATION_FACTOR));
    }
}
