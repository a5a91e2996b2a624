package io.skiff.replication.controller;

import io.skiff.replication.zk.PartitionState;
import io.skiff.replication.zk.TopicAssignment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The controller's decisions, with no I/O: it is fed {@link Event}s and answers each with the {@link Command}s to
 * carry out. An adapter ({@link ZkControllerAdapter}) feeds it what ZooKeeper reports and executes the commands, and
 * reports their failures back as events; a simulation can do the same deterministically.
 *
 * <p>States: INACTIVE (not the controller: every event but {@link BecameController} only updates knowledge, no
 * command is issued) and ACTIVE(epoch). Transitions: INACTIVE -> ACTIVE on {@code BecameController};
 * ACTIVE -> INACTIVE on {@code Resigned}; ACTIVE(e) -> ACTIVE(e') on a later {@code BecameController}.
 *
 * <p>Invariant: while ACTIVE, every partition of every known topic that has at least one live replica and no
 * recorded state gets exactly one {@link CreatePartitionState} command, whose state has leader = the first live
 * replica in assignment order, ISR = the live replicas in assignment order, leader epoch 0 and the current
 * controller epoch. A partition with no live replica is left without state until one of its replicas registers.
 *
 * <p>Not thread-safe: one thread feeds it.
 */
public final class ControllerStateMachine {

    /** Input. */
    public sealed interface Event
            permits BecameController, Resigned, BrokersChanged, TopicUpdated, TopicRemoved, StateCreateFailed {}

    public record BecameController(int controllerEpoch) implements Event {}

    public record Resigned() implements Event {}

    public record BrokersChanged(Set<Integer> liveBrokers) implements Event {
        public BrokersChanged {
            liveBrokers = Set.copyOf(liveBrokers);
        }
    }

    /** A topic's assignment and the partition states already recorded for it. */
    public record TopicUpdated(TopicAssignment assignment, Set<Integer> partitionsWithState) implements Event {
        public TopicUpdated {
            Objects.requireNonNull(assignment, "assignment");
            partitionsWithState = Set.copyOf(partitionsWithState);
        }
    }

    public record TopicRemoved(String topic) implements Event {}

    /** A {@link CreatePartitionState} could not be carried out for a reason other than "state already exists". */
    public record StateCreateFailed(String topic, int partition) implements Event {}

    /** Output. */
    public sealed interface Command permits CreatePartitionState {}

    /** Write a partition's first state, unless one exists already. */
    public record CreatePartitionState(String topic, int partition, PartitionState state) implements Command {}

    private int epoch = -1;
    private Set<Integer> liveBrokers = Set.of();
    private final Map<String, TopicAssignment> topics = new TreeMap<>();
    /** Partitions known to have a state, or for which a create command is in flight. */
    private final Map<String, Set<Integer>> stated = new HashMap<>();

    public boolean isActive() {
        return epoch >= 0;
    }

    /** The controller epoch while active, else -1. */
    public int epoch() {
        return epoch;
    }

    public List<Command> handle(Event event) {
        if (event instanceof BecameController e) {
            epoch = e.controllerEpoch();
        } else if (event instanceof Resigned) {
            epoch = -1;
        } else if (event instanceof BrokersChanged e) {
            liveBrokers = e.liveBrokers();
        } else if (event instanceof TopicUpdated e) {
            topics.put(e.assignment().topic(), e.assignment());
            stated.put(e.assignment().topic(), new HashSet<>(e.partitionsWithState()));
        } else if (event instanceof TopicRemoved e) {
            topics.remove(e.topic());
            stated.remove(e.topic());
        } else if (event instanceof StateCreateFailed e) {
            Set<Integer> partitions = stated.get(e.topic());
            if (partitions != null) {
                partitions.remove(e.partition());
            }
        } else {
            throw new IllegalArgumentException("unknown event " + event);
        }
        return isActive() ? initialiseMissingStates() : List.of();
    }

    private List<Command> initialiseMissingStates() {
        List<Command> commands = new ArrayList<>();
        for (TopicAssignment topic : topics.values()) {
            Set<Integer> done = stated.computeIfAbsent(topic.topic(), t -> new HashSet<>());
            topic.partitions().forEach((partition, replicas) -> {
                if (done.contains(partition)) {
                    return;
                }
                List<Integer> live = replicas.stream().filter(liveBrokers::contains).toList();
                if (live.isEmpty()) {
                    return;
                }
                done.add(partition);
                commands.add(new CreatePartitionState(
                        topic.topic(),
                        partition,
                        new PartitionState(live.get(0), 0, live, epoch, PartitionState.UNKNOWN_ZK_VERSION)));
            });
        }
        return commands;
    }
}
