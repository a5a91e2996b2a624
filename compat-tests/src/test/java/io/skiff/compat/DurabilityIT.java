package io.skiff.compat;

import static io.skiff.compat.ProduceFetchIT.bytes;
import static io.skiff.compat.ProduceFetchIT.consumeAll;
import static io.skiff.compat.ProduceFetchIT.consumer;
import static io.skiff.compat.ProduceFetchIT.createTopic;
import static io.skiff.compat.ProduceFetchIT.producer;
import static io.skiff.compat.ProduceFetchIT.string;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the broker acknowledged survives: a clean restart, a {@code kill -9} with
 * {@code log.flush.interval.messages=1}, and an idempotent producer retrying across a crash
 * (no duplicates). Each test runs its own broker process.
 */
class DurabilityIT {

    private static void create(BrokerProcess broker, String topic, int partitions) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            createTopic(admin, topic, partitions);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void cleanRestartKeepsEveryRecord(@TempDir Path dir) throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(dir, Map.of())) {
            create(broker, "restart", 2);
            int n = 2_000;
            try (KafkaProducer<byte[], byte[]> producer = producer(broker.bootstrapServers(), Map.of())) {
                for (int i = 0; i < n; i++) {
                    producer.send(new ProducerRecord<>("restart", i % 2, null, bytes(Integer.toString(i))));
                }
                producer.flush();
            }
            assertThat(broker.stop()).isIn(0, 143);
            broker.restart();

            List<TopicPartition> tps = List.of(new TopicPartition("restart", 0), new TopicPartition("restart", 1));
            try (KafkaConsumer<byte[], byte[]> consumer = consumer(broker.bootstrapServers(), Map.of())) {
                List<ConsumerRecord<byte[], byte[]>> records = consumeAll(consumer, tps, n);
                assertThat(records).hasSize(n);
                assertThat(records.stream().map(r -> Integer.parseInt(string(r.value()))).distinct().count()).isEqualTo(n);
                assertThat(consumer.endOffsets(tps)).containsEntry(tps.get(0), (long) n / 2).containsEntry(tps.get(1), (long) n / 2);
            }
        }
    }

    @Test
    void killNineWithFlushPerMessageKeepsEveryAcknowledgedRecord(@TempDir Path dir) throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(dir, Map.of("log.flush.interval.messages", "1"))) {
            create(broker, "crash", 1);
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            CountDownLatch enough = new CountDownLatch(300);
            AtomicBoolean stop = new AtomicBoolean();
            Thread sender = new Thread(() -> {
                try (KafkaProducer<byte[], byte[]> producer = producer(broker.bootstrapServers(),
                        Map.of(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5_000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000))) {
                    for (int i = 0; !stop.get(); i++) {
                        String v = Integer.toString(i);
                        try {
                            producer.send(new ProducerRecord<>("crash", 0, null, bytes(v))).get();
                            acknowledged.add(v);
                            enough.countDown();
                        } catch (Exception e) {
                            break; // the broker died: this record was not acknowledged
                        }
                    }
                    producer.close(Duration.ZERO);
                }
            }, "crash-producer");
            sender.start();
            assertThat(enough.await(60, TimeUnit.SECONDS)).isTrue();
            broker.kill();
            stop.set(true);
            sender.join(30_000);
            Set<String> acked = Set.copyOf(acknowledged);
            broker.restart();

            try (KafkaConsumer<byte[], byte[]> consumer = consumer(broker.bootstrapServers(), Map.of())) {
                TopicPartition tp = new TopicPartition("crash", 0);
                long end = consumer.endOffsets(List.of(tp)).get(tp);
                List<ConsumerRecord<byte[], byte[]>> records = consumeAll(consumer, List.of(tp), (int) end);
                Set<String> stored = ConcurrentHashMap.newKeySet();
                records.forEach(r -> stored.add(string(r.value())));
                assertThat(acked).hasSizeGreaterThanOrEqualTo(300);
                assertThat(stored).containsAll(acked);
            }
        }
    }

    @Test
    void idempotentProducerRetriesAcrossRestartWithoutDuplicates(@TempDir Path dir) throws Exception {
        int port = freePort();
        try (BrokerProcess broker = BrokerProcess.start(dir, Map.of("listeners", "PLAINTEXT://127.0.0.1:" + port))) {
            create(broker, "idem", 1);
            int n = 400;
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            try (KafkaProducer<byte[], byte[]> producer = producer(broker.bootstrapServers(),
                    Map.of(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000, ProducerConfig.LINGER_MS_CONFIG, 5,
                            ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500))) {
                for (int i = 0; i < n; i++) {
                    sent.add(producer.send(new ProducerRecord<>("idem", 0, null, bytes(Integer.toString(i)))));
                    if (i == n / 2) {
                        sent.get(i - 50).get(60, TimeUnit.SECONDS);
                        broker.kill();
                        broker.restart();
                    }
                    if (i % 20 == 0) {
                        Thread.sleep(5);
                    }
                }
                for (Future<RecordMetadata> f : sent) {
                    f.get(120, TimeUnit.SECONDS);
                }
            }

            try (KafkaConsumer<byte[], byte[]> consumer = consumer(broker.bootstrapServers(), Map.of())) {
                TopicPartition tp = new TopicPartition("idem", 0);
                List<ConsumerRecord<byte[], byte[]>> records = consumeAll(consumer, List.of(tp), n);
                assertThat(consumer.endOffsets(List.of(tp))).containsEntry(tp, (long) n);
                assertThat(records).extracting(r -> Integer.parseInt(string(r.value())))
                        .containsExactlyElementsOf(java.util.stream.IntStream.range(0, n).boxed().toList());
            }
        }
    }
}
