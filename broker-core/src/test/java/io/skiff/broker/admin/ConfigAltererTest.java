package io.skiff.broker.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.broker.admin.ConfigAlterer.Change;
import io.skiff.broker.admin.ConfigAlterer.Op;
import io.skiff.broker.config.BrokerConfig;
import io.skiff.broker.config.DynamicBrokerConfig;
import io.skiff.replication.zk.ClusterSnapshot;
import io.skiff.replication.zk.TopicAssignment;
import io.skiff.wire.protocol.ApiException;
import io.skiff.wire.protocol.Errors;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ConfigAltererTest {
    private final InMemoryConfigStore store = new InMemoryConfigStore();
    private final TopicConfigs topics = new TopicConfigs(store,
            new DynamicBrokerConfig(new BrokerConfig(Map.of("broker.id", "0"))), 0);
    private final ClusterSnapshot cluster = new ClusterSnapshot(Map.of(),
            Map.of("t", TopicAssignment.of("t", UUID.randomUUID(), Map.of(0, List.of(0)))), Map.of(), OptionalInt.empty());
    private final ConfigAlterer alterer = new ConfigAlterer(topics, store, () -> cluster, 0);

    private static List<Change> changes(Change... c) {
        return Arrays.asList(c);
    }

    private Map<String, String> topicOverrides() {
        return store.configs.getOrDefault("topics/t", Map.of());
    }

    @Test
    void incrementalSetAndDeleteChangeOnlyTheirKeys() {
        alterer.alter(ConfigAlterer.TOPIC, "t", changes(new Change("retention.ms", Op.SET, "1000"),
                new Change("segment.ms", Op.SET, "5000")), true, false);
        alterer.alter(ConfigAlterer.TOPIC, "t", changes(new Change("segment.ms", Op.DELETE, null)), true, false);

        assertThat(topicOverrides()).containsExactly(Map.entry("retention.ms", "1000"));
        assertThat(topics.logConfig("t").retentionMs()).isEqualTo(1000);
    }

    @Test
    void legacyAlterReplacesTheWholeOverrideSet() {
        alterer.alter(ConfigAlterer.TOPIC, "t", changes(new Change("retention.ms", Op.SET, "1000")), true, false);
        alterer.alter(ConfigAlterer.TOPIC, "t", changes(new Change("cleanup.policy", Op.SET, "compact")), false, false);

        assertThat(topicOverrides()).containsExactly(Map.entry("cleanup.policy", "compact"));
    }

    @Test
    void appendAndSubtractWorkOnListsStartingFromTheDefault() {
        alterer.alter(ConfigAlterer.TOPIC, "t", changes(new Change("cleanup.policy", Op.APPEND, "compact")), true, false);
        assertThat(topicOverrides()).containsEntry("cleanup.policy", "delete,compact");

        alterer.alter(ConfigAlterer.TOPIC, "t", changes(new Change("cleanup.policy", Op.SUBTRACT, "delete")), true, false);
        assertThat(topicOverrides()).containsEntry("cleanup.policy", "compact");
        assertThat(topics.logConfig("t").compact()).isTrue();
        assertThat(topics.logConfig("t").delete()).isFalse();
    }

    @Test
    void appendToANonListKeyIsInvalidConfig() {
        assertError(() -> alterer.alter(ConfigAlterer.TOPIC, "t", changes(new Change("retention.ms", Op.APPEND, "1")),
                true, false), Errors.INVALID_CONFIG, "Can't APPEND to key retention.ms because its type is not LIST.");
    }

    @Test
    void invalidValuesAndUnknownKeysChangeNothing() {
        alterer.alter(ConfigAlterer.TOPIC, "t", changes(new Change("retention.ms", Op.SET, "1000")), true, false);
        int writes = store.writes.get();

        assertError(() -> alterer.alter(ConfigAlterer.TOPIC, "t", changes(new Change("retention.ms", Op.SET, "soon")),
                true, false), Errors.INVALID_CONFIG, "Invalid value soon for configuration retention.ms");
        assertError(() -> alterer.alter(ConfigAlterer.TOPIC, "t", changes(new Change("retention.msec", Op.SET, "1")),
                true, false), Errors.INVALID_CONFIG, "Unknown topic config name: retention.msec");
        assertError(() -> alterer.alter(ConfigAlterer.TOPIC, "t", changes(new Change("segment.bytes", Op.SET, "1024")),
                true, false), Errors.INVALID_CONFIG, "Value must be at least 1048576");

        assertThat(store.writes.get()).isEqualTo(writes);
        assertThat(topicOverrides()).containsExactly(Map.entry("retention.ms", "1000"));
    }

    @Test
    void requestLevelMistakesAreInvalidRequests() {
        assertError(() -> alterer.alter(ConfigAlterer.TOPIC, "t", changes(new Change("retention.ms", Op.SET, "1"),
                new Change("retention.ms", Op.SET, "2")), true, false), Errors.INVALID_REQUEST,
                "Error due to duplicate config keys");
        assertError(() -> alterer.alter(ConfigAlterer.TOPIC, "t", changes(new Change("retention.ms", Op.SET, null)),
                true, false), Errors.INVALID_REQUEST, "Null value not supported for : retention.ms");
        assertError(() -> alterer.alter((byte) 99, "x", changes(), true, false), Errors.INVALID_REQUEST,
                "Unknown resource type 99");
    }

    @Test
    void unknownAndInvalidTopicsGetTheirErrors() {
        assertError(() -> alterer.alter(ConfigAlterer.TOPIC, "missing", changes(new Change("retention.ms", Op.SET, "1")),
                true, false), Errors.UNKNOWN_TOPIC_OR_PARTITION, "The topic 'missing' does not exist.");
        assertError(() -> alterer.alter(ConfigAlterer.TOPIC, "bad/name", changes(), true, false),
                Errors.INVALID_TOPIC_EXCEPTION, "bad/name");
    }

    @Test
    void validateOnlyWritesNothing() {
        alterer.alter(ConfigAlterer.TOPIC, "t", changes(new Change("retention.ms", Op.SET, "1000")), true, true);

        assertThat(store.writes.get()).isZero();
        assertThat(topics.logConfig("t").retentionMs()).isEqualTo(7L * 24 * 3600 * 1000);
    }

    @Test
    void brokerDefaultChangesEveryTopicWithoutAnOverride() {
        alterer.alter(ConfigAlterer.BROKER, "", changes(new Change("log.retention.ms", Op.SET, "5000")), true, false);

        assertThat(store.configs).containsKey("brokers/<default>");
        assertThat(topics.logConfig("t").retentionMs()).isEqualTo(5000);
        assertThat(topics.broker().clusterDefault()).containsEntry("log.retention.ms", "5000");

        alterer.alter(ConfigAlterer.BROKER, "0", changes(new Change("log.retention.ms", Op.SET, "7000")), true, false);
        assertThat(topics.logConfig("t").retentionMs()).as("this broker's own value wins").isEqualTo(7000);
    }

    @Test
    void brokerKeysThatCannotChangeAtRuntimeAreRefusedWithKafkasMessage() {
        assertError(() -> alterer.alter(ConfigAlterer.BROKER, "0", changes(new Change("log.dirs", Op.SET, "/tmp/x")),
                true, false), Errors.INVALID_REQUEST, "Cannot update these configs dynamically: Set(log.dirs)");
        assertError(() -> alterer.alter(ConfigAlterer.BROKER, "", changes(new Change("log.retention.ms", Op.SET, "x")),
                true, false), Errors.INVALID_REQUEST, "Invalid value x for configuration log.retention.ms");
        assertError(() -> alterer.alter(ConfigAlterer.BROKER, "7", changes(), true, false), Errors.INVALID_REQUEST,
                "Unexpected broker id, expected 0, but received 7");
        assertError(() -> alterer.alter(ConfigAlterer.BROKER, "me", changes(), true, false), Errors.INVALID_REQUEST,
                "Node id must be an integer, but it is: me");
        assertThat(store.writes.get()).isZero();
    }

    @Test
    void threadCountsChangeWithinKafkasHalfToDoubleBoundsAndReachTheListeners() {
        List<Integer> ioThreads = new java.util.ArrayList<>();
        topics.broker().onChange(c -> ioThreads.add(c.get(io.skiff.broker.config.BrokerConfigs.NUM_IO_THREADS)));

        alterer.alter(ConfigAlterer.BROKER, "0", changes(new Change("num.io.threads", Op.SET, "16")), true, false);
        assertThat(topics.broker().current().get(io.skiff.broker.config.BrokerConfigs.NUM_IO_THREADS)).isEqualTo(16);
        assertThat(ioThreads).containsExactly(16);

        assertError(() -> alterer.alter(ConfigAlterer.BROKER, "0", changes(new Change("num.io.threads", Op.SET, "33")),
                true, false), Errors.INVALID_REQUEST, "Dynamic thread count update validation failed for "
                + "num.io.threads=33, value should not be greater than double the current value 16");
        assertError(() -> alterer.alter(ConfigAlterer.BROKER, "", changes(new Change("background.threads", Op.SET, "4")),
                true, false), Errors.INVALID_REQUEST, "Dynamic thread count update validation failed for "
                + "background.threads=4, value should be at least half the current value 10");
        assertError(() -> alterer.alter(ConfigAlterer.BROKER, "0", changes(new Change("num.io.threads", Op.SET, "0")),
                true, false), Errors.INVALID_REQUEST, "num.io.threads");
        assertThat(ioThreads).as("refusals change nothing").containsExactly(16);

        alterer.alter(ConfigAlterer.BROKER, "0", changes(new Change("num.io.threads", Op.DELETE, null)), true, false);
        assertThat(ioThreads).as("deleting the override restores the static value").containsExactly(16, 8);
        assertError(() -> alterer.alter(ConfigAlterer.BROKER, "0", changes(new Change("num.network.threads", Op.SET, "4")),
                true, false), Errors.INVALID_REQUEST, "Cannot update these configs dynamically: Set(num.network.threads)");
    }

    @Test
    void aTopicCreatedAgainUnderTheSameNameStartsFromItsOwnOverrides() {
        UUID first = UUID.randomUUID();
        topics.onTopics(Map.of("t", first));
        store.configs.put("topics/t", Map.of("retention.ms", "1000"));
        assertThat(topics.logConfig("t").retentionMs()).isEqualTo(1000);

        // Deleted and created again with other overrides, seen in one cluster view: only the id changed.
        store.configs.put("topics/t", Map.of("retention.ms", "2000"));
        topics.onTopics(Map.of("t", first));
        assertThat(topics.logConfig("t").retentionMs()).as("same topic, cached").isEqualTo(1000);
        topics.onTopics(Map.of("t", UUID.randomUUID()));
        assertThat(topics.logConfig("t").retentionMs()).isEqualTo(2000);

        topics.onTopics(Map.of());
        store.configs.remove("topics/t");
        assertThat(topics.logConfig("t").retentionMs()).as("gone: read again").isEqualTo(7L * 24 * 3600 * 1000);
    }

    private static void assertError(Runnable call, Errors error, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.error()).isEqualTo(error);
            assertThat(e.getMessage()).contains(message);
        });
    }
}
