package io.skiff.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.TopicDeletionDisabledException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicIdException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.InitProducerIdResponse;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stock Java {@link Admin} client against a real broker process: topics are created, listed,
 * described and deleted, and every refusal reaches the client as Kafka's own exception type.
 */
class AdminIT {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    private static BrokerProcess broker;
    private static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        broker = BrokerProcess.start(dir.resolve("broker"), Map.of());
        admin = adminFor(broker);
    }

    /** A stock Admin client for {@code broker}, patient enough for a loaded 2-core machine. */
    static Admin adminFor(BrokerProcess broker) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) PATIENCE.toMillis());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) PATIENCE.toMillis());
        return Admin.create(props);
    }

    /** Creates {@code topic} (replication factor 1) through a stock Admin client; returns its topic id. */
    static org.apache.kafka.common.Uuid createTopic(BrokerProcess broker, String topic, int partitions)
            throws Exception {
        try (Admin a = adminFor(broker)) {
            a.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
            return a.describeTopics(List.of(topic)).allTopicNames().get().get(topic).topicId();
        }
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

    /** A consumer used only for metadata (partitionsFor): it asks for auto-creation, as consumers do by default. */
    private static KafkaConsumer<byte[], byte[]> consumerFor(BrokerProcess target) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(props);
    }

    private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future) throws Exception {
        return future.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    void createdTopicIsListedDescribedWithLeadersAndCanBeDeletedAndRecreated() throws Exception {
        CreateTopicsResult created = admin.createTopics(List.of(
                new NewTopic("orders", 3, (short) 1).configs(Map.of("retention.ms", "3600000"))));
        get(created.all());
        assertThat(get(created.numPartitions("orders"))).isEqualTo(3);
        assertThat(get(created.replicationFactor("orders"))).isEqualTo(1);
        assertThat(get(created.config("orders")).get("retention.ms").value()).isEqualTo("3600000");
        Uuid id = get(created.topicId("orders"));

        assertThat(get(admin.listTopics().names())).contains("orders");
        TopicDescription description = get(admin.describeTopics(List.of("orders")).allTopicNames()).get("orders");
        assertThat(description.topicId()).isEqualTo(id);
        assertThat(description.isInternal()).isFalse();
        assertThat(description.partitions()).hasSize(3).allSatisfy(p -> {
            // Answered only once leaders were elected: producing right away must find them.
            assertThat(p.leader()).isNotNull();
            assertThat(p.leader().id()).isZero();
            assertThat(p.isr()).extracting(Node::id).containsExactly(0);
        });

        get(admin.deleteTopics(List.of("orders")).all());
        assertThat(get(admin.listTopics().names())).doesNotContain("orders");
        get(admin.createTopics(List.of(new NewTopic("orders", 1, (short) 1))).all());
        assertThat(get(admin.describeTopics(List.of("orders")).allTopicNames()).get("orders").partitions()).hasSize(1);
    }

    @Test
    void topicIsDeletedByItsId() throws Exception {
        Uuid id = get(admin.createTopics(List.of(new NewTopic("by-id", 1, (short) 1))).topicId("by-id"));
        get(admin.deleteTopics(TopicCollection.ofTopicIds(List.of(id))).all());
        assertThat(get(admin.listTopics().names())).doesNotContain("by-id");
        assertThatThrownBy(() -> get(admin.deleteTopics(TopicCollection.ofTopicIds(List.of(id))).all()))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(UnknownTopicIdException.class);
    }

    @Test
    void everyCreationRefusalArrivesAsKafkasException() throws Exception {
        get(admin.createTopics(List.of(new NewTopic("ta_ken", 1, (short) 1))).all());
        assertCreateFails(new NewTopic("ta_ken", 1, (short) 1), TopicExistsException.class);
        assertCreateFails(new NewTopic("no/slashes", 1, (short) 1), InvalidTopicException.class);
        assertCreateFails(new NewTopic("x".repeat(250), 1, (short) 1), InvalidTopicException.class);
        assertCreateFails(new NewTopic("zero-partitions", 0, (short) 1), InvalidPartitionsException.class);
        assertCreateFails(new NewTopic("too-replicated", 1, (short) 3), InvalidReplicationFactorException.class);
        assertCreateFails(new NewTopic("bad-config", 1, (short) 1).configs(Map.of("retention.ms", "soon")),
                InvalidConfigurationException.class);
        assertCreateFails(new NewTopic("unknown-config", 1, (short) 1).configs(Map.of("no.such.key", "1")),
                InvalidConfigurationException.class);
        assertCreateFails(new NewTopic("bad-assignment", Map.of(0, List.of(7))), InvalidReplicaAssignmentException.class);
        assertCreateFails(new NewTopic("ta.ken", 1, (short) 1), InvalidTopicException.class);
        assertCreateFails(new NewTopic("huge", 10_001, (short) 1), PolicyViolationException.class);
        assertThat(get(admin.listTopics().names())).doesNotContain("zero-partitions", "too-replicated", "bad-config",
                "unknown-config", "bad-assignment", "ta.ken", "huge");
    }

    @Test
    void validateOnlyCreatesNothing() throws Exception {
        CreateTopicsResult result = admin.createTopics(List.of(new NewTopic("dry-run", 5, (short) 1)),
                new CreateTopicsOptions().validateOnly(true));
        get(result.all());
        assertThat(get(result.numPartitions("dry-run"))).isEqualTo(5);
        assertThat(get(admin.listTopics().names())).doesNotContain("dry-run");
    }

    @Test
    void deletingAnUnknownTopicFails() {
        assertThatThrownBy(() -> get(admin.deleteTopics(List.of("never-existed")).all()))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
    }

    @Test
    void describeClusterShowsTheBrokerTheClusterIdAndTheController() throws Exception {
        DescribeClusterResult cluster = admin.describeCluster();
        Collection<Node> nodes = get(cluster.nodes());
        assertThat(nodes).hasSize(1);
        Node node = nodes.iterator().next();
        assertThat(node.id()).isZero();
        assertThat(node.port()).isEqualTo(broker.port());
        assertThat(get(cluster.controller()).id()).isZero();
        assertThat(get(cluster.clusterId())).isNotBlank().hasSize(22);
    }

    @Test
    void metadataAutoCreatesATopicAClientAsksFor() {
        try (KafkaConsumer<byte[], byte[]> consumer = consumerFor(broker)) {
            List<PartitionInfo> partitions = consumer.partitionsFor("auto-created", PATIENCE);
            assertThat(partitions).hasSize(1);
            assertThat(partitions.get(0).leader().id()).isZero();
        }
    }

    @Test
    void brokerWithDeletionAndAutoCreationDisabledRefusesBoth() throws Exception {
        try (BrokerProcess strict = BrokerProcess.start(dir.resolve("strict"), Map.of(
                        "delete.topic.enable", "false", "auto.create.topics.enable", "false"));
                Admin strictAdmin = adminFor(strict)) {
            get(strictAdmin.createTopics(List.of(new NewTopic("kept", 1, (short) 1))).all());
            assertThatThrownBy(() -> get(strictAdmin.deleteTopics(List.of("kept")).all()))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicDeletionDisabledException.class);
            assertThat(get(strictAdmin.listTopics().names())).contains("kept");

            try (KafkaConsumer<byte[], byte[]> consumer = consumerFor(strict)) {
                assertThat(consumer.partitionsFor("not-created", PATIENCE)).isEmpty();
            }
            assertThat(get(strictAdmin.listTopics().names())).doesNotContain("not-created");
        }
    }

    @Test
    void internalTopicIsFlagged() throws Exception {
        get(admin.createTopics(List.of(new NewTopic("__consumer_offsets", 2, (short) 1)
                .configs(Map.of("cleanup.policy", "compact")))).all());
        Set<String> visible = get(admin.listTopics().names());
        assertThat(visible).doesNotContain("__consumer_offsets"); // listTopics hides internal topics by default
        assertThat(get(admin.describeTopics(List.of("__consumer_offsets")).allTopicNames())
                .get("__consumer_offsets").isInternal()).isTrue();
    }

    @Test
    void initProducerIdHandsOutFreshIdsAndDefersTransactionalIdsToACoordinator() throws Exception {
        try (BadInputIT.Raw raw = new BadInputIT.Raw(broker.port())) {
            InitProducerIdResponse first = raw.call(idempotentInit(), (short) 4);
            InitProducerIdResponse second = raw.call(idempotentInit(), (short) 5);
            assertThat(first.error()).isEqualTo(Errors.NONE);
            assertThat(second.error()).isEqualTo(Errors.NONE);
            assertThat(first.data().producerId()).isNotNegative();
            assertThat(second.data().producerId()).isNotEqualTo(first.data().producerId());
            assertThat(first.data().producerEpoch()).isZero();

            InitProducerIdResponse transactional = raw.call(new InitProducerIdRequest.Builder(
                    new InitProducerIdRequestData().setTransactionalId("tx-1").setTransactionTimeoutMs(60_000)
                            .setProducerId(-1).setProducerEpoch((short) -1)), (short) 4);
            assertThat(transactional.error()).isEqualTo(Errors.NOT_COORDINATOR);
        }
    }

    private static InitProducerIdRequest.Builder idempotentInit() {
        return new InitProducerIdRequest.Builder(new InitProducerIdRequestData()
                .setTransactionalId(null).setTransactionTimeoutMs(Integer.MAX_VALUE)
                .setProducerId(-1).setProducerEpoch((short) -1));
    }

    private static void assertCreateFails(NewTopic topic, Class<? extends Throwable> expected) {
        assertThatThrownBy(() -> get(admin.createTopics(List.of(topic)).all()))
                .as(topic.name())
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(expected);
    }
}
