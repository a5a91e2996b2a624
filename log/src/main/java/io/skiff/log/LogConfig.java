package io.skiff.log;

import static io.skiff.log.LogConfigs.*;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The parsed, validated, immutable topic-level configuration of one log, as Kafka's {@code LogConfig}: what
 * the log itself reads (segments, retention, cleanup, flushing, timestamps) and what the produce path reads
 * for the partition ({@code min.insync.replicas}, the stored codec and its levels, the timestamp bounds).
 * Build it with {@link #from(Map)} (Kafka key names, string or numeric values) or start from
 * {@link #defaults()} and apply overrides with {@link #with(Map)}.
 *
 * @param compressionType {@code producer} (keep the producer's codec) or the codec batches are stored in,
 *     by Kafka's config name ({@code uncompressed}, {@code gzip}, {@code snappy}, {@code lz4}, {@code zstd})
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
        long fileDeleteDelayMs,
        int minInsyncReplicas,
        String compressionType,
        int compressionGzipLevel,
        int compressionLz4Level,
        int compressionZstdLevel,
        long messageTimestampBeforeMaxMs,
        long messageTimestampAfterMaxMs,
        long minCompactionLagMs,
        long maxCompactionLagMs) {

    /** Thrown when a value is missing its type or range; the message names the key. */
    public static final class InvalidConfigException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        InvalidConfigException(String key, Object value, String why) {
            super("Invalid value " + value + " for configuration " + key + ": " + why);
        }

        InvalidConfigException(String message) {
            super(message);
        }
    }

    public LogConfig {
        if (segmentIndexBytes < 4) {
            throw new InvalidConfigException(SEGMENT_INDEX_BYTES, segmentIndexBytes, "must be at least 4");
        }
        if (minCompactionLagMs > maxCompactionLagMs) {
            // Kafka's LogConfig.validateValues, word for word.
            throw new InvalidConfigException("conflict topic config setting " + MIN_COMPACTION_LAG_MS + " ("
                    + minCompactionLagMs + ") > " + MAX_COMPACTION_LAG_MS + " (" + maxCompactionLagMs + ")");
        }
    }

    /**
     * Kafka's {@code maxSegmentMs}: the age at which the active segment rolls, {@code segment.ms}, or for a
     * compacted log {@code max.compaction.lag.ms} when smaller, so that no record waits in the (never cleaned)
     * active segment longer than the lag allows.
     */
    public long maxSegmentMs() {
        return compact && maxCompactionLagMs > 0 ? Math.min(maxCompactionLagMs, segmentMs) : segmentMs;
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
                default -> throw new InvalidConfigException(CLEANUP_POLICY, policy, "String must be one of: compact, delete");
            }
        }
        String tsType = string(props, MESSAGE_TIMESTAMP_TYPE, MESSAGE_TIMESTAMP_TYPE_DEFAULT);
        if (!tsType.equals("CreateTime") && !tsType.equals("LogAppendTime")) {
            throw new InvalidConfigException(MESSAGE_TIMESTAMP_TYPE, tsType, "String must be one of: CreateTime, LogAppendTime");
        }
        double ratio = number(props, MIN_CLEANABLE_DIRTY_RATIO, MIN_CLEANABLE_DIRTY_RATIO_DEFAULT);
        if (ratio < 0) {
            throw new InvalidConfigException(MIN_CLEANABLE_DIRTY_RATIO, ratio, "Value must be at least 0.0");
        }
        if (ratio > 1) {
            throw new InvalidConfigException(MIN_CLEANABLE_DIRTY_RATIO, ratio, "Value must be no more than 1.0");
        }
        String compression = string(props, COMPRESSION_TYPE, COMPRESSION_TYPE_DEFAULT).toLowerCase(Locale.ROOT);
        if (!COMPRESSION_TYPES.contains(compression)) {
            throw new InvalidConfigException(COMPRESSION_TYPE, compression,
                    "String must be one of: uncompressed, zstd, lz4, snappy, gzip, producer");
        }
        int gzipLevel = intValue(props, COMPRESSION_GZIP_LEVEL, COMPRESSION_GZIP_LEVEL_DEFAULT, -1, 9);
        if (gzipLevel == 0) {
            throw new InvalidConfigException(COMPRESSION_GZIP_LEVEL, gzipLevel, "Value must be -1 or in [1, 9]");
        }
        return new LogConfig(
                intValue(props, SEGMENT_BYTES, SEGMENT_BYTES_DEFAULT, 14, Integer.MAX_VALUE),
                longValue(props, SEGMENT_MS, SEGMENT_MS_DEFAULT, 1, Long.MAX_VALUE),
                intValue(props, SEGMENT_INDEX_BYTES, SEGMENT_INDEX_BYTES_DEFAULT, 4, Integer.MAX_VALUE),
                intValue(props, INDEX_INTERVAL_BYTES, INDEX_INTERVAL_BYTES_DEFAULT, 0, Integer.MAX_VALUE),
                longValue(props, RETENTION_MS, RETENTION_MS_DEFAULT, -1, Long.MAX_VALUE),
                longValue(props, RETENTION_BYTES, RETENTION_BYTES_DEFAULT, Long.MIN_VALUE, Long.MAX_VALUE),
                compact,
                delete,
                longValue(props, DELETE_RETENTION_MS, DELETE_RETENTION_MS_DEFAULT, 0, Long.MAX_VALUE),
                ratio,
                longValue(props, FLUSH_MESSAGES, FLUSH_MESSAGES_DEFAULT, 1, Long.MAX_VALUE),
                longValue(props, FLUSH_MS, FLUSH_MS_DEFAULT, 0, Long.MAX_VALUE),
                tsType.equals("LogAppendTime"),
                intValue(props, MAX_MESSAGE_BYTES, MAX_MESSAGE_BYTES_DEFAULT, 0, Integer.MAX_VALUE),
                longValue(props, FILE_DELETE_DELAY_MS, FILE_DELETE_DELAY_MS_DEFAULT, 0, Long.MAX_VALUE),
                intValue(props, MIN_INSYNC_REPLICAS, MIN_INSYNC_REPLICAS_DEFAULT, 1, Integer.MAX_VALUE),
                compression,
                gzipLevel,
                intValue(props, COMPRESSION_LZ4_LEVEL, COMPRESSION_LZ4_LEVEL_DEFAULT, 1, 17),
                intValue(props, COMPRESSION_ZSTD_LEVEL, COMPRESSION_ZSTD_LEVEL_DEFAULT, -131072, 22),
                longValue(props, MESSAGE_TIMESTAMP_BEFORE_MAX_MS, MESSAGE_TIMESTAMP_BEFORE_MAX_MS_DEFAULT, 0, Long.MAX_VALUE),
                longValue(props, MESSAGE_TIMESTAMP_AFTER_MAX_MS, MESSAGE_TIMESTAMP_AFTER_MAX_MS_DEFAULT, 0, Long.MAX_VALUE),
                longValue(props, MIN_COMPACTION_LAG_MS, MIN_COMPACTION_LAG_MS_DEFAULT, 0, Long.MAX_VALUE),
                longValue(props, MAX_COMPACTION_LAG_MS, MAX_COMPACTION_LAG_MS_DEFAULT, 1, Long.MAX_VALUE));
    }

    private static final java.util.Set<String> COMPRESSION_TYPES =
            java.util.Set.of("uncompressed", "zstd", "lz4", "snappy", "gzip", "producer");

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
        m.put(MIN_INSYNC_REPLICAS, Integer.toString(minInsyncReplicas));
        m.put(COMPRESSION_TYPE, compressionType);
        m.put(COMPRESSION_GZIP_LEVEL, Integer.toString(compressionGzipLevel));
        m.put(COMPRESSION_LZ4_LEVEL, Integer.toString(compressionLz4Level));
        m.put(COMPRESSION_ZSTD_LEVEL, Integer.toString(compressionZstdLevel));
        m.put(MESSAGE_TIMESTAMP_BEFORE_MAX_MS, Long.toString(messageTimestampBeforeMaxMs));
        m.put(MESSAGE_TIMESTAMP_AFTER_MAX_MS, Long.toString(messageTimestampAfterMaxMs));
        m.put(MIN_COMPACTION_LAG_MS, Long.toString(minCompactionLagMs));
        m.put(MAX_COMPACTION_LAG_MS, Long.toString(maxCompactionLagMs));
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
            throw new InvalidConfigException(key, v, "Not a number of type DOUBLE");
        }
    }

    private static int intValue(Map<String, ?> props, String key, long def, long min, long max) {
        return (int) parse(props, key, def, min, max, "INT");
    }

    private static long longValue(Map<String, ?> props, String key, long def, long min, long max) {
        return parse(props, key, def, min, max, "LONG");
    }

    /** Parses a whole number with Kafka's own messages ("Not a number of type LONG", "Value must be at least 14"). */
    private static long parse(Map<String, ?> props, String key, long def, long min, long max, String type) {
        Object v = props.get(key);
        if (v == null) {
            return def;
        }
        long parsed;
        try {
            parsed = v instanceof Number n ? n.longValue() : Long.parseLong(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new InvalidConfigException(key, v, "Not a number of type " + type);
        }
        if (type.equals("INT") && (parsed < Integer.MIN_VALUE || parsed > Integer.MAX_VALUE)) {
            throw new InvalidConfigException(key, v, "Not a number of type INT");
        }
        if (parsed < min) {
            throw new InvalidConfigException(key, v, "Value must be at least " + min);
        }
        if (parsed > max) {
            throw new InvalidConfigException(key, v, "Value must be no more than " + max);
        }
        return parsed;
    }
}
