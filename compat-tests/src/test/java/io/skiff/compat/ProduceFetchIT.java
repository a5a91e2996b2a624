package io.skiff.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The data path through the stock Java producer (defaults: idempotent, acks=all) and consumer
 * (assign/seek, no group) against one real broker process shared by the tests; each test uses its
 * own topic.
 */
class ProduceFetchIT {
    @TempDir
    static Path dir;

    private static BrokerProcess broker;
    private static Admin admin;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = BrokerProcess.start(dir, Map.of());
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        admin = Admin.create(p);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (admin != null) {
            admin.close();
        }
        if (broker != null) {
            broker.close();
            // Paranoid leak detection runs in the broker: a leaked pooled buffer is reported in its log.
            List<String> problems = java.nio.file.Files.readAllLines(dir.resolve("broker.log")).stream()
                    .filter(l -> l.contains("LEAK") || l.contains(" ERROR ")).toList();
            assertThat(problems).as("broker log errors and buffer leaks").isEmpty();
        }
    }

    static void createTopic(Admin admin, String topic, int partitions) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(60, TimeUnit.SECONDS);
    }

    static KafkaProducer<byte[], byte[]> producer(String bootstrap, Map<String, Object> overrides) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.putAll(overrides);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, Map<String, Object> overrides) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.putAll(overrides);
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Reads from the beginning of {@code partitions} until {@code expected} records arrived (or 60 s passed). */
    static List<ConsumerRecord<byte[], byte[]>> consumeAll(KafkaConsumer<byte[], byte[]> consumer,
                                                           List<TopicPartition> partitions, int expected) {
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (out.size() < expected && System.nanoTime() < deadline) {
            ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(500));
            batch.forEach(out::add);
        }
        return out;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String string(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void keysNullValuesHeadersAndTimestampsRoundTrip() throws Exception {
        String topic = "round-trip";
        createTopic(admin, topic, 1);
        long ts = System.currentTimeMillis() - 5_000;
        try (KafkaProducer<byte[], byte[]> producer = producer(broker.bootstrapServers(), Map.of())) {
            producer.send(new ProducerRecord<>(topic, 0, ts, bytes("k1"), bytes("v1"),
                    List.of(new RecordHeader("h", bytes("x")), new RecordHeader("n", (byte[]) null)))).get();
            producer.send(new ProducerRecord<>(topic, 0, ts + 1, bytes("k2"), (byte[]) null)).get();
            RecordMetadata third = producer.send(new ProducerRecord<>(topic, 0, ts + 2, null, bytes("v3"))).get();
            assertThat(third.offset()).isEqualTo(2);
        }
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(broker.bootstrapServers(), Map.of())) {
            List<ConsumerRecord<byte[], byte[]>> records = consumeAll(consumer, List.of(new TopicPartition(topic, 0)), 3);

            assertThat(records).hasSize(3);
            assertThat(records).extracting(ConsumerRecord::offset).containsExactly(0L, 1L, 2L);
            assertThat(records).extracting(r -> string(r.key())).containsExactly("k1", "k2", null);
            assertThat(records).extracting(r -> string(r.value())).containsExactly("v1", null, "v3");
            assertThat(records).extracting(ConsumerRecord::timestamp).containsExactly(ts, ts + 1, ts + 2);
            assertThat(string(records.get(0).headers().lastHeader("h").value())).isEqualTo("x");
            assertThat(records.get(0).headers().lastHeader("n").value()).isNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void everyCodecRoundTripsWithoutRecompression(String codec) throws Exception {
        String topic = "codec-" + codec;
        createTopic(admin, topic, 1);
        int n = 500;
        try (KafkaProducer<byte[], byte[]> producer = producer(broker.bootstrapServers(),
                Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, codec, ProducerConfig.LINGER_MS_CONFIG, 20))) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                sent.add(producer.send(new ProducerRecord<>(topic, 0, bytes("k" + i), bytes("value-" + i))));
            }
            for (Future<RecordMetadata> f : sent) {
                f.get(60, TimeUnit.SECONDS);
            }
        }
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(broker.bootstrapServers(), Map.of())) {
            List<ConsumerRecord<byte[], byte[]>> records = consumeAll(consumer, List.of(new TopicPartition(topic, 0)), n);

            assertThat(records).hasSize(n);
            for (int i = 0; i < n; i++) {
                assertThat(records.get(i).offset()).isEqualTo(i);
                assertThat(string(records.get(i).value())).isEqualTo("value-" + i);
            }
        }
        // On disk the batches are the producer's own: still in its codec, as Kafka's reader sees them.
        java.io.File segment = broker.dataDir().resolve("kafka-logs").resolve(topic + "-0")
                .resolve("00000000000000000000.log").toFile();
        try (org.apache.kafka.common.record.internal.FileRecords file =
                org.apache.kafka.common.record.internal.FileRecords.open(segment, false)) {
            List<String> codecs = new ArrayList<>();
            long stored = 0;
            for (var batch : file.batches()) {
                batch.ensureValid();
                codecs.add(batch.compressionType().name);
                stored += batch.nextOffset() - batch.baseOffset();
            }
            assertThat(stored).isEqualTo(n);
            assertThat(codecs).as("batches of several records each").hasSizeLessThan(n).containsOnly(codec);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "all"})
    void everyAcksSettingDeliversAndSmallFetchLimitsStillProgress(String acks) throws Exception {
        String topic = "acks-" + acks;
        createTopic(admin, topic, 2);
        int n = 1_000;
        List<TopicPartition> tps = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
        // acks=0 learns of no error: wait until both leaders serve (ListOffsets retries until they do),
        // since Metadata may name the leader a moment before the replica manager has opened the log.
        try (KafkaConsumer<byte[], byte[]> probe = consumer(broker.bootstrapServers(), Map.of())) {
            assertThat(probe.endOffsets(tps, Duration.ofSeconds(60))).containsValues(0L, 0L);
        }
        Map<String, Object> producerConfig = new HashMap<>();
        producerConfig.put(ProducerConfig.ACKS_CONFIG, acks);
        if (!acks.equals("all")) {
            producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        }
        try (KafkaProducer<byte[], byte[]> producer = producer(broker.bootstrapServers(), producerConfig)) {
            for (int i = 0; i < n; i++) {
                producer.send(new ProducerRecord<>(topic, i % 2, null, bytes("value-" + i)));
            }
            producer.flush();
        }
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(broker.bootstrapServers(), Map.of(
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 512, ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 1024))) {
            List<ConsumerRecord<byte[], byte[]>> records = consumeAll(consumer, tps, n);

            assertThat(records).hasSize(n);
            assertThat(records.stream().map(r -> string(r.value())).distinct().count()).isEqualTo(n);
        }
    }

    @Test
    void tenThousandRecordsArriveInOrderPerPartition() throws Exception {
        String topic = "ordered";
        int partitions = 3;
        int n = 10_000;
        createTopic(admin, topic, partitions);
        try (KafkaProducer<byte[], byte[]> producer = producer(broker.bootstrapServers(), Map.of())) {
            for (int i = 0; i < n; i++) {
                producer.send(new ProducerRecord<>(topic, i % partitions, null, bytes(Integer.toString(i))));
            }
            producer.flush();
        }
        List<TopicPartition> tps = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1),
                new TopicPartition(topic, 2));
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(broker.bootstrapServers(), Map.of())) {
            List<ConsumerRecord<byte[], byte[]>> records = consumeAll(consumer, tps, n);

            assertThat(records).hasSize(n);
            Map<Integer, Integer> lastValue = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : records) {
                int value = Integer.parseInt(string(r.value()));
                assertThat(value % partitions).isEqualTo(r.partition());
                Integer previous = lastValue.put(r.partition(), value);
                assertThat(value).isEqualTo(previous == null ? r.partition() : previous + partitions);
            }
        }
    }

    @Test
    void longPollIsAnsweredWhenARecordArrives() throws Exception {
        String topic = "long-poll";
        createTopic(admin, topic, 1);
        TopicPartition tp = new TopicPartition(topic, 0);
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(broker.bootstrapServers(),
                Map.of(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 30_000, ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 60_000));
                KafkaProducer<byte[], byte[]> producer = producer(broker.bootstrapServers(), Map.of())) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, 0);
            // A first poll sends the fetch that will park on the broker.
            assertThat(consumer.poll(Duration.ofMillis(2_000)).isEmpty()).isTrue();
            CompletableFuture<Void> send = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(500);
                    producer.send(new ProducerRecord<>(topic, 0, null, bytes("wake"))).get();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long start = System.nanoTime();
            ConsumerRecords<byte[], byte[]> records = ConsumerRecords.empty();
            while (records.isEmpty() && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(40)) {
                records = consumer.poll(Duration.ofSeconds(40));
            }
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            send.get(30, TimeUnit.SECONDS);

            assertThat(records.count()).isEqualTo(1);
            assertThat(elapsedMs).as("a parked fetch is answered by the append, not by fetch.max.wait.ms").isLessThan(10_000);
        }
    }

    @Test
    void logAppendTimeTopicsStampTheBrokerTime() throws Exception {
        String topic = "append-time";
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)
                .configs(Map.of("message.timestamp.type", "LogAppendTime")))).all().get(60, TimeUnit.SECONDS);
        long before = System.currentTimeMillis();
        RecordMetadata md;
        try (KafkaProducer<byte[], byte[]> producer = producer(broker.bootstrapServers(), Map.of())) {
            md = producer.send(new ProducerRecord<>(topic, 0, 1L, null, bytes("v"))).get();
        }
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(broker.bootstrapServers(), Map.of())) {
            List<ConsumerRecord<byte[], byte[]>> records = consumeAll(consumer, List.of(new TopicPartition(topic, 0)), 1);

            assertThat(md.timestamp()).isGreaterThanOrEqualTo(before);
            assertThat(records).hasSize(1);
            assertThat(records.get(0).timestampType()).isEqualTo(org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME);
            assertThat(records.get(0).timestamp()).isEqualTo(md.timestamp());
        }
    }

    @Test
    void recordAboveMaxMessageBytesIsRefused() throws Exception {
        String topic = "too-large";
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)
                .configs(Map.of("max.message.bytes", "1000")))).all().get(60, TimeUnit.SECONDS);
        try (KafkaProducer<byte[], byte[]> producer = producer(broker.bootstrapServers(), Map.of())) {
            Future<RecordMetadata> f = producer.send(new ProducerRecord<>(topic, 0, null, new byte[5000]));

            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> f.get(60, TimeUnit.SECONDS)))
                    .hasCauseInstanceOf(org.apache.kafka.common.errors.RecordTooLargeException.class);
            assertThat(producer.send(new ProducerRecord<>(topic, 0, null, new byte[100])).get().offset()).isZero();
        }
    }

    @Test
    void outOfRangePositionIsResetAndReadCommittedConsumerReadsUpToHighWatermark() throws Exception {
        String topic = "reset";
        createTopic(admin, topic, 1);
        TopicPartition tp = new TopicPartition(topic, 0);
        try (KafkaProducer<byte[], byte[]> producer = producer(broker.bootstrapServers(), Map.of())) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(topic, 0, null, bytes("v" + i))).get();
            }
        }
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(broker.bootstrapServers(), Map.of(
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"))) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, 1_000);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (records.size() < 5 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }

            assertThat(records).extracting(ConsumerRecord::offset).containsExactly(0L, 1L, 2L, 3L, 4L);
            assertThat(consumer.position(tp)).isEqualTo(5);
        }
    }

    @Test
    void listOffsetsFindsBeginningEndAndTimestamps() throws Exception {
        String topic = "offsets";
        createTopic(admin, topic, 1);
        TopicPartition tp = new TopicPartition(topic, 0);
        long base = System.currentTimeMillis() - 60_000;
        try (KafkaProducer<byte[], byte[]> producer = producer(broker.bootstrapServers(), Map.of())) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(topic, 0, base + i * 1000L, null, bytes("v" + i))).get();
            }
        }
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(broker.bootstrapServers(), Map.of())) {
            assertThat(consumer.beginningOffsets(List.of(tp))).containsEntry(tp, 0L);
            assertThat(consumer.endOffsets(List.of(tp))).containsEntry(tp, 5L);
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(Map.of(tp, base + 2500));
            assertThat(found.get(tp).offset()).isEqualTo(3);
            assertThat(found.get(tp).timestamp()).isEqualTo(base + 3000);
            assertThat(consumer.offsetsForTimes(Map.of(tp, base + 10_000)).get(tp)).isNull();
        }
    }
}
