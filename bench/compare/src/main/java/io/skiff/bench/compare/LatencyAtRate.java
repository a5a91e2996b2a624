package io.skiff.bench.compare;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * End-to-end latency at a fixed rate: {@code java LatencyAtRate <bootstrap> <topic> <records/s> <seconds>
 * <warmup seconds> <record bytes>}. Kafka's {@code kafka-e2e-latency} (EndToEndLatency) cannot do this: it
 * sends one record, waits for the ack, polls it back and only then sends the next, so its rate is one over its
 * latency. Here a producer thread paces sends to the rate (parked between sends, never spinning: the load
 * generator shares the cores with the broker) and stamps each value with {@code System.nanoTime()}; a consumer
 * thread, assigned partition 0 at its end before the first send, takes the difference on receipt. Producer
 * settings follow EndToEndLatency ({@code linger.ms=0}, {@code acks=1}); the consumer keeps the client's defaults
 * (a long-poll fetch with {@code fetch.min.bytes=1}). Records of the warm-up seconds are not counted.
 *
 * <p>Prints one line {@code RESULT sent=.. received=.. rate=.. p50=.. p99=.. p999=.. max=..} (milliseconds).
 */
public final class LatencyAtRate {
    private LatencyAtRate() {}

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String topic = args[1];
        int rate = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        int warmupSeconds = Integer.parseInt(args[4]);
        int recordBytes = Integer.parseInt(args[5]);
        int warmup = rate * warmupSeconds;
        int total = warmup + rate * seconds;
        long[] latencyNanos = new long[total];
        AtomicInteger received = new AtomicInteger();
        CountDownLatch ready = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);

        Map<String, Object> consumerProps = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        Thread consumerThread = new Thread(() -> {
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps)) {
                TopicPartition tp = new TopicPartition(topic, 0);
                consumer.assign(List.of(tp));
                consumer.seekToEnd(List.of(tp));
                consumer.position(tp);
                ready.countDown();
                long deadline = Long.MAX_VALUE;
                while (received.get() < total && System.nanoTime() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        long now = System.nanoTime();
                        ByteBuffer value = ByteBuffer.wrap(r.value());
                        int seq = value.getInt();
                        latencyNanos[seq] = now - value.getLong();
                        received.incrementAndGet();
                    }
                    if (done.getCount() == 0 && deadline == Long.MAX_VALUE) {
                        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    }
                }
            }
        }, "latency-consumer");
        consumerThread.start();
        if (!ready.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("The consumer did not get its position within 60 s");
        }

        Map<String, Object> producerProps = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.LINGER_MS_CONFIG, "0",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        long period = 1_000_000_000L / rate;
        long measuredStart;
        long end;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps)) {
            producer.partitionsFor(topic); // metadata before the clock starts
            long start = System.nanoTime();
            measuredStart = start + warmup * period;
            for (int i = 0; i < total; i++) {
                long due = start + i * period;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                byte[] value = new byte[recordBytes];
                ByteBuffer.wrap(value).putInt(i).putLong(System.nanoTime());
                producer.send(new ProducerRecord<>(topic, 0, null, value));
            }
            producer.flush();
            end = System.nanoTime();
        }
        done.countDown();
        consumerThread.join();

        long[] measured = Arrays.copyOfRange(latencyNanos, warmup, total);
        Arrays.sort(measured);
        double achieved = (total - warmup) / ((end - measuredStart) / 1e9);
        System.out.printf("RESULT sent=%d received=%d rate=%.1f p50=%.3f p99=%.3f p999=%.3f max=%.3f%n",
                total, received.get(), achieved, pct(measured, 0.50), pct(measured, 0.99), pct(measured, 0.999),
                measured[measured.length - 1] / 1e6);
    }

    private static double pct(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }
}
