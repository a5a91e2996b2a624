package io.skiff.replication.controller;

import io.skiff.log.TopicPartition;
import io.skiff.replication.controller.LeaderElection.Decision;
import io.skiff.replication.controller.LeaderElection.Elect;
import io.skiff.replication.controller.LeaderElection.Outcome;
import io.skiff.replication.controller.LeaderElection.Skip;
import io.skiff.replication.zk.ControllerFence;
import io.skiff.replication.zk.TopicAssignment;
import io.skiff.replication.zk.ZkMetadataStore;
import io.skiff.wire.protocol.Errors;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out administrator-requested leader elections against ZooKeeper: reads each partition's assignment and state,
 * lets {@link LeaderElection} decide, and writes the new state with a compare-and-set fenced by the controller epoch,
 * so a deposed controller changes nothing and a state changed meanwhile (an ISR update by the leader) is re-read and
 * decided again. Brokers learn the new leader from the state znode, as after any election.
 *
 * <p>Thread-safe and non-blocking: every step completes on the metadata store's pool.
 */
final class ZkLeaderElector {
    private static final Logger LOG = LoggerFactory.getLogger(ZkLeaderElector.class);
    /** Reads-and-writes tried per partition before giving up on a state that keeps changing. */
    private static final int ATTEMPTS = 3;

    private final ZkMetadataStore store;

    ZkLeaderElector(ZkMetadataStore store) {
        this.store = store;
    }

    /**
     * Elects leaders of {@code partitions} (null: every partition of every topic). The result maps each partition, in
     * the order asked (all partitions: by topic, then partition), to its outcome.
     */
    CompletableFuture<Map<TopicPartition, Outcome>> elect(
            LeaderElection.Type type, Collection<TopicPartition> partitions, ControllerFence fence) {
        CompletableFuture<Map<String, Optional<TopicAssignment>>> topics = partitions == null
                ? store.listTopics().thenCompose(this::assignments)
                : assignments(partitions.stream().map(TopicPartition::topic).distinct().toList());
        return topics.thenCombine(store.liveBrokerIds(), (assignments, live) -> {
            List<TopicPartition> targets = partitions != null ? List.copyOf(partitions) : allPartitions(assignments);
            Map<TopicPartition, CompletableFuture<Outcome>> pending = new LinkedHashMap<>();
            for (TopicPartition tp : targets) {
                pending.computeIfAbsent(tp, k -> electOne(type, k, assignments.get(k.topic()), live, fence, ATTEMPTS));
            }
            return pending;
        }).thenCompose(pending -> CompletableFuture.allOf(pending.values().toArray(CompletableFuture[]::new))
                .thenApply(ignored -> {
                    Map<TopicPartition, Outcome> results = new LinkedHashMap<>();
                    pending.forEach((tp, outcome) -> results.put(tp, outcome.join()));
                    return results;
                }));
    }

    private CompletableFuture<Map<String, Optional<TopicAssignment>>> assignments(List<String> names) {
        Map<String, CompletableFuture<Optional<TopicAssignment>>> reads = new LinkedHashMap<>();
        names.forEach(name -> reads.put(name, store.getTopic(name)));
        return CompletableFuture.allOf(reads.values().toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            Map<String, Optional<TopicAssignment>> result = new LinkedHashMap<>();
            reads.forEach((name, read) -> result.put(name, read.join()));
            return result;
        });
    }

    private static List<TopicPartition> allPartitions(Map<String, Optional<TopicAssignment>> assignments) {
        List<TopicPartition> all = new ArrayList<>();
        assignments.forEach((name, assignment) -> assignment.ifPresent(a ->
                a.partitions().keySet().forEach(p -> all.add(new TopicPartition(name, p)))));
        return all;
    }

    private CompletableFuture<Outcome> electOne(LeaderElection.Type type, TopicPartition tp,
                                                Optional<TopicAssignment> assignment, Set<Integer> live,
                                                ControllerFence fence, int attemptsLeft) {
        if (assignment == null || assignment.isEmpty()) {
            return CompletableFuture.completedFuture(
                    new Outcome(Errors.UNKNOWN_TOPIC_OR_PARTITION, "No such topic as " + tp.topic()));
        }
        List<Integer> replicas = assignment.get().partitions().get(tp.partition());
        if (replicas == null) {
            return CompletableFuture.completedFuture(
                    new Outcome(Errors.UNKNOWN_TOPIC_OR_PARTITION, "No such partition as " + tp));
        }
        return store.getPartitionState(tp.topic(), tp.partition()).thenCompose(state -> {
            Decision decision = LeaderElection.decide(type, tp.toString(), replicas, state.orElse(null), live,
                    fence.controllerEpoch());
            if (decision instanceof Skip skip) {
                return CompletableFuture.completedFuture(skip.outcome());
            }
            Elect elect = (Elect) decision;
            return store.compareAndSetPartitionState(tp.topic(), tp.partition(), elect.next(),
                    elect.expectedZkVersion(), fence).thenCompose(result -> switch (result.outcome()) {
                        case UPDATED -> {
                            LOG.info("{} election of {}: leader {} in epoch {} (ISR {})", type, tp,
                                    elect.next().leader(), elect.next().leaderEpoch(), elect.next().isr());
                            yield CompletableFuture.completedFuture(Outcome.ELECTED);
                        }
                        case CONTROLLER_MOVED -> CompletableFuture.completedFuture(new Outcome(Errors.NOT_CONTROLLER,
                                "This broker is no longer the controller"));
                        case VERSION_CONFLICT, NO_NODE -> attemptsLeft > 1
                                ? electOne(type, tp, assignment, live, fence, attemptsLeft - 1)
                                : CompletableFuture.completedFuture(new Outcome(Errors.UNKNOWN_SERVER_ERROR,
                                        "The state of " + tp + " kept changing during the election"));
                    });
        }).exceptionally(error -> {
            LOG.warn("{} election of {} failed", type, tp, error);
            return new Outcome(Errors.UNKNOWN_SERVER_ERROR, String.valueOf(error.getCause() != null ? error.getCause()
                    : error));
        });
    }
}
