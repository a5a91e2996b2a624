package io.skiff.broker.config;

import java.util.List;
import java.util.Map;

/**
 * Which broker keys stand behind which config, as Kafka reports them in DescribeConfigs synonyms:
 * every topic key with a broker-wide default names its "server default property" (Kafka's
 * {@code ServerTopicConfigSynonyms}), and a broker key with several spellings lists them in order of
 * precedence ({@code log.retention.ms} before {@code log.retention.minutes} before
 * {@code log.retention.hours}, as Kafka's {@code DynamicBrokerConfig.brokerConfigSynonyms}).
 */
public final class ConfigSynonyms {
    private ConfigSynonyms() {}

    private static final Map<String, String> TOPIC_TO_BROKER = Map.ofEntries(
            Map.entry("segment.bytes", "log.segment.bytes"),
            Map.entry("segment.ms", "log.roll.ms"),
            Map.entry("segment.jitter.ms", "log.roll.jitter.ms"),
            Map.entry("segment.index.bytes", "log.index.size.max.bytes"),
            Map.entry("flush.messages", "log.flush.interval.messages"),
            Map.entry("flush.ms", "log.flush.interval.ms"),
            Map.entry("retention.bytes", "log.retention.bytes"),
            Map.entry("retention.ms", "log.retention.ms"),
            Map.entry("max.message.bytes", "message.max.bytes"),
            Map.entry("index.interval.bytes", "log.index.interval.bytes"),
            Map.entry("delete.retention.ms", "log.cleaner.delete.retention.ms"),
            Map.entry("min.compaction.lag.ms", "log.cleaner.min.compaction.lag.ms"),
            Map.entry("max.compaction.lag.ms", "log.cleaner.max.compaction.lag.ms"),
            Map.entry("file.delete.delay.ms", "log.segment.delete.delay.ms"),
            Map.entry("min.cleanable.dirty.ratio", "log.cleaner.min.cleanable.ratio"),
            Map.entry("cleanup.policy", "log.cleanup.policy"),
            Map.entry("unclean.leader.election.enable", "unclean.leader.election.enable"),
            Map.entry("min.insync.replicas", "min.insync.replicas"),
            Map.entry("compression.type", "compression.type"),
            Map.entry("compression.gzip.level", "compression.gzip.level"),
            Map.entry("compression.lz4.level", "compression.lz4.level"),
            Map.entry("compression.zstd.level", "compression.zstd.level"),
            Map.entry("preallocate", "log.preallocate"),
            Map.entry("message.timestamp.type", "log.message.timestamp.type"),
            Map.entry("message.timestamp.before.max.ms", "log.message.timestamp.before.max.ms"),
            Map.entry("message.timestamp.after.max.ms", "log.message.timestamp.after.max.ms"),
            Map.entry("local.retention.ms", "log.local.retention.ms"),
            Map.entry("local.retention.bytes", "log.local.retention.bytes"));

    private static final List<String> ROLL = List.of("log.roll.ms", "log.roll.hours");
    private static final List<String> ROLL_JITTER = List.of("log.roll.jitter.ms", "log.roll.jitter.hours");
    private static final List<String> RETENTION = List.of("log.retention.ms", "log.retention.minutes", "log.retention.hours");
    private static final List<String> FLUSH = List.of("log.flush.interval.ms", "log.flush.scheduler.interval.ms");

    /** The broker key whose value a topic without an override of {@code topicKey} takes, or null. */
    public static String brokerDefaultOf(String topicKey) {
        return TOPIC_TO_BROKER.get(topicKey);
    }

    /** Every spelling of broker key {@code name}, the one that wins first. */
    public static List<String> brokerSynonyms(String name) {
        return switch (name) {
            case "log.roll.ms", "log.roll.hours" -> ROLL;
            case "log.roll.jitter.ms", "log.roll.jitter.hours" -> ROLL_JITTER;
            case "log.retention.ms", "log.retention.minutes", "log.retention.hours" -> RETENTION;
            case "log.flush.interval.ms" -> FLUSH;
            default -> List.of(name);
        };
    }
}
