package io.skiff.broker.coordinator.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.replication.delayed.ManualTimer;
import io.skiff.wire.message.HeartbeatRequestData;
import io.skiff.wire.message.JoinGroupRequestData;
import io.skiff.wire.message.JoinGroupRequestData.JoinGroupRequestProtocol;
import io.skiff.wire.message.JoinGroupResponseData;
import io.skiff.wire.message.LeaveGroupRequestData;
import io.skiff.wire.message.LeaveGroupResponseData;
import io.skiff.wire.message.SyncGroupRequestData;
import io.skiff.wire.message.SyncGroupRequestData.SyncGroupRequestAssignment;
import io.skiff.wire.message.SyncGroupResponseData;
import io.skiff.wire.protocol.Errors;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The classic group state machine driven by a {@link ManualTimer}: every expiry and barrier is deterministic. */
class GroupCoordinatorTest {
    private static final String GROUP = "g";
    private static final int SESSION_MS = 10_000;
    private static final int REBALANCE_MS = 20_000;
    private static final short V5 = 5;
    private static final long SEED = 42L;

    private ManualTimer timer;
    private GroupRegistry registry;
    private GroupCoordinator coordinator;
    private long nowMs = 1_700_000_000_000L;

    @BeforeEach
    void setUp() {
        setUp(0, 3);
    }

    private void setUp(int initialDelayMs, int maxSize) {
        timer = new ManualTimer(1_000);
        registry = new GroupRegistry(new GroupConfig(6_000, 300_000, initialDelayMs, maxSize, 1, 4096), partition -> false, () -> nowMs);
        registry.beginLoading(0);
        registry.completeLoading(0);
        coordinator = new GroupCoordinator(registry, timer, new Random(SEED));
    }

    // ------------------------------------------------------------ helpers

    private static JoinGroupRequestData joinRequest(String memberId, String instanceId, String... protocols) {
        List<JoinGroupRequestProtocol> list = new ArrayList<>();
        for (String p : protocols) {
            list.add(new JoinGroupRequestProtocol().setName(p).setMetadata(p.getBytes()));
        }
        return new JoinGroupRequestData().setGroupId(GROUP).setMemberId(memberId).setGroupInstanceId(instanceId)
                .setSessionTimeoutMs(SESSION_MS).setRebalanceTimeoutMs(REBALANCE_MS).setProtocolType("consumer")
                .setProtocols(list);
    }

    private CompletableFuture<JoinGroupResponseData> join(String memberId) {
        return coordinator.joinGroup(joinRequest(memberId, null, "range"), V5, "client", "/127.0.0.1");
    }

    /** MEMBER_ID_REQUIRED round trip; returns the pending second join. */
    private CompletableFuture<JoinGroupResponseData> joinNew() {
        JoinGroupResponseData first = join("").join();
        assertThat(Errors.forCode(first.errorCode())).isEqualTo(Errors.MEMBER_ID_REQUIRED);
        assertThat(first.memberId()).isNotEmpty();
        return join(first.memberId());
    }

    private Errors heartbeat(String memberId, int generation) {
        return coordinator.heartbeat(new HeartbeatRequestData().setGroupId(GROUP).setMemberId(memberId)
                .setGenerationId(generation));
    }

    private CompletableFuture<SyncGroupResponseData> sync(String memberId, int generation,
                                                          SyncGroupRequestAssignment... assignments) {
        return coordinator.syncGroup(new SyncGroupRequestData().setGroupId(GROUP).setMemberId(memberId)
                .setGenerationId(generation).setAssignments(List.of(assignments)));
    }

    private GroupState state() {
        return registry.get(GROUP).state();
    }

    private static Errors error(JoinGroupResponseData r) {
        return Errors.forCode(r.errorCode());
    }

    // ------------------------------------------------------------ tests

    @Test
    void firstJoinRequiresMemberIdThenCompletesWithTheMemberAsLeader() {
        JoinGroupResponseData joined = joinNew().join();

        assertThat(error(joined)).isEqualTo(Errors.NONE);
        assertThat(joined.generationId()).isEqualTo(1);
        assertThat(joined.leader()).isEqualTo(joined.memberId());
        assertThat(joined.protocolName()).isEqualTo("range");
        assertThat(joined.members()).extracting(JoinGroupResponseData.JoinGroupResponseMember::memberId)
                .containsExactly(joined.memberId());
        assertThat(state()).isEqualTo(GroupState.COMPLETING_REBALANCE);
    }

