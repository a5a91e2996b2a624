package io.skiff.broker.coordinator.group;

import io.skiff.broker.config.BrokerConfig;
import io.skiff.broker.config.BrokerConfigs;

/**
 * The broker settings the group coordinator obeys. Immutable.
 *
 * @param minSessionTimeoutMs {@code group.min.session.timeout.ms}
 * @param maxSessionTimeoutMs {@code group.max.session.timeout.ms}
 * @param initialRebalanceDelayMs {@code group.initial.rebalance.delay.ms}
 * @param maxSize {@code group.max.size}
 * @param offsetsPartitions {@code offsets.topic.num.partitions}
 * @param offsetMetadataMaxBytes {@code offset.metadata.max.bytes}
 */
public record GroupConfig(int minSessionTimeoutMs, int maxSessionTimeoutMs, int initialRebalanceDelayMs, int maxSize,
                          int offsetsPartitions, int offsetMetadataMaxBytes) {

    public static GroupConfig from(BrokerConfig config) {
        return new GroupConfig(
                config.get(BrokerConfigs.GROUP_MIN_SESSION_TIMEOUT_MS),
                config.get(BrokerConfigs.GROUP_MAX_SESSION_TIMEOUT_MS),
                config.get(BrokerConfigs.GROUP_INITIAL_REBALANCE_DELAY_MS),
                config.get(BrokerConfigs.GROUP_MAX_SIZE),
                config.get(BrokerConfigs.OFFSETS_TOPIC_NUM_PARTITIONS),
                config.get(BrokerConfigs.OFFSET_METADATA_MAX_BYTES));
    }

    /** The {@code __consumer_offsets} partition of {@code groupId}: Kafka's {@code Utils.abs(hashCode) % n}. */
    public int partitionFor(String groupId) {
        int h = groupId.hashCode();
        return (h == Integer.MIN_VALUE ? 0 : Math.abs(h)) % offsetsPartitions;
    }
}
