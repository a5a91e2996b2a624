package io.skiff.broker.coordinator.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.log.TopicPartition;
import io.skiff.replication.delayed.ManualTimer;
import io.skiff.replication.zk.ClusterSnapshot;
import io.skiff.replication.zk.TopicAssignment;
import io.skiff.wire.message.OffsetCommitRequestData;
import io.skiff.wire.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import io.skiff.wire.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import io.skiff.wire.protocol.Errors;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Offsets of deleted (or deleted and re-created) topics leave every group, with tombstones; others stay. */
class TopicDeletionsTest {
    private static final UUID T = new UUID(1, 1);
    private static final UUID U = new UUID(2, 2);

    private final List<OffsetLog.Entry> written = new ArrayList<>();
    private GroupRegistry registry;
    private OffsetManager offsets;
    private TopicDeletions deletions;

    @BeforeEach
    void setUp() {
        registry = new GroupRegistry(new GroupConfig(6_000, 300_000, 0, 10, 1, 4096), p -> false, () -> 0L);
        registry.beginLoading(0);
        registry.completeLoading(0);
        OffsetLog log = (p, entries) -> {
            written.addAll(entries);
            return CompletableFuture.completedFuture(Errors.NONE);
        };
        offsets = new OffsetManager(registry, new GroupCoordinator(registry, new ManualTimer(0), new Random(3), log),
                log);
        deletions = new TopicDeletions(offsets);
    }

    private static ClusterSnapshot topics(Map<String, UUID> topics) {
        Map<String, TopicAssignment> assignments = new HashMap<>();
        topics.forEach((name, id) -> assignments.put(name, TopicAssignment.of(name, id, Map.of(0, List.of(0)))));
        return new ClusterSnapshot(Map.of(), assignments, Map.of(), OptionalInt.empty());
    }

    private void commit(String group, String... topics) {
        OffsetCommitRequestData request = new OffsetCommitRequestData().setGroupId(group)
                .setGenerationIdOrMemberEpoch(-1).setMemberId("");
        for (String t : topics) {
            request.topics().add(new OffsetCommitRequestTopic().setName(t).setPartitions(List.of(
                    new OffsetCommitRequestPartition().setPartitionIndex(0).setCommittedOffset(9))));
        }
        offsets.commit(request, (short) 8).join();
    }

    private java.util.Set<TopicPartition> committed(String group) {
        return offsets.fetch(group, null).offsets().keySet();
    }

    @Test
    void aDeletedTopicsOffsetsLeaveEveryGroupWithTombstones() {
        deletions.accept(topics(Map.of("t", T, "u", U)));
        commit("g1", "t", "u");
        commit("g2", "t");
        written.clear();

        deletions.accept(topics(Map.of("u", U)));

        assertThat(committed("g1")).containsExactly(new TopicPartition("u", 0));
        assertThat(committed("g2")).isEmpty();
        assertThat(written).hasSize(2).allSatisfy(e -> {
            assertThat(e.value()).isNull();
            assertThat(OffsetRecords.readOffsetKey(ByteBuffer.wrap(e.key())).topic()).isEqualTo("t");
        });
    }

    @Test
    void aTopicReCreatedUnderANewIdLosesTheOldOffsets() {
        deletions.accept(topics(Map.of("t", T)));
        commit("g1", "t");

        deletions.accept(topics(Map.of("t", new UUID(3, 3))));

        assertThat(committed("g1")).isEmpty();
    }

    @Test
    void theFirstSnapshotIsOnlyTheBaselineAndUnchangedTopicsKeepTheirOffsets() {
        commit("g1", "t");
        deletions.accept(topics(Map.of("u", U))); // t unknown before: nothing is known to have been deleted
        deletions.accept(topics(Map.of("u", U)));

        assertThat(committed("g1")).containsExactly(new TopicPartition("t", 0));
        assertThat(written.stream().filter(e -> e.value() == null)).isEmpty();
    }
}
