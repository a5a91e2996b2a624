package io.skiff.replication.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.replication.controller.LeaderElection.Decision;
import io.skiff.replication.controller.LeaderElection.Elect;
import io.skiff.replication.controller.LeaderElection.Skip;
import io.skiff.replication.controller.LeaderElection.Type;
import io.skiff.replication.zk.PartitionState;
import io.skiff.wire.protocol.Errors;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LeaderElectionTest {
    private static final int CONTROLLER_EPOCH = 7;

    private static PartitionState state(int leader, int epoch, Integer... isr) {
        return new PartitionState(leader, epoch, List.of(isr), 1, 12);
    }

    private static Decision decide(Type type, List<Integer> replicas, PartitionState state, Integer... live) {
        return LeaderElection.decide(type, "t-0", replicas, state, Set.of(live), CONTROLLER_EPOCH);
    }

    private static Errors skipped(Decision decision) {
        assertThat(decision).isInstanceOf(Skip.class);
        return ((Skip) decision).outcome().error();
    }

    private static PartitionState elected(Decision decision) {
        assertThat(decision).isInstanceOf(Elect.class);
        assertThat(((Elect) decision).expectedZkVersion()).isEqualTo(12);
        return ((Elect) decision).next();
    }

    @Test
    void preferredElectionIsNotNeededWhileThePreferredReplicaLeads() {
        assertThat(skipped(decide(Type.PREFERRED, List.of(0), state(0, 3, 0), 0))).isEqualTo(Errors.ELECTION_NOT_NEEDED);
    }

    @Test
    void preferredReplicaInTheIsrTakesLeadershipBackInTheNextEpoch() {
        PartitionState next = elected(decide(Type.PREFERRED, List.of(1, 2), state(2, 4, 2, 1), 1, 2));
        assertThat(next.leader()).isEqualTo(1);
        assertThat(next.leaderEpoch()).isEqualTo(5);
        assertThat(next.isr()).containsExactly(2, 1);
        assertThat(next.controllerEpoch()).isEqualTo(CONTROLLER_EPOCH);
    }

    @Test
    void preferredReplicaOutOfTheIsrOrDeadCannotBeElected() {
        assertThat(skipped(decide(Type.PREFERRED, List.of(1, 2), state(2, 4, 2), 1, 2)))
                .isEqualTo(Errors.PREFERRED_LEADER_NOT_AVAILABLE);
        assertThat(skipped(decide(Type.PREFERRED, List.of(1, 2), state(2, 4, 2, 1), 2)))
                .isEqualTo(Errors.PREFERRED_LEADER_NOT_AVAILABLE);
        assertThat(skipped(decide(Type.PREFERRED, List.of(1, 2), state(1, 4, 1, 2), 2)))
                .as("the preferred replica leads but its broker is gone")
                .isEqualTo(Errors.PREFERRED_LEADER_NOT_AVAILABLE);
    }

    @Test
    void uncleanElectionIsNotNeededWhileALiveBrokerLeads() {
        assertThat(skipped(decide(Type.UNCLEAN, List.of(1, 2), state(2, 1, 2), 1, 2)))
                .isEqualTo(Errors.ELECTION_NOT_NEEDED);
    }

    @Test
    void uncleanElectionPrefersALiveIsrMemberAndDropsDeadOnesFromTheIsr() {
        PartitionState next = elected(decide(Type.UNCLEAN, List.of(1, 2, 3), state(1, 2, 1, 3), 2, 3));
        assertThat(next.leader()).isEqualTo(3);
        assertThat(next.isr()).containsExactly(3);
        assertThat(next.leaderEpoch()).isEqualTo(3);
    }

    @Test
    void uncleanElectionFallsBackToAnyLiveReplicaThenGivesUp() {
        PartitionState next = elected(decide(Type.UNCLEAN, List.of(1, 2, 3), state(-1, 2, 1), 2, 3));
        assertThat(next.leader()).isEqualTo(2);
        assertThat(next.isr()).containsExactly(2);
        assertThat(skipped(decide(Type.UNCLEAN, List.of(1, 2), state(1, 2, 1), 5)))
                .isEqualTo(Errors.ELIGIBLE_LEADERS_NOT_AVAILABLE);
    }

    @Test
    void partitionWithoutStateCannotBeElectedYet() {
        assertThat(skipped(decide(Type.PREFERRED, List.of(0), null, 0))).isEqualTo(Errors.PREFERRED_LEADER_NOT_AVAILABLE);
        assertThat(skipped(decide(Type.UNCLEAN, List.of(0), null, 0))).isEqualTo(Errors.ELIGIBLE_LEADERS_NOT_AVAILABLE);
    }

    @Test
    void electionTypesHaveKafkasCodes() {
        assertThat(Type.forCode((byte) 0)).isEqualTo(Type.PREFERRED);
        assertThat(Type.forCode((byte) 1)).isEqualTo(Type.UNCLEAN);
        assertThat(Type.forCode((byte) 2)).isNull();
    }
}
