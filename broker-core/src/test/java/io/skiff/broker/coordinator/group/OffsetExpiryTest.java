package io.skiff.broker.coordinator.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.log.TopicPartition;
import io.skiff.replication.delayed.ManualTimer;
import io.skiff.wire.message.JoinGroupRequestData;
import io.skiff.wire.message.JoinGroupResponseData;
import io.skiff.wire.message.LeaveGroupRequestData;
import io.skiff.wire.message.OffsetCommitRequestData;
import io.skiff.wire.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import io.skiff.wire.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import io.skiff.wire.message.SyncGroupRequestData;
import io.skiff.wire.protocol.Errors;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Offset expiry as Kafka does it (KIP-211), with the wall clock injected: an EMPTY group's offsets age from
 * the moment it became EMPTY, a STABLE consumer group keeps the offsets of the topics it subscribes to,
 * a rebalancing group keeps everything, and an explicit v2-v4 retention time wins.
 */
class OffsetExpiryTest {
    private static final String GROUP = "g";
    private static final long RETENTION_MS = 60_000;
    /** A version-0 ConsumerProtocolSubscription of topic "t": int16 version, [string] topics, null user data. */
    private static final byte[] SUBSCRIBES_TO_T = {0, 0, 0, 0, 0, 1, 0, 1, 't', -1, -1, -1, -1};
    private static final TopicPartition T0 = new TopicPartition("t", 0);
    private static final TopicPartition U0 = new TopicPartition("u", 0);

    private final List<OffsetLog.Entry> written = new ArrayList<>();
    private final ManualTimer timer = new ManualTimer(0);
    private long nowMs = 1_700_000_000_000L;
    private GroupRegistry registry;
    private GroupCoordinator coordinator;
    private OffsetManager offsets;

    @BeforeEach
    void setUp() {
        registry = loadedRegistry();
        OffsetLog log = (partition, entries) -> {
            written.addAll(entries);
            return CompletableFuture.completedFuture(Errors.NONE);
        };
        coordinator = new GroupCoordinator(registry, timer, new Random(11), log);
        offsets = new OffsetManager(registry, coordinator, log);
    }

    private GroupRegistry loadedRegistry() {
        GroupRegistry r = new GroupRegistry(new GroupConfig(6_000, 300_000, 0, 10, 1, 4096), p -> false, () -> nowMs);
        r.beginLoading(0);
        r.completeLoading(0);
        return r;
    }

    /** Advances the wall clock of commit and state timestamps (sessions, on the timer, do not move). */
    private void elapse(long ms) {
        nowMs += ms;
    }

    private JoinGroupResponseData stableMember() {
        JoinGroupRequestData join = new JoinGroupRequestData().setGroupId(GROUP).setMemberId("")
                .setSessionTimeoutMs(300_000).setRebalanceTimeoutMs(300_000).setProtocolType("consumer")
                .setProtocols(List.of(new JoinGroupRequestData.JoinGroupRequestProtocol().setName("range")
                        .setMetadata(SUBSCRIBES_TO_T)));
        JoinGroupResponseData joined = coordinator.joinGroup(join, (short) 3, "c", "h").join();
        coordinator.syncGroup(new SyncGroupRequestData().setGroupId(GROUP).setMemberId(joined.memberId())
                .setGenerationId(joined.generationId())).join();
        assertThat(registry.get(GROUP).state()).isEqualTo(GroupState.STABLE);
        return joined;
    }

    private void leave(String memberId) {
        coordinator.leaveGroup(new LeaveGroupRequestData().setGroupId(GROUP).setMembers(List.of(
                new LeaveGroupRequestData.MemberIdentity().setMemberId(memberId))), (short) 3);
    }

