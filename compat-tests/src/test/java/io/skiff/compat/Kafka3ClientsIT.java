package io.skiff.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The stock Java client of the 3.x line (3.9) against the broker: many deployments will keep 3.x
 * clients for years after a broker switch. Failsafe runs this class in its own execution, with
 * kafka-clients 4.x swapped for 3.9 on the classpath (see compat-tests/pom.xml); it is excluded
 * from the default execution. The class uses only API that both lines share and nothing else
 * from the test sources but {@link BrokerProcess}. (Selecting it with {@code -Dit.test} overrides
 * the exclusion, so the default execution then runs it too, against 4.x, and the first test says so.)
 */
class Kafka3ClientsIT {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    static Path dir;

    private static BrokerProcess broker;
    private static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        broker = BrokerProcess.start(dir, Map.of());
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) PATIENCE.toMillis());
        admin = Admin.create(p);
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

    @Test
    void theClientOnTheClasspathIsTheThreeLine() {
        // If the classpath swap in the pom ever stops working, this class would silently test 4.x.
        assertThat(KafkaProducer.class.getProtectionDomain().getCodeSource().getLocation().getPath())
                .contains("/kafka-clients-3.");
        assertThat(AppInfoParser.getVersion()).startsWith("3.");
    }

    @Test
    void adminCreatesListsAndDeletesTopicsWithKafkasErrors() throws Exception {
        admin.createTopics(List.of(new NewTopic("k3-admin", 3, (short) 1))).all().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(admin.listTopics().names().get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).contains("k3-admin");
        assertThat(admin.describeTopics(List.of("k3-admin")).allTopicNames().get(PATIENCE.toSeconds(), TimeUnit.SECONDS)
                .get("k3-admin").partitions()).hasSize(3);
        assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("k3-admin", 1, (short) 1))).all()
                .get(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicExistsException.class);
        admin.deleteTopics(List.of("k3-admin")).all().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void defaultProducerAndAssignedConsumerRoundTripEachCodec(String codec) throws Exception {
        String topic = "k3-" + codec;
        admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        int count = 2_000;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, codec);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        long timestamp = 1_700_000_000_000L;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < count; i++) {
                byte[] value = i % 10 == 0 ? null : ("value-" + i).getBytes(StandardCharsets.UTF_8);
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, i % 2, timestamp + i,
                        ("key-" + i).getBytes(StandardCharsets.UTF_8), value);
                record.headers().add(new RecordHeader("n", Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
                producer.send(record);
            }
            producer.flush();
        }

        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c)) {
            List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (seen.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(seen::add);
            }
        }
        assertThat(seen).hasSize(count);
        for (int partition = 0; partition < 2; partition++) {
            int expected = partition;
            long offset = 0;
            for (ConsumerRecord<byte[], byte[]> r : seen) {
                if (r.partition() != partition) {
                    continue;
                }
                assertThat(r.offset()).isEqualTo(offset++);
                assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("key-" + expected);
                assertThat(r.timestamp()).isEqualTo(timestamp + expected);
                assertThat(new String(r.headers().lastHeader("n").value(), StandardCharsets.UTF_8))
                        .isEqualTo(Integer.toString(expected));
                if (expected % 10 == 0) {
                    assertThat(r.value()).isNull();
                } else {
                    assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("value-" + expected);
                }
                expected += 2;
            }
            assertThat(offset).isEqualTo(count / 2);
        }
    }

    @Test
    void groupConsumerCommitsAndASecondResumesAfterTheCommit() throws Exception {
        String topic = "k3-group";
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < 20; i++) {
                producer.send(new ProducerRecord<>(topic, null, Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
        assertThat(consumeInGroup(topic, 10)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(consumeInGroup(topic, 10)).containsExactly(10, 11, 12, 13, 14, 15, 16, 17, 18, 19);
    }

    /** Joins group "k3", reads {@code n} records from the committed position, commits exactly after them. */
    private static List<Integer> consumeInGroup(String topic, int n) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "k3");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<Integer> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (values.size() < n && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(Integer.parseInt(new String(r.value(), StandardCharsets.UTF_8)));
                }
            }
            consumer.commitSync();
        }
        return values;
    }
}
