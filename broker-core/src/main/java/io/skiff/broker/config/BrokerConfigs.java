package io.skiff.broker.config;

import static io.skiff.broker.config.Validators.atLeast;
import static io.skiff.broker.config.Validators.between;
import static io.skiff.broker.config.Validators.betweenDouble;
import static io.skiff.broker.config.Validators.listOf;
import static io.skiff.broker.config.Validators.oneOf;

import java.util.List;

/**
 * The broker's configuration keys: Kafka's names and Kafka's defaults (checked against Kafka's own
 * definitions by {@code BrokerConfigsTest}), each with its documentation. Keys Kafka dropped with
 * ZooKeeper mode ({@code zookeeper.*}, {@code broker.id.generation.enable}) keep their 3.x meaning.
 */
public final class BrokerConfigs {
    private BrokerConfigs() {}

    public static final ConfigDef DEF = new ConfigDef();

    // ---- Identity and cluster metadata
    public static final ConfigKey<Integer> BROKER_ID = DEF.defineInt("broker.id", -1, atLeast(-1),
            "The broker id. -1 means: take the id stored in meta.properties, or generate one above reserved.broker.max.id.");
    public static final ConfigKey<Integer> NODE_ID = DEF.defineInt("node.id", null, atLeast(0),
            "Synonym of broker.id (the KRaft name); when both are set they must agree.");
    public static final ConfigKey<Boolean> BROKER_ID_GENERATION_ENABLE = DEF.defineBoolean("broker.id.generation.enable", true,
            "Whether a broker without broker.id gets one generated from ZooKeeper.");
    public static final ConfigKey<Integer> RESERVED_BROKER_MAX_ID = DEF.defineInt("reserved.broker.max.id", 1000, atLeast(0),
            "Generated broker ids start above this value.");
    public static final ConfigKey<String> ZOOKEEPER_CONNECT = DEF.defineString("zookeeper.connect", null, Validators.nonEmpty(),
            "ZooKeeper connection string (host:port[,host:port...][/chroot]). Unset: the broker runs an embedded ZooKeeper server.");
    public static final ConfigKey<Integer> ZOOKEEPER_SESSION_TIMEOUT_MS = DEF.defineInt("zookeeper.session.timeout.ms", 18000, atLeast(1),
            "ZooKeeper session timeout.");
    public static final ConfigKey<Integer> ZOOKEEPER_CONNECTION_TIMEOUT_MS = DEF.defineInt("zookeeper.connection.timeout.ms", null, atLeast(1),
            "Maximum time to wait for the ZooKeeper connection; defaults to zookeeper.session.timeout.ms.");
    public static final ConfigKey<Integer> EMBEDDED_ZOOKEEPER_PORT = DEF.defineInt("embedded.zookeeper.port", 0, between(0, 65535),
            "Loopback port of the embedded ZooKeeper server (only without zookeeper.connect); 0 picks a free port.");

    // ---- Network
    public static final ConfigKey<List<String>> LISTENERS = DEF.defineList("listeners", List.of("PLAINTEXT://:9092"), ConfigKey.Validator.NONE,
            "Comma-separated listener URIs, NAME://host:port; an empty host binds every interface.");
    public static final ConfigKey<List<String>> ADVERTISED_LISTENERS = DEF.defineList("advertised.listeners", null, ConfigKey.Validator.NONE,
            "Listeners published to clients in Metadata responses; defaults to listeners.");
    public static final ConfigKey<String> LISTENER_SECURITY_PROTOCOL_MAP = DEF.defineString("listener.security.protocol.map",
            "SASL_SSL:SASL_SSL,PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT", ConfigKey.Validator.NONE,
            "Map from listener name to security protocol, NAME:PROTOCOL pairs separated by commas.");
    public static final ConfigKey<Integer> SOCKET_REQUEST_MAX_BYTES = DEF.defineInt("socket.request.max.bytes", 104857600, atLeast(1),
            "Largest request frame accepted; a larger size prefix closes the connection before anything is allocated.");
    public static final ConfigKey<Integer> SOCKET_SEND_BUFFER_BYTES = DEF.defineInt("socket.send.buffer.bytes", 102400, ConfigKey.Validator.NONE,
            "SO_SNDBUF of client connections; -1 uses the OS default.");
    public static final ConfigKey<Integer> SOCKET_RECEIVE_BUFFER_BYTES = DEF.defineInt("socket.receive.buffer.bytes", 102400, ConfigKey.Validator.NONE,
            "SO_RCVBUF of client connections; -1 uses the OS default.");
    public static final ConfigKey<Integer> SOCKET_LISTEN_BACKLOG_SIZE = DEF.defineInt("socket.listen.backlog.size", 50, atLeast(1),
            "Accept backlog of each listener.");
    public static final ConfigKey<Long> CONNECTIONS_MAX_IDLE_MS = DEF.defineLong("connections.max.idle.ms", 600000L, ConfigKey.Validator.NONE,
            "Idle connections are closed after this many milliseconds.");
    public static final ConfigKey<Integer> MAX_CONNECTIONS = DEF.defineInt("max.connections", Integer.MAX_VALUE, atLeast(0),
            "Maximum connections the broker accepts across listeners.");
    public static final ConfigKey<Integer> NUM_NETWORK_THREADS = DEF.defineInt("num.network.threads", 3, atLeast(1),
            "Netty event-loop threads per listener.");
    public static final ConfigKey<Integer> NUM_IO_THREADS = DEF.defineInt("num.io.threads", 8, atLeast(1),
            "Threads for request work that must not run on an event loop (disk flushes, ZooKeeper calls).");
    public static final ConfigKey<Integer> BACKGROUND_THREADS = DEF.defineInt("background.threads", 10, atLeast(1),
            "Threads for background work: retention, flushes, checkpoints, delayed file deletion.");
    public static final ConfigKey<Integer> QUEUED_MAX_REQUESTS = DEF.defineInt("queued.max.requests", 500, atLeast(1),
            "Unanswered requests per connection before the broker stops reading it.");
    public static final ConfigKey<Integer> MAX_REQUEST_PARTITION_SIZE_LIMIT = DEF.defineInt(
            "max.request.partition.size.limit", 2000, atLeast(1),
            "The maximum number of partitions can be served in one request (DescribeTopicPartitions pages).");

