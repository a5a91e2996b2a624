package io.skiff.compat.clients;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The stock Java client (this test JVM's kafka-clients 4.x), in process, as one more row of the client matrix. */
public final class JavaClient implements KafkaClient {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Override
    public String name() {
        return "java";
    }

    @Override
    public String toString() {
        return name();
    }

    @Override
    public void requireInstalled() {
        // On the test classpath.
    }

    @Override
    public List<String> codecs() {
        return List.of("none", "gzip", "snappy", "lz4", "zstd");
    }

    @Override
    public boolean hasAdmin() {
        return true;
    }

    @Override
    public void createTopic(String bootstrap, String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(60, TimeUnit.SECONDS);
        }
    }

    @Override
    public void produce(String bootstrap, String topic, int partition, String codec, List<ClientRecord> records)
            throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, codec);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "50");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (ClientRecord r : records) {
                List<Header> headers = new ArrayList<>();
                for (ClientRecord.Header h : r.headers()) {
                    headers.add(new RecordHeader(h.name(), ClientRecord.bytes(h.value())));
                }
                sent.add(producer.send(new ProducerRecord<>(topic, partition, r.keyBytes(), r.valueBytes(), headers)));
            }
            for (var f : sent) {
                f.get(60, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public List<ClientRecord> consume(String bootstrap, String topic, List<Integer> partitions, int count) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, null)) {
            List<TopicPartition> tps = partitions.stream().map(p -> new TopicPartition(topic, p)).toList();
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            return poll(consumer, count, r -> { });
        }
    }

    @Override
    public GroupRun groupConsume(String bootstrap, String topic, String group, int count) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, group)) {
            consumer.subscribe(List.of(topic));
            Map<Integer, Long> committed = new HashMap<>();
            List<ClientRecord> records = poll(consumer, count, r -> {
                consumer.commitSync(Map.of(new TopicPartition(r.topic(), r.partition()),
                        new OffsetAndMetadata(r.offset() + 1)));
                committed.put(r.partition(), r.offset() + 1);
            });
            return new GroupRun(records, committed);
        }
    }

    private static List<ClientRecord> poll(KafkaConsumer<byte[], byte[]> consumer, int count,
                                           java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> after) {
        List<ClientRecord> out = new ArrayList<>();
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (out.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("java consumer: " + out.size() + " of " + count + " records within " + DEADLINE);
            }
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                List<ClientRecord.Header> headers = new ArrayList<>();
                for (Header h : r.headers()) {
                    headers.add(ClientRecord.Header.of(h.key(), h.value()));
                }
                out.add(new ClientRecord(r.partition(), r.offset(), ClientRecord.hex(r.key()), ClientRecord.hex(r.value()),
                        headers));
                after.accept(r);
            }
        }
        return out;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, String group) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        if (group != null) {
            p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
            p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
            p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
        }
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
