package io.skiff.broker.config;

import io.skiff.log.LogConfig;
import io.skiff.log.LogConfigs;
import java.util.HashMap;
import java.util.Map;

/**
 * The broker-wide defaults of topic configurations, as Kafka derives them from its {@code log.*}
 * keys (each topic key has a "server default property": {@code segment.bytes} from
 * {@code log.segment.bytes}, {@code retention.ms} from {@code log.retention.ms/minutes/hours}, ...).
 */
public final class TopicConfigDefaults {
    private TopicConfigDefaults() {}

    /** Topic-level key → value, for every topic key the broker configuration sets a default for. */
    public static Map<String, Object> fromBroker(BrokerConfig config) {
        Map<String, Object> m = new HashMap<>();
        m.put(LogConfigs.SEGMENT_BYTES, config.get(BrokerConfigs.LOG_SEGMENT_BYTES));
        m.put(LogConfigs.SEGMENT_MS, config.logRollMs());
        m.put(LogConfigs.SEGMENT_INDEX_BYTES, config.get(BrokerConfigs.LOG_INDEX_SIZE_MAX_BYTES));
        m.put(LogConfigs.INDEX_INTERVAL_BYTES, config.get(BrokerConfigs.LOG_INDEX_INTERVAL_BYTES));
        m.put(LogConfigs.RETENTION_MS, config.logRetentionMs());
        m.put(LogConfigs.RETENTION_BYTES, config.get(BrokerConfigs.LOG_RETENTION_BYTES));
        m.put(LogConfigs.CLEANUP_POLICY, String.join(",", config.get(BrokerConfigs.LOG_CLEANUP_POLICY)));
        m.put(LogConfigs.DELETE_RETENTION_MS, config.get(BrokerConfigs.LOG_CLEANER_DELETE_RETENTION_MS));
        m.put(LogConfigs.MIN_CLEANABLE_DIRTY_RATIO, config.get(BrokerConfigs.LOG_CLEANER_MIN_CLEANABLE_RATIO));
        m.put(LogConfigs.FLUSH_MESSAGES, config.get(BrokerConfigs.LOG_FLUSH_INTERVAL_MESSAGES));
        m.put(LogConfigs.FLUSH_MS, config.logFlushIntervalMs());
        m.put(LogConfigs.MESSAGE_TIMESTAMP_TYPE, config.get(BrokerConfigs.LOG_MESSAGE_TIMESTAMP_TYPE));
        m.put(LogConfigs.MAX_MESSAGE_BYTES, config.get(BrokerConfigs.MESSAGE_MAX_BYTES));
        return m;
    }

    public static LogConfig logConfig(BrokerConfig config) {
        return LogConfig.from(fromBroker(config));
    }
}
