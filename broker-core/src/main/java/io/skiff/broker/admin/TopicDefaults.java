package io.skiff.broker.admin;

import io.skiff.broker.config.BrokerConfig;
import io.skiff.broker.config.BrokerConfigs;
import io.skiff.broker.config.TopicConfigDefaults;
import java.util.Map;

/**
 * What a topic gets when its creator does not say: {@code num.partitions} and
 * {@code default.replication.factor} for ordinary topics, and for the two internal topics the partition
 * count, replication factor and configs of their own broker keys (compacted, as their coordinators need);
 * and the topic-level config values a topic without overrides has ({@code topicConfigs}, derived from the
 * broker's {@code log.*} keys as Kafka derives them). Immutable.
 */
public record TopicDefaults(
        int numPartitions,
        short replicationFactor,
        int offsetsPartitions,
        short offsetsReplicationFactor,
        int offsetsSegmentBytes,
        int transactionPartitions,
        short transactionReplicationFactor,
        int transactionMinIsr,
        Map<String, String> topicConfigs) {

    public TopicDefaults {
        topicConfigs = Map.copyOf(topicConfigs);
    }

    /** Kafka's stock defaults for the topic configs (tests, and brokers with no {@code log.*} overrides). */
    public static TopicDefaults of(
            int numPartitions, short replicationFactor, int offsetsPartitions, int transactionPartitions) {
        return new TopicDefaults(numPartitions, replicationFactor, offsetsPartitions, (short) 1, 104857600,
                transactionPartitions, (short) 1, 1, TopicConfigValidator.kafkaDefaults());
    }

    public static TopicDefaults from(BrokerConfig config) {
        return new TopicDefaults(
                config.get(BrokerConfigs.NUM_PARTITIONS),
                config.get(BrokerConfigs.DEFAULT_REPLICATION_FACTOR).shortValue(),
                config.get(BrokerConfigs.OFFSETS_TOPIC_NUM_PARTITIONS),
                config.get(BrokerConfigs.OFFSETS_TOPIC_REPLICATION_FACTOR),
                config.get(BrokerConfigs.OFFSETS_TOPIC_SEGMENT_BYTES),
                config.get(BrokerConfigs.TRANSACTION_STATE_LOG_NUM_PARTITIONS),
                config.get(BrokerConfigs.TRANSACTION_STATE_LOG_REPLICATION_FACTOR),
                config.get(BrokerConfigs.TRANSACTION_STATE_LOG_MIN_ISR),
                topicConfigs(config));
    }

    /** The topic-level defaults this broker's {@code log.*} and related keys imply. */
    private static Map<String, String> topicConfigs(BrokerConfig config) {
        return TopicConfigDefaults.fromBroker(config);
    }

    /** The creation request for an auto-created topic: the defaults, or an internal topic's own settings. */
    public TopicCreator.Request autoCreateRequest(String topic) {
        if (topic.equals(TopicNames.GROUP_METADATA_TOPIC)) {
            return TopicCreator.Request.of(topic, offsetsPartitions, offsetsReplicationFactor, Map.of(
                    "cleanup.policy", "compact",
                    "compression.type", "producer",
                    "segment.bytes", Integer.toString(offsetsSegmentBytes)));
        }
        if (topic.equals(TopicNames.TRANSACTION_STATE_TOPIC)) {
            return TopicCreator.Request.of(topic, transactionPartitions, transactionReplicationFactor, Map.of(
                    "cleanup.policy", "compact",
                    "compression.type", "uncompressed",
                    "min.insync.replicas", Integer.toString(transactionMinIsr),
                    "unclean.leader.election.enable", "false"));
        }
        return TopicCreator.Request.of(topic, numPartitions, replicationFactor, Map.of());
    }
}
