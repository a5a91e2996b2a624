package io.skiff.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.compat.clients.ClientProcess;
import io.skiff.compat.clients.ClientRecord;
import io.skiff.compat.clients.DriverClient;
import io.skiff.compat.clients.JavaClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Static membership (KIP-345) with librdkafka, through confluent-kafka-python: three members with
 * {@code group.instance.id} share a 6-partition topic, then each in turn restarts within the session
 * timeout, once closing (a static member's close sends no LeaveGroup) and once killed with SIGKILL.
 * Every restart must leave the group alone: no revocation or assignment at the other members, the
 * same generation everywhere (librdkafka's own, from its serialised group metadata; DescribeGroups
 * has none), the others' member ids unchanged, and the restarted member back on its partitions,
 * resuming exactly after what it committed. Restarting all three covers the group leader too.
 */
class LibrdkafkaStaticMembershipIT {
    private static final String TOPIC = "static";
    private static final int PARTITIONS = 6;
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final List<String> INSTANCES = List.of("member-a", "member-b", "member-c");

    @TempDir
    Path dir;

    private final DriverClient librdkafka = DriverClient.confluentKafkaPython();
    private final JavaClient java = new JavaClient();
    private final Map<String, ClientProcess> members = new LinkedHashMap<>();
    private final List<ClientProcess> ended = new ArrayList<>();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"range", "cooperative-sticky"})
    void restartWithinTheSessionTimeoutCausesNoRebalance(String assignor) throws Exception {
        librdkafka.requireInstalled();
        String group = "static-" + assignor;
        try (BrokerProcess broker = BrokerProcess.start(dir.resolve("broker"), Map.of());
                Admin admin = AdminIT.adminFor(broker)) {
            java.createTopic(broker.bootstrapServers(), TOPIC, PARTITIONS);
            produceOnePerPartition(broker, 0);
            for (String instance : INSTANCES) {
                members.put(instance, startMember(broker, group, instance, assignor));
            }
            int generation = awaitStableAssignment();
            Map<String, Set<Integer>> assignment = currentAssignment();
            awaitCommitted(broker, admin, group, 1);
            Map<String, String> memberIds = memberIds(admin, group, assignment);

            for (int round = 0; round < INSTANCES.size(); round++) {
                String instance = INSTANCES.get(2 - round);
                boolean crash = round % 2 == 1;
                Map<String, Integer> rebalanceEvents = rebalanceEventCounts();

                restart(broker, group, instance, assignor, crash);

                JsonNode back = members.get(instance).awaitEvent("its assignment", e -> e.path("event").asText()
                        .equals("generation"), PATIENCE);
                assertThat(back.path("generation").asInt()).as("generation after %s restarted", instance)
                        .isEqualTo(generation);
                assertThat(partitions(back)).as("%s's partitions after its restart", instance)
                        .isEqualTo(assignment.get(instance));

                // New records on every partition: the restarted member resumes after its own commits.
                produceOnePerPartition(broker, round + 1);
                awaitCommitted(broker, admin, group, round + 2);
                for (JsonNode r : members.get(instance).events("record")) {
                    assertThat(r.path("offset").asLong()).as("%s re-read an offset it had committed", instance)
                            .isEqualTo(round + 1);
                }
                assertThat(members.get(instance).events("record")).hasSize(assignment.get(instance).size());

                for (String other : INSTANCES) {
                    if (!other.equals(instance)) {
                        assertThat(rebalanceEventCounts().get(other)).as("rebalance callbacks at %s", other)
                                .isEqualTo(rebalanceEvents.get(other));
                        assertThat(lastGeneration(members.get(other))).isEqualTo(generation);
                    }
                }
                Map<String, String> ids = memberIds(admin, group, assignment);
                for (String other : INSTANCES) {
                    if (other.equals(instance)) {
                        assertThat(ids.get(other)).as("the restarted member's new member id")
                                .isNotEqualTo(memberIds.get(other));
                    } else {
                        assertThat(ids.get(other)).as("%s's member id", other).isEqualTo(memberIds.get(other));
                    }
                }
                memberIds = ids;
            }
            assertThat(broker.loggedErrors()).isEmpty();
        } finally {
            for (ClientProcess p : members.values()) {
                p.close();
            }
            for (ClientProcess p : ended) {
                p.close();
            }
        }
    }

    private ClientProcess startMember(BrokerProcess broker, String group, String instance, String assignor)
            throws Exception {
        return librdkafka.start("static-member", "--bootstrap", broker.bootstrapServers(), "--topic", TOPIC,
                "--group", group, "--instance", instance, "--assignor", assignor, "--session-timeout-ms", "30000");
    }

    private void restart(BrokerProcess broker, String group, String instance, String assignor, boolean crash)
            throws Exception {
        ClientProcess old = members.get(instance);
        if (crash) {
            old.kill();
        } else {
            old.writeLine("stop");
            old.awaitEvent("closed", e -> e.path("event").asText().equals("closed"), PATIENCE);
            assertThat(old.waitFor(PATIENCE)).as(old.transcript()).isZero();
        }
        ended.add(old);
        members.put(instance, startMember(broker, group, instance, assignor));
    }

    /** Waits until the three members hold one generation and, between them, every partition once. */
    private int awaitStableAssignment() throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            Map<String, JsonNode> last = new HashMap<>();
            members.forEach((instance, p) -> {
                List<JsonNode> gens = p.events("generation");
                if (!gens.isEmpty()) {
                    last.put(instance, gens.get(gens.size() - 1));
                }
            });
            if (last.size() == INSTANCES.size()) {
                Set<Integer> generations = last.values().stream().map(e -> e.path("generation").asInt())
                        .collect(Collectors.toSet());
                List<Integer> all = last.values().stream().flatMap(e -> partitions(e).stream()).sorted().toList();
                if (generations.size() == 1 && all.equals(IntStream.range(0, PARTITIONS).boxed().toList())
                        && last.values().stream().allMatch(e -> partitions(e).size() == 2)) {
                    return generations.iterator().next();
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no stable assignment within " + PATIENCE + ": " + last + "\n"
                        + members.values().stream().map(ClientProcess::transcript).collect(Collectors.joining("\n")));
            }
            Thread.sleep(100);
        }
    }

    private Map<String, Set<Integer>> currentAssignment() {
        Map<String, Set<Integer>> assignment = new HashMap<>();
        members.forEach((instance, p) -> {
            List<JsonNode> gens = p.events("generation");
            assignment.put(instance, partitions(gens.get(gens.size() - 1)));
        });
        return assignment;
    }

    private Map<String, Integer> rebalanceEventCounts() {
        Map<String, Integer> counts = new HashMap<>();
        members.forEach((instance, p) -> counts.put(instance, p.events("assigned").size() + p.events("revoked").size()));
        return counts;
    }

    private static int lastGeneration(ClientProcess p) {
        List<JsonNode> gens = p.events("generation");
        return gens.get(gens.size() - 1).path("generation").asInt();
    }

    private static Set<Integer> partitions(JsonNode event) {
        Set<Integer> out = new TreeSet<>();
        event.path("partitions").forEach(n -> out.add(n.asInt()));
        return out;
    }

    private void produceOnePerPartition(BrokerProcess broker, int round) throws Exception {
        for (int p = 0; p < PARTITIONS; p++) {
            java.produce(broker.bootstrapServers(), TOPIC, p, "none", List.of(ClientRecord.of(
                    ("k" + p).getBytes(StandardCharsets.UTF_8), ("round " + round).getBytes(StandardCharsets.UTF_8))));
        }
    }

    /** Waits until the group has committed {@code offset} on every partition. */
    private static void awaitCommitted(BrokerProcess broker, Admin admin, String group, long offset) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        Map<TopicPartition, Long> committed = Map.of();
        while (System.nanoTime() < deadline) {
            committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                    .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
            if (committed.size() == PARTITIONS && committed.values().stream().allMatch(o -> o == offset)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("group " + group + " committed " + committed + ", not " + offset + " everywhere\n"
                + broker.recentOutput());
    }

    /** Member ids by instance id from DescribeGroups, checking the group is Stable with the expected assignment. */
    private static Map<String, String> memberIds(Admin admin, String group, Map<String, Set<Integer>> assignment)
            throws Exception {
        ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                .get(30, TimeUnit.SECONDS);
        assertThat(d.groupState()).isEqualTo(GroupState.STABLE);
        Map<String, String> ids = new HashMap<>();
        for (MemberDescription m : d.members()) {
            String instance = m.groupInstanceId().orElseThrow();
            ids.put(instance, m.consumerId());
            Set<Integer> held = new TreeSet<>();
            m.assignment().topicPartitions().forEach(tp -> held.add(tp.partition()));
            assertThat(held).as("%s's assignment as the broker holds it", instance).isEqualTo(assignment.get(instance));
        }
        assertThat(ids.keySet()).containsExactlyInAnyOrderElementsOf(INSTANCES);
        return ids;
    }
}