    // ---- Log defaults (topic configs take these unless overridden per topic)
    public static final ConfigKey<List<String>> LOG_DIRS = DEF.defineList("log.dirs", null, ConfigKey.Validator.NONE,
            "Comma-separated data directories; defaults to log.dir.");
    public static final ConfigKey<List<String>> LOG_DIR = DEF.defineList("log.dir", List.of("/tmp/kafka-logs"), ConfigKey.Validator.NONE,
            "The data directory when log.dirs is not set.");
    public static final ConfigKey<Integer> NUM_PARTITIONS = DEF.defineInt("num.partitions", 1, atLeast(1),
            "Partitions of an automatically created topic.");
    public static final ConfigKey<Integer> DEFAULT_REPLICATION_FACTOR = DEF.defineInt("default.replication.factor", 1, atLeast(1),
            "Replication factor of automatically created topics.");
    public static final ConfigKey<Boolean> AUTO_CREATE_TOPICS_ENABLE = DEF.defineBoolean("auto.create.topics.enable", true,
            "Whether Metadata requests for unknown topics create them.");
    public static final ConfigKey<Boolean> DELETE_TOPIC_ENABLE = DEF.defineBoolean("delete.topic.enable", true,
            "Whether DeleteTopics is allowed.");
    public static final ConfigKey<Integer> MESSAGE_MAX_BYTES = DEF.defineInt("message.max.bytes", 1048588, atLeast(0),
            "Largest record batch the broker accepts (after compression).");
    public static final ConfigKey<Integer> LOG_SEGMENT_BYTES = DEF.defineInt("log.segment.bytes", 1073741824, atLeast(1048576),
            "Maximum size of a segment file before a new one is rolled.");
    public static final ConfigKey<Long> LOG_ROLL_MS = DEF.defineLong("log.roll.ms", null, atLeast(1),
            "Maximum age of the active segment before a roll; overrides log.roll.hours.");
    public static final ConfigKey<Integer> LOG_ROLL_HOURS = DEF.defineInt("log.roll.hours", 168, atLeast(1),
            "log.roll.ms in hours.");
    public static final ConfigKey<Long> LOG_ROLL_JITTER_MS = DEF.defineLong("log.roll.jitter.ms", null, ConfigKey.Validator.NONE,
            "Maximum random jitter subtracted from the roll time of a segment; overrides log.roll.jitter.hours.");
    public static final ConfigKey<Integer> LOG_ROLL_JITTER_HOURS = DEF.defineInt("log.roll.jitter.hours", 0, atLeast(0),
            "log.roll.jitter.ms in hours.");
    public static final ConfigKey<Long> LOG_RETENTION_MS = DEF.defineLong("log.retention.ms", null, ConfigKey.Validator.NONE,
            "How long segments are kept; -1 keeps them forever. Overrides log.retention.minutes and log.retention.hours.");
    public static final ConfigKey<Integer> LOG_RETENTION_MINUTES = DEF.defineInt("log.retention.minutes", null, ConfigKey.Validator.NONE,
            "log.retention.ms in minutes; overrides log.retention.hours.");
    public static final ConfigKey<Integer> LOG_RETENTION_HOURS = DEF.defineInt("log.retention.hours", 168, ConfigKey.Validator.NONE,
            "log.retention.ms in hours.");
    public static final ConfigKey<Long> LOG_RETENTION_BYTES = DEF.defineLong("log.retention.bytes", -1L, ConfigKey.Validator.NONE,
            "Maximum size of a partition's log before old segments are deleted; -1 for no limit.");
    public static final ConfigKey<Long> LOG_RETENTION_CHECK_INTERVAL_MS = DEF.defineLong("log.retention.check.interval.ms", 300000L, atLeast(1),
            "How often the retention pass runs.");
    public static final ConfigKey<List<String>> LOG_CLEANUP_POLICY = DEF.defineList("log.cleanup.policy", List.of("delete"), listOf("compact", "delete"),
            "delete, compact, or both.");
    public static final ConfigKey<Long> LOG_SEGMENT_DELETE_DELAY_MS = DEF.defineLong("log.segment.delete.delay.ms", 60000L, atLeast(0),
            "How long a deleted segment's files linger (renamed .deleted) before they are removed.");
    public static final ConfigKey<Long> LOG_LOCAL_RETENTION_MS = DEF.defineLong("log.local.retention.ms", -2L, atLeast(-2),
            "Local retention of tiered topics; -2 means log.retention.ms. No effect without tiered storage.");
    public static final ConfigKey<Long> LOG_LOCAL_RETENTION_BYTES = DEF.defineLong("log.local.retention.bytes", -2L, atLeast(-2),
            "Local retention size of tiered topics; -2 means log.retention.bytes. No effect without tiered storage.");
    public static final ConfigKey<Integer> LOG_INDEX_SIZE_MAX_BYTES = DEF.defineInt("log.index.size.max.bytes", 10485760, atLeast(4),
            "Preallocated size of an offset or time index file.");
    public static final ConfigKey<Integer> LOG_INDEX_INTERVAL_BYTES = DEF.defineInt("log.index.interval.bytes", 4096, atLeast(0),
            "Bytes appended between two offset index entries.");
    public static final ConfigKey<Long> LOG_FLUSH_INTERVAL_MESSAGES = DEF.defineLong("log.flush.interval.messages", Long.MAX_VALUE, atLeast(1),
            "Messages appended to a partition before it is fsynced. The default leaves durability to replication.");
    public static final ConfigKey<Long> LOG_FLUSH_INTERVAL_MS = DEF.defineLong("log.flush.interval.ms", null, ConfigKey.Validator.NONE,
            "Maximum time a message waits before an fsync; defaults to log.flush.scheduler.interval.ms.");
    public static final ConfigKey<Long> LOG_FLUSH_SCHEDULER_INTERVAL_MS = DEF.defineLong("log.flush.scheduler.interval.ms", Long.MAX_VALUE, ConfigKey.Validator.NONE,
            "How often the flusher checks whether a log needs an fsync.");
    public static final ConfigKey<Integer> LOG_FLUSH_OFFSET_CHECKPOINT_INTERVAL_MS = DEF.defineInt("log.flush.offset.checkpoint.interval.ms", 60000, atLeast(0),
            "How often the recovery point checkpoint is written.");
    public static final ConfigKey<Boolean> LOG_PREALLOCATE = DEF.defineBoolean("log.preallocate", false,
            "Whether new segment files are preallocated.");
    public static final ConfigKey<String> LOG_MESSAGE_TIMESTAMP_TYPE = DEF.defineString("log.message.timestamp.type", "CreateTime",
            oneOf("CreateTime", "LogAppendTime"), "CreateTime keeps the producer's timestamps; LogAppendTime stamps batches on append.");
    public static final ConfigKey<Long> LOG_MESSAGE_TIMESTAMP_BEFORE_MAX_MS = DEF.defineLong("log.message.timestamp.before.max.ms", Long.MAX_VALUE, atLeast(0),
            "How far in the past a CreateTime timestamp may lie before the batch is refused.");
    public static final ConfigKey<Long> LOG_MESSAGE_TIMESTAMP_AFTER_MAX_MS = DEF.defineLong("log.message.timestamp.after.max.ms", 3600000L, atLeast(0),
            "How far in the future a CreateTime timestamp may lie before the batch is refused.");
    public static final ConfigKey<Integer> NUM_RECOVERY_THREADS_PER_DATA_DIR = DEF.defineInt("num.recovery.threads.per.data.dir", 2, atLeast(1),
            "Threads per data directory that open and recover logs at startup.");
    public static final ConfigKey<String> COMPRESSION_TYPE = DEF.defineString("compression.type", "producer",
            oneOf("uncompressed", "zstd", "lz4", "snappy", "gzip", "producer"), "Final compression of topics: a codec, or producer to keep the producer's.");
    public static final ConfigKey<Integer> COMPRESSION_GZIP_LEVEL = DEF.defineInt("compression.gzip.level", -1, Validators.gzipLevel(),
            "gzip level used when compression.type is gzip: 1..9, or -1 for the codec's default.");
    public static final ConfigKey<Integer> COMPRESSION_LZ4_LEVEL = DEF.defineInt("compression.lz4.level", 9, between(1, 17),
            "lz4 level used when compression.type is lz4.");
    public static final ConfigKey<Integer> COMPRESSION_ZSTD_LEVEL = DEF.defineInt("compression.zstd.level", 3, between(-131072, 22),
            "zstd level used when compression.type is zstd.");

