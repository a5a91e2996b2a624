package io.skiff.broker.admin;

import io.skiff.broker.config.BrokerConfig;
import io.skiff.broker.config.BrokerConfigs;
import java.util.Map;

/**
 * What a topic gets when its creator does not say: {@code num.partitions} and
 * {@code default.replication.factor} for ordinary topics, and for the two internal topics the partition
 * count, replication factor and configs of their own broker keys (compacted, as their coordinators need).
 * Immutable.
 */
public record TopicDefaults(
        int numPartitions,
        short replicationFactor,
        int offsetsPartitions,
        short offsetsReplicationFactor,
        int offsetsSegmentBytes,
        int transactionPartitions,
        short transactionReplicationFactor,
        int transactionMinIsr) {

    public static TopicDefaults from(BrokerConfig config) {
        return new TopicDefaults(
                config.get(BrokerConfigs.NUM_PARTITIONS),
                config.get(BrokerConfigs.DEFAULT_REPLICATION_FACTOR).shortValue(),
                config.get(BrokerConfigs.OFFSETS_TOPIC_NUM_PARTITIONS),
                config.get(BrokerConfigs.OFFSETS_TOPIC_REPLICATION_FACTOR),
                config.get(BrokerConfigs.OFFSETS_TOPIC_SEGMENT_BYTES),
                config.get(BrokerConfigs.TRANSACTION_STATE_LOG_NUM_PARTITIONS),
                config.get(BrokerConfigs.TRANSACTION_STATE_LOG_REPLICATION_FACTOR),
                config.get(BrokerConfigs.TRANSACTION_STATE_LOG_MIN_ISR));
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
