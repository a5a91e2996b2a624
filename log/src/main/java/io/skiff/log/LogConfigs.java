package io.skiff.log;

import java.util.List;

/**
 * The topic-level configs the log and the produce path use: Kafka's key names verbatim, each with its documentation and its default
 * side by side. {@link LogConfig#from(java.util.Map)} parses and validates them.
 */
public final class LogConfigs {
    private LogConfigs() {}

    /** One config key: name, documentation, default value, and the smallest legal value for numbers. */
    public record Def(String name, String doc, Object defaultValue, long min) {}

    public static final String SEGMENT_BYTES = "segment.bytes";
    public static final String SEGMENT_BYTES_DOC = "The maximum size of one log segment file before a new one is rolled.";
    public static final int SEGMENT_BYTES_DEFAULT = 1024 * 1024 * 1024;

    public static final String SEGMENT_MS = "segment.ms";
    public static final String SEGMENT_MS_DOC = "The age after which the active segment is rolled even if not full.";
    public static final long SEGMENT_MS_DEFAULT = 7L * 24 * 60 * 60 * 1000;

    public static final String SEGMENT_INDEX_BYTES = "segment.index.bytes";
    public static final String SEGMENT_INDEX_BYTES_DOC = "The size the offset and time index files are preallocated to.";
    public static final int SEGMENT_INDEX_BYTES_DEFAULT = 10 * 1024 * 1024;

    public static final String INDEX_INTERVAL_BYTES = "index.interval.bytes";
    public static final String INDEX_INTERVAL_BYTES_DOC = "How many log bytes between two offset index entries.";
    public static final int INDEX_INTERVAL_BYTES_DEFAULT = 4096;

    public static final String RETENTION_MS = "retention.ms";
    public static final String RETENTION_MS_DOC = "Delete segments whose newest record is older than this; -1 keeps forever.";
    public static final long RETENTION_MS_DEFAULT = 7L * 24 * 60 * 60 * 1000;

    public static final String RETENTION_BYTES = "retention.bytes";
    public static final String RETENTION_BYTES_DOC = "Delete old segments while the partition is larger than this; -1 means no limit.";
    public static final long RETENTION_BYTES_DEFAULT = -1L;

    public static final String CLEANUP_POLICY = "cleanup.policy";
    public static final String CLEANUP_POLICY_DOC = "A list of 'delete' and/or 'compact'.";
    public static final String CLEANUP_POLICY_DEFAULT = "delete";

    public static final String DELETE_RETENTION_MS = "delete.retention.ms";
    public static final String DELETE_RETENTION_MS_DOC = "How long tombstones are kept after compaction has seen them.";
    public static final long DELETE_RETENTION_MS_DEFAULT = 24L * 60 * 60 * 1000;

    public static final String MIN_CLEANABLE_DIRTY_RATIO = "min.cleanable.dirty.ratio";
    public static final String MIN_CLEANABLE_DIRTY_RATIO_DOC = "The dirty fraction of the log above which it is compacted.";
    public static final double MIN_CLEANABLE_DIRTY_RATIO_DEFAULT = 0.5;

    public static final String MIN_COMPACTION_LAG_MS = "min.compaction.lag.ms";
    public static final String MIN_COMPACTION_LAG_MS_DOC = "Minimum age of a record before compaction may remove it.";
    public static final long MIN_COMPACTION_LAG_MS_DEFAULT = 0L;

    public static final String MAX_COMPACTION_LAG_MS = "max.compaction.lag.ms";
    public static final String MAX_COMPACTION_LAG_MS_DOC =
            "Maximum time a record stays ineligible for compaction: older dirty records make the log cleanable at once.";
    public static final long MAX_COMPACTION_LAG_MS_DEFAULT = Long.MAX_VALUE;

    public static final String FLUSH_MESSAGES = "flush.messages";
    public static final String FLUSH_MESSAGES_DOC = "Force an fsync after this many appended records.";
    public static final long FLUSH_MESSAGES_DEFAULT = Long.MAX_VALUE;

