package io.skiff.compat;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * One stock Java consumer in a group, polled on its own thread the way an application does it: each record
 * is processed (reported to {@link Events}), and the batch's offsets are committed synchronously after
 * processing. A commit refused because a rebalance is under way is kept and committed after the next poll,
 * or in {@code onPartitionsRevoked} for the partitions being given up, so no processed record is left
 * uncommitted by a clean membership change. {@link #stopCommitting()} turns commits off (a member that
 * keeps processing but whose commits never land, until it crashes).
 *
 * <p>Thread-safety: the consumer is touched only by the worker's thread; {@link #stop()} asks the loop to end
 * after its current poll (at most 100 ms) and the thread closes the consumer.
 */
final class GroupWorker implements AutoCloseable {
    /** What the worker reports, on its own thread. */
    interface Events {
        void record(int partition, long offset, String value);

        /** After a rebalance: the generation, the whole assignment and, for each partition just added, the
         * group's committed offset when it was assigned (-1: none committed). */
        void assigned(int generation, Set<Integer> assignment, Map<Integer, Long> committedForAdded);

        void revoked(int generation, Set<Integer> revoked);

        void lost(Set<Integer> lost);

        void committed(Map<Integer, Long> offsets);
    }

    private static final Duration POLL = Duration.ofMillis(100);

    private final String topic;
    private final Properties properties;
    private final Events events;
    private final Thread thread;
    private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();
    private volatile boolean running = true;
    private volatile boolean commits = true;
    private volatile Set<Integer> assignment = Set.of();
    private volatile Throwable failure;
    private KafkaConsumer<String, String> consumer;

    GroupWorker(String name, String topic, Properties properties, Events events) {
        this.topic = topic;
        this.properties = properties;
        this.events = events;
        this.thread = new Thread(this::run, "group-worker-" + name);
    }

    /** A classic-protocol consumer with manual commits and short session timeouts, for tests. */
    static Properties properties(String bootstrap, String group, String clientId) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "3000");
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "500");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "50");
        return p;
    }

    GroupWorker start() {
        thread.start();
        return this;
    }

    Set<Integer> assignment() {
        return assignment;
    }

    /** The exception that ended the worker's thread, if any. */
    Throwable failure() {
        return failure;
    }

    void stopCommitting() {
        commits = false;
    }

    /** Leaves the group cleanly (the consumer's close sends LeaveGroup) and waits for the thread. */
    void stop() throws InterruptedException {
        running = false;
        thread.join(60_000);
        if (thread.isAlive()) {
            throw new AssertionError(thread.getName() + " did not stop");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (thread.isAlive()) {
            stop();
        }
    }

    private void run() {
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(properties, new StringDeserializer(),
                new StringDeserializer())) {
            consumer = c;
            c.subscribe(List.of(topic), new Listener());
            while (running) {
                ConsumerRecords<String, String> records = c.poll(POLL);
                for (ConsumerRecord<String, String> r : records) {
                    events.record(r.partition(), r.offset(), r.value());
                    uncommitted.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                }
                commitOwned();
            }
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        }
    }

    /** Commits what was processed on partitions still owned; a refused commit stays pending. */
    private void commitOwned() {
        if (!commits || uncommitted.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> owned = new HashMap<>(uncommitted);
        owned.keySet().retainAll(consumer.assignment());
        uncommitted.keySet().retainAll(consumer.assignment());
        if (owned.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(owned);
            owned.keySet().forEach(uncommitted::remove);
            events.committed(partitions(owned));
        } catch (RebalanceInProgressException e) {
            // Kept: committed after the next poll, or on revocation.
        }
    }

    private static Map<Integer, Long> partitions(Map<TopicPartition, OffsetAndMetadata> offsets) {
        return offsets.entrySet().stream().collect(Collectors.toMap(e -> e.getKey().partition(),
                e -> e.getValue().offset()));
    }

    private static Set<Integer> partitions(Collection<TopicPartition> tps) {
        return tps.stream().map(TopicPartition::partition).collect(Collectors.toCollection(TreeSet::new));
    }

    private final class Listener implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            if (commits) {
                Map<TopicPartition, OffsetAndMetadata> giving = new HashMap<>(uncommitted);
                giving.keySet().retainAll(revoked);
                if (!giving.isEmpty()) {
                    consumer.commitSync(giving);
                    events.committed(partitions(giving));
                }
            }
            uncommitted.keySet().removeAll(revoked);
            assignment = partitions(consumer.assignment().stream().filter(tp -> !revoked.contains(tp)).toList());
            events.revoked(consumer.groupMetadata().generationId(), partitions(revoked));
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> added) {
            Map<Integer, Long> committed = new HashMap<>();
            if (!added.isEmpty()) {
                Map<TopicPartition, OffsetAndMetadata> fetched = consumer.committed(Set.copyOf(added));
                for (TopicPartition tp : added) {
                    OffsetAndMetadata o = fetched.get(tp);
                    committed.put(tp.partition(), o == null ? -1L : o.offset());
                }
            }
            assignment = partitions(consumer.assignment());
            events.assigned(consumer.groupMetadata().generationId(), assignment, committed);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            uncommitted.keySet().removeAll(lost);
            assignment = Set.of();
            events.lost(partitions(lost));
        }
    }
}
