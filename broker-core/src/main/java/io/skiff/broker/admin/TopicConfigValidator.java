package io.skiff.broker.admin;

import io.skiff.log.LogConfig;
import io.skiff.wire.protocol.Errors;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks the configs a client asks a new topic to have. A name must be one of Kafka's topic-level keys
 * (unknown keys are refused, as Kafka refuses them, rather than stored and silently ignored) and a value
 * must parse: the keys the log itself reads go through {@link LogConfig#from}, the few the log does not
 * read (replication and compression settings) are checked here. Stateless and thread-safe.
 */
public final class TopicConfigValidator {
    /** Every topic-level config name Kafka 4.x accepts. */
    static final Set<String> TOPIC_CONFIG_NAMES = Set.of(
            "cleanup.policy", "compression.type", "compression.gzip.level", "compression.lz4.level",
            "compression.zstd.level", "delete.retention.ms", "file.delete.delay.ms", "flush.messages", "flush.ms",
            "follower.replication.throttled.replicas", "index.interval.bytes", "leader.replication.throttled.replicas",
            "local.retention.bytes", "local.retention.ms", "max.compaction.lag.ms", "max.message.bytes",
            "message.timestamp.after.max.ms", "message.timestamp.before.max.ms", "message.timestamp.type",
            "min.cleanable.dirty.ratio", "min.compaction.lag.ms", "min.insync.replicas", "preallocate",
            "remote.storage.enable", "remote.log.copy.disable", "remote.log.delete.on.disable", "retention.bytes",
            "retention.ms", "segment.bytes", "segment.index.bytes", "segment.jitter.ms", "segment.ms",
            "unclean.leader.election.enable");
    private static final Set<String> COMPRESSION_TYPES = Set.of("uncompressed", "zstd", "lz4", "snappy", "gzip", "producer");
    private static final Set<String> BOOLEANS = Set.of("preallocate", "unclean.leader.election.enable",
            "remote.storage.enable", "remote.log.copy.disable", "remote.log.delete.on.disable");
    private static final Set<String> NON_NEGATIVE_LONGS = Set.of("max.compaction.lag.ms", "min.compaction.lag.ms",
            "segment.jitter.ms", "message.timestamp.after.max.ms", "message.timestamp.before.max.ms");

    /** Values a topic has when nothing overrides them, for keys {@link LogConfig} does not cover. */
    private static final Map<String, String> EXTRA_DEFAULTS = Map.of(
            "compression.type", "producer",
            "min.insync.replicas", "1",
            "unclean.leader.election.enable", "false",
            "preallocate", "false");

    private TopicConfigValidator() {}

    /** Kafka's own topic defaults (no broker overrides): what a broker with an empty configuration uses. */
    public static Map<String, String> kafkaDefaults() {
        Map<String, String> defaults = new TreeMap<>(EXTRA_DEFAULTS);
        defaults.putAll(LogConfig.defaults().asMap());
        return defaults;
    }

    /** {@link #validate(Map, Map)} against {@link #kafkaDefaults()}. */
    public static Map<String, String> validate(Map<String, String> configs) {
        return validate(configs, kafkaDefaults());
    }

    /**
     * Validates {@code configs} and returns the topic's effective configuration: {@code defaults} (the
     * broker's topic defaults, see {@link TopicDefaults}) with the overrides applied, sorted by name.
     *
     * @throws io.skiff.wire.protocol.ApiException with {@link Errors#INVALID_CONFIG} naming the first bad key
     */
    public static Map<String, String> validate(Map<String, String> configs, Map<String, String> defaults) {
        Map<String, String> overrides = new TreeMap<>();
        for (Map.Entry<String, String> e : configs.entrySet()) {
            String name = e.getKey();
            String value = e.getValue();
            if (!TOPIC_CONFIG_NAMES.contains(name)) {
                throw Errors.INVALID_CONFIG.exception("Unknown topic config name: " + name);
            }
            if (value == null) {
                throw Errors.INVALID_CONFIG.exception("Null value not supported for topic configs: " + name);
            }
            checkExtra(name, value.trim());
            overrides.put(name, value.trim());
        }
        Map<String, String> effective = new TreeMap<>(defaults);
        effective.putAll(overrides);
        try {
            effective.putAll(LogConfig.from(effective).asMap());
        } catch (IllegalArgumentException e) {
            throw Errors.INVALID_CONFIG.exception(e.getMessage());
        }
        effective.putAll(overrides); // as the client wrote them (LogConfig may normalise, e.g. the policy list)
        return effective;
    }

    private static void checkExtra(String name, String value) {
        if (name.equals("compression.type") && !COMPRESSION_TYPES.contains(value.toLowerCase(Locale.ROOT))) {
            throw invalid(name, value, "String must be one of: uncompressed, zstd, lz4, snappy, gzip, producer");
        }
        if (BOOLEANS.contains(name) && !value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw invalid(name, value, "Expected value to be either true or false");
        }
        if (name.equals("min.insync.replicas")) {
            checkLong(name, value, 1);
        }
        if (NON_NEGATIVE_LONGS.contains(name)) {
            checkLong(name, value, 0);
        }
    }

    private static void checkLong(String name, String value, long min) {
        long parsed;
        try {
            parsed = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw invalid(name, value, "Not a number of type LONG");
        }
        if (parsed < min) {
            throw invalid(name, value, "Value must be at least " + min);
        }
    }

    private static io.skiff.wire.protocol.ApiException invalid(String name, String value, String why) {
        return Errors.INVALID_CONFIG.exception("Invalid value " + value + " for configuration " + name + ": " + why);
    }
}