    // ---- Log cleaner
    public static final ConfigKey<Boolean> LOG_CLEANER_ENABLE = DEF.defineBoolean("log.cleaner.enable", true,
            "Whether compacted topics are cleaned.");
    public static final ConfigKey<Integer> LOG_CLEANER_THREADS = DEF.defineInt("log.cleaner.threads", 1, atLeast(0),
            "Cleaner threads.");
    public static final ConfigKey<Double> LOG_CLEANER_IO_MAX_BYTES_PER_SECOND = DEF.defineDouble("log.cleaner.io.max.bytes.per.second", Double.MAX_VALUE, ConfigKey.Validator.NONE,
            "Cleaner I/O throttle (reads plus writes).");
    public static final ConfigKey<Double> LOG_CLEANER_MIN_CLEANABLE_RATIO = DEF.defineDouble("log.cleaner.min.cleanable.ratio", 0.5, betweenDouble(0, 1),
            "Minimum dirty share of a log before it is cleaned.");
    public static final ConfigKey<Long> LOG_CLEANER_DELETE_RETENTION_MS = DEF.defineLong("log.cleaner.delete.retention.ms", 86400000L, atLeast(0),
            "How long tombstones survive in compacted topics.");
    public static final ConfigKey<Long> LOG_CLEANER_MIN_COMPACTION_LAG_MS = DEF.defineLong("log.cleaner.min.compaction.lag.ms", 0L, atLeast(0),
            "Minimum age of a record before it can be compacted.");
    public static final ConfigKey<Long> LOG_CLEANER_MAX_COMPACTION_LAG_MS = DEF.defineLong("log.cleaner.max.compaction.lag.ms", Long.MAX_VALUE, atLeast(1),
            "Maximum time a record stays ineligible for compaction.");
    public static final ConfigKey<Long> LOG_CLEANER_BACKOFF_MS = DEF.defineLong("log.cleaner.backoff.ms", 15000L, atLeast(0),
            "Sleep of an idle cleaner.");

