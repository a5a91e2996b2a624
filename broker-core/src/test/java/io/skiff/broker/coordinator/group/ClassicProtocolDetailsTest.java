package io.skiff.broker.coordinator.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.replication.delayed.ManualTimer;
import io.skiff.wire.message.HeartbeatRequestData;
import io.skiff.wire.message.JoinGroupRequestData;
import io.skiff.wire.message.JoinGroupRequestData.JoinGroupRequestProtocol;
import io.skiff.wire.message.JoinGroupResponseData;
import io.skiff.wire.message.LeaveGroupRequestData;
import io.skiff.wire.message.OffsetCommitRequestData;
import io.skiff.wire.message.SyncGroupRequestData;
import io.skiff.wire.message.SyncGroupRequestData.SyncGroupRequestAssignment;
import io.skiff.wire.message.SyncGroupResponseData;
import io.skiff.wire.protocol.Errors;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The finer points of Kafka's classic coordinator: {@code group.max.size} admission, the pending-sync
 * timeout, a static leader's restart (KIP-814), pending members leaving, commits as signs of life, the
 * state timestamp, and the order of the heartbeat checks. Deterministic: a {@link ManualTimer} and a
 * seeded random.
 */
class ClassicProtocolDetailsTest {
    private static final String GROUP = "g";
    private static final int SESSION_MS = 10_000;
    private static final int REBALANCE_MS = 20_000;
    private static final short V5 = 5;
    private static final short V9 = 9;

    private final ManualTimer timer = new ManualTimer(0);
    private long nowMs = 1_000L;
    private GroupRegistry registry;
    private GroupCoordinator coordinator;

    private void start(int maxSize) {
        registry = new GroupRegistry(new GroupConfig(6_000, 300_000, 0, maxSize, 1, 4096), p -> false, () -> nowMs);
        registry.beginLoading(0);
        registry.completeLoading(0);
        coordinator = new GroupCoordinator(registry, timer, new Random(17));
    }

    private static JoinGroupRequestData request(String memberId, String instanceId, String... protocols) {
        List<JoinGroupRequestProtocol> list = new ArrayList<>();
        for (String p : protocols) {
            list.add(new JoinGroupRequestProtocol().setName(p).setMetadata(p.getBytes()));
        }
        return new JoinGroupRequestData().setGroupId(GROUP).setMemberId(memberId).setGroupInstanceId(instanceId)
                .setSessionTimeoutMs(SESSION_MS).setRebalanceTimeoutMs(REBALANCE_MS).setProtocolType("consumer")
                .setProtocols(list).setReason("test");
    }

    private CompletableFuture<JoinGroupResponseData> join(String memberId) {
        return coordinator.joinGroup(request(memberId, null, "range"), V5, "client", "/127.0.0.1");
    }

    private CompletableFuture<JoinGroupResponseData> joinStatic(String instanceId, short version,
                                                                String... protocols) {
        return coordinator.joinGroup(request("", instanceId, protocols), version, "client", "/127.0.0.1");
    }

    private String memberIdRequired() {
        JoinGroupResponseData r = join("").join();
        assertThat(Errors.forCode(r.errorCode())).isEqualTo(Errors.MEMBER_ID_REQUIRED);
        return r.memberId();
    }

    private CompletableFuture<SyncGroupResponseData> sync(JoinGroupResponseData m, SyncGroupRequestAssignment... a) {
        return coordinator.syncGroup(new SyncGroupRequestData().setGroupId(GROUP).setMemberId(m.memberId())
                .setGroupInstanceId(null).setGenerationId(m.generationId()).setAssignments(List.of(a)));
    }

    private Errors heartbeat(String memberId, String instanceId, int generation) {
        return coordinator.heartbeat(new HeartbeatRequestData().setGroupId(GROUP).setMemberId(memberId)
                .setGroupInstanceId(instanceId).setGenerationId(generation));
    }

    private ClassicGroup group() {
        return registry.get(GROUP);
    }

    private static Errors error(JoinGroupResponseData r) {
        return Errors.forCode(r.errorCode());
    }

