package io.skiff.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka Streams, unchanged, on this broker: a word count with a repartition topic and a changelog-backed
 * state store (internal topics created by Streams through the admin API), run once, then run again from
 * an empty local state directory so its store is restored from the compacted changelog, and the counts
 * carry on where they were.
 */
class StreamsIT {
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void wordCountSurvivesLosingItsLocalStateByRestoringTheChangelog() throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(dir.resolve("broker"), Map.of());
                Admin admin = AdminIT.adminFor(broker)) {
            admin.createTopics(List.of(new NewTopic("lines", 3, (short) 1), new NewTopic("counts", 3, (short) 1)))
                    .all().get(60, TimeUnit.SECONDS);

            produce(broker, List.of("the quick brown fox", "jumps over the lazy dog", "The Dog barks"));
            Map<String, Long> expected = Map.of("the", 3L, "quick", 1L, "brown", 1L, "fox", 1L, "jumps", 1L,
                    "over", 1L, "lazy", 1L, "dog", 2L, "barks", 1L);
            try (KafkaStreams streams = wordCount(broker, dir.resolve("state-1"))) {
                streams.start();
                assertThat(awaitCounts(broker, expected)).containsAllEntriesOf(expected);
            }

            // A fresh state directory: the store must come back from the changelog, not from local files.
            produce(broker, List.of("the end"));
            try (KafkaStreams streams = wordCount(broker, dir.resolve("state-2"))) {
                streams.start();
                Map<String, Long> after = new HashMap<>(expected);
                after.put("the", 4L);
                after.put("end", 1L);
                assertThat(awaitCounts(broker, after)).containsAllEntriesOf(after);
            }

            assertThat(admin.listTopics().names().get(60, TimeUnit.SECONDS))
                    .contains("wordcount-counts-store-changelog", "wordcount-counts-store-repartition");
        }
    }

    private static KafkaStreams wordCount(BrokerProcess broker, Path stateDir) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("lines", Consumed.with(Serdes.String(), Serdes.String()))
                .flatMapValues(line -> Arrays.asList(line.toLowerCase(Locale.ROOT).split("\\s+")))
                .groupBy((key, word) -> word, Grouped.with(Serdes.String(), Serdes.String()))
                .count(Materialized.as("counts-store"))
                .toStream()
                .to("counts", Produced.with(Serdes.String(), Serdes.Long()));
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "wordcount");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // A closing Streams instance does not leave its group (as with Kafka), so the next one waits for the
        // old member's session to expire: keep that short (group.min.session.timeout.ms is 6 s).
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6000);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1000);
        return new KafkaStreams(builder.build(), p);
    }

    private static void produce(BrokerProcess broker, List<String> lines) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (String line : lines) {
                producer.send(new ProducerRecord<>("lines", line)).get(60, TimeUnit.SECONDS);
            }
        }
    }

    /** Reads "counts" from the start until the latest count per word equals {@code expected} (or time runs out). */
    private static Map<String, Long> awaitCounts(BrokerProcess broker, Map<String, Long> expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, LongDeserializer.class.getName());
        Map<String, Long> latest = new HashMap<>();
        try (KafkaConsumer<String, Long> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = List.of(
                    new TopicPartition("counts", 0),
                    new TopicPartition("counts", 1),
                    new TopicPartition("counts", 2));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (!latest.equals(expected) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, Long> r : consumer.poll(Duration.ofMillis(500))) {
                    latest.put(r.key(), r.value());
                }
            }
        }
        return latest;
    }
}