    // ---- Replication
    public static final ConfigKey<Integer> MIN_INSYNC_REPLICAS = DEF.defineInt("min.insync.replicas", 1, atLeast(1),
            "Replicas that must acknowledge an acks=all produce.");
    public static final ConfigKey<Boolean> UNCLEAN_LEADER_ELECTION_ENABLE = DEF.defineBoolean("unclean.leader.election.enable", false,
            "Whether an out-of-sync replica may become leader (losing data).");
    public static final ConfigKey<Long> REPLICA_LAG_TIME_MAX_MS = DEF.defineLong("replica.lag.time.max.ms", 30000L, ConfigKey.Validator.NONE,
            "A follower that has not caught up for this long leaves the ISR.");
    public static final ConfigKey<Integer> NUM_REPLICA_FETCHERS = DEF.defineInt("num.replica.fetchers", 1, ConfigKey.Validator.NONE,
            "Fetcher threads per source broker.");
    public static final ConfigKey<Integer> REPLICA_FETCH_MAX_BYTES = DEF.defineInt("replica.fetch.max.bytes", 1048576, atLeast(0),
            "Bytes fetched per partition by followers.");
    public static final ConfigKey<Integer> REPLICA_FETCH_WAIT_MAX_MS = DEF.defineInt("replica.fetch.wait.max.ms", 500, ConfigKey.Validator.NONE,
            "Long-poll wait of follower fetches.");
    public static final ConfigKey<Boolean> AUTO_LEADER_REBALANCE_ENABLE = DEF.defineBoolean("auto.leader.rebalance.enable", true,
            "Whether the controller moves leadership back to preferred replicas.");
    public static final ConfigKey<Boolean> CONTROLLED_SHUTDOWN_ENABLE = DEF.defineBoolean("controlled.shutdown.enable", true,
            "Whether a stopping broker hands its leaderships over first.");

