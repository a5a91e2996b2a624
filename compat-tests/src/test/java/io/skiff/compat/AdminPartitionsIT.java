package io.skiff.compat;

import static io.skiff.compat.ProduceFetchIT.bytes;
import static io.skiff.compat.ProduceFetchIT.consumeAll;
import static io.skiff.compat.ProduceFetchIT.consumer;
import static io.skiff.compat.ProduceFetchIT.producer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreatePartitionsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.ElectionNotNeededException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.CreatePartitionsRequest;
import org.apache.kafka.common.requests.CreatePartitionsResponse;
import org.apache.kafka.common.requests.DeleteRecordsRequest;
import org.apache.kafka.common.requests.DeleteRecordsResponse;
import org.apache.kafka.common.requests.DescribeTopicPartitionsRequest;
import org.apache.kafka.common.requests.DescribeTopicPartitionsResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Partition increase, record deletion, log dirs, paged topic descriptions, leader elections and reassignment listing
 * through the stock 4.3.1 Java admin client against a real broker process, each bad input answered with Kafka's
 * exception and changing nothing; and the stock tools that use them ({@code kafka-topics --alter/--describe},
 * {@code kafka-delete-records}, {@code kafka-log-dirs}), run as their own JVMs, with their output checked against
 * what Kafka prints.
 */
