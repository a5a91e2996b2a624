package io.skiff.broker.coordinator.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.log.TopicPartition;
import io.skiff.replication.delayed.ManualTimer;
import io.skiff.wire.message.JoinGroupRequestData;
import io.skiff.wire.message.JoinGroupResponseData;
import io.skiff.wire.message.OffsetCommitRequestData;
import io.skiff.wire.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import io.skiff.wire.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import io.skiff.wire.message.OffsetCommitResponseData;
import io.skiff.wire.protocol.Errors;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Offset commits: who may commit, what becomes visible, and that the written records load back. */
class OffsetManagerTest {
    private static final String GROUP = "g";
    private static final short V8 = 8;

    private final List<OffsetLog.Entry> written = new ArrayList<>();
    private Errors appendOutcome = Errors.NONE;
    private GroupRegistry registry;
    private GroupCoordinator coordinator;
    private OffsetManager offsets;

    private long nowMs = 1_700_000_000_000L;

    @BeforeEach
    void setUp() {
        registry = loadedRegistry();
        coordinator = new GroupCoordinator(registry, new ManualTimer(0), new Random(7));
        offsets = new OffsetManager(registry, coordinator, (partition, entries) -> {
            if (appendOutcome == Errors.NONE) {
                written.addAll(entries);
            }
            return CompletableFuture.completedFuture(appendOutcome);
        });
    }

    private GroupRegistry loadedRegistry() {
        GroupRegistry r = new GroupRegistry(new GroupConfig(6_000, 300_000, 0, 10, 1, 10), partition -> false, () -> nowMs);
        r.beginLoading(0);
        r.completeLoading(0);
        return r;
    }

    private static OffsetCommitRequestData commit(int generation, String memberId, long offset, String metadata) {
        return new OffsetCommitRequestData().setGroupId(GROUP).setGenerationIdOrMemberEpoch(generation)
                .setMemberId(memberId).setTopics(List.of(new OffsetCommitRequestTopic().setName("t").setPartitions(
                        List.of(new OffsetCommitRequestPartition().setPartitionIndex(0).setCommittedOffset(offset)
                                .setCommittedLeaderEpoch(3).setCommittedMetadata(metadata)))));
    }

    private static Errors only(OffsetCommitResponseData r) {
        return Errors.forCode(r.topics().get(0).partitions().get(0).errorCode());
    }

    private JoinGroupResponseData joinedMember() {
        JoinGroupRequestData req = new JoinGroupRequestData().setGroupId(GROUP).setMemberId("")
                .setSessionTimeoutMs(10_000).setRebalanceTimeoutMs(10_000).setProtocolType("consumer")
                .setProtocols(List.of(new JoinGroupRequestData.JoinGroupRequestProtocol().setName("range")
                        .setMetadata(new byte[0])));
        return coordinator.joinGroup(req, (short) 3, "c", "h").join(); // v3: no MEMBER_ID_REQUIRED round trip
    }

    @Test
    void commitOutsideAnyGroupIsVisibleWithItsMetadata() {
        assertThat(only(offsets.commit(commit(-1, "", 42, "meta"), V8).join())).isEqualTo(Errors.NONE);

        CommittedOffset o = offsets.fetch(GROUP, Map.of("t", List.of(0))).offsets().get(new TopicPartition("t", 0));
        assertThat(o).isEqualTo(new CommittedOffset(42, 3, "meta", 1_700_000_000_000L));
    }

    @Test
    void memberCommitWithAStaleGenerationIsIllegalAndChangesNothing() {
        JoinGroupResponseData m = joinedMember();
        assertThat(only(offsets.commit(commit(m.generationId() + 1, m.memberId(), 5, ""), V8).join()))
                .isEqualTo(Errors.ILLEGAL_GENERATION);
        assertThat(offsets.fetch(GROUP, null).offsets()).isEmpty();
        assertThat(written).isEmpty();
    }

