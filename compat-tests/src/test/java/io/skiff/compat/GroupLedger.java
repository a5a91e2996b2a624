package io.skiff.compat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything the members of one group reported, in arrival order: the records each processed, each
 * rebalance (generation and whole assignment), revocations, losses, commits, and for every partition a
 * member was given, the group's committed offset at that moment and the first offset it then consumed.
 * Thread-safe (every method is synchronized): members report from their own threads.
 */
final class GroupLedger {
    record Consumed(String member, int partition, long offset, String value) {}

    record Assignment(String member, int generation, Set<Integer> partitions) {}

    record Revocation(String member, int generation, Set<Integer> partitions) {}

    /** A partition given to {@code member}: the committed offset then (-1: none) and the first one consumed. */
    record Start(String member, int partition, long committed, long firstOffset) {}

    private final List<Consumed> consumed = new ArrayList<>();
    private final List<Assignment> assignments = new ArrayList<>();
    private final List<Revocation> revocations = new ArrayList<>();
    private final List<String> losses = new ArrayList<>();
    private final List<Start> starts = new ArrayList<>();
    private final Map<String, Map<Integer, Long>> lastCommits = new HashMap<>();
    /** member → partition → committed offset when assigned (-1: none), until its first record there. */
    private final Map<String, Map<Integer, Long>> awaitingFirst = new HashMap<>();

    /** The events of one member, recorded here. */
    GroupWorker.Events member(String name) {
        return new GroupWorker.Events() {
            @Override
            public void record(int partition, long offset, String value) {
                synchronized (GroupLedger.this) {
                    consumed.add(new Consumed(name, partition, offset, value));
                    Map<Integer, Long> waiting = awaitingFirst.getOrDefault(name, Map.of());
                    if (waiting.containsKey(partition)) {
                        starts.add(new Start(name, partition, waiting.remove(partition), offset));
                    }
                }
            }

            @Override
            public void assigned(int generation, Set<Integer> assignment, Map<Integer, Long> committedForAdded) {
                synchronized (GroupLedger.this) {
                    assignments.add(new Assignment(name, generation, new TreeSet<>(assignment)));
                    Map<Integer, Long> waiting = awaitingFirst.computeIfAbsent(name, n -> new HashMap<>());
                    waiting.keySet().retainAll(assignment);
                    waiting.putAll(committedForAdded);
                }
            }

            @Override
            public void revoked(int generation, Set<Integer> partitions) {
                synchronized (GroupLedger.this) {
                    revocations.add(new Revocation(name, generation, new TreeSet<>(partitions)));
                    awaitingFirst.getOrDefault(name, new HashMap<>()).keySet().removeAll(partitions);
                }
            }

            @Override
            public void lost(Set<Integer> partitions) {
                synchronized (GroupLedger.this) {
                    losses.add(name + " lost " + partitions);
                }
            }

            @Override
            public void committed(Map<Integer, Long> offsets) {
                synchronized (GroupLedger.this) {
                    lastCommits.computeIfAbsent(name, n -> new HashMap<>()).putAll(offsets);
                }
            }
        };
    }

    synchronized List<Consumed> consumed() {
        return List.copyOf(consumed);
    }

    synchronized List<Consumed> consumedBy(String member) {
        return consumed.stream().filter(c -> c.member().equals(member)).toList();
    }

    synchronized Set<String> distinctValues() {
        Set<String> values = new HashSet<>();
        consumed.forEach(c -> values.add(c.value()));
        return values;
    }

    synchronized List<Assignment> assignments() {
        return List.copyOf(assignments);
    }

    synchronized List<Revocation> revocations() {
        return List.copyOf(revocations);
    }

    synchronized List<String> losses() {
        return List.copyOf(losses);
    }

    synchronized List<Start> starts() {
        return List.copyOf(starts);
    }

    /** The member's last successful commit per partition. */
    synchronized Map<Integer, Long> lastCommits(String member) {
        return Map.copyOf(lastCommits.getOrDefault(member, Map.of()));
    }

    /** The latest generation each member reported, with its assignment. */
    synchronized Map<String, Assignment> latest() {
        Map<String, Assignment> latest = new HashMap<>();
        assignments.forEach(a -> latest.merge(a.member(), a, (x, y) -> y.generation() >= x.generation() ? y : x));
        return latest;
    }
}
