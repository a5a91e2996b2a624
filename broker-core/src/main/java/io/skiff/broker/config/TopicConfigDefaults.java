package io.skiff.broker.config;

import io.skiff.log.LogConfig;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The broker-wide defaults of topic configurations, as Kafka derives them from its broker keys (each
 * topic key has a "server default property": {@code segment.bytes} from {@code log.segment.bytes},
 * {@code retention.ms} from {@code log.retention.ms/minutes/hours}, ...; see {@link ConfigSynonyms}).
 * Applied to the effective broker configuration (static plus dynamic), so a dynamic change of a
 * {@code log.*} default reaches every topic that does not override it.
 */
public final class TopicConfigDefaults {
    private TopicConfigDefaults() {}

    /** Every topic-level key Kafka 4 defines, with the value a topic without overrides has on this broker. */
    public static Map<String, String> fromBroker(BrokerConfig config) {
        Map<String, String> m = new TreeMap<>();
        m.put("cleanup.policy", String.join(",", config.get(BrokerConfigs.LOG_CLEANUP_POLICY)));
        m.put("compression.type", config.get(BrokerConfigs.COMPRESSION_TYPE));
        m.put("compression.gzip.level", str(config.get(BrokerConfigs.COMPRESSION_GZIP_LEVEL)));
        m.put("compression.lz4.level", str(config.get(BrokerConfigs.COMPRESSION_LZ4_LEVEL)));
        m.put("compression.zstd.level", str(config.get(BrokerConfigs.COMPRESSION_ZSTD_LEVEL)));
        m.put("delete.retention.ms", str(config.get(BrokerConfigs.LOG_CLEANER_DELETE_RETENTION_MS)));
        m.put("file.delete.delay.ms", str(config.get(BrokerConfigs.LOG_SEGMENT_DELETE_DELAY_MS)));
        m.put("flush.messages", str(config.get(BrokerConfigs.LOG_FLUSH_INTERVAL_MESSAGES)));
        m.put("flush.ms", str(config.logFlushIntervalMs()));
        m.put("follower.replication.throttled.replicas", "");
        m.put("index.interval.bytes", str(config.get(BrokerConfigs.LOG_INDEX_INTERVAL_BYTES)));
        m.put("leader.replication.throttled.replicas", "");
        m.put("local.retention.bytes", str(config.get(BrokerConfigs.LOG_LOCAL_RETENTION_BYTES)));
        m.put("local.retention.ms", str(config.get(BrokerConfigs.LOG_LOCAL_RETENTION_MS)));
        m.put("max.compaction.lag.ms", str(config.get(BrokerConfigs.LOG_CLEANER_MAX_COMPACTION_LAG_MS)));
        m.put("max.message.bytes", str(config.get(BrokerConfigs.MESSAGE_MAX_BYTES)));
        m.put("message.timestamp.after.max.ms", str(config.get(BrokerConfigs.LOG_MESSAGE_TIMESTAMP_AFTER_MAX_MS)));
        m.put("message.timestamp.before.max.ms", str(config.get(BrokerConfigs.LOG_MESSAGE_TIMESTAMP_BEFORE_MAX_MS)));
        m.put("message.timestamp.type", config.get(BrokerConfigs.LOG_MESSAGE_TIMESTAMP_TYPE));
        m.put("min.cleanable.dirty.ratio", str(config.get(BrokerConfigs.LOG_CLEANER_MIN_CLEANABLE_RATIO)));
        m.put("min.compaction.lag.ms", str(config.get(BrokerConfigs.LOG_CLEANER_MIN_COMPACTION_LAG_MS)));
        m.put("min.insync.replicas", str(config.get(BrokerConfigs.MIN_INSYNC_REPLICAS)));
        m.put("preallocate", str(config.get(BrokerConfigs.LOG_PREALLOCATE)));
        m.put("remote.log.copy.disable", "false");
        m.put("remote.log.delete.on.disable", "false");
        m.put("remote.storage.enable", "false");
        m.put("retention.bytes", str(config.get(BrokerConfigs.LOG_RETENTION_BYTES)));
        m.put("retention.ms", str(config.logRetentionMs()));
        m.put("segment.bytes", str(config.get(BrokerConfigs.LOG_SEGMENT_BYTES)));
        m.put("segment.index.bytes", str(config.get(BrokerConfigs.LOG_INDEX_SIZE_MAX_BYTES)));
        m.put("segment.jitter.ms", str(config.logRollJitterMs()));
        m.put("segment.ms", str(config.logRollMs()));
        m.put("unclean.leader.election.enable", str(config.get(BrokerConfigs.UNCLEAN_LEADER_ELECTION_ENABLE)));
        return m;
    }

    public static LogConfig logConfig(BrokerConfig config) {
        return LogConfig.from(fromBroker(config));
    }

    private static String str(Object value) {
        return value instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList())
                : String.valueOf(value);
    }
}