    private Errors commit(int generation, String memberId, long retentionMs, TopicPartition... partitions) {
        List<OffsetCommitRequestTopic> topics = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            topics.add(new OffsetCommitRequestTopic().setName(tp.topic()).setPartitions(List.of(
                    new OffsetCommitRequestPartition().setPartitionIndex(tp.partition()).setCommittedOffset(5))));
        }
        OffsetCommitRequestData request = new OffsetCommitRequestData().setGroupId(GROUP)
                .setGenerationIdOrMemberEpoch(generation).setMemberId(memberId).setRetentionTimeMs(retentionMs)
                .setTopics(topics);
        short version = retentionMs == -1 ? (short) 8 : (short) 2;
        return Errors.forCode(offsets.commit(request, version).join().topics().get(0).partitions().get(0).errorCode());
    }

    private int expire() {
        return offsets.expireOffsets(RETENTION_MS).join();
    }

    @Test
    void offsetsOfAnEmptyGroupExpireTheRetentionAfterTheGroupBecameEmptyNotAfterTheCommit() {
        JoinGroupResponseData m = stableMember();
        assertThat(commit(m.generationId(), m.memberId(), -1, T0)).isEqualTo(Errors.NONE);
        elapse(10 * RETENTION_MS); // consuming for a long time: the commit is old, the group still active
        assertThat(expire()).isZero();

        leave(m.memberId());
        assertThat(registry.get(GROUP).state()).isEqualTo(GroupState.EMPTY);
        elapse(RETENTION_MS - 1);
        assertThat(expire()).isZero();
        assertThat(registry.get(GROUP).offsets).containsOnlyKeys(T0);

        elapse(1);
        assertThat(expire()).isEqualTo(1);
        assertThat(registry.get(GROUP)).isNull();
        // The offset and the group's metadata are both tombstoned, so a reload does not bring the group back.
        assertThat(written.subList(written.size() - 2, written.size())).allSatisfy(e -> assertThat(e.value()).isNull());
    }

    @Test
    void aStableConsumerGroupKeepsItsSubscribedTopicsAndExpiresTheOthersByCommitTime() {
        JoinGroupResponseData m = stableMember();
        assertThat(commit(m.generationId(), m.memberId(), -1, T0, U0)).isEqualTo(Errors.NONE);
        elapse(RETENTION_MS - 1);
        assertThat(expire()).isZero();

        elapse(1);
        assertThat(expire()).isEqualTo(1);

        assertThat(registry.get(GROUP).offsets).containsOnlyKeys(T0);
        assertThat(registry.get(GROUP).state()).isEqualTo(GroupState.STABLE);
    }

    @Test
    void aRebalancingGroupExpiresNothing() {
        JoinGroupResponseData m = stableMember();
        commit(m.generationId(), m.memberId(), -1, U0);
        // A second member arrives: the group waits in PreparingRebalance for the first to rejoin.
        coordinator.joinGroup(new JoinGroupRequestData().setGroupId(GROUP).setMemberId("")
                .setSessionTimeoutMs(300_000).setRebalanceTimeoutMs(300_000).setProtocolType("consumer")
                .setProtocols(List.of(new JoinGroupRequestData.JoinGroupRequestProtocol().setName("range")
                        .setMetadata(SUBSCRIBES_TO_T))), (short) 3, "c2", "h");
        assertThat(registry.get(GROUP).state()).isEqualTo(GroupState.PREPARING_REBALANCE);
        elapse(5 * RETENTION_MS);

        assertThat(expire()).isZero();
    }

    @Test
    void anOffsetCommittedOutsideAnyGenerationAgesFromItsCommit() {
        assertThat(commit(-1, "", -1, U0)).isEqualTo(Errors.NONE);
        elapse(RETENTION_MS - 1);
        assertThat(expire()).isZero();
        elapse(1);
        assertThat(expire()).isEqualTo(1);
    }

    @Test
    void anExplicitRetentionTimeOfAVersionTwoCommitExpiresAtItsOwnTimestamp() {
        assertThat(commit(-1, "", 1_000, U0)).isEqualTo(Errors.NONE);
        CommittedOffset stored = registry.get(GROUP).offsets.get(U0);
        assertThat(stored.expireTimestamp()).isEqualTo(nowMs + 1_000);
        elapse(999);
        assertThat(expire()).isZero();
        elapse(1);
        assertThat(expire()).isEqualTo(1);
    }

    @Test
    void theEmptySinceTimestampSurvivesAReloadFromTheLog() {
        JoinGroupResponseData m = stableMember();
        commit(m.generationId(), m.memberId(), -1, T0);
        elapse(5 * RETENTION_MS);
        leave(m.memberId()); // the Empty group's metadata record carries this moment
        long emptySince = nowMs;
        elapse(RETENTION_MS / 2);

        GroupRegistry fresh = loadedRegistry();
        GroupCoordinator reloadedCoordinator = new GroupCoordinator(fresh, new ManualTimer(0), new Random(2));
        OffsetManager reloaded = new OffsetManager(fresh, reloadedCoordinator,
                (p, e) -> CompletableFuture.completedFuture(Errors.NONE));
        for (OffsetLog.Entry e : written) {
            String group = GroupMetadataRecords.readKey(ByteBuffer.wrap(e.key()));
            if (group != null) {
                reloadedCoordinator.restore(group, GroupMetadataRecords.readValue(ByteBuffer.wrap(e.value())));
            } else {
                reloaded.replay(ByteBuffer.wrap(e.key()), ByteBuffer.wrap(e.value()));
            }
        }

        assertThat(fresh.get(GROUP).currentStateTimestamp()).isEqualTo(emptySince);
        assertThat(reloaded.expireOffsets(RETENTION_MS).join()).isZero();
        nowMs = emptySince + RETENTION_MS;
        assertThat(reloaded.expireOffsets(RETENTION_MS).join()).isEqualTo(1);
    }

    @Test
    void anEmptyGroupWithoutOffsetsIsRemovedByTheNextCleanup() {
        JoinGroupResponseData m = stableMember();
        leave(m.memberId());
        assertThat(registry.get(GROUP).state()).isEqualTo(GroupState.EMPTY);
        written.clear();

        assertThat(expire()).isZero();

        assertThat(registry.get(GROUP)).isNull();
        assertThat(written).singleElement().satisfies(e -> {
            assertThat(GroupMetadataRecords.readKey(ByteBuffer.wrap(e.key()))).isEqualTo(GROUP);
            assertThat(e.value()).isNull();
        });
    }
}