    @Test
    void pendingMemberIdsDoNotCountTowardsTheMaxSizeButTheJoinsThatUseThemDo() {
        start(2);
        String a = memberIdRequired();
        String b = memberIdRequired();
        String c = memberIdRequired(); // three ids handed out to an empty group of at most two

        CompletableFuture<JoinGroupResponseData> aJoin = join(a);
        CompletableFuture<JoinGroupResponseData> bJoin = join(b);
        JoinGroupResponseData cJoin = join(c).join();

        assertThat(error(cJoin)).isEqualTo(Errors.GROUP_MAX_SIZE_REACHED);
        assertThat(cJoin.memberId()).isEmpty();
        assertThat(aJoin.join().generationId()).isEqualTo(1);
        assertThat(bJoin.join().generationId()).isEqualTo(1);
        assertThat(group().members).containsOnlyKeys(a, b);
    }

    @Test
    void aMemberThatNeverSendsItsSyncGroupIsRemovedAfterTheRebalanceTimeout() {
        start(10);
        CompletableFuture<JoinGroupResponseData> first = join(memberIdRequired());
        JoinGroupResponseData leader = first.join();
        sync(leader).join();
        CompletableFuture<JoinGroupResponseData> followerJoin = join(memberIdRequired());
        JoinGroupResponseData leader2 = join(leader.memberId()).join();
        JoinGroupResponseData follower = followerJoin.join();
        sync(leader2).join(); // the follower never syncs (but keeps heartbeating)

        for (int elapsed = 0; elapsed < REBALANCE_MS - 2_000; elapsed += 2_000) {
            timer.advance(2_000);
            assertThat(heartbeat(follower.memberId(), null, follower.generationId())).isEqualTo(Errors.NONE);
            heartbeat(leader2.memberId(), null, leader2.generationId());
        }
        assertThat(group().members).containsKey(follower.memberId());
        timer.advance(2_000);

        assertThat(group().members).doesNotContainKey(follower.memberId());
        assertThat(group().state()).isEqualTo(GroupState.PREPARING_REBALANCE);
        assertThat(heartbeat(follower.memberId(), null, follower.generationId())).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @Test
    void aGenerationWhoseMembersAllSyncedHasNoSyncDeadline() {
        start(10);
        JoinGroupResponseData leader = join(memberIdRequired()).join();
        sync(leader).join();
        for (int elapsed = 0; elapsed < 2 * REBALANCE_MS; elapsed += 2_000) {
            timer.advance(2_000);
            assertThat(heartbeat(leader.memberId(), null, leader.generationId())).isEqualTo(Errors.NONE);
        }
        assertThat(group().state()).isEqualTo(GroupState.STABLE);
        assertThat(group().syncDeadline).isNull();
    }

    @Test
    void aStaticLeaderRestartingIntoAStableGroupIsToldToSkipTheAssignment() {
        start(10);
        JoinGroupResponseData first = joinStatic("i-1", V9, "range").join();
        sync(first, new SyncGroupRequestAssignment().setMemberId(first.memberId()).setAssignment(new byte[] {4})).join();

        JoinGroupResponseData again = joinStatic("i-1", V9, "range").join();

        assertThat(error(again)).isEqualTo(Errors.NONE);
        assertThat(again.skipAssignment()).isTrue();
        assertThat(again.leader()).isEqualTo(again.memberId());
        assertThat(again.members()).extracting(JoinGroupResponseData.JoinGroupResponseMember::memberId)
                .containsExactly(again.memberId());
        assertThat(again.generationId()).isEqualTo(first.generationId());
        assertThat(group().state()).isEqualTo(GroupState.STABLE);
        assertThat(sync(again).join().assignment()).containsExactly(4);
    }

    @Test
    void aStaticLeaderOfAnOlderClientGetsNoMemberListToAssign() {
        start(10);
        JoinGroupResponseData first = joinStatic("i-1", V5, "range").join();
        sync(first).join();

        JoinGroupResponseData again = joinStatic("i-1", V5, "range").join();

        assertThat(again.skipAssignment()).isFalse();
        assertThat(again.members()).isEmpty();
        assertThat(group().state()).isEqualTo(GroupState.STABLE);
    }

    @Test
    void aStaticMemberRejoiningWithAProtocolThatChangesTheSelectionTriggersARebalance() {
        start(10);
        JoinGroupResponseData first = joinStatic("i-1", V9, "range", "roundrobin").join();
        sync(first).join();
        assertThat(group().protocolName()).isEqualTo("range");

        CompletableFuture<JoinGroupResponseData> again = joinStatic("i-1", V9, "roundrobin", "range");

        JoinGroupResponseData rejoined = again.join(); // the only member: the barrier completes at once
        assertThat(rejoined.generationId()).isEqualTo(first.generationId() + 1);
        assertThat(rejoined.protocolName()).isEqualTo("roundrobin");
    }

    @Test
    void aStaticMembersHeartbeatIsCheckedByInstanceIdFirst() {
        start(10);
        JoinGroupResponseData m = joinStatic("i-1", V9, "range").join();
        sync(m).join();

        assertThat(heartbeat(m.memberId(), "i-1", m.generationId())).isEqualTo(Errors.NONE);
        assertThat(heartbeat("someone-else", "i-1", m.generationId())).isEqualTo(Errors.FENCED_INSTANCE_ID);
        assertThat(heartbeat(m.memberId(), "i-unknown", m.generationId())).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(heartbeat(m.memberId(), "i-1", m.generationId() + 1)).isEqualTo(Errors.ILLEGAL_GENERATION);
    }

    @Test
    void aPendingMemberLeavingDoesNotRebalanceAStableGroup() {
        start(10);
        JoinGroupResponseData m = join(memberIdRequired()).join();
        sync(m).join();
        String pending = memberIdRequired();

        coordinator.leaveGroup(new LeaveGroupRequestData().setGroupId(GROUP).setMembers(List.of(
                new LeaveGroupRequestData.MemberIdentity().setMemberId(pending).setReason("shutting down"))),
                (short) 5);

        assertThat(group().state()).isEqualTo(GroupState.STABLE);
        assertThat(group().pendingMembers).isEmpty();
        assertThat(group().generationId()).isEqualTo(m.generationId());
    }

    @Test
    void anAcceptedMemberCommitKeepsTheMembersSessionAlive() {
        start(10);
        JoinGroupResponseData m = join(memberIdRequired()).join();
        sync(m).join();
        OffsetManager offsets = new OffsetManager(registry, coordinator,
                (p, e) -> CompletableFuture.completedFuture(Errors.NONE));

        for (int i = 0; i < 5; i++) { // 30 s of commits every 6 s and no heartbeat, with a 10 s session
            timer.advance(6_000);
            Errors e = Errors.forCode(offsets.commit(new OffsetCommitRequestData().setGroupId(GROUP)
                    .setGenerationIdOrMemberEpoch(m.generationId()).setMemberId(m.memberId()).setTopics(List.of(
                            new OffsetCommitRequestData.OffsetCommitRequestTopic().setName("t").setPartitions(List.of(
                                    new OffsetCommitRequestData.OffsetCommitRequestPartition().setPartitionIndex(0)
                                            .setCommittedOffset(i))))), (short) 8).join().topics().get(0)
                    .partitions().get(0).errorCode());
            assertThat(e).isEqualTo(Errors.NONE);
        }

        assertThat(group().members).containsKey(m.memberId());
        assertThat(group().state()).isEqualTo(GroupState.STABLE);
    }

    @Test
    void aMemberCommitToAGroupThatDoesNotExistIsGroupIdNotFoundFromVersionNine() {
        start(10);
        OffsetManager offsets = new OffsetManager(registry, coordinator,
                (p, e) -> CompletableFuture.completedFuture(Errors.NONE));
        OffsetCommitRequestData request = new OffsetCommitRequestData().setGroupId(GROUP)
                .setGenerationIdOrMemberEpoch(3).setMemberId("m").setTopics(List.of(
                        new OffsetCommitRequestData.OffsetCommitRequestTopic().setName("t").setPartitions(List.of(
                                new OffsetCommitRequestData.OffsetCommitRequestPartition().setPartitionIndex(0)))));

        assertThat(offsets.commit(request, (short) 8).join().topics().get(0).partitions().get(0).errorCode())
                .isEqualTo(Errors.ILLEGAL_GENERATION.code());
        assertThat(offsets.commit(request, (short) 9).join().topics().get(0).partitions().get(0).errorCode())
                .isEqualTo(Errors.GROUP_ID_NOT_FOUND.code());
        assertThat(registry.get(GROUP)).isNull();
    }

    @Test
    void everyStateTransitionRecordsItsTime() {
        start(10);
        JoinGroupResponseData m = join(memberIdRequired()).join();
        nowMs = 5_000;
        sync(m).join();
        assertThat(group().currentStateTimestamp()).isEqualTo(5_000);

        nowMs = 9_000;
        coordinator.leaveGroup(new LeaveGroupRequestData().setGroupId(GROUP).setMembers(List.of(
                new LeaveGroupRequestData.MemberIdentity().setMemberId(m.memberId()))), (short) 3);

        assertThat(group().state()).isEqualTo(GroupState.EMPTY);
        assertThat(group().currentStateTimestamp()).isEqualTo(9_000);
    }
}