    @Test
    void secondMemberWaitsForTheLeaderToRejoinAndSyncDistributesTheLeadersAssignment() {
        JoinGroupResponseData a = joinNew().join();
        sync(a.memberId(), 1).join();
        assertThat(state()).isEqualTo(GroupState.STABLE);

        CompletableFuture<JoinGroupResponseData> b = joinNew();
        assertThat(b).isNotDone();
        assertThat(state()).isEqualTo(GroupState.PREPARING_REBALANCE);
        assertThat(heartbeat(a.memberId(), 1)).isEqualTo(Errors.REBALANCE_IN_PROGRESS);

        JoinGroupResponseData a2 = join(a.memberId()).join();
        JoinGroupResponseData b2 = b.join();
        assertThat(a2.generationId()).isEqualTo(2);
        assertThat(b2.generationId()).isEqualTo(2);
        assertThat(a2.leader()).isEqualTo(a.memberId());
        assertThat(a2.members()).hasSize(2);
        assertThat(b2.members()).isEmpty();

        CompletableFuture<SyncGroupResponseData> bSync = sync(b2.memberId(), 2);
        assertThat(bSync).isNotDone();
        SyncGroupResponseData aSync = sync(a.memberId(), 2,
                new SyncGroupRequestAssignment().setMemberId(a.memberId()).setAssignment(new byte[] {1}),
                new SyncGroupRequestAssignment().setMemberId(b2.memberId()).setAssignment(new byte[] {2})).join();
        assertThat(aSync.assignment()).containsExactly(1);
        assertThat(bSync.join().assignment()).containsExactly(2);
        assertThat(state()).isEqualTo(GroupState.STABLE);
        assertThat(heartbeat(b2.memberId(), 2)).isEqualTo(Errors.NONE);
    }