class AdminPartitionsIT {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    private static BrokerProcess broker;
    private static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        broker = BrokerProcess.start(dir.resolve("broker"), Map.of());
        admin = AdminIT.adminFor(broker);
    }

    @AfterAll
    static void stop() throws Exception {
        if (admin != null) {
            admin.close(Duration.ofSeconds(10));
        }
        if (broker != null) {
            broker.close();
        }
    }

    static <T> T get(KafkaFuture<T> future) throws Exception {
        return future.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    }

    static void create(Admin admin, String topic, int partitions, Map<String, String> configs) throws Exception {
        get(admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(configs))).all());
    }

    static int partitionCount(Admin admin, String topic) throws Exception {
        return get(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic).partitions().size();
    }

    static List<TopicPartition> partitions(String topic, int count) {
        return IntStream.range(0, count).mapToObj(p -> new TopicPartition(topic, p)).toList();
    }

    /** Sends {@code count} keyed records and returns the partitions they went to. */
    static Set<Integer> sendKeyed(KafkaProducer<byte[], byte[]> producer, String topic, int from, int count)
            throws Exception {
        Set<Integer> used = new TreeSet<>();
        for (int i = from; i < from + count; i++) {
            RecordMetadata sent = producer.send(new ProducerRecord<>(topic, bytes("key-" + i), bytes("value-" + i)))
                    .get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            used.add(sent.partition());
        }
        return used;
    }

    static void produce(String topic, int partition, int count) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer(broker.bootstrapServers(), Map.of())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, partition, null, bytes("r" + i))).get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Bytes of the segment files ({@code *.log}) in a partition's directory, as {@code ls -l} shows them. */
    static long segmentBytes(Path partitionDir) throws IOException {
        try (Stream<Path> files = Files.list(partitionDir)) {
            long total = 0;
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".log")).toList()) {
                total += Files.size(f);
            }
            return total;
        }
    }

    static Path logDir(BrokerProcess broker) {
        return broker.dataDir().resolve("kafka-logs").toAbsolutePath().normalize();
    }

    @Test
    void producerUsesTheNewPartitionsAfterItsMetadataRefreshAndAConsumerReadsThemAll() throws Exception {
        create(admin, "grown", 2, Map.of());
        try (KafkaProducer<byte[], byte[]> producer = producer(broker.bootstrapServers(),
                Map.of(ProducerConfig.METADATA_MAX_AGE_CONFIG, 500))) {
            assertThat(sendKeyed(producer, "grown", 0, 20)).containsExactly(0, 1);

            get(admin.createPartitions(Map.of("grown", NewPartitions.increaseTo(6))).all());

            TopicDescription described = get(admin.describeTopics(List.of("grown")).allTopicNames()).get("grown");
            assertThat(described.partitions()).hasSize(6).allSatisfy(p -> {
                assertThat(p.leader()).isNotNull();
                assertThat(p.leader().id()).isZero();
                assertThat(p.isr()).extracting(n -> n.id()).containsExactly(0);
            });
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (producer.partitionsFor("grown").size() < 6 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(sendKeyed(producer, "grown", 20, 120)).containsExactly(0, 1, 2, 3, 4, 5);
        }
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(broker.bootstrapServers(), Map.of())) {
            List<ConsumerRecord<byte[], byte[]>> records = consumeAll(consumer, partitions("grown", 6), 140);
            assertThat(records).hasSize(140);
            assertThat(records.stream().map(ConsumerRecord::partition).collect(Collectors.toSet()))
                    .containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
        }
    }

    @Test
    void explicitAssignmentsAndValidateOnlyAreHonoured() throws Exception {
        create(admin, "assigned", 1, Map.of());
        get(admin.createPartitions(Map.of("assigned", NewPartitions.increaseTo(4)),
                new CreatePartitionsOptions().validateOnly(true)).all());
        assertThat(partitionCount(admin, "assigned")).isEqualTo(1);

        get(admin.createPartitions(Map.of("assigned", NewPartitions.increaseTo(3, List.of(List.of(0), List.of(0)))))
                .all());
        assertThat(get(admin.describeTopics(List.of("assigned")).allTopicNames()).get("assigned").partitions())
                .extracting(TopicPartitionInfo::partition).containsExactly(0, 1, 2);
    }

    @Test
    void everyRefusedIncreaseArrivesAsKafkasExceptionAndChangesNothing() throws Exception {
        create(admin, "fixed", 3, Map.of());
        assertIncreaseFails("fixed", NewPartitions.increaseTo(3), InvalidPartitionsException.class,
                "Topic already has 3 partition(s).");
        assertIncreaseFails("fixed", NewPartitions.increaseTo(2), InvalidPartitionsException.class,
                "The topic fixed currently has 3 partition(s); 2 would not be an increase.");
        assertIncreaseFails("fixed", NewPartitions.increaseTo(5, List.of(List.of(0))),
                InvalidReplicaAssignmentException.class,
                "Attempted to add 2 additional partition(s), but only 1 assignment(s) were specified.");
        assertIncreaseFails("fixed", NewPartitions.increaseTo(4, List.of(List.of(7))),
                InvalidReplicaAssignmentException.class,
                "The manual partition assignment includes broker 7, but no such broker is registered.");
        assertIncreaseFails("fixed", NewPartitions.increaseTo(4, List.of(List.of(0, 0))),
                InvalidReplicaAssignmentException.class,
                "The manual partition assignment includes the broker 0 more than once.");
        assertIncreaseFails("no-such-topic", NewPartitions.increaseTo(4), UnknownTopicOrPartitionException.class, null);
        assertThat(partitionCount(admin, "fixed")).isEqualTo(3);
    }

    private static void assertIncreaseFails(String topic, NewPartitions increase, Class<? extends Throwable> type,
                                            String message) {
        assertThatThrownBy(() -> get(admin.createPartitions(Map.of(topic, increase)).all()))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(type)
                .satisfies(e -> {
                    if (message != null) {
                        assertThat(e.getMessage()).isEqualTo(message);
                    }
                });
    }

    @Test
    void topicNamedTwiceOnTheWireIsAnInvalidRequestAndNotIncreased() throws Exception {
        create(admin, "twice", 1, Map.of());
        CreatePartitionsRequestData data = new CreatePartitionsRequestData().setTimeoutMs(30_000);
        data.topics().add(new CreatePartitionsRequestData.CreatePartitionsTopic().setName("twice").setCount(2));
        data.topics().add(new CreatePartitionsRequestData.CreatePartitionsTopic().setName("twice").setCount(3));
        try (KafkaWire wire = new KafkaWire("127.0.0.1", broker.port())) {
            CreatePartitionsResponse response = (CreatePartitionsResponse) wire.send(
                    new CreatePartitionsRequest.Builder(data).build((short) 3));
            assertThat(response.data().results()).singleElement().satisfies(r -> {
                assertThat(r.name()).isEqualTo("twice");
                assertThat(Errors.forCode(r.errorCode())).isEqualTo(Errors.INVALID_REQUEST);
                assertThat(r.errorMessage()).isEqualTo("Duplicate topic name.");
            });
        }
        assertThat(partitionCount(admin, "twice")).isEqualTo(1);
    }

    @Test
    void deleteRecordsMovesTheLogStartWhereConsumersFromEarliestBegin() throws Exception {
        create(admin, "trimmed", 2, Map.of());
        produce("trimmed", 0, 10);
        produce("trimmed", 1, 5);
        TopicPartition p0 = new TopicPartition("trimmed", 0);
        TopicPartition p1 = new TopicPartition("trimmed", 1);

        var low = admin.deleteRecords(Map.of(p0, RecordsToDelete.beforeOffset(4), p1, RecordsToDelete.beforeOffset(-1)))
                .lowWatermarks();
        assertThat(get(low.get(p0)).lowWatermark()).isEqualTo(4);
        assertThat(get(low.get(p1)).lowWatermark()).as("-1: up to the high watermark").isEqualTo(5);

        assertThat(get(admin.listOffsets(Map.of(p0, OffsetSpec.earliest())).partitionResult(p0)).offset()).isEqualTo(4);
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(broker.bootstrapServers(), Map.of())) {
            List<ConsumerRecord<byte[], byte[]>> records = consumeAll(consumer, List.of(p0), 6);
            assertThat(records).extracting(ConsumerRecord::offset).containsExactly(4L, 5L, 6L, 7L, 8L, 9L);
        }
    }

    @Test
    void deleteRecordsBeyondTheHighWatermarkBelowMinusOneOrOfAnUnknownPartitionFailsAndChangesNothing() throws Exception {
        create(admin, "kept", 1, Map.of());
        produce("kept", 0, 3);
        TopicPartition tp = new TopicPartition("kept", 0);

        assertThatThrownBy(() -> get(admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(4)))
                .lowWatermarks().get(tp)))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(OffsetOutOfRangeException.class);
        // The admin client never sends a partition missing from its metadata (it retries until its timeout), so
        // the broker's answer for one is checked on the wire.
        DeleteRecordsRequestData data = new DeleteRecordsRequestData().setTimeoutMs(30_000);
        data.topics().add(new DeleteRecordsRequestData.DeleteRecordsTopic().setName("kept").setPartitions(List.of(
                new DeleteRecordsRequestData.DeleteRecordsPartition().setPartitionIndex(5).setOffset(0),
                new DeleteRecordsRequestData.DeleteRecordsPartition().setPartitionIndex(0).setOffset(-2))));
        data.topics().add(new DeleteRecordsRequestData.DeleteRecordsTopic().setName("kept-absent").setPartitions(
                List.of(new DeleteRecordsRequestData.DeleteRecordsPartition().setPartitionIndex(0).setOffset(0))));
        try (KafkaWire wire = new KafkaWire("127.0.0.1", broker.port())) {
            DeleteRecordsResponseData response = ((DeleteRecordsResponse) wire.send(
                    new DeleteRecordsRequest.Builder(data).build((short) 2))).data();
            assertThat(response.topics().find("kept").partitions().find(5).errorCode())
                    .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
            assertThat(response.topics().find("kept").partitions().find(0).errorCode())
                    .isEqualTo(Errors.OFFSET_OUT_OF_RANGE.code());
            assertThat(response.topics().find("kept-absent").partitions().find(0).errorCode())
                    .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
            response.topics().forEach(t -> t.partitions().forEach(p -> assertThat(p.lowWatermark()).isEqualTo(-1)));
        }
        assertThat(get(admin.listOffsets(Map.of(tp, OffsetSpec.earliest())).partitionResult(tp)).offset()).isZero();
    }

    @Test
    void describeLogDirsReportsEachPartitionWithTheBytesOfItsSegmentFiles() throws Exception {
        create(admin, "sized", 2, Map.of());
        produce("sized", 0, 25);
        produce("sized", 1, 3);

        Map<String, LogDirDescription> dirs = get(admin.describeLogDirs(List.of(0)).allDescriptions()).get(0);

        assertThat(dirs).containsOnlyKeys(logDir(broker).toString());
        LogDirDescription description = dirs.get(logDir(broker).toString());
        assertThat(description.error()).isNull();
        for (int p = 0; p < 2; p++) {
            ReplicaInfo replica = description.replicaInfos().get(new TopicPartition("sized", p));
            assertThat(replica.size()).isPositive().isEqualTo(segmentBytes(logDir(broker).resolve("sized-" + p)));
            assertThat(replica.offsetLag()).isZero();
            assertThat(replica.isFuture()).isFalse();
        }
        assertThat(description.totalBytes()).isPresent();
        assertThat(description.usableBytes()).isPresent();
        assertThat(description.totalBytes().getAsLong())
                .isEqualTo(Files.getFileStore(logDir(broker)).getTotalSpace());
        assertThat(description.usableBytes().getAsLong()).isPositive()
                .isLessThanOrEqualTo(description.totalBytes().getAsLong());
    }

    @Test
    void describeTopicsPagesThroughManyPartitionsWithIdsLeadersAndOperations() throws Exception {
        create(admin, "wide-a", 23, Map.of());
        create(admin, "wide-b", 4, Map.of());
        var ids = get(admin.listTopics().listings()).stream()
                .collect(Collectors.toMap(l -> l.name(), l -> l.topicId()));

        Map<String, TopicDescription> described = get(admin.describeTopics(List.of("wide-a", "wide-b"),
                new DescribeTopicsOptions().partitionSizeLimitPerResponse(5).includeAuthorizedOperations(true))
                .allTopicNames());

        assertThat(described.get("wide-a").partitions()).extracting(TopicPartitionInfo::partition)
                .containsExactlyElementsOf(IntStream.range(0, 23).boxed().toList());
        assertThat(described.get("wide-b").partitions()).hasSize(4);
        for (TopicDescription d : described.values()) {
            assertThat(d.topicId()).isEqualTo(ids.get(d.name()));
            assertThat(d.authorizedOperations()).containsExactlyInAnyOrder(AclOperation.READ, AclOperation.WRITE,
                    AclOperation.CREATE, AclOperation.DELETE, AclOperation.ALTER, AclOperation.DESCRIBE,
                    AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS);
            assertThat(d.partitions()).allSatisfy(p -> {
                assertThat(p.leader().id()).isZero();
                assertThat(p.isr()).hasSize(1);
                assertThat(p.elr()).isEmpty();
                assertThat(p.lastKnownElr()).isEmpty();
            });
        }
    }

    @Test
    void describeTopicPartitionsOnTheWireEndsAPageWithKafkasCursor() throws Exception {
        create(admin, "paged", 12, Map.of());
        DescribeTopicPartitionsRequestData data = new DescribeTopicPartitionsRequestData().setResponsePartitionLimit(10);
        data.topics().add(new DescribeTopicPartitionsRequestData.TopicRequest().setName("paged"));
        data.topics().add(new DescribeTopicPartitionsRequestData.TopicRequest().setName("paged-absent"));
        try (KafkaWire wire = new KafkaWire("127.0.0.1", broker.port())) {
            DescribeTopicPartitionsResponseData first = ((DescribeTopicPartitionsResponse) wire.send(
                    new DescribeTopicPartitionsRequest.Builder(data).build((short) 0))).data();
            assertThat(first.topics()).extracting(t -> t.name()).containsExactly("paged");
            assertThat(first.topics().find("paged").partitions()).hasSize(10);
            assertThat(first.nextCursor().topicName()).isEqualTo("paged");
            assertThat(first.nextCursor().partitionIndex()).isEqualTo(10);

            data.setCursor(new DescribeTopicPartitionsRequestData.Cursor().setTopicName("paged").setPartitionIndex(10));
            DescribeTopicPartitionsResponseData second = ((DescribeTopicPartitionsResponse) wire.send(
                    new DescribeTopicPartitionsRequest.Builder(data).build((short) 0))).data();
            assertThat(second.topics().find("paged").partitions()).extracting(p -> p.partitionIndex())
                    .containsExactly(10, 11);
            assertThat(Errors.forCode(second.topics().find("paged-absent").errorCode()))
                    .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
            assertThat(second.nextCursor()).isNull();

            data.setCursor(new DescribeTopicPartitionsRequestData.Cursor().setTopicName("other").setPartitionIndex(0));
            DescribeTopicPartitionsResponseData refused = ((DescribeTopicPartitionsResponse) wire.send(
                    new DescribeTopicPartitionsRequest.Builder(data).build((short) 0))).data();
            assertThat(refused.topics()).as("a cursor outside the topic list fails the request")
                    .allSatisfy(t -> assertThat(Errors.forCode(t.errorCode())).isEqualTo(Errors.INVALID_REQUEST));
        }
    }

    @Test
    void electionsOnASingleBrokerAreNotNeededAndUnknownPartitionsAreReported() throws Exception {
        create(admin, "elected", 2, Map.of());
        TopicPartition p0 = new TopicPartition("elected", 0);
        TopicPartition unknown = new TopicPartition("elected", 9);

        for (ElectionType type : ElectionType.values()) {
            Map<TopicPartition, Optional<Throwable>> results =
                    get(admin.electLeaders(type, Set.of(p0, unknown)).partitions());
            assertThat(results.get(p0)).containsInstanceOf(ElectionNotNeededException.class);
            assertThat(results.get(unknown)).containsInstanceOf(UnknownTopicOrPartitionException.class);
        }
        assertThat(get(admin.electLeaders(ElectionType.PREFERRED, null).partitions()))
                .as("every partition already has its preferred leader").isEmpty();
        assertThat(get(admin.describeTopics(List.of("elected")).allTopicNames()).get("elected").partitions())
                .allSatisfy(p -> assertThat(p.leader().id()).isZero());
    }

    @Test
    void noReassignmentIsInProgressAndUnknownPartitionsAreIgnored() throws Exception {
        create(admin, "unmoved", 2, Map.of());
        assertThat(get(admin.listPartitionReassignments().reassignments())).isEmpty();
        assertThat(get(admin.listPartitionReassignments(Set.of(new TopicPartition("unmoved", 0),
                new TopicPartition("unmoved", 7), new TopicPartition("nowhere", 0))).reassignments())).isEmpty();
    }

    @Test
    void alterPartitionReassignmentsKeepsCurrentReplicasAndRefusesTheRestWithKafkasErrors() throws Exception {
        create(admin, "reassigned", 1, Map.of());
        TopicPartition tp = new TopicPartition("reassigned", 0);
        get(admin.alterPartitionReassignments(Map.of(tp,
                Optional.of(new org.apache.kafka.clients.admin.NewPartitionReassignment(List.of(0))))).all());
        assertThat(get(admin.listPartitionReassignments().reassignments())).isEmpty();

        assertThatThrownBy(() -> get(admin.alterPartitionReassignments(Map.of(tp,
                Optional.of(new org.apache.kafka.clients.admin.NewPartitionReassignment(List.of(7))))).all()))
                .hasCauseInstanceOf(InvalidReplicaAssignmentException.class)
                .hasMessageContaining("no broker with that ID is registered");
        assertThatThrownBy(() -> get(admin.alterPartitionReassignments(Map.of(tp,
                Optional.of(new org.apache.kafka.clients.admin.NewPartitionReassignment(List.of(0, 0))))).all()))
                .hasCauseInstanceOf(InvalidReplicaAssignmentException.class);
        assertThatThrownBy(() -> get(admin.alterPartitionReassignments(Map.of(tp, Optional.empty())).all()))
                .hasCauseInstanceOf(org.apache.kafka.common.errors.NoReassignmentInProgressException.class);
        assertThatThrownBy(() -> get(admin.alterPartitionReassignments(Map.of(new TopicPartition("reassigned", 3),
                Optional.of(new org.apache.kafka.clients.admin.NewPartitionReassignment(List.of(0))))).all()))
                .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
        assertThat(get(admin.describeTopics(List.of("reassigned")).allTopicNames()).get("reassigned").partitions())
                .singleElement().satisfies(p -> assertThat(p.replicas()).extracting(n -> n.id()).containsExactly(0));
    }

    @Test
    void recordWithoutAKeyIsRefusedByACompactedTopic() throws Exception {
        create(admin, "compacted", 1, Map.of("cleanup.policy", "compact"));
        try (KafkaProducer<byte[], byte[]> producer = producer(broker.bootstrapServers(), Map.of())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("compacted", null, bytes("no key")))
                    .get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(InvalidRecordException.class);
            producer.send(new ProducerRecord<>("compacted", bytes("k"), bytes("keyed"))).get(30, TimeUnit.SECONDS);
        }
        TopicPartition tp = new TopicPartition("compacted", 0);
        assertThat(get(admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp)).offset())
                .as("only the keyed record was appended").isEqualTo(1);
    }

    @Test
    void deletedRecordsStayDeletedAcrossACleanRestartAndACrash() throws Exception {
        try (BrokerProcess own = BrokerProcess.start(dir.resolve("restarted"), Map.of())) {
            TopicPartition tp = new TopicPartition("durable-trim", 0);
            try (Admin a = AdminIT.adminFor(own)) {
                create(a, tp.topic(), 1, Map.of());
                try (KafkaProducer<byte[], byte[]> producer = producer(own.bootstrapServers(), Map.of())) {
                    for (int i = 0; i < 10; i++) {
                        producer.send(new ProducerRecord<>(tp.topic(), 0, null, bytes("r" + i))).get(30, TimeUnit.SECONDS);
                    }
                }
                assertThat(get(a.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(3))).lowWatermarks().get(tp))
                        .lowWatermark()).isEqualTo(3);
            }
            assertThat(own.stop()).isIn(0, 143);
            own.restart();
            assertThat(firstOffsetFromEarliest(own, tp)).isEqualTo(3);

            try (Admin a = AdminIT.adminFor(own)) {
                assertThat(get(a.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(6))).lowWatermarks().get(tp))
                        .lowWatermark()).isEqualTo(6);
            }
            own.kill();
            own.restart();
            assertThat(firstOffsetFromEarliest(own, tp)).as("after kill -9").isEqualTo(6);
        }
    }

    private static long firstOffsetFromEarliest(BrokerProcess target, TopicPartition tp) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(target.bootstrapServers(), Map.of())) {
            List<ConsumerRecord<byte[], byte[]>> records = consumeAll(consumer, List.of(tp), 1);
            assertThat(records).isNotEmpty();
            return records.get(0).offset();
        }
    }

    // ---------------------------------------------------------------- the stock tools

    private static StockTool tool(String mainClass, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--bootstrap-server", broker.bootstrapServers()));
        all.addAll(List.of(args));
        return StockTool.run(mainClass, "", all.toArray(String[]::new));
    }

    @Test
    void kafkaTopicsAltersThePartitionCountAndDescribesTheTopicAsKafkaPrintsIt() throws Exception {
        create(admin, "tool-grown", 2, Map.of());

        StockTool alter = tool("org.apache.kafka.tools.TopicCommand",
                "--alter", "--topic", "tool-grown", "--partitions", "6");
        assertThat(alter.exitCode()).as(alter.output()).isZero();
        assertThat(alter.output()).doesNotContain("Error");

        StockTool describe = tool("org.apache.kafka.tools.TopicCommand", "--describe", "--topic", "tool-grown");
        assertThat(describe.exitCode()).as(describe.output()).isZero();
        String id = get(admin.describeTopics(List.of("tool-grown")).allTopicNames()).get("tool-grown").topicId()
                .toString();
        List<String> lines = describe.output().lines().toList();
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("Topic: tool-grown\tTopicId: " + id
                + "\tPartitionCount: 6\tReplicationFactor: 1\tConfigs: "));
        List<String> partitionLines = lines.stream().filter(l -> l.startsWith("\tTopic: tool-grown\t")).toList();
        assertThat(partitionLines).containsExactlyElementsOf(IntStream.range(0, 6).mapToObj(p ->
                "\tTopic: tool-grown\tPartition: " + p + "\tLeader: 0\tReplicas: 0\tIsr: 0\tElr: \tLastKnownElr: ")
                .toList());

        try (KafkaProducer<byte[], byte[]> producer = producer(broker.bootstrapServers(), Map.of())) {
            assertThat(sendKeyed(producer, "tool-grown", 0, 120)).containsExactly(0, 1, 2, 3, 4, 5);
        }

        StockTool shrink = tool("org.apache.kafka.tools.TopicCommand",
                "--alter", "--topic", "tool-grown", "--partitions", "3");
        assertThat(shrink.exitCode()).isNotZero();
        assertThat(shrink.output()).contains("Error while executing topic command : The topic tool-grown currently "
                + "has 6 partition(s); 3 would not be an increase.");
        assertThat(partitionCount(admin, "tool-grown")).isEqualTo(6);
    }

    @Test
    void kafkaDeleteRecordsPrintsEachLowWatermarkOrError() throws Exception {
        create(admin, "tool-trim", 2, Map.of());
        produce("tool-trim", 0, 10);
        produce("tool-trim", 1, 2);
        Path offsets = dir.resolve("delete-records.json");
        Files.writeString(offsets, "{\"partitions\":[{\"topic\":\"tool-trim\",\"partition\":0,\"offset\":7},"
                + "{\"topic\":\"tool-trim\",\"partition\":1,\"offset\":5}],\"version\":1}");

        StockTool run = tool("org.apache.kafka.tools.DeleteRecordsCommand",
                "--offset-json-file", offsets.toString());

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output().lines()).contains("Executing records delete operation",
                "Records delete operation completed:",
                "partition: tool-trim-0\tlow_watermark: 7",
                "partition: tool-trim-1\terror: org.apache.kafka.common.errors.OffsetOutOfRangeException: "
                        + Errors.OFFSET_OUT_OF_RANGE.message());
        TopicPartition p0 = new TopicPartition("tool-trim", 0);
        TopicPartition p1 = new TopicPartition("tool-trim", 1);
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(broker.bootstrapServers(), Map.of())) {
            assertThat(consumeAll(consumer, List.of(p0), 3)).extracting(ConsumerRecord::offset).containsExactly(7L, 8L, 9L);
        }
        assertThat(get(admin.listOffsets(Map.of(p1, OffsetSpec.earliest())).partitionResult(p1)).offset()).isZero();
    }

    @Test
    void kafkaLogDirsDescribesPartitionSizesThatMatchTheFilesOnDisk() throws Exception {
        create(admin, "tool-dirs", 2, Map.of());
        produce("tool-dirs", 0, 40);

        StockTool run = tool("org.apache.kafka.tools.LogDirsCommand", "--describe", "--topic-list",
                "tool-dirs");

        assertThat(run.exitCode()).as(run.output()).isZero();
        List<String> lines = run.output().lines().toList();
        assertThat(lines).contains("Querying brokers for log directories information",
                "Received log directory information from brokers 0");
        String json = lines.stream().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow();
        var root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        assertThat(root.get("version").asInt()).isEqualTo(1);
        assertThat(root.get("brokers")).hasSize(1);
        var brokerNode = root.get("brokers").get(0);
        assertThat(brokerNode.get("broker").asInt()).isZero();
        assertThat(brokerNode.get("logDirs")).hasSize(1);
        var logDir = brokerNode.get("logDirs").get(0);
        assertThat(logDir.get("logDir").asText()).isEqualTo(logDir(broker).toString());
        assertThat(logDir.get("error").isNull()).isTrue();
        Map<String, Long> sizes = new java.util.TreeMap<>();
        logDir.get("partitions").forEach(p -> {
            assertThat(p.get("offsetLag").asLong()).isZero();
            assertThat(p.get("isFuture").asBoolean()).isFalse();
            sizes.put(p.get("partition").asText(), p.get("size").asLong());
        });
        assertThat(sizes).containsExactly(
                Map.entry("tool-dirs-0", segmentBytes(logDir(broker).resolve("tool-dirs-0"))),
                Map.entry("tool-dirs-1", segmentBytes(logDir(broker).resolve("tool-dirs-1"))));
        assertThat(sizes.get("tool-dirs-0")).isPositive();
    }
}
