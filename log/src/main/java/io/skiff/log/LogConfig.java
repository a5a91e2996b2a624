package io.skiff.log;

import static io.skiff.log.LogConfigs.*;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The parsed, validated, immutable topic-level configuration of one log. Build it with {@link #from(Map)} (Kafka
 * key names, string or numeric values) or start from {@link #defaults()} and use the {@code with*} copies.
 */
public record LogConfig(
        int segmentBytes,
        long segmentMs,
        int segmentIndexBytes,
        int indexIntervalBytes,
        long retentionMs,
        long retentionBytes,
        boolean compact,
        boolean delete,
        long deleteRetentionMs,
        double minCleanableDirtyRatio,
        long flushMessages,
        long flushMs,
        boolean logAppendTime,
        int maxMessageBytes,
        long fileDeleteDelayMs) {

    /** Thrown when a value is missing its type or range; the message names the key. */
    public static final class InvalidConfigException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        InvalidConfigException(String key, Object value, String why) {
            super("Invalid value " + value + " for configuration " + key + ": " + why);
        }
    }

    public LogConfig {
        if (segmentIndexBytes < 4) {
            throw new InvalidConfigException(SEGMENT_INDEX_BYTES, segmentIndexBytes, "must be at least 4");
        }
    }

    /** Kafka's defaults for every key. */
    public static LogConfig defaults() {
        return from(Map.of());
    }

    /** Parses Kafka-named topic configs; absent keys take their default, unknown keys are ignored. */
    public static LogConfig from(Map<String, ?> props) {
        String policy = string(props, CLEANUP_POLICY, CLEANUP_POLICY_DEFAULT).toLowerCase(Locale.ROOT);
        boolean compact = false;
        boolean delete = false;
        for (String p : policy.split(",")) {
            switch (p.trim()) {
                case "compact" -> compact = true;
                case "delete" -> delete = true;
                case "" -> { }
                default -> throw new InvalidConfigException(CLEANUP_POLICY, policy, "must be a list of delete, compact");
            }
        }
        String tsType = string(props, MESSAGE_TIMESTAMP_TYPE, MESSAGE_TIMESTAMP_TYPE_DEFAULT);
        if (!tsType.equals("CreateTime") && !tsType.equals("LogAppendTime")) {
            throw new InvalidConfigException(MESSAGE_TIMESTAMP_TYPE, tsType, "must be CreateTime or LogAppendTime");
        }
        double ratio = number(props, MIN_CLEANABLE_DIRTY_RATIO, MIN_CLEANABLE_DIRTY_RATIO_DEFAULT);
        if (ratio < 0 || ratio > 1) {
            throw new InvalidConfigException(MIN_CLEANABLE_DIRTY_RATIO, ratio, "must be in [0, 1]");
        }
        return new LogConfig(
                (int) longValue(props, SEGMENT_BYTES, SEGMENT_BYTES_DEFAULT, 14, Integer.MAX_VALUE),
                longValue(props, SEGMENT_MS, SEGMENT_MS_DEFAULT, 1, Long.MAX_VALUE),
                (int) longValue(props, SEGMENT_INDEX_BYTES, SEGMENT_INDEX_BYTES_DEFAULT, 4, Integer.MAX_VALUE),
                (int) longValue(props, INDEX_INTERVAL_BYTES, INDEX_INTERVAL_BYTES_DEFAULT, 0, Integer.MAX_VALUE),
                longValue(props, RETENTION_MS, RETENTION_MS_DEFAULT, -1, Long.MAX_VALUE),
                longValue(props, RETENTION_BYTES, RETENTION_BYTES_DEFAULT, Long.MIN_VALUE, Long.MAX_VALUE),
                compact,
                delete,
                longValue(props, DELETE_RETENTION_MS, DELETE_RETENTION_MS_DEFAULT, 0, Long.MAX_VALUE),
                ratio,
                longValue(props, FLUSH_MESSAGES, FLUSH_MESSAGES_DEFAULT, 1, Long.MAX_VALUE),
                longValue(props, FLUSH_MS, FLUSH_MS_DEFAULT, 0, Long.MAX_VALUE),
                tsType.equals("LogAppendTime"),
                (int) longValue(props, MAX_MESSAGE_BYTES, MAX_MESSAGE_BYTES_DEFAULT, 0, Integer.MAX_VALUE),
                longValue(props, FILE_DELETE_DELAY_MS, FILE_DELETE_DELAY_MS_DEFAULT, 0, Long.MAX_VALUE));
    }

    /** A copy with the given Kafka-named overrides applied on top of this config. */
    public LogConfig with(Map<String, ?> overrides) {
        Map<String, Object> all = new HashMap<>(asMap());
        all.putAll(overrides);
        return from(all);
    }

    /** This config as Kafka-named string values. */
    public Map<String, String> asMap() {
        Map<String, String> m = new HashMap<>();
        m.put(SEGMENT_BYTES, Integer.toString(segmentBytes));
        m.put(SEGMENT_MS, Long.toString(segmentMs));
        m.put(SEGMENT_INDEX_BYTES, Integer.toString(segmentIndexBytes));
        m.put(INDEX_INTERVAL_BYTES, Integer.toString(indexIntervalBytes));
        m.put(RETENTION_MS, Long.toString(retentionMs));
        m.put(RETENTION_BYTES, Long.toString(retentionBytes));
        m.put(CLEANUP_POLICY, String.join(",", Arrays.stream(new String[] {delete ? "delete" : null, compact ? "compact" : null})
                .filter(s -> s != null).toArray(String[]::new)));
        m.put(DELETE_RETENTION_MS, Long.toString(deleteRetentionMs));
        m.put(MIN_CLEANABLE_DIRTY_RATIO, Double.toString(minCleanableDirtyRatio));
        m.put(FLUSH_MESSAGES, Long.toString(flushMessages));
        m.put(FLUSH_MS, Long.toString(flushMs));
        m.put(MESSAGE_TIMESTAMP_TYPE, logAppendTime ? "LogAppendTime" : "CreateTime");
        m.put(MAX_MESSAGE_BYTES, Integer.toString(maxMessageBytes));
        m.put(FILE_DELETE_DELAY_MS, Long.toString(fileDeleteDelayMs));
        return m;
    }

    private static String string(Map<String, ?> props, String key, String def) {
        Object v = props.get(key);
        return v == null ? def : v.toString().trim();
    }

    private static double number(Map<String, ?> props, String key, double def) {
        Object v = props.get(key);
        if (v == null) {
            return def;
        }
        try {
            return v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new InvalidConfigException(key, v, "not a number");
        }
    }

    private static long longValue(Map<String, ?> props, String key, long def, long min, long max) {
        Object v = props.get(key);
        if (v == null) {
            return def;
        }
        long parsed;
        try {
            parsed = v instanceof Number n ? n.longValue() : Long.parseLong(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new InvalidConfigException(key, v, "not an integer");
        }
        if (parsed < min || parsed > max) {
            throw new InvalidConfigException(key, v, "must be in [" + min + ", " + max + "]");
        }
        return parsed;
    }
}