    @Test
    void heartbeatRejectsUnknownMembersAndStaleGenerations() {
        JoinGroupResponseData a = joinNew().join();
        sync(a.memberId(), 1).join();

        assertThat(heartbeat("nobody", 1)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(heartbeat(a.memberId(), 0)).isEqualTo(Errors.ILLEGAL_GENERATION);
        assertThat(heartbeat(a.memberId(), 1)).isEqualTo(Errors.NONE);
    }

    @Test
    void syncFromAStaleGenerationIsIllegal() {
        JoinGroupResponseData a = joinNew().join();
        SyncGroupResponseData r = sync(a.memberId(), 7).join();
        assertThat(Errors.forCode(r.errorCode())).isEqualTo(Errors.ILLEGAL_GENERATION);
        assertThat(state()).isEqualTo(GroupState.COMPLETING_REBALANCE);
    }

    @Test
    void memberWithoutHeartbeatsExpiresAfterItsSessionTimeoutAndTheGroupRebalances() {
        JoinGroupResponseData a = joinNew().join();
        sync(a.memberId(), 1).join();
        CompletableFuture<JoinGroupResponseData> bJoin = joinNew();
        JoinGroupResponseData a2 = join(a.memberId()).join();
        String b = bJoin.join().memberId();
        sync(a.memberId(), 2, new SyncGroupRequestAssignment().setMemberId(b).setAssignment(new byte[] {2})).join();

        // A heartbeats every 3 s; B never does.
        for (int i = 0; i < 4; i++) {
            timer.advance(3_000);
            assertThat(heartbeat(a.memberId(), a2.generationId())).isIn(Errors.NONE, Errors.REBALANCE_IN_PROGRESS);
        }

        assertThat(registry.get(GROUP).members).doesNotContainKey(b);
        assertThat(state()).isEqualTo(GroupState.PREPARING_REBALANCE);
        JoinGroupResponseData a3 = join(a.memberId()).join();
        assertThat(a3.generationId()).isEqualTo(3);
        assertThat(a3.members()).hasSize(1);
    }

    @Test
    void memberThatDoesNotRejoinWithinTheRebalanceTimeoutIsRemoved() {
        JoinGroupResponseData a = joinNew().join();
        sync(a.memberId(), 1).join();
        CompletableFuture<JoinGroupResponseData> b = joinNew();

        for (int elapsed = 0; elapsed < REBALANCE_MS; elapsed += 2_000) {
            timer.advance(2_000); // A keeps heartbeating but never rejoins
            heartbeat(a.memberId(), 1);
        }

        JoinGroupResponseData joined = b.join();
        assertThat(error(joined)).isEqualTo(Errors.NONE);
        assertThat(joined.generationId()).isEqualTo(2);
        assertThat(joined.leader()).isEqualTo(joined.memberId());
        assertThat(registry.get(GROUP).members).containsOnlyKeys(joined.memberId());
        assertThat(heartbeat(a.memberId(), 2)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @Test
    void leaveOfTheLastMemberEmptiesTheGroup() {
        JoinGroupResponseData a = joinNew().join();
        sync(a.memberId(), 1).join();

        LeaveGroupResponseData r = coordinator.leaveGroup(new LeaveGroupRequestData().setGroupId(GROUP)
                .setMembers(List.of(new LeaveGroupRequestData.MemberIdentity().setMemberId(a.memberId()),
                        new LeaveGroupRequestData.MemberIdentity().setMemberId("ghost"))), (short) 3);

        assertThat(Errors.forCode(r.errorCode())).isEqualTo(Errors.NONE);
        assertThat(r.members()).extracting(LeaveGroupResponseData.MemberResponse::errorCode)
                .containsExactly(Errors.NONE.code(), Errors.UNKNOWN_MEMBER_ID.code());
        assertThat(state()).isEqualTo(GroupState.EMPTY);
        assertThat(registry.get(GROUP).generationId()).isEqualTo(2);
    }

    @Test
    void sessionTimeoutOutsideTheBrokerBoundsIsRejected() {
        JoinGroupResponseData r = coordinator.joinGroup(joinRequest("", null, "range").setSessionTimeoutMs(1_000),
                V5, "c", "h").join();
        assertThat(error(r)).isEqualTo(Errors.INVALID_SESSION_TIMEOUT);
        assertThat(registry.get(GROUP)).isNull();
    }

    @Test
    void memberWithNoCommonProtocolIsRejected() {
        JoinGroupResponseData a = joinNew().join();
        JoinGroupResponseData r = coordinator.joinGroup(joinRequest("", null, "roundrobin"), V5, "c", "h").join();
        assertThat(error(r)).isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL);
        assertThat(registry.get(GROUP).members).containsOnlyKeys(a.memberId());
    }

    @Test
    void firstJoinWithoutProtocolsIsInconsistentAndCreatesNoGroup() {
        JoinGroupResponseData r = coordinator.joinGroup(joinRequest("", null), V5, "c", "h").join();
        assertThat(error(r)).isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL);
        assertThat(registry.get(GROUP)).isNull();
    }

    @Test
    void joinBeyondGroupMaxSizeIsRejected() {
        setUp(0, 1);
        joinNew().join();
        JoinGroupResponseData r = join("").join();
        assertThat(error(r)).isEqualTo(Errors.GROUP_MAX_SIZE_REACHED);
    }

    @Test
    void initialDelayHoldsTheFirstJoinUntilTheTimerFires() {
        setUp(3_000, 10);
        CompletableFuture<JoinGroupResponseData> a = joinNew();
        assertThat(a).isNotDone();
        timer.advance(2_999);
        assertThat(a).isNotDone();
        timer.advance(1);
        assertThat(a.join().generationId()).isEqualTo(1);
    }

    @Test
    void staticMemberRejoiningAStableGroupKeepsItsAssignmentAndFencesTheOldId() {
        JoinGroupResponseData a = coordinator.joinGroup(joinRequest("", "instance-1", "range"), V5, "c", "h").join();
        assertThat(error(a)).isEqualTo(Errors.NONE);
        sync(a.memberId(), 1, new SyncGroupRequestAssignment().setMemberId(a.memberId())
                .setAssignment(new byte[] {9})).join();

        JoinGroupResponseData again = coordinator.joinGroup(joinRequest("", "instance-1", "range"), V5, "c", "h")
                .join();

        assertThat(error(again)).isEqualTo(Errors.NONE);
        assertThat(again.memberId()).isNotEqualTo(a.memberId());
        assertThat(again.generationId()).isEqualTo(1);
        assertThat(state()).isEqualTo(GroupState.STABLE);
        assertThat(sync(again.memberId(), 1).join().assignment()).containsExactly(9);
        Errors old = coordinator.heartbeat(new HeartbeatRequestData().setGroupId(GROUP).setMemberId(a.memberId())
                .setGroupInstanceId("instance-1").setGenerationId(1));
        assertThat(old).isEqualTo(Errors.FENCED_INSTANCE_ID);
    }

    private JoinGroupResponseData staticJoin(String instanceId, short version, String protocol, byte[] metadata) {
        JoinGroupRequestData request = joinRequest("", instanceId, protocol);
        request.protocols().get(0).setMetadata(metadata);
        CompletableFuture<JoinGroupResponseData> joined = coordinator.joinGroup(request, version, "c", "h");
        assertThat(joined).as("answered at once, not parked for a rebalance").isDone();
        return joined.join();
    }

    /** Two static members, Stable in generation 1 with a the leader; returns [a, b]. */
    private List<JoinGroupResponseData> stableStaticPair() {
        JoinGroupResponseData a = staticJoin("instance-a", V5, "range", new byte[] {1});
        sync(a.memberId(), 1).join();
        CompletableFuture<JoinGroupResponseData> b = coordinator.joinGroup(joinRequest("", "instance-b", "range"), V5,
                "c", "h");
        JoinGroupResponseData a2 = join(a.memberId()).join();
        JoinGroupResponseData b2 = b.join();
        CompletableFuture<SyncGroupResponseData> followerSync = sync(b2.memberId(), 2);
        sync(a2.memberId(), 2, new SyncGroupRequestAssignment().setMemberId(a2.memberId()).setAssignment(new byte[] {1}),
                new SyncGroupRequestAssignment().setMemberId(b2.memberId()).setAssignment(new byte[] {2})).join();
        assertThat(followerSync.join().assignment()).containsExactly(2);
        assertThat(state()).isEqualTo(GroupState.STABLE);
        assertThat(a2.leader()).isEqualTo(a2.memberId());
        return List.of(a2, b2);
    }

    @Test
    void staticMemberRejoiningWithNewSubscriptionMetadataCausesNoRebalance() {
        JoinGroupResponseData b = stableStaticPair().get(1);

        // A restarted cooperative member lists no owned partitions: other metadata, same protocol.
        JoinGroupResponseData again = staticJoin("instance-b", V5, "range", new byte[] {7, 7});

        assertThat(error(again)).isEqualTo(Errors.NONE);
        assertThat(again.generationId()).isEqualTo(2);
        assertThat(state()).isEqualTo(GroupState.STABLE);
        assertThat(sync(again.memberId(), 2).join().assignment()).containsExactly(2);
        assertThat(again.memberId()).isNotEqualTo(b.memberId());
    }

    @Test
    void staticLeaderRejoiningBeforeV9IsToldTheOldLeaderSoItOnlySyncs() {
        JoinGroupResponseData a = stableStaticPair().get(0);

        JoinGroupResponseData again = staticJoin("instance-a", V5, "range", new byte[] {1});

        assertThat(again.leader()).isEqualTo(a.memberId()).isNotEqualTo(again.memberId());
        assertThat(again.members()).isEmpty();
        assertThat(sync(again.memberId(), 2).join().assignment()).containsExactly(1);
        assertThat(registry.get(GROUP).isLeader(again.memberId())).isTrue();
    }

    @Test
    void staticLeaderRejoiningFromV9GetsTheMembersAndSkipAssignment() {
        stableStaticPair();

        JoinGroupResponseData again = staticJoin("instance-a", (short) 9, "range", new byte[] {1});

        assertThat(again.leader()).isEqualTo(again.memberId());
        assertThat(again.skipAssignment()).isTrue();
        assertThat(again.members()).hasSize(2);
        assertThat(state()).isEqualTo(GroupState.STABLE);
    }

    @Test
    void staticMemberRejoiningWithAProtocolTheGroupWouldNotSelectRebalances() {
        JoinGroupResponseData a = coordinator.joinGroup(joinRequest("", "instance-a", "range", "roundrobin"), V5, "c",
                "h").join();
        sync(a.memberId(), 1).join();

        // Now preferring roundrobin: the group's vote, and so its protocol, changes.
        CompletableFuture<JoinGroupResponseData> again = coordinator.joinGroup(
                joinRequest("", "instance-a", "roundrobin", "range"), V5, "c", "h");

        assertThat(again.join().generationId()).isEqualTo(2);
        assertThat(again.join().protocolName()).isEqualTo("roundrobin");
    }

    @Test
    void groupsOfAPartitionBeingLoadedAnswerLoadInProgress() {
        registry.unload(0, g -> coordinator.failPending(g, Errors.NOT_COORDINATOR));
        assertThat(error(join("").join())).isEqualTo(Errors.NOT_COORDINATOR);
        registry.beginLoading(0);
        assertThat(error(join("").join())).isEqualTo(Errors.COORDINATOR_LOAD_IN_PROGRESS);
    }

    @Test
    void partitionElectedHereButNotYetLoadingAnswersLoadInProgress() {
        registry = new GroupRegistry(new GroupConfig(6_000, 300_000, 0, 3, 1, 4096), partition -> true, () -> nowMs);
        coordinator = new GroupCoordinator(registry, timer, new Random(SEED));
        assertThat(error(join("").join())).isEqualTo(Errors.COORDINATOR_LOAD_IN_PROGRESS);
    }
}