    @Test
    void commitFromOutsideANonEmptyGroupIsRefused() {
        joinedMember();
        assertThat(only(offsets.commit(commit(-1, "", 5, ""), V8).join())).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @Test
    void commitDuringCompletingRebalanceAsksToRebalance() {
        JoinGroupResponseData m = joinedMember();
        assertThat(only(offsets.commit(commit(m.generationId(), m.memberId(), 5, ""), V8).join()))
                .isEqualTo(Errors.REBALANCE_IN_PROGRESS);
    }

    @Test
    void oversizedMetadataIsRejectedPerPartition() {
        assertThat(only(offsets.commit(commit(-1, "", 1, "x".repeat(11)), V8).join()))
                .isEqualTo(Errors.OFFSET_METADATA_TOO_LARGE);
        assertThat(written).isEmpty();
    }

    @Test
    void failedAppendLeavesTheOffsetInvisible() {
        appendOutcome = Errors.NOT_COORDINATOR;
        assertThat(only(offsets.commit(commit(-1, "", 9, ""), V8).join())).isEqualTo(Errors.NOT_COORDINATOR);
        assertThat(offsets.fetch(GROUP, null).offsets()).isEmpty();
    }

    /** A version-0 ConsumerProtocolSubscription of topic "t": int16 version, [string] topics, null user data. */
    private static final byte[] SUBSCRIBES_TO_T = {0, 0, 0, 0, 0, 1, 0, 1, 't', -1, -1, -1, -1};

    @Test
    void offsetDeleteRemovesOffsetsOfAnEmptyGroupWithTombstones() {
        offsets.commit(commit(-1, "", 10, "a"), V8).join();
        written.clear();

        OffsetManager.DeleteResult r = offsets.deleteOffsets(GROUP, List.of(new TopicPartition("t", 0))).join();

        assertThat(r.error()).isEqualTo(Errors.NONE);
        assertThat(r.partitions()).containsEntry(new TopicPartition("t", 0), Errors.NONE);
        assertThat(written).singleElement().satisfies(e -> assertThat(e.value()).isNull());
        assertThat(offsets.fetch(GROUP, null).offsets()).isEmpty();
    }

    @Test
    void offsetDeleteRefusesTopicsTheGroupSubscribesTo() {
        JoinGroupRequestData req = new JoinGroupRequestData().setGroupId(GROUP).setMemberId("")
                .setSessionTimeoutMs(10_000).setRebalanceTimeoutMs(10_000).setProtocolType("consumer")
                .setProtocols(List.of(new JoinGroupRequestData.JoinGroupRequestProtocol().setName("range")
                        .setMetadata(SUBSCRIBES_TO_T)));
        coordinator.joinGroup(req, (short) 3, "c", "h").join();

        OffsetManager.DeleteResult r = offsets.deleteOffsets(GROUP,
                List.of(new TopicPartition("t", 0), new TopicPartition("u", 0))).join();

        assertThat(r.error()).isEqualTo(Errors.NONE);
        assertThat(r.partitions()).containsEntry(new TopicPartition("t", 0), Errors.GROUP_SUBSCRIBED_TO_TOPIC)
                .containsEntry(new TopicPartition("u", 0), Errors.NONE);
    }

    @Test
    void offsetDeleteOfAnUnknownGroupIsNotFound() {
        assertThat(offsets.deleteOffsets("nope", List.of(new TopicPartition("t", 0))).join().error())
                .isEqualTo(Errors.GROUP_ID_NOT_FOUND);
    }

    @Test
    void offsetsOfAnEmptyGroupExpireAfterTheRetentionAndTheGroupGoes() {
        offsets.commit(commit(-1, "", 10, ""), V8).join();
        nowMs += 59_999;
        assertThat(offsets.expireOffsets(60_000).join()).isZero();
        assertThat(registry.get(GROUP)).isNotNull();

        nowMs += 1;
        assertThat(offsets.expireOffsets(60_000).join()).isEqualTo(1);

        assertThat(written).last().satisfies(e -> assertThat(e.value()).isNull());
        assertThat(registry.get(GROUP)).isNull();
    }

    @Test
    void offsetsOfAGroupWithMembersDoNotExpire() {
        offsets.commit(commit(-1, "", 10, ""), V8).join();
        joinedMember();
        nowMs += 1_000_000;
        assertThat(offsets.expireOffsets(60_000).join()).isZero();
        assertThat(registry.get(GROUP).offsets).hasSize(1);
    }

    @Test
    void writtenRecordsReplayIntoAFreshCoordinator() {
        offsets.commit(commit(-1, "", 10, "a"), V8).join();
        offsets.commit(commit(-1, "", 11, "b"), V8).join();

        GroupRegistry fresh = loadedRegistry();
        OffsetManager reloaded = new OffsetManager(fresh, new GroupCoordinator(fresh, new ManualTimer(0), new Random(1)),
                (p, e) -> CompletableFuture.completedFuture(Errors.NONE));
        written.forEach(e -> reloaded.replay(ByteBuffer.wrap(e.key()), ByteBuffer.wrap(e.value())));

        assertThat(reloaded.fetch(GROUP, null).offsets())
                .containsExactly(Map.entry(new TopicPartition("t", 0), new CommittedOffset(11, 3, "b",
                        1_700_000_000_000L)));
    }

    @Test
    void aCommitWhoseGroupIsRemovedWhileItIsWrittenStillBecomesVisible() {
        CompletableFuture<Errors> append = new CompletableFuture<>();
        // The commit's append waits for the test; the cleanup's tombstone is written at once.
        OffsetManager deferred = new OffsetManager(registry, coordinator, (p, e) -> e.get(0).value() != null ? append
                : CompletableFuture.completedFuture(Errors.NONE));
        CompletableFuture<OffsetCommitResponseData> pending = deferred.commit(commit(-1, "", 77, ""), V8);
        // The group the commit created is Empty and has no visible offset yet: the cleanup removes it.
        assertThat(deferred.expireOffsets(60_000).join()).isZero();
        assertThat(registry.get(GROUP)).isNull();

        append.complete(Errors.NONE);

        assertThat(only(pending.join())).isEqualTo(Errors.NONE);
        assertThat(offsets.fetch(GROUP, null).offsets()).containsOnlyKeys(new TopicPartition("t", 0));
    }
}