    public static final String FLUSH_MS = "flush.ms";
    public static final String FLUSH_MS_DOC = "Force an fsync when the last one is older than this.";
    public static final long FLUSH_MS_DEFAULT = Long.MAX_VALUE;

    public static final String MESSAGE_TIMESTAMP_TYPE = "message.timestamp.type";
    public static final String MESSAGE_TIMESTAMP_TYPE_DOC = "CreateTime keeps the producer's timestamp, LogAppendTime stamps the broker's.";
    public static final String MESSAGE_TIMESTAMP_TYPE_DEFAULT = "CreateTime";

    public static final String MAX_MESSAGE_BYTES = "max.message.bytes";
    public static final String MAX_MESSAGE_BYTES_DOC = "The largest record batch the log accepts.";
    public static final int MAX_MESSAGE_BYTES_DEFAULT = 1024 * 1024 + 12;

    public static final String FILE_DELETE_DELAY_MS = "file.delete.delay.ms";
    public static final String FILE_DELETE_DELAY_MS_DOC = "How long a deleted segment's files linger (renamed .deleted) so readers finish.";
    public static final long FILE_DELETE_DELAY_MS_DEFAULT = 60_000L;

    public static final String MIN_INSYNC_REPLICAS = "min.insync.replicas";
    public static final String MIN_INSYNC_REPLICAS_DOC = "Replicas that must have a record before an acks=all produce of it succeeds.";
    public static final int MIN_INSYNC_REPLICAS_DEFAULT = 1;

    public static final String COMPRESSION_TYPE = "compression.type";
    public static final String COMPRESSION_TYPE_DOC = "The codec batches are stored in: uncompressed, gzip, snappy, lz4, zstd, or producer to keep the producer's.";
    public static final String COMPRESSION_TYPE_DEFAULT = "producer";

    public static final String COMPRESSION_GZIP_LEVEL = "compression.gzip.level";
    public static final String COMPRESSION_GZIP_LEVEL_DOC = "gzip level used when the broker recompresses to gzip: 1..9, or -1 for the codec's default.";
    public static final int COMPRESSION_GZIP_LEVEL_DEFAULT = -1;

    public static final String COMPRESSION_LZ4_LEVEL = "compression.lz4.level";
    public static final String COMPRESSION_LZ4_LEVEL_DOC = "lz4 level used when the broker recompresses to lz4: 1..17.";
    public static final int COMPRESSION_LZ4_LEVEL_DEFAULT = 9;

    public static final String COMPRESSION_ZSTD_LEVEL = "compression.zstd.level";
    public static final String COMPRESSION_ZSTD_LEVEL_DOC = "zstd level used when the broker recompresses to zstd: -131072..22.";
    public static final int COMPRESSION_ZSTD_LEVEL_DEFAULT = 3;

    public static final String MESSAGE_TIMESTAMP_BEFORE_MAX_MS = "message.timestamp.before.max.ms";
    public static final String MESSAGE_TIMESTAMP_BEFORE_MAX_MS_DOC = "How far a CreateTime record's timestamp may lie before the broker's time.";
    public static final long MESSAGE_TIMESTAMP_BEFORE_MAX_MS_DEFAULT = Long.MAX_VALUE;

    public static final String MESSAGE_TIMESTAMP_AFTER_MAX_MS = "message.timestamp.after.max.ms";
    public static final String MESSAGE_TIMESTAMP_AFTER_MAX_MS_DOC = "How far a CreateTime record's timestamp may lie after the broker's time.";
    public static final long MESSAGE_TIMESTAMP_AFTER_MAX_MS_DEFAULT = 3_600_000L;