    // ---- Fetch
    public static final ConfigKey<Integer> FETCH_MAX_BYTES = DEF.defineInt("fetch.max.bytes", 57671680, atLeast(1024),
            "Upper bound of a fetch response's size.");
    public static final ConfigKey<Integer> MAX_INCREMENTAL_FETCH_SESSION_CACHE_SLOTS = DEF.defineInt("max.incremental.fetch.session.cache.slots", 1000, atLeast(0),
            "Incremental fetch sessions kept.");

    // ---- Group coordinator
    public static final ConfigKey<Integer> OFFSETS_TOPIC_NUM_PARTITIONS = DEF.defineInt("offsets.topic.num.partitions", 50, atLeast(1),
            "Partitions of __consumer_offsets (do not change after deployment).");
    public static final ConfigKey<Short> OFFSETS_TOPIC_REPLICATION_FACTOR = DEF.defineShort("offsets.topic.replication.factor", (short) 3, atLeast(1),
            "Replication factor of __consumer_offsets.");
    public static final ConfigKey<Integer> OFFSETS_TOPIC_SEGMENT_BYTES = DEF.defineInt("offsets.topic.segment.bytes", 104857600, atLeast(1),
            "Segment size of __consumer_offsets.");
    public static final ConfigKey<Integer> OFFSETS_RETENTION_MINUTES = DEF.defineInt("offsets.retention.minutes", 10080, atLeast(1),
            "Committed offsets of an empty group are kept this long.");
    public static final ConfigKey<Long> OFFSETS_RETENTION_CHECK_INTERVAL_MS = DEF.defineLong("offsets.retention.check.interval.ms", 600000L, atLeast(1),
            "How often stale offsets are looked for.");
    public static final ConfigKey<Integer> OFFSET_METADATA_MAX_BYTES = DEF.defineInt("offset.metadata.max.bytes", 4096, ConfigKey.Validator.NONE,
            "Largest metadata string of a committed offset.");
    public static final ConfigKey<Integer> GROUP_INITIAL_REBALANCE_DELAY_MS = DEF.defineInt("group.initial.rebalance.delay.ms", 3000, ConfigKey.Validator.NONE,
            "Delay of the first rebalance of an empty group, letting more members join.");
    public static final ConfigKey<Integer> GROUP_MIN_SESSION_TIMEOUT_MS = DEF.defineInt("group.min.session.timeout.ms", 6000, ConfigKey.Validator.NONE,
            "Smallest session timeout a member may ask for.");
    public static final ConfigKey<Integer> GROUP_MAX_SESSION_TIMEOUT_MS = DEF.defineInt("group.max.session.timeout.ms", 1800000, ConfigKey.Validator.NONE,
            "Largest session timeout a member may ask for.");
    public static final ConfigKey<Integer> GROUP_MAX_SIZE = DEF.defineInt("group.max.size", Integer.MAX_VALUE, atLeast(1),
            "Largest number of members of a consumer group.");

    // ---- Transaction coordinator
    public static final ConfigKey<Integer> TRANSACTION_STATE_LOG_NUM_PARTITIONS = DEF.defineInt("transaction.state.log.num.partitions", 50, atLeast(1),
            "Partitions of __transaction_state.");
    public static final ConfigKey<Short> TRANSACTION_STATE_LOG_REPLICATION_FACTOR = DEF.defineShort("transaction.state.log.replication.factor", (short) 3, atLeast(1),
            "Replication factor of __transaction_state.");
    public static final ConfigKey<Integer> TRANSACTION_STATE_LOG_MIN_ISR = DEF.defineInt("transaction.state.log.min.isr", 2, atLeast(1),
            "min.insync.replicas of __transaction_state.");
    public static final ConfigKey<Integer> TRANSACTION_MAX_TIMEOUT_MS = DEF.defineInt("transaction.max.timeout.ms", 900000, atLeast(1),
            "Largest transaction timeout a producer may ask for.");
    public static final ConfigKey<Integer> TRANSACTIONAL_ID_EXPIRATION_MS = DEF.defineInt("transactional.id.expiration.ms", 604800000, atLeast(1),
            "A transactional id idle this long is forgotten.");
    public static final ConfigKey<Integer> PRODUCER_ID_EXPIRATION_MS = DEF.defineInt("producer.id.expiration.ms", 86400000, atLeast(1),
            "An idle producer id's state is dropped after this long.");
}
