package io.skiff.broker.admin;

import io.skiff.broker.config.ConfigType;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every topic-level config key Kafka 4 defines, with its type (as DescribeConfigs reports it) and
 * documentation. Defaults are not here: they follow the broker configuration (see
 * {@code TopicConfigDefaults}).
 */
public final class TopicConfigKeys {
    private TopicConfigKeys() {}

    /** A topic key's type and documentation. */
    public record Key(String name, ConfigType type, String doc) {}

    private static final Map<String, Key> KEYS = new TreeMap<>();

    private static void define(String name, ConfigType type, String doc) {
        KEYS.put(name, new Key(name, type, doc));
    }

    static {
        define("cleanup.policy", ConfigType.LIST,
                "delete (remove old segments by time or size), compact (keep the latest record per key), or both.");
        define("compression.type", ConfigType.STRING,
                "The codec batches are stored in: uncompressed, gzip, snappy, lz4, zstd, or producer to keep the producer's.");
        define("compression.gzip.level", ConfigType.INT, "gzip level used when compression.type is gzip.");
        define("compression.lz4.level", ConfigType.INT, "lz4 level used when compression.type is lz4.");
        define("compression.zstd.level", ConfigType.INT, "zstd level used when compression.type is zstd.");
        define("delete.retention.ms", ConfigType.LONG, "How long tombstones are kept in a compacted topic.");
        define("file.delete.delay.ms", ConfigType.LONG, "How long a deleted segment's files linger before removal.");
        define("flush.messages", ConfigType.LONG, "Force an fsync after this many appended records.");
        define("flush.ms", ConfigType.LONG, "Force an fsync when the last one is older than this.");
        define("follower.replication.throttled.replicas", ConfigType.LIST,
                "Replicas throttled on the follower side: [partitionId]:[brokerId],... or *.");
        define("index.interval.bytes", ConfigType.INT, "Log bytes between two offset index entries.");
        define("leader.replication.throttled.replicas", ConfigType.LIST,
                "Replicas throttled on the leader side: [partitionId]:[brokerId],... or *.");
        define("local.retention.bytes", ConfigType.LONG, "Local retention size of a tiered topic; -2 means retention.bytes.");
        define("local.retention.ms", ConfigType.LONG, "Local retention time of a tiered topic; -2 means retention.ms.");
        define("max.compaction.lag.ms", ConfigType.LONG, "Maximum time a record stays ineligible for compaction.");
        define("max.message.bytes", ConfigType.INT, "The largest record batch the topic accepts (after compression).");
        define("message.timestamp.after.max.ms", ConfigType.LONG,
                "How far a CreateTime record's timestamp may lie after the broker's time.");
        define("message.timestamp.before.max.ms", ConfigType.LONG,
                "How far a CreateTime record's timestamp may lie before the broker's time.");
        define("message.timestamp.type", ConfigType.STRING,
                "CreateTime keeps the producer's timestamps; LogAppendTime stamps the broker's time on append.");
        define("min.cleanable.dirty.ratio", ConfigType.DOUBLE, "The dirty fraction of the log above which it is compacted.");
        define("min.compaction.lag.ms", ConfigType.LONG, "Minimum age of a record before it may be compacted.");
        define("min.insync.replicas", ConfigType.INT,
                "Replicas that must have a record before an acks=all produce of it succeeds.");
        define("preallocate", ConfigType.BOOLEAN, "Whether new segment files are preallocated.");
        define("remote.log.copy.disable", ConfigType.BOOLEAN, "Whether copying to tiered storage is disabled.");
        define("remote.log.delete.on.disable", ConfigType.BOOLEAN, "Whether tiered data is deleted when tiering is disabled.");
        define("remote.storage.enable", ConfigType.BOOLEAN, "Whether the topic uses tiered storage (not supported here).");
        define("retention.bytes", ConfigType.LONG, "Delete old segments while a partition is larger than this; -1 means no limit.");
        define("retention.ms", ConfigType.LONG, "Delete segments whose newest record is older than this; -1 keeps them forever.");
        define("segment.bytes", ConfigType.INT, "The maximum size of one segment file before a new one is rolled.");
        define("segment.index.bytes", ConfigType.INT, "The size offset and time index files are preallocated to.");
        define("segment.jitter.ms", ConfigType.LONG, "Maximum random jitter subtracted from segment.ms.");
        define("segment.ms", ConfigType.LONG, "The age after which the active segment is rolled even if not full.");
        define("unclean.leader.election.enable", ConfigType.BOOLEAN,
                "Whether an out-of-sync replica may become leader (losing data).");
    }

    /** Every key, sorted by name. */
    public static Map<String, Key> all() {
        return KEYS;
    }

    /** The key named {@code name}, or null when Kafka has no such topic config. */
    public static Key get(String name) {
        return KEYS.get(name);
    }
}
