package io.skiff.replication.controller;

import static io.skiff.replication.zk.ZkTestSupport.await;
import static io.skiff.replication.zk.ZkTestSupport.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.log.TopicPartition;
import io.skiff.replication.zk.BrokerRegistration;
import io.skiff.replication.zk.EndPoint;
import io.skiff.replication.zk.KafkaUuid;
import io.skiff.replication.zk.PartitionState;
import io.skiff.replication.zk.TopicAssignment;
import io.skiff.replication.zk.ZkFixture;
import io.skiff.replication.zk.ZkMetadataStore;
import io.skiff.replication.zk.ZkTestSupport;
import io.skiff.wire.protocol.ApiException;
import io.skiff.wire.protocol.Errors;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ZkControllerAdapterIT {
    @RegisterExtension
    final ZkFixture fixture = new ZkFixture();
    private final long seed = new Random().nextLong();
    private final Random random = new Random(seed);

    private ZkMetadataStore liveBroker(int id) throws Exception {
        ZkMetadataStore store = fixture.store();
        await(store.registerBroker(new BrokerRegistration(id,
                List.of(new EndPoint("PLAINTEXT", "PLAINTEXT", "127.0.0.1", 9000 + id)), Optional.empty(), -1,
                ZkTestSupport.FIXED_TIME_MS, Map.of())));
        return store;
    }

    private ZkControllerAdapter controller(ZkMetadataStore store, int id) {
        ZkControllerAdapter controller =
                fixture.closeAfterTest(new ZkControllerAdapter(store, id, ZkTestSupport.FIXED_TIME));
        controller.start();
        return controller;
    }

    @Test
    void singleBrokerControllerWritesInitialStatesOfANewTopic() throws Exception {
        ZkMetadataStore store = liveBroker(0);
        ZkControllerAdapter controller = controller(store, 0);
        awaitCondition("controller active", controller::isActive);

        var assignment = ReplicaAssignor.assign(3, 1, await(store.liveBrokerIds()), random);
        await(store.createTopic(TopicAssignment.of("events", KafkaUuid.random(random), assignment), Map.of()));

        awaitCondition("three partition states", () -> statesOf(store, "events").size() == 3);
        assertThat(statesOf(store, "events")).as("seed %d", seed).allSatisfy((p, state) ->
                assertThat(state).isEqualTo(new PartitionState(0, 0, List.of(0), 1, 0)));
    }

    @Test
    void topicCreatedBeforeAnyControllerIsInitialisedWhenOneIsElected() throws Exception {
        ZkMetadataStore one = liveBroker(1);
        ZkMetadataStore two = liveBroker(2);
        await(one.createTopic(TopicAssignment.of("early", KafkaUuid.random(random),
                ReplicaAssignor.assign(4, 2, List.of(1, 2), 0, 0)), Map.of()));
        assertThat(await(one.getPartitionStates("early"))).isEmpty();

        controller(one, 1);
        controller(two, 2);

        awaitCondition("four partition states", () -> statesOf(one, "early").size() == 4);
        // ReplicaAssignor with start 0: partitions alternate 1,2 / 2,1; both brokers live, so the preferred leads.
        assertThat(statesOf(one, "early")).as("seed %d", seed).containsExactlyInAnyOrderEntriesOf(Map.of(
                0, new PartitionState(1, 0, List.of(1, 2), 1, 0),
                1, new PartitionState(2, 0, List.of(2, 1), 1, 0),
                2, new PartitionState(1, 0, List.of(1, 2), 1, 0),
                3, new PartitionState(2, 0, List.of(2, 1), 1, 0)));
    }

    @Test
    void partitionsAddedToATopicAreInitialised() throws Exception {
        ZkMetadataStore store = liveBroker(1);
        ZkControllerAdapter controller = controller(store, 1);
        awaitCondition("controller active", controller::isActive);
        TopicAssignment one = TopicAssignment.of("grows", KafkaUuid.random(random), Map.of(0, List.of(1)));
        await(store.createTopic(one, Map.of()));
        awaitCondition("partition 0", () -> statesOf(store, "grows").containsKey(0));

        TopicAssignment two = TopicAssignment.of("grows", one.topicId(), Map.of(0, List.of(1), 1, List.of(1)));
        ZkTestSupport.overwriteTopic(store, two);

        awaitCondition("partition 1", () -> statesOf(store, "grows").containsKey(1));
        assertThat(statesOf(store, "grows")).containsExactlyInAnyOrderEntriesOf(Map.of(
                0, new PartitionState(1, 0, List.of(1), 1, 0),
                1, new PartitionState(1, 0, List.of(1), 1, 0)));
    }

    @Test
    void topicMarkedForDeletionIsRemovedWithItsStatesConfigAndMark() throws Exception {
        ZkMetadataStore store = liveBroker(0);
        ZkControllerAdapter controller = controller(store, 0);
        awaitCondition("controller active", controller::isActive);
        await(store.createTopic(TopicAssignment.of("doomed", KafkaUuid.random(random),
                ReplicaAssignor.assign(2, 1, List.of(0), 0, 0)), Map.of("retention.ms", "1000")));
        awaitCondition("two partition states", () -> statesOf(store, "doomed").size() == 2);

        await(store.deleteTopic("doomed"));

        awaitCondition("topic removed", () -> topicsAndMarks(store).isEmpty());
        assertThat(statesOf(store, "doomed")).isEmpty();
        assertThat(await(store.getConfig(io.skiff.replication.zk.ConfigEntityType.TOPICS, "doomed"))).isEmpty();
        // The name is free again.
        await(store.createTopic(TopicAssignment.of("doomed", KafkaUuid.random(random),
                ReplicaAssignor.assign(1, 1, List.of(0), 0, 0)), Map.of()));
        awaitCondition("re-created topic initialised", () -> statesOf(store, "doomed").size() == 1);
    }

    @Test
    void replicaOnADeadBrokerIsLeftOutOfTheIsr() throws Exception {
        ZkMetadataStore store = liveBroker(1);
        ZkControllerAdapter controller = controller(store, 1);
        awaitCondition("controller active", controller::isActive);

        await(store.createTopic(TopicAssignment.of("half", KafkaUuid.random(random),
                Map.of(0, List.of(9, 1), 1, List.of(9))), Map.of()));

        awaitCondition("state of partition 0", () -> statesOf(store, "half").containsKey(0));
        assertThat(statesOf(store, "half")).containsExactly(Map.entry(0, new PartitionState(1, 0, List.of(1), 1, 0)));

        liveBroker(9);
        awaitCondition("partition 1 once broker 9 registers", () -> statesOf(store, "half").containsKey(1));
        assertThat(statesOf(store, "half").get(1)).isEqualTo(new PartitionState(9, 0, List.of(9), 1, 0));
    }

    @Test
    void preferredElectionMovesLeadershipBackToThePreferredReplica() throws Exception {
        ZkMetadataStore one = liveBroker(1);
        liveBroker(2);
        ZkControllerAdapter controller = controller(one, 1);
        awaitCondition("controller active", controller::isActive);
        await(one.createTopic(TopicAssignment.of("moved", KafkaUuid.random(random), Map.of(0, List.of(1, 2))), Map.of()));
        awaitCondition("partition 0", () -> statesOf(one, "moved").containsKey(0));
        PartitionState initial = statesOf(one, "moved").get(0);
        // Leadership moved to broker 2 (as after broker 1 had been away).
        assertThat(await(one.compareAndSetPartitionState("moved", 0,
                new PartitionState(2, 1, List.of(2, 1), 1, -1), initial.zkVersion())).updated()).isTrue();

        Map<TopicPartition, LeaderElection.Outcome> first = await(controller.electLeaders(LeaderElection.Type.PREFERRED,
                List.of(new TopicPartition("moved", 0), new TopicPartition("moved", 5), new TopicPartition("absent", 0))));

        assertThat(first.get(new TopicPartition("moved", 0)).error()).isEqualTo(Errors.NONE);
        assertThat(first.get(new TopicPartition("moved", 5)).error()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(first.get(new TopicPartition("absent", 0)).error()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        PartitionState now = statesOf(one, "moved").get(0);
        assertThat(now.leader()).isEqualTo(1);
        assertThat(now.leaderEpoch()).isEqualTo(2);
        assertThat(now.isr()).containsExactly(2, 1);

        Map<TopicPartition, LeaderElection.Outcome> again = await(controller.electLeaders(LeaderElection.Type.PREFERRED,
                null));
        assertThat(again).containsOnlyKeys(new TopicPartition("moved", 0));
        assertThat(again.get(new TopicPartition("moved", 0)).error()).isEqualTo(Errors.ELECTION_NOT_NEEDED);
        assertThat(statesOf(one, "moved").get(0)).isEqualTo(now);
    }

    @Test
    void electionOnABrokerThatIsNotTheControllerFailsWithNotController() throws Exception {
        ZkMetadataStore one = liveBroker(1);
        ZkMetadataStore two = liveBroker(2);
        ZkControllerAdapter active = controller(one, 1);
        awaitCondition("controller active", active::isActive);
        ZkControllerAdapter standby = controller(two, 2);

        assertThatThrownBy(() -> await(standby.electLeaders(LeaderElection.Type.PREFERRED, null)))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.error()).isEqualTo(Errors.NOT_CONTROLLER));
    }

    private static Map<Integer, PartitionState> statesOf(ZkMetadataStore store, String topic) {
        try {
            return await(store.getPartitionStates(topic));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> topicsAndMarks(ZkMetadataStore store) {
        try {
            List<String> all = new java.util.ArrayList<>(await(store.listTopics()));
            all.addAll(await(store.topicsMarkedForDeletion()));
            return all;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
