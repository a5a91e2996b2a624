package io.skiff.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stock Java consumers with a {@code group.id} (classic protocol) against a real broker process: committed
 * offsets are resumed by the next member, partitions are shared without overlap, and offsets survive a
 * broker restart (read back from {@code __consumer_offsets}).
 */
class ConsumerGroupIT {
    private static final Duration POLL = Duration.ofMillis(200);
    private static final long DEADLINE_MS = 60_000;

    @Test
    void newConsumerResumesExactlyAfterTheCommittedOffset(@TempDir Path dir) throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(dir, Map.of())) {
            createTopic(broker, "orders", 1);
            produce(broker, "orders", 0, 10);
            TopicPartition tp = new TopicPartition("orders", 0);
            try (KafkaConsumer<String, String> first = consumer(broker, "g1")) {
                first.subscribe(List.of("orders"));
                List<ConsumerRecord<String, String>> got = pollUntil(first, 10);
                assertThat(got).extracting(ConsumerRecord::offset).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
                first.commitSync(Map.of(tp, new OffsetAndMetadata(6, "after-six")));
            }
            try (KafkaConsumer<String, String> second = consumer(broker, "g1")) {
                second.subscribe(List.of("orders"));
                List<ConsumerRecord<String, String>> got = pollUntil(second, 4);
                assertThat(got).extracting(ConsumerRecord::offset).containsExactly(6L, 7L, 8L, 9L);
                OffsetAndMetadata committed = second.committed(Set.of(tp)).get(tp);
                assertThat(committed.offset()).isEqualTo(6L);
                assertThat(committed.metadata()).isEqualTo("after-six");
            }
        }
    }

    @Test
    void twoConsumersShareSixPartitionsWithoutOverlap(@TempDir Path dir) throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(dir, Map.of())) {
            createTopic(broker, "events", 6);
            try (KafkaConsumer<String, String> a = consumer(broker, "g2");
                    KafkaConsumer<String, String> b = consumer(broker, "g2")) {
                a.subscribe(List.of("events"));
                b.subscribe(List.of("events"));
                long deadline = System.currentTimeMillis() + DEADLINE_MS;
                while (System.currentTimeMillis() < deadline
                        && (a.assignment().size() + b.assignment().size() != 6
                                || a.assignment().isEmpty() || b.assignment().isEmpty())) {
                    a.poll(POLL);
                    b.poll(POLL);
                }
                Set<TopicPartition> union = new HashSet<>(a.assignment());
                union.addAll(b.assignment());
                assertThat(a.assignment()).isNotEmpty().doesNotContainAnyElementsOf(b.assignment());
                assertThat(b.assignment()).isNotEmpty();
                assertThat(union).hasSize(6);
            }
        }
    }

    @Test
    void committedOffsetsSurviveABrokerRestart(@TempDir Path dir) throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(dir, Map.of())) {
            createTopic(broker, "ledger", 2);
            produce(broker, "ledger", 0, 8);
            try (KafkaConsumer<String, String> c = consumer(broker, "g3")) {
                c.subscribe(List.of("ledger"));
                assertThat(pollUntil(c, 8)).hasSize(8);
                c.commitSync();
            }
            broker.stop();
            broker.restart();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    broker.bootstrapServers()))) {
                // The group comes back with its offsets, Empty since its only member left before the restart.
                long deadline = System.currentTimeMillis() + DEADLINE_MS;
                Collection<GroupListing> groups = List.of();
                while (System.currentTimeMillis() < deadline
                        && groups.stream().noneMatch(g -> g.groupId().equals("g3"))) {
                    groups = admin.listGroups().all().get();
                }
                assertThat(groups).extracting(GroupListing::groupId).contains("g3");
                assertThat(admin.describeConsumerGroups(List.of("g3")).all().get().get("g3").groupState())
                        .isEqualTo(GroupState.EMPTY);
            }
            produce(broker, "ledger", 8, 2);
            try (KafkaConsumer<String, String> c = consumer(broker, "g3")) {
                c.subscribe(List.of("ledger"));
                List<ConsumerRecord<String, String>> got = pollUntil(c, 2);
                assertThat(got).extracting(ConsumerRecord::value).containsExactlyInAnyOrder("v8", "v9");
                Map<TopicPartition, OffsetAndMetadata> committed = c.committed(
                        Set.of(new TopicPartition("ledger", 0), new TopicPartition("ledger", 1)));
                assertThat(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum()).isEqualTo(8L);
            }
        }
    }

    @Test
    void adminListsDescribesShowsOffsetsAndDeletesGroups(@TempDir Path dir) throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(dir, Map.of());
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            createTopic(broker, "audit", 1);
            produce(broker, "audit", 0, 5);
            TopicPartition tp = new TopicPartition("audit", 0);
            try (KafkaConsumer<String, String> c = consumer(broker, "g4")) {
                c.subscribe(List.of("audit"));
                assertThat(pollUntil(c, 5)).hasSize(5);
                c.commitSync(Map.of(tp, new OffsetAndMetadata(3)));

                ConsumerGroupDescription live = admin.describeConsumerGroups(List.of("g4")).all().get().get("g4");
                assertThat(live.groupState()).isEqualTo(GroupState.STABLE);
                assertThat(live.members()).hasSize(1);
                assertThat(live.members().iterator().next().assignment().topicPartitions()).containsExactly(tp);
                assertThat(admin.deleteConsumerGroups(List.of("g4")).all())
                        .failsWithin(Duration.ofSeconds(30))
                        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                        .withCauseInstanceOf(GroupNotEmptyException.class);
            }
            assertThat(admin.listGroups().all().get()).extracting(GroupListing::groupId).contains("g4");
            assertThat(admin.listConsumerGroupOffsets("g4").partitionsToOffsetAndMetadata().get().get(tp).offset())
                    .isEqualTo(3L);

            admin.deleteConsumerGroups(List.of("g4")).all().get();

            assertThat(admin.listGroups().all().get()).extracting(GroupListing::groupId).doesNotContain("g4");
            assertThat(admin.listConsumerGroupOffsets("g4").partitionsToOffsetAndMetadata().get()).isEmpty();
        }
    }

    @Test
    void staticMemberRestartWithinTheSessionTimeoutKeepsTheGeneration(@TempDir Path dir) throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(dir, Map.of())) {
            createTopic(broker, "static", 2);
            int generation;
            Set<TopicPartition> assigned;
            try (KafkaConsumer<String, String> c = consumer(broker, "g5", "instance-1")) {
                c.subscribe(List.of("static"));
                awaitAssignment(c);
                generation = c.groupMetadata().generationId();
                assigned = Set.copyOf(c.assignment());
            } // a static member's close sends no LeaveGroup
            try (KafkaConsumer<String, String> c = consumer(broker, "g5", "instance-1")) {
                c.subscribe(List.of("static"));
                awaitAssignment(c);
                assertThat(c.groupMetadata().generationId()).isEqualTo(generation);
                assertThat(c.assignment()).isEqualTo(assigned);
            }
        }
    }

    @Test
    void crashedMemberIsExpiredAndTheSurvivorsShareItsPartitions(@TempDir Path dir) throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(dir, Map.of())) {
            createTopic(broker, "jobs", 6);
            try (KafkaConsumer<String, String> a = consumer(broker, "g6");
                    KafkaConsumer<String, String> b = consumer(broker, "g6")) {
                a.subscribe(List.of("jobs"));
                b.subscribe(List.of("jobs"));
                // A static member's close sends no LeaveGroup: to the coordinator it has crashed.
                try (KafkaConsumer<String, String> crashing = consumer(broker, "g6", "doomed")) {
                    crashing.subscribe(List.of("jobs"));
                    long deadline = System.currentTimeMillis() + DEADLINE_MS;
                    while (System.currentTimeMillis() < deadline && (a.assignment().size() != 2
                            || b.assignment().size() != 2 || crashing.assignment().size() != 2)) {
                        a.poll(POLL);
                        b.poll(POLL);
                        crashing.poll(POLL);
                    }
                    assertThat(crashing.assignment()).hasSize(2);
                }
                long deadline = System.currentTimeMillis() + DEADLINE_MS;
                while (System.currentTimeMillis() < deadline
                        && a.assignment().size() + b.assignment().size() != 6) {
                    a.poll(POLL);
                    b.poll(POLL);
                }
                assertThat(a.assignment()).doesNotContainAnyElementsOf(b.assignment());
                Set<TopicPartition> union = new HashSet<>(a.assignment());
                union.addAll(b.assignment());
                assertThat(union).hasSize(6);
            }
        }
    }

    private static void awaitAssignment(KafkaConsumer<String, String> c) {
        long deadline = System.currentTimeMillis() + DEADLINE_MS;
        while (c.assignment().isEmpty() && System.currentTimeMillis() < deadline) {
            c.poll(POLL);
        }
        assertThat(c.assignment()).isNotEmpty();
    }

    private static List<ConsumerRecord<String, String>> pollUntil(KafkaConsumer<String, String> c, int count) {
        List<ConsumerRecord<String, String>> got = new ArrayList<>();
        long deadline = System.currentTimeMillis() + DEADLINE_MS;
        while (got.size() < count && System.currentTimeMillis() < deadline) {
            c.poll(POLL).forEach(got::add);
        }
        // A short extra poll shows nothing beyond the expected records arrives.
        c.poll(POLL).forEach(got::add);
        return got;
    }

    private static KafkaConsumer<String, String> consumer(BrokerProcess broker, String group) {
        return consumer(broker, group, null);
    }

    private static KafkaConsumer<String, String> consumer(BrokerProcess broker, String group, String instanceId) {
        Properties p = new Properties();
        if (instanceId != null) {
            p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId);
        }
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000");
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "1000");
        return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }

    private static void createTopic(BrokerProcess broker, String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
    }

    private static void produce(BrokerProcess broker, String topic, int from, int count) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "v" + (from + i))).get();
            }
        }
    }
}