    /** Every key with its documentation and default, for `describe configs` and startup logging. */
    public static final List<Def> ALL = List.of(
            new Def(SEGMENT_BYTES, SEGMENT_BYTES_DOC, SEGMENT_BYTES_DEFAULT, 14),
            new Def(SEGMENT_MS, SEGMENT_MS_DOC, SEGMENT_MS_DEFAULT, 1),
            new Def(SEGMENT_INDEX_BYTES, SEGMENT_INDEX_BYTES_DOC, SEGMENT_INDEX_BYTES_DEFAULT, 4),
            new Def(INDEX_INTERVAL_BYTES, INDEX_INTERVAL_BYTES_DOC, INDEX_INTERVAL_BYTES_DEFAULT, 0),
            new Def(RETENTION_MS, RETENTION_MS_DOC, RETENTION_MS_DEFAULT, -1),
            new Def(RETENTION_BYTES, RETENTION_BYTES_DOC, RETENTION_BYTES_DEFAULT, Long.MIN_VALUE),
            new Def(CLEANUP_POLICY, CLEANUP_POLICY_DOC, CLEANUP_POLICY_DEFAULT, 0),
            new Def(DELETE_RETENTION_MS, DELETE_RETENTION_MS_DOC, DELETE_RETENTION_MS_DEFAULT, 0),
            new Def(MIN_CLEANABLE_DIRTY_RATIO, MIN_CLEANABLE_DIRTY_RATIO_DOC, MIN_CLEANABLE_DIRTY_RATIO_DEFAULT, 0),
            new Def(MIN_COMPACTION_LAG_MS, MIN_COMPACTION_LAG_MS_DOC, MIN_COMPACTION_LAG_MS_DEFAULT, 0),
            new Def(MAX_COMPACTION_LAG_MS, MAX_COMPACTION_LAG_MS_DOC, MAX_COMPACTION_LAG_MS_DEFAULT, 1),
            new Def(FLUSH_MESSAGES, FLUSH_MESSAGES_DOC, FLUSH_MESSAGES_DEFAULT, 1),
            new Def(FLUSH_MS, FLUSH_MS_DOC, FLUSH_MS_DEFAULT, 0),
            new Def(MESSAGE_TIMESTAMP_TYPE, MESSAGE_TIMESTAMP_TYPE_DOC, MESSAGE_TIMESTAMP_TYPE_DEFAULT, 0),
            new Def(MAX_MESSAGE_BYTES, MAX_MESSAGE_BYTES_DOC, MAX_MESSAGE_BYTES_DEFAULT, 0),
            new Def(FILE_DELETE_DELAY_MS, FILE_DELETE_DELAY_MS_DOC, FILE_DELETE_DELAY_MS_DEFAULT, 0),
            new Def(MIN_INSYNC_REPLICAS, MIN_INSYNC_REPLICAS_DOC, MIN_INSYNC_REPLICAS_DEFAULT, 1),
            new Def(COMPRESSION_TYPE, COMPRESSION_TYPE_DOC, COMPRESSION_TYPE_DEFAULT, 0),
            new Def(COMPRESSION_GZIP_LEVEL, COMPRESSION_GZIP_LEVEL_DOC, COMPRESSION_GZIP_LEVEL_DEFAULT, -1),
            new Def(COMPRESSION_LZ4_LEVEL, COMPRESSION_LZ4_LEVEL_DOC, COMPRESSION_LZ4_LEVEL_DEFAULT, 1),
            new Def(COMPRESSION_ZSTD_LEVEL, COMPRESSION_ZSTD_LEVEL_DOC, COMPRESSION_ZSTD_LEVEL_DEFAULT, -131072),
            new Def(MESSAGE_TIMESTAMP_BEFORE_MAX_MS, MESSAGE_TIMESTAMP_BEFORE_MAX_MS_DOC, MESSAGE_TIMESTAMP_BEFORE_MAX_MS_DEFAULT, 0),
            new Def(MESSAGE_TIMESTAMP_AFTER_MAX_MS, MESSAGE_TIMESTAMP_AFTER_MAX_MS_DOC, MESSAGE_TIMESTAMP_AFTER_MAX_MS_DEFAULT, 0));
}
