package io.skiff.replication.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.replication.controller.ControllerStateMachine.BecameController;
import io.skiff.replication.controller.ControllerStateMachine.BrokersChanged;
import io.skiff.replication.controller.ControllerStateMachine.Command;
import io.skiff.replication.controller.ControllerStateMachine.CreatePartitionState;
import io.skiff.replication.controller.ControllerStateMachine.Event;
import io.skiff.replication.controller.ControllerStateMachine.Resigned;
import io.skiff.replication.controller.ControllerStateMachine.StateCreateFailed;
import io.skiff.replication.controller.ControllerStateMachine.TopicRemoved;
import io.skiff.replication.controller.ControllerStateMachine.TopicUpdated;
import io.skiff.replication.zk.KafkaUuid;
import io.skiff.replication.zk.PartitionState;
import io.skiff.replication.zk.TopicAssignment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ControllerStateMachineTest {
    private static final TopicAssignment ORDERS = TopicAssignment.of(
            "orders", new java.util.UUID(1, 2), Map.of(0, List.of(1, 2), 1, List.of(2, 3), 2, List.of(3, 4)));

    @Test
    void inactiveControllerIssuesNoCommands() {
        ControllerStateMachine machine = new ControllerStateMachine();
        assertThat(machine.handle(new BrokersChanged(Set.of(1, 2, 3)))).isEmpty();
        assertThat(machine.handle(new TopicUpdated(ORDERS, Set.of()))).isEmpty();
        assertThat(machine.isActive()).isFalse();
    }

    @Test
    void becomingControllerInitialisesPartitionsWithLiveReplicas() {
        ControllerStateMachine machine = new ControllerStateMachine();
        machine.handle(new BrokersChanged(Set.of(2, 3)));
        machine.handle(new TopicUpdated(ORDERS, Set.of()));

        List<Command> commands = machine.handle(new BecameController(5));

        assertThat(commands).containsExactlyInAnyOrder(
                new CreatePartitionState("orders", 0, state(2, List.of(2), 5)),
                new CreatePartitionState("orders", 1, state(2, List.of(2, 3), 5)),
                new CreatePartitionState("orders", 2, state(3, List.of(3), 5)));
    }

    @Test
    void partitionWithoutLiveReplicaWaitsForOne() {
        ControllerStateMachine machine = new ControllerStateMachine();
        machine.handle(new BecameController(1));
        machine.handle(new BrokersChanged(Set.of(1)));
        assertThat(machine.handle(new TopicUpdated(ORDERS, Set.of())))
                .containsExactly(new CreatePartitionState("orders", 0, state(1, List.of(1), 1)));

        assertThat(machine.handle(new BrokersChanged(Set.of(1, 4))))
                .containsExactly(new CreatePartitionState("orders", 2, state(4, List.of(4), 1)));
    }

    @Test
    void existingStatesAreNotRewrittenAndCommandsAreNotRepeated() {
        ControllerStateMachine machine = new ControllerStateMachine();
        machine.handle(new BecameController(1));
        machine.handle(new BrokersChanged(Set.of(1, 2, 3, 4)));
        assertThat(machine.handle(new TopicUpdated(ORDERS, Set.of(0, 2))))
                .containsExactly(new CreatePartitionState("orders", 1, state(2, List.of(2, 3), 1)));
        assertThat(machine.handle(new BrokersChanged(Set.of(1, 2, 3, 4, 5)))).isEmpty();
    }

    @Test
    void failedCreateIsRetriedOnTheNextEvent() {
        ControllerStateMachine machine = new ControllerStateMachine();
        machine.handle(new BecameController(1));
        machine.handle(new BrokersChanged(Set.of(1, 2, 3, 4)));
        machine.handle(new TopicUpdated(ORDERS, Set.of(0, 2)));

        assertThat(machine.handle(new StateCreateFailed("orders", 1)))
                .containsExactly(new CreatePartitionState("orders", 1, state(2, List.of(2, 3), 1)));
    }

    @Test
    void resignedOrRemovedTopicStopsCommands() {
        ControllerStateMachine machine = new ControllerStateMachine();
        machine.handle(new BrokersChanged(Set.of(1, 2, 3, 4)));
        machine.handle(new TopicUpdated(ORDERS, Set.of()));
        machine.handle(new TopicRemoved("orders"));
        assertThat(machine.handle(new BecameController(2))).isEmpty();
        machine.handle(new Resigned());
        assertThat(machine.handle(new TopicUpdated(ORDERS, Set.of()))).isEmpty();
        assertThat(machine.epoch()).isEqualTo(-1);
    }

    /**
     * Seeded simulation: random interleavings of broker churn, topic arrivals and failed writes. Whatever the order,
     * an active controller ends with exactly one recorded state per partition that ever had a live replica, each
     * naming a live replica as leader within the ISR, written under the current epoch.
     */
    @Test
    void simulatedEventOrdersConvergeToOneValidStatePerPartition() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        for (int round = 0; round < 200; round++) {
            ControllerStateMachine machine = new ControllerStateMachine();
            Map<String, Map<Integer, PartitionState>> written = new HashMap<>();
            List<Event> events = new ArrayList<>();
            List<Integer> brokers = List.of(1, 2, 3, 4, 5);
            for (int t = 0; t < 1 + random.nextInt(4); t++) {
                int partitions = 1 + random.nextInt(6);
                int factor = 1 + random.nextInt(3);
                events.add(new TopicUpdated(TopicAssignment.of("t" + t, KafkaUuid.random(random),
                        ReplicaAssignor.assign(partitions, factor, brokers, random)), Set.of()));
            }
            for (int i = 0; i < 4; i++) {
                Set<Integer> live = new java.util.TreeSet<>();
                brokers.forEach(b -> {
                    if (random.nextBoolean()) {
                        live.add(b);
                    }
                });
                events.add(new BrokersChanged(live));
            }
            java.util.Collections.shuffle(events, random);
            events.add(random.nextInt(events.size() + 1), new BecameController(1 + random.nextInt(9)));
            events.add(new BrokersChanged(Set.copyOf(brokers)));

            List<Command> pending = new ArrayList<>();
            for (Event event : events) {
                pending.addAll(machine.handle(event));
                // Some writes fail; the adapter reports them back.
                List<Command> retry = new ArrayList<>();
                for (Command c : pending) {
                    CreatePartitionState create = (CreatePartitionState) c;
                    if (random.nextInt(5) == 0) {
                        retry.addAll(machine.handle(new StateCreateFailed(create.topic(), create.partition())));
                    } else {
                        PartitionState previous = written.computeIfAbsent(create.topic(), k -> new HashMap<>())
                                .putIfAbsent(create.partition(), create.state());
                        assertThat(previous).as("seed %d: duplicate create %s", seed, create).isNull();
                    }
                }
                pending = retry;
            }
            while (!pending.isEmpty()) {
                List<Command> next = new ArrayList<>();
                for (Command c : pending) {
                    CreatePartitionState create = (CreatePartitionState) c;
                    written.computeIfAbsent(create.topic(), k -> new HashMap<>())
                            .putIfAbsent(create.partition(), create.state());
                }
                pending = next;
            }
            for (Event event : events) {
                if (event instanceof TopicUpdated topic) {
                    Map<Integer, PartitionState> states = written.getOrDefault(topic.assignment().topic(), Map.of());
                    assertThat(states.keySet()).as("seed %d", seed)
                            .containsExactlyInAnyOrderElementsOf(topic.assignment().partitions().keySet());
                    states.forEach((p, s) -> {
                        assertThat(s.isr()).as("seed %d", seed).contains(s.leader());
                        assertThat(topic.assignment().replicas(p)).as("seed %d", seed).containsAll(s.isr());
                        assertThat(s.leaderEpoch()).isZero();
                    });
                }
            }
        }
    }

    private static PartitionState state(int leader, List<Integer> isr, int controllerEpoch) {
        return new PartitionState(leader, 0, isr, controllerEpoch, PartitionState.UNKNOWN_ZK_VERSION);
    }
}
