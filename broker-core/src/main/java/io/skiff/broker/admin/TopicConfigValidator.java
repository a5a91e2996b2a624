package io.skiff.broker.admin;

import io.skiff.broker.config.BrokerConfig;
import io.skiff.broker.config.TopicConfigDefaults;
import io.skiff.log.LogConfig;
import io.skiff.wire.protocol.Errors;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Checks the topic-level configs a client asks for (CreateTopics, AlterConfigs). A name must be one of
 * Kafka's topic-level keys (unknown keys are refused, as Kafka refuses them, rather than stored and
 * silently ignored) and a value must parse and lie in Kafka's range, with Kafka's message: the keys the
 * log reads go through {@link LogConfig#from}, the others are checked here. Stateless and thread-safe.
 */
public final class TopicConfigValidator {
    /** Every topic-level config name Kafka 4.x accepts from clients. */
    public static final Set<String> TOPIC_CONFIG_NAMES = TopicConfigKeys.all().keySet();
    /** Kafka 4 refuses smaller segments from clients (KIP-1030); the log itself accepts smaller ones for tests. */
    static final int MIN_SEGMENT_BYTES = 1024 * 1024;

    private static final Set<String> BOOLEANS = Set.of("preallocate", "unclean.leader.election.enable",
            "remote.storage.enable", "remote.log.copy.disable", "remote.log.delete.on.disable");
    private static final Map<String, Long> LONG_MINIMUMS = Map.of(
            "segment.jitter.ms", 0L,
            "min.compaction.lag.ms", 0L,
            "max.compaction.lag.ms", 1L,
            "local.retention.ms", -2L,
            "local.retention.bytes", -2L);
    private static final Pattern THROTTLED_REPLICAS = Pattern.compile("^(\\*|\\s*[0-9]+\\s*:\\s*[0-9]+\\s*(,\\s*[0-9]+\\s*:\\s*[0-9]+\\s*)*)?$");
    private static final Map<String, String> KAFKA_DEFAULTS =
            Map.copyOf(TopicConfigDefaults.fromBroker(new BrokerConfig(Map.of())));

    private TopicConfigValidator() {}

    /** Kafka's own topic defaults (no broker overrides): what a broker with an empty configuration uses. */
    public static Map<String, String> kafkaDefaults() {
        return new TreeMap<>(KAFKA_DEFAULTS);
    }

    /** {@link #validate(Map, Map)} against {@link #kafkaDefaults()}. */
    public static Map<String, String> validate(Map<String, String> configs) {
        return validate(configs, KAFKA_DEFAULTS);
    }

    /**
     * Validates the overrides {@code configs} and returns the topic's effective configuration:
     * {@code defaults} (the broker's topic defaults, see {@link TopicDefaults}) with the overrides
     * applied, sorted by name.
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
            LogConfig.from(effective);
        } catch (IllegalArgumentException e) {
            throw Errors.INVALID_CONFIG.exception(e.getMessage());
        }
        return effective;
    }

    private static void checkExtra(String name, String value) {
        if (BOOLEANS.contains(name) && !value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw invalid(name, value, "Expected value to be either true or false");
        }
        Long min = LONG_MINIMUMS.get(name);
        if (min != null) {
            checkLong(name, value, min);
        }
        if (name.equals("segment.bytes") && value.matches("-?[0-9]{1,10}") && Long.parseLong(value) < MIN_SEGMENT_BYTES) {
            throw invalid(name, value, "Value must be at least " + MIN_SEGMENT_BYTES);
        }
        if ((name.equals("leader.replication.throttled.replicas") || name.equals("follower.replication.throttled.replicas"))
                && !THROTTLED_REPLICAS.matcher(value).matches()) {
            throw invalid(name, value, "must be the literal '*' or a list of replicas in the following format: "
                    + "[partitionId]:[brokerId],[partitionId]:[brokerId],...");
        }
        if (name.equals("compression.type") && !value.equals(value.toLowerCase(Locale.ROOT))) {
            throw invalid(name, value, "String must be one of: uncompressed, zstd, lz4, snappy, gzip, producer");
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
