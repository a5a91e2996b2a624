package io.skiff.compat;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Groups of stock Java consumers that process records and commit after processing, while members join,
 * leave cleanly and crash (a member in its own JVM, killed with SIGKILL and expired by its session timeout):
 * after every rebalance each partition has exactly one owner, every record is consumed, and a record is
 * consumed twice only where Kafka's at-least-once allows it (after the crashed member's last commit). Also
 * cooperative-sticky rebalancing, publish-subscribe across groups, and a second member joining a running
 * group. One broker for the class, with {@code group.min.session.timeout.ms} lowered so sessions are short.
 */
class GroupRebalanceIT {
    private static final int PARTITIONS = 6;
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Set<Integer> ALL = IntStream.range(0, PARTITIONS).boxed().collect(Collectors.toSet());

    @TempDir
    static Path dir;

    private static BrokerProcess broker;
    private static KafkaProducer<String, String> producer;

    @BeforeAll
    static void start() throws Exception {
        broker = BrokerProcess.start(dir.resolve("broker"), Map.of("group.min.session.timeout.ms", "1000"));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    @AfterAll
    static void stop() throws Exception {
        if (producer != null) {
            producer.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    // ------------------------------------------------------------------ tests

    @Test
    void everyRecordIsConsumedOnceAcrossAJoinACleanLeaveAndACrash() throws Exception {
        String topic = createTopic("eager");
        GroupLedger ledger = new GroupLedger();
        Set<String> produced = new HashSet<>();
        try (GroupWorker a = worker(ledger, "eager", topic, "A", null);
                GroupWorker b = worker(ledger, "eager", topic, "B", null)) {
            produced.addAll(produce(topic, "one", 60));
            awaitBalanced(ledger, Set.of("A", "B"));
            awaitConsumed(ledger, produced);

            try (ForkedGroupMember c = ForkedGroupMember.start(broker.bootstrapServers(), "eager", topic, "C", null,
                    ledger.member("C"))) {
                awaitBalanced(ledger, Set.of("A", "B", "C"));
                produced.addAll(produce(topic, "two", 60));
                awaitConsumed(ledger, produced);

                b.stop(); // LeaveGroup while three members are in the group
                awaitBalanced(ledger, Set.of("A", "C"));
                produced.addAll(produce(topic, "three", 60));
                awaitConsumed(ledger, produced);

                // C keeps processing but its commits stop; then it dies without a word.
                c.stopCommitting();
                await(() -> c.printed("STOPPED"), "C stops committing\n" + c.recentOutput());
                produced.addAll(produce(topic, "four", 60));
                awaitConsumed(ledger, produced);
                // Read at the end: a commit already under way when the flag flipped has landed and been printed.
                Set<Integer> cOwned = ledger.latest().get("C").partitions();
                Map<Integer, Long> cCommits = ledger.lastCommits("C");
                c.kill();

                awaitOwner(ledger, "A", ALL); // after C's session timeout, A owns everything
                produced.addAll(produce(topic, "five", 60));
                awaitConsumed(ledger, produced);

                assertCrashRedeliveredExactlyTheUncommittedRecords(ledger, cOwned, cCommits);
            }
            assertThat(a.failure()).isNull();
            assertThat(b.failure()).isNull();
        }
        assertEveryGenerationHasDisjointOwners(ledger);
        assertEveryStartIsAtTheCommittedOffset(ledger);
        assertThat(ledger.distinctValues()).containsExactlyInAnyOrderElementsOf(produced);
        assertThat(ledger.losses()).isEmpty(); // the survivors' partitions were revoked, never lost
    }

    @Test
    void cooperativeStickyMovesOnlyThePartitionsThatChangeOwner() throws Exception {
        String topic = createTopic("coop");
        String assignor = CooperativeStickyAssignor.class.getName();
        GroupLedger ledger = new GroupLedger();
        Set<String> produced = new HashSet<>();
        try (GroupWorker a = worker(ledger, "coop", topic, "A", assignor);
                GroupWorker b = worker(ledger, "coop", topic, "B", assignor)) {
            awaitBalanced(ledger, Set.of("A", "B"));
            produced.addAll(produce(topic, "one", 60));
            awaitConsumed(ledger, produced);
            Map<String, Set<Integer>> before = owners(ledger, Set.of("A", "B"));
            int revocationsBefore = ledger.revocations().size();

            try (GroupWorker c = worker(ledger, "coop", topic, "C", assignor)) {
                awaitBalanced(ledger, Set.of("A", "B", "C"));
                Map<String, Set<Integer>> after = owners(ledger, Set.of("A", "B", "C"));
                List<GroupLedger.Revocation> moved = nonEmpty(ledger.revocations().subList(revocationsBefore,
                        ledger.revocations().size()));
                // 3+3 → 2+2+2: A and B each give up one partition, C gets those two, nothing else moves.
                assertThat(moved).extracting(GroupLedger.Revocation::member).containsExactlyInAnyOrder("A", "B");
                assertThat(moved).allSatisfy(r -> assertThat(r.partitions()).hasSize(1));
                for (String m : List.of("A", "B")) {
                    Set<Integer> kept = new HashSet<>(before.get(m));
                    kept.retainAll(after.get(m));
                    assertThat(kept).as("%s keeps", m).hasSize(2);
                    assertThat(revokedBy(moved, m)).as("%s revokes only what it gives up", m)
                            .doesNotContainAnyElementsOf(kept);
                }
                assertThat(after.get("C")).containsExactlyInAnyOrderElementsOf(
                        moved.stream().flatMap(r -> r.partitions().stream()).toList());
                produced.addAll(produce(topic, "two", 60));
                awaitConsumed(ledger, produced);

                int revocationsBeforeLeave = ledger.revocations().size();
                b.stop();
                awaitBalanced(ledger, Set.of("A", "C"));
                assertThat(nonEmpty(ledger.revocations().subList(revocationsBeforeLeave, ledger.revocations().size())))
                        .as("the survivors only gain B's partitions")
                        .allSatisfy(r -> assertThat(r.member()).isEqualTo("B")); // B gives up all as it leaves
                produced.addAll(produce(topic, "three", 60));
                awaitConsumed(ledger, produced);
                assertThat(c.failure()).isNull();
            }
            assertThat(a.failure()).isNull();
        }
        assertEveryGenerationHasDisjointOwners(ledger);
        assertEveryStartIsAtTheCommittedOffset(ledger);
        assertConsumedExactlyOnce(ledger, produced);
    }

    @Test
    void twoGroupsOnOneTopicEachReceiveEveryRecord() throws Exception {
        String topic = createTopic("pubsub");
        GroupLedger first = new GroupLedger();
        GroupLedger second = new GroupLedger();
        try (GroupWorker a = worker(first, "pubsub-1", topic, "A", null);
                GroupWorker b = worker(first, "pubsub-1", topic, "B", null);
                GroupWorker c = worker(second, "pubsub-2", topic, "C", null)) {
            List<String> produced = produce(topic, "all", 120);
            awaitConsumed(first, produced);
            awaitConsumed(second, produced);
            awaitBalanced(first, Set.of("A", "B"));
            assertConsumedExactlyOnce(first, produced);
            assertConsumedExactlyOnce(second, produced);
            assertThat(second.consumedBy("C")).hasSize(produced.size());
            assertThat(first.consumedBy("A")).isNotEmpty();
            assertThat(first.consumedBy("B")).isNotEmpty();
        }
    }

    @Test
    void aSecondConsumerJoiningARunningGroupNeverSeesUnknownMemberIdNorStartsBelowTheCommit() throws Exception {
        String topic = createTopic("second");
        GroupLedger ledger = new GroupLedger();
        List<String> produced = java.util.Collections.synchronizedList(new ArrayList<>());
        Logger kafka = (Logger) LoggerFactory.getLogger("org.apache.kafka");
        Level level = kafka.getLevel();
        ListAppender<ILoggingEvent> clientLog = new ListAppender<>();
        clientLog.start();
        kafka.addAppender(clientLog);
        kafka.setLevel(Level.INFO); // the client reports member-id trouble at INFO
        kafka.setAdditive(false);
        long brokerLogStart = Files.size(broker.dataDir().resolve("broker.log"));
        AtomicBoolean producing = new AtomicBoolean(true);
        Thread feeder = new Thread(() -> {
            for (int batch = 0; producing.get(); batch++) {
                produced.addAll(produce(topic, "live" + batch, 12));
                sleep(50);
            }
        }, "feeder");
        try {
            try (GroupWorker a = worker(ledger, "second", topic, "A", null)) {
                feeder.start();
                awaitBalanced(ledger, Set.of("A"));
                await(() -> ledger.lastCommits("A").size() == PARTITIONS, "A commits on every partition");
                try (GroupWorker b = worker(ledger, "second", topic, "B", null)) {
                    awaitBalanced(ledger, Set.of("A", "B"));
                    await(() -> ledger.consumedBy("B").size() >= 30, "B consumes");
                    producing.set(false);
                    feeder.join();
                    awaitConsumed(ledger, produced);
                    assertThat(b.failure()).isNull();
                }
                assertThat(a.failure()).isNull();
            }
        } finally {
            producing.set(false);
            kafka.detachAppender(clientLog);
            kafka.setLevel(level);
            kafka.setAdditive(true);
        }
        List<String> memberIdTrouble = clientLog.list.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(GroupRebalanceIT::aboutUnknownMember).toList();
        assertThat(memberIdTrouble).as("client log").isEmpty();
        assertThat(clientLog.list).extracting(ILoggingEvent::getFormattedMessage)
                .anyMatch(m -> m.contains("Successfully joined group")); // the capture works
        byte[] logBytes = Files.readAllBytes(broker.dataDir().resolve("broker.log"));
        String brokerLog = new String(logBytes, (int) brokerLogStart, logBytes.length - (int) brokerLogStart,
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(brokerLog.lines().filter(GroupRebalanceIT::aboutUnknownMember)
                .filter(l -> l.contains("group second") || l.contains("UNKNOWN_MEMBER_ID"))).as("broker log").isEmpty();
        assertThat(brokerLog).contains("group second");

        // B took over partitions A had committed on, and began exactly at those commits.
        List<GroupLedger.Start> bStarts = ledger.starts().stream().filter(s -> s.member().equals("B")).toList();
        assertThat(bStarts).isNotEmpty().anySatisfy(s -> assertThat(s.committed()).isPositive());
        assertEveryStartIsAtTheCommittedOffset(ledger);
        assertConsumedExactlyOnce(ledger, produced);
    }

    // ------------------------------------------------------------------ checks

    /** Member-id trouble as the Java client and this broker word it. */
    private static boolean aboutUnknownMember(String line) {
        String l = line.toLowerCase(Locale.ROOT);
        return l.contains("unknown_member_id") || l.contains("unknown member") || l.contains("not aware of this member")
                || (l.contains("member id") && l.contains("is not valid")) || l.contains("expired: no heartbeat")
                || l.contains("did not rejoin");
    }

    private static void assertEveryGenerationHasDisjointOwners(GroupLedger ledger) {
        Map<Integer, Map<String, Set<Integer>>> byGeneration = new HashMap<>();
        for (GroupLedger.Assignment a : ledger.assignments()) {
            byGeneration.computeIfAbsent(a.generation(), g -> new HashMap<>()).put(a.member(), a.partitions());
        }
        byGeneration.forEach((generation, owners) -> {
            Set<Integer> seen = new HashSet<>();
            owners.forEach((member, partitions) -> partitions.forEach(p -> assertThat(seen.add(p))
                    .as("generation %d: partition %d owned twice (%s)", generation, p, owners).isTrue()));
        });
    }

    private static void assertEveryStartIsAtTheCommittedOffset(GroupLedger ledger) {
        assertThat(ledger.starts()).isNotEmpty().allSatisfy(s -> {
            if (s.committed() >= 0) {
                assertThat(s.firstOffset()).as("%s on partition %d", s.member(), s.partition())
                        .isEqualTo(s.committed());
            } else {
                assertThat(s.firstOffset()).as("%s on partition %d without commit", s.member(), s.partition())
                        .isZero();
            }
        });
    }

    private static void assertConsumedExactlyOnce(GroupLedger ledger, Collection<String> produced) {
        Map<String, Long> counts = ledger.consumed().stream()
                .collect(Collectors.groupingBy(GroupLedger.Consumed::value, Collectors.counting()));
        assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(Set.copyOf(produced));
        assertThat(counts).allSatisfy((value, count) -> assertThat(count).as(value).isEqualTo(1L));
    }

    /**
     * After the crash, A started each of C's partitions at C's last commit, so the records C had processed
     * past it came again, and nothing else did.
     */
    private static void assertCrashRedeliveredExactlyTheUncommittedRecords(GroupLedger ledger, Set<Integer> cOwned,
                                                                          Map<Integer, Long> cCommits) {
        Map<String, Long> counts = ledger.consumed().stream()
                .collect(Collectors.groupingBy(GroupLedger.Consumed::value, Collectors.counting()));
        Set<String> twice = counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
        assertThat(counts.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(2L));
        Set<String> uncommitted = ledger.consumedBy("C").stream()
                .filter(r -> cOwned.contains(r.partition()) && r.offset() >= cCommits.getOrDefault(r.partition(), 0L))
                .map(GroupLedger.Consumed::value).collect(Collectors.toSet());
        assertThat(uncommitted).as("C processed records it never committed").isNotEmpty();
        assertThat(twice).containsExactlyInAnyOrderElementsOf(uncommitted);
        List<GroupLedger.Start> takeovers = ledger.starts().stream()
                .filter(s -> s.member().equals("A") && cOwned.contains(s.partition())).toList();
        for (int p : cOwned) {
            GroupLedger.Start last = takeovers.stream().filter(s -> s.partition() == p).reduce((x, y) -> y)
                    .orElseThrow(() -> new AssertionError("A never consumed C's partition " + p));
            assertThat(last.committed()).as("partition %d committed at takeover", p).isEqualTo(cCommits.get(p));
        }
    }

    // ------------------------------------------------------------------ helpers

    private static String createTopic(String name) throws Exception {
        AdminIT.createTopic(broker, name, PARTITIONS);
        return name;
    }

    private static GroupWorker worker(GroupLedger ledger, String group, String topic, String name, String assignor) {
        Properties p = GroupWorker.properties(broker.bootstrapServers(), group, name);
        if (assignor != null) {
            p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, assignor);
        }
        return new GroupWorker(name, topic, p, ledger.member(name)).start();
    }

    /** {@code count} records spread evenly over the partitions, values {@code tag-i}; returns the values. */
    private static List<String> produce(String topic, String tag, int count) {
        List<String> values = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                String value = tag + "-" + i;
                producer.send(new ProducerRecord<>(topic, i % PARTITIONS, "k" + i, value)).get();
                values.add(value);
            }
        } catch (Exception e) {
            throw new AssertionError("produce failed", e);
        }
        return values;
    }

    private static void awaitConsumed(GroupLedger ledger, Collection<String> values) {
        Set<String> wanted = Set.copyOf(values);
        await(() -> ledger.distinctValues().containsAll(wanted), () -> {
            Set<String> missing = new HashSet<>(wanted);
            missing.removeAll(ledger.distinctValues());
            return missing.size() + " records not consumed, e.g. " + missing.stream().limit(5).toList();
        });
    }

    /** Waits until exactly {@code members} report one generation whose assignments split every partition. */
    private static void awaitBalanced(GroupLedger ledger, Set<String> members) {
        await(() -> owners(ledger, members) != null, () -> "no balanced generation of " + members + ": "
                + ledger.latest());
    }

    private static void awaitOwner(GroupLedger ledger, String member, Set<Integer> partitions) {
        await(() -> {
            GroupLedger.Assignment a = ledger.latest().get(member);
            return a != null && a.partitions().equals(partitions);
        }, () -> member + " does not own " + partitions + ": " + ledger.latest());
    }

    /**
     * The current owners when {@code members} are exactly the members of the latest generation and split every
     * partition between them, each getting some; otherwise null.
     */
    private static Map<String, Set<Integer>> owners(GroupLedger ledger, Set<String> members) {
        Map<String, GroupLedger.Assignment> latest = ledger.latest();
        int generation = latest.values().stream().mapToInt(GroupLedger.Assignment::generation).max().orElse(-1);
        Map<String, Set<Integer>> owners = new HashMap<>();
        latest.forEach((m, a) -> {
            if (a.generation() == generation) {
                owners.put(m, a.partitions());
            }
        });
        Set<Integer> union = owners.values().stream().flatMap(Set::stream).collect(Collectors.toSet());
        int total = owners.values().stream().mapToInt(Set::size).sum();
        boolean balanced = owners.keySet().equals(members) && union.equals(ALL) && total == PARTITIONS
                && owners.values().stream().noneMatch(Set::isEmpty);
        return balanced ? owners : null;
    }

    private static List<GroupLedger.Revocation> nonEmpty(List<GroupLedger.Revocation> revocations) {
        return revocations.stream().filter(r -> !r.partitions().isEmpty()).toList();
    }

    private static Set<Integer> revokedBy(List<GroupLedger.Revocation> revocations, String member) {
        return revocations.stream().filter(r -> r.member().equals(member)).flatMap(r -> r.partitions().stream())
                .collect(Collectors.toSet());
    }

    private static void await(BooleanSupplier condition, String what) {
        await(condition, () -> what);
    }

    private static void await(BooleanSupplier condition, java.util.function.Supplier<String> what) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting: " + what.get());
            }
            sleep(50);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms); // polling an observable condition, never a timed assertion
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
