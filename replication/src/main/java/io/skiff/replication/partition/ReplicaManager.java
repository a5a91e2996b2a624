package io.skiff.replication.partition;

import io.skiff.log.CheckpointFile.EpochEntry;
import io.skiff.log.LogConfig;
import io.skiff.log.LogManager;
import io.skiff.log.PartitionLog;
import io.skiff.log.ReadResult;
import io.skiff.log.Time;
import io.skiff.log.TimestampAndOffset;
import io.skiff.log.TopicPartition;
import io.skiff.replication.delayed.DelayedOperationPurgatory;
import io.skiff.replication.delayed.Timer;
import io.skiff.replication.zk.ClusterSnapshot;
import io.skiff.replication.zk.PartitionState;
import io.skiff.replication.zk.TopicAssignment;
import io.skiff.wire.protocol.ApiException;
import io.skiff.wire.protocol.DecodeException;
import io.skiff.wire.protocol.Errors;
import io.skiff.wire.record.Batches;
import io.skiff.wire.record.Record;
import io.skiff.wire.record.RecordBatch;
import io.skiff.wire.record.TimestampType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replicas this broker hosts and the data path over them: produce, fetch, ListOffsets and
 * OffsetForLeaderEpoch.
 *
 * <p>It follows the cluster view ({@link #onMetadata}, a listener on the ZooKeeper watcher): each
 * partition assigned to this broker with a leader becomes a {@link Partition} in the leader or
 * follower role, with its log opened or created; a hosted partition whose topic disappeared (or was
 * re-created under a new topic id) is taken offline and its log deleted. Logs on disk of topics
 * deleted while this broker was down are left alone for now (stray-log cleanup is a later issue).
 *
 * <p>Waiting requests: an {@code acks=all} produce parks in the produce purgatory until the high
 * watermark passes its records; a fetch that cannot be answered with {@code min.bytes} parks in the
 * fetch purgatory until an append or a high watermark move on one of its partitions, or its
 * {@code max.wait.ms}. Both purgatories are keyed by partition.
 *
 * <p>Thread-safety: metadata updates are serialised ({@code synchronized}); everything else is
 * thread-safe and non-blocking apart from the log append itself (a page-cache write, an fsync only
 * when {@code flush.messages} asks for one).
 */
public final class ReplicaManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaManager.class);
    /** Watch key for a fetch with no partitions (an unchanged fetch session): woken only by its timeout. */
    private static final TopicPartition NO_PARTITION = new TopicPartition("", -1);

    private final ReplicaManagerConfig config;
    private final LogManager logManager;
    private final Timer timer;
    private final Time time;
    private final Executor expiryExecutor;
    private final Map<TopicPartition, Partition> partitions = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Long> checkpointedHighWatermarks;
    private final DelayedOperationPurgatory<TopicPartition, DelayedProduce> producePurgatory;
    private final DelayedOperationPurgatory<TopicPartition, DelayedFetch> fetchPurgatory;
    private final List<LeadershipListener> leadershipListeners = new CopyOnWriteArrayList<>();
    private volatile ClusterSnapshot snapshot = ClusterSnapshot.EMPTY;

    /** A replica manager whose expired fetches read on the timer's thread (tests with a manual timer). */
    public ReplicaManager(ReplicaManagerConfig config, LogManager logManager, Timer timer, Time time) {
        this(config, logManager, timer, time, Runnable::run);
    }

    /**
     * @param expiryExecutor where a long-poll fetch that reached {@code max.wait.ms} does its final
     *     read (the broker's I/O pool): the timer thread itself must not do I/O
     */
    public ReplicaManager(ReplicaManagerConfig config, LogManager logManager, Timer timer, Time time,
                          Executor expiryExecutor) {
        this.config = config;
        this.expiryExecutor = expiryExecutor;
        this.logManager = logManager;
        this.timer = timer;
        this.time = time;
        this.producePurgatory = new DelayedOperationPurgatory<>("Produce", timer, 1000);
        this.fetchPurgatory = new DelayedOperationPurgatory<>("Fetch", timer, 1000);
        Map<TopicPartition, Long> hws;
        try {
            hws = logManager.readHighWatermarks();
        } catch (IOException e) {
            LOG.warn("Cannot read the high watermark checkpoints; starting every partition from its log start", e);
            hws = Map.of();
        }
        this.checkpointedHighWatermarks = new ConcurrentHashMap<>(hws);
    }

    public ReplicaManagerConfig config() {
        return config;
    }

    /** The hosted replica of {@code tp}, if any. */
    public Optional<Partition> partition(TopicPartition tp) {
        return Optional.ofNullable(partitions.get(tp));
    }

    /** The cluster view last applied. */
    public ClusterSnapshot snapshot() {
        return snapshot;
    }

    /** Registers a listener for leadership changes applied from now on. */
    public void addLeadershipListener(LeadershipListener listener) {
        leadershipListeners.add(listener);
    }

    /** The name of the topic with id {@code topicId} in the current cluster view. */
    public Optional<String> topicName(UUID topicId) {
        for (TopicAssignment t : snapshot.topics().values()) {
            if (t.topicId().equals(topicId)) {
                return Optional.of(t.topic());
            }
        }
        return Optional.empty();
    }

    /** The id of {@code topic} in the current cluster view. */
    public Optional<UUID> topicId(String topic) {
        return Optional.ofNullable(snapshot.topics().get(topic)).map(TopicAssignment::topicId);
    }

    // ---------------------------------------------------------------- metadata

    /** Applies a new cluster view: leader and follower transitions, removal of deleted topics. */
    public synchronized void onMetadata(ClusterSnapshot next) {
        this.snapshot = next;
        Set<TopicPartition> assigned = new HashSet<>();
        for (TopicAssignment topic : next.topics().values()) {
            topic.partitions().forEach((index, replicas) -> {
                if (!replicas.contains(config.brokerId())) {
                    return;
                }
                TopicPartition tp = new TopicPartition(topic.topic(), index);
                assigned.add(tp);
                Partition existing = partitions.get(tp);
                if (existing != null && existing.topicId() != null && !existing.topicId().equals(topic.topicId())) {
                    LOG.info("Topic {} was re-created with a new id; deleting the old replica of {}", tp.topic(), tp);
                    remove(tp);
                }
                next.state(topic.topic(), index).ifPresent(state -> apply(tp, topic, replicas, state));
            });
        }
        for (TopicPartition tp : List.copyOf(partitions.keySet())) {
            if (!assigned.contains(tp)) {
                LOG.info("{} is no longer assigned to broker {}; deleting its replica", tp, config.brokerId());
                remove(tp);
            }
        }
    }

    private void apply(TopicPartition tp, TopicAssignment topic, List<Integer> replicas, PartitionState state) {
        try {
            PartitionLog log = logManager.getOrCreateLog(tp);
            Partition p = partitions.computeIfAbsent(tp, k -> new Partition(k, config.brokerId()));
            long hw = checkpointedHighWatermarks.getOrDefault(tp, 0L);
            boolean changed;
            boolean wasLeader = p.isLeader();
            if (state.leader() == config.brokerId()) {
                changed = p.makeLeader(log, topic.topicId(), state.leaderEpoch(), replicas, state.isr(), hw);
                if (changed) {
                    LOG.info("Leader of {} in epoch {} (ISR {}, log end {}, high watermark {})", tp,
                            state.leaderEpoch(), state.isr(), log.logEndOffset(), p.highWatermark());
                }
            } else {
                // Follower fetching from the leader is a later issue; here the replica only stops leading.
                changed = p.makeFollower(log, topic.topicId(), state.leaderEpoch(), state.leader(), replicas,
                        state.isr(), hw);
                if (changed) {
                    LOG.info("Follower of {} in epoch {} (leader {})", tp, state.leaderEpoch(), state.leader());
                }
            }
            if (changed) {
                producePurgatory.checkAndComplete(tp);
                fetchPurgatory.checkAndComplete(tp);
                if (p.isLeader()) {
                    notify(l -> l.onBecomeLeader(tp, state.leaderEpoch()));
                } else if (wasLeader) {
                    notify(l -> l.onResign(tp, state.leaderEpoch()));
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("Cannot bring {} online", tp, e);
        }
    }

    private void notify(java.util.function.Consumer<LeadershipListener> call) {
        for (LeadershipListener l : leadershipListeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                LOG.error("Leadership listener {} failed", l, e);
            }
        }
    }

    private void remove(TopicPartition tp) {
        Partition p = partitions.remove(tp);
        if (p != null) {
            boolean wasLeader = p.isLeader();
            p.makeOffline();
            if (wasLeader) {
                notify(l -> l.onResign(tp, -1));
            }
            producePurgatory.checkAndComplete(tp);
            fetchPurgatory.checkAndComplete(tp);
        }
        checkpointedHighWatermarks.remove(tp);
        try {
            logManager.deleteLog(tp);
        } catch (IOException | RuntimeException e) {
            LOG.error("Cannot delete the log of {}", tp, e);
        }
    }

    /** The leader replica of {@code tp}, or UNKNOWN_TOPIC_OR_PARTITION / NOT_LEADER_OR_FOLLOWER. */
    private Partition leaderPartition(TopicPartition tp) {
        Partition p = partitions.get(tp);
        if (p == null) {
            TopicAssignment topic = snapshot.topics().get(tp.topic());
            if (topic != null && topic.partitions().containsKey(tp.partition())) {
                throw new ApiException(Errors.NOT_LEADER_OR_FOLLOWER, "Broker " + config.brokerId()
                        + " does not host " + tp);
            }
            throw new ApiException(Errors.UNKNOWN_TOPIC_OR_PARTITION, "Unknown partition " + tp);
        }
        return p;
    }

    // ---------------------------------------------------------------- produce

    /**
     * Appends one batch set per partition as leader. With {@code acks} 0 or 1 the future is complete
     * on return; with {@code acks=-1} it completes when every successful partition's high watermark
     * passes its records, or after {@code timeoutMs} with REQUEST_TIMED_OUT for the laggards.
     * Partitions fail independently, each with its Kafka error.
     *
     * @param records per partition, batches from position to limit (patched in place by the append)
     */
    public CompletableFuture<Map<TopicPartition, ProducePartitionResult>> appendRecords(
            short acks, long timeoutMs, Map<TopicPartition, ByteBuffer> records) {
        Map<TopicPartition, ProducePartitionResult> results = new LinkedHashMap<>();
        Map<TopicPartition, Long> waitFor = new LinkedHashMap<>();
        for (Map.Entry<TopicPartition, ByteBuffer> e : records.entrySet()) {
            TopicPartition tp = e.getKey();
            try {
                Partition p = leaderPartition(tp);
                LogConfig topicConfig = p.leaderLog(-1).config();
                validateTimestamps(tp, e.getValue(), topicConfig);
                ByteBuffer batches = Recompression.toTopicCodec(tp, e.getValue(), topicConfig);
                Partition.LeaderAppend append = p.appendAsLeader(batches, acks);
                results.put(tp, new ProducePartitionResult(Errors.NONE, null, append.info().firstOffset(),
                        append.info().logAppendTime(), append.info().logStartOffset()));
                if (append.info().lastOffset() >= 0) {
                    waitFor.put(tp, append.info().lastOffset() + 1);
                }
                fetchPurgatory.checkAndComplete(tp);
                if (append.highWatermarkMoved()) {
                    producePurgatory.checkAndComplete(tp);
                }
            } catch (ApiException ex) {
                LOG.debug("Produce to {} failed: {}", tp, ex.getMessage());
                results.put(tp, ProducePartitionResult.error(ex.error(), ex.getMessage()));
            } catch (RuntimeException ex) {
                LOG.error("Unexpected error appending to {}", tp, ex);
                results.put(tp, ProducePartitionResult.error(Errors.forException(ex), null));
            }
        }
        CompletableFuture<Map<TopicPartition, ProducePartitionResult>> future = new CompletableFuture<>();
        if (acks != -1 || waitFor.isEmpty()) {
            future.complete(results);
            return future;
        }
        DelayedProduce op = new DelayedProduce(timer.nowMs() + timeoutMs, results, waitFor, partitions::get,
                future);
        producePurgatory.tryCompleteElseWatch(op, waitFor.keySet());
        return future;
    }

    /** Decompression bound for the timestamp walk, as the log's own record checks use. */
    private static final int MAX_TIMESTAMP_CHECK_BYTES = 64 * 1024 * 1024;

    /**
     * Rejects CreateTime batches holding a record stamped too far from the broker's clock (KIP-937
     * bounds). The batch header's max timestamp (covered by the CRC) bounds every record from above,
     * so the "after" bound needs no record walk, whatever the codec: with Kafka's defaults
     * ({@code message.timestamp.before.max.ms} unbounded) an append does no per-record work. Only a
     * set "before" bound walks the records, checking each as Kafka's {@code LogValidator} does
     * (decompressing a compressed batch).
     */
    private void validateTimestamps(TopicPartition tp, ByteBuffer buf, LogConfig topicConfig) {
        long now = time.milliseconds();
        long beforeMaxMs = topicConfig.messageTimestampBeforeMaxMs();
        long afterMaxMs = topicConfig.messageTimestampAfterMaxMs();
        boolean beforeBounded = beforeMaxMs != Long.MAX_VALUE;
        Batches batches = Batches.of(buf);
        while (batches.next()) {
            RecordBatch b = batches.current();
            if (b.timestampType() != TimestampType.CREATE_TIME) {
                continue;
            }
            checkTimestamp(tp, b.maxTimestamp(), now, beforeMaxMs, afterMaxMs);
            checkTimestamp(tp, b.baseTimestamp(), now, beforeMaxMs, afterMaxMs);
            if (beforeBounded) {
                try {
                    Iterator<Record> records = b.records(Math.max(MAX_TIMESTAMP_CHECK_BYTES, b.sizeInBytes()));
                    while (records.hasNext()) {
                        checkTimestamp(tp, records.next().timestamp(), now, beforeMaxMs, afterMaxMs);
                    }
                } catch (DecodeException e) {
                    throw new ApiException(Errors.CORRUPT_MESSAGE, "Invalid records in batch for " + tp + ": " + e.getMessage());
                }
            }
        }
    }

    private static void checkTimestamp(TopicPartition tp, long ts, long now, long beforeMaxMs, long afterMaxMs) {
        if (ts == RecordBatch.NO_TIMESTAMP) {
            return;
        }
        if ((ts < now && now - ts > beforeMaxMs) || (ts > now && ts - now > afterMaxMs)) {
            throw new ApiException(Errors.INVALID_TIMESTAMP, "Timestamp " + ts + " of a record for " + tp
                    + " is out of range: it must be within [" + beforeMaxMs + " ms before, " + afterMaxMs
                    + " ms after] the broker time " + now);
        }
    }

    // ---------------------------------------------------------------- fetch

    /**
     * Reads the partitions, answering at once when there is an error, {@code minBytes} is met or
     * {@code maxWaitMs} is 0, and otherwise when an append satisfies it or the wait ends. The result
     * keeps the request's partition order.
     */
    public CompletableFuture<Map<TopicPartition, FetchPartitionData>> fetch(FetchParams params,
                                                                            List<FetchPartitionRequest> requests) {
        CompletableFuture<Map<TopicPartition, FetchPartitionData>> future = new CompletableFuture<>();
        if (params.isFromFollower()) {
            for (FetchPartitionRequest r : requests) {
                Partition p = partitions.get(r.tp());
                if (p != null && p.updateFollowerEndOffset(params.replicaId(), r.fetchOffset())) {
                    producePurgatory.checkAndComplete(r.tp());
                    fetchPurgatory.checkAndComplete(r.tp());
                }
            }
        }
        Map<TopicPartition, FetchPartitionData> first = readPartitions(params, requests);
        if (params.maxWaitMs() <= 0 || satisfied(params, first)) {
            future.complete(first);
            return future;
        }
        DelayedFetch op = new DelayedFetch(timer.nowMs() + params.maxWaitMs(), this, params, List.copyOf(requests),
                future, expiryExecutor);
        List<TopicPartition> keys = requests.isEmpty() ? List.of(NO_PARTITION)
                : requests.stream().map(FetchPartitionRequest::tp).distinct().toList();
        fetchPurgatory.tryCompleteElseWatch(op, keys);
        return future;
    }

    boolean fetchSatisfied(FetchParams params, List<FetchPartitionRequest> requests) {
        return !requests.isEmpty() && satisfied(params, readPartitions(params, requests));
    }

    private static boolean satisfied(FetchParams params, Map<TopicPartition, FetchPartitionData> read) {
        if (read.isEmpty() && params.maxWaitMs() > 0) {
            return false;
        }
        long bytes = 0;
        for (FetchPartitionData d : read.values()) {
            if (d.error() != Errors.NONE) {
                return true;
            }
            bytes += d.sizeInBytes();
        }
        return bytes >= params.minBytes();
    }

    /**
     * One read of every partition: the first non-empty partition returns at least one whole batch;
     * after that each partition gets at most its own limit and what is left of the response limit.
     */
    Map<TopicPartition, FetchPartitionData> readPartitions(FetchParams params, List<FetchPartitionRequest> requests) {
        Map<TopicPartition, FetchPartitionData> out = new LinkedHashMap<>();
        long remaining = params.maxBytes();
        boolean minOneBatch = true;
        for (FetchPartitionRequest r : requests) {
            try {
                Partition p = leaderPartition(r.tp());
                Optional<OffsetAndEpoch> diverging = divergingEpoch(p, r);
                if (diverging.isPresent()) {
                    long hw = p.highWatermark();
                    out.put(r.tp(), new FetchPartitionData(Errors.NONE, hw, hw, p.log().logStartOffset(),
                            Optional.empty(), diverging));
                    continue;
                }
                int limit = (int) Math.max(0, Math.min(r.maxBytes(), remaining));
                ReadResult read = p.read(r.fetchOffset(), limit, !params.isFromFollower(), minOneBatch,
                        r.currentLeaderEpoch());
                long hw = p.highWatermark();
                // Without transactions nothing is unstable: the last stable offset is the high watermark.
                out.put(r.tp(), new FetchPartitionData(Errors.NONE, hw, hw, read.logStartOffset(), read.region(),
                        Optional.empty()));
                int size = read.sizeInBytes();
                if (size > 0) {
                    minOneBatch = false;
                    remaining -= size;
                }
            } catch (ApiException e) {
                LOG.debug("Fetch from {} at {} failed: {}", r.tp(), r.fetchOffset(), e.getMessage());
                out.put(r.tp(), errorData(r.tp(), e.error()));
            } catch (RuntimeException e) {
                LOG.error("Unexpected error reading {} at {}", r.tp(), r.fetchOffset(), e);
                out.put(r.tp(), FetchPartitionData.error(Errors.UNKNOWN_SERVER_ERROR));
            }
        }
        return out;
    }

    /**
     * A failed read's answer. OFFSET_OUT_OF_RANGE carries the partition's real log start offset and
     * high watermark, so a client sees the valid range in the same response; other errors carry -1.
     */
    private FetchPartitionData errorData(TopicPartition tp, Errors error) {
        Partition p = partitions.get(tp);
        PartitionLog log = p == null ? null : p.log();
        if (error == Errors.OFFSET_OUT_OF_RANGE && log != null) {
            long hw = p.highWatermark();
            return new FetchPartitionData(error, hw, hw, log.logStartOffset(), Optional.empty(), Optional.empty());
        }
        return FetchPartitionData.error(error);
    }

    /**
     * The divergence check of a follower fetch carrying its last fetched epoch: when the leader's
     * log ends that epoch before the fetch offset (or does not know the epoch), the follower must
     * truncate to the returned end offset before fetching on. Empty when the logs agree.
     */
    private static Optional<OffsetAndEpoch> divergingEpoch(Partition p, FetchPartitionRequest r) {
        if (r.lastFetchedEpoch() < 0 || r.fetchOffset() == 0) {
            return Optional.empty();
        }
        PartitionLog log = p.leaderLog(r.currentLeaderEpoch());
        EpochEntry end = log.leaderEpochCache().endOffsetFor(r.lastFetchedEpoch(), log.logEndOffset());
        if (end.epoch() < r.lastFetchedEpoch() || end.startOffset() < r.fetchOffset()) {
            return Optional.of(new OffsetAndEpoch(Errors.NONE, -1, end.startOffset(), end.epoch()));
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- offsets

    /** ListOffsets' timestamp sentinels beyond {@link TimestampAndOffset}'s, as Kafka's {@code ListOffsetsRequest} names them. */
    public static final long EARLIEST_LOCAL_TIMESTAMP = -4L;
    public static final long LATEST_TIERED_TIMESTAMP = -5L;
    public static final long EARLIEST_PENDING_UPLOAD_TIMESTAMP = -6L;

    /**
     * ListOffsets for one partition, on the leader. Consumers ({@code isolationBounded}) see only
     * offsets below the high watermark; a timestamp whose first match lies above it is "not found".
     * Without tiered storage the local log is the whole log, as in Kafka's {@code UnifiedLog}: the
     * earliest local offset is the log start, and the tiered sentinels (latest tiered, earliest
     * pending upload) find nothing (offset and epoch -1, no error).
     *
     * @param timestamp a time in ms, or -1 latest, -2 earliest, -3 max timestamp, -4 earliest local,
     *     -5 latest tiered, -6 earliest pending upload; the caller has rejected other negative values
     */
    public OffsetAndEpoch listOffset(TopicPartition tp, long timestamp, int currentLeaderEpoch, boolean isolationBounded) {
        try {
            Partition p = leaderPartition(tp);
            PartitionLog log = p.leaderLog(currentLeaderEpoch);
            long lastFetchable = isolationBounded ? p.highWatermark() : log.logEndOffset();
            if (timestamp == TimestampAndOffset.LATEST_TIMESTAMP) {
                return new OffsetAndEpoch(Errors.NONE, -1, lastFetchable,
                        log.leaderEpochCache().latest().map(EpochEntry::epoch).orElse(-1));
            }
            if (timestamp == TimestampAndOffset.EARLIEST_TIMESTAMP || timestamp == EARLIEST_LOCAL_TIMESTAMP) {
                long start = log.logStartOffset();
                return new OffsetAndEpoch(Errors.NONE, -1, start, p.epochForOffset(start));
            }
            if (timestamp == LATEST_TIERED_TIMESTAMP || timestamp == EARLIEST_PENDING_UPLOAD_TIMESTAMP) {
                return OffsetAndEpoch.NOT_FOUND;
            }
            if (timestamp < 0 && timestamp != TimestampAndOffset.MAX_TIMESTAMP) {
                throw new ApiException(Errors.UNSUPPORTED_VERSION, "Unknown ListOffsets timestamp " + timestamp);
            }
            Optional<TimestampAndOffset> found = log.offsetForTimestamp(timestamp);
            if (found.isEmpty() || found.get().offset() >= lastFetchable) {
                return OffsetAndEpoch.NOT_FOUND;
            }
            long offset = found.get().offset();
            return new OffsetAndEpoch(Errors.NONE, found.get().timestamp(), offset, p.epochForOffset(offset));
        } catch (ApiException e) {
            return OffsetAndEpoch.error(e.error());
        }
    }

    /**
     * OffsetForLeaderEpoch on the leader: the end offset of {@code leaderEpoch} (the start of the next
     * epoch, or the log end for the latest) and the largest epoch at or below it; -1/-1 when the epoch
     * is older than every epoch the log knows.
     */
    public OffsetAndEpoch lastOffsetForLeaderEpoch(TopicPartition tp, int currentLeaderEpoch, int leaderEpoch) {
        try {
            Partition p = leaderPartition(tp);
            PartitionLog log = p.leaderLog(currentLeaderEpoch);
            EpochEntry end = log.leaderEpochCache().endOffsetFor(leaderEpoch, log.logEndOffset());
            return new OffsetAndEpoch(Errors.NONE, -1, end.startOffset(), end.epoch());
        } catch (ApiException e) {
            return OffsetAndEpoch.error(e.error());
        }
    }

    /**
     * DeleteRecords for one partition on its leader (see {@link Partition#deleteRecordsOnLeader}); returns the low
     * watermark. Does file I/O (segment deletion): call it off the event loops.
     *
     * @throws ApiException UNKNOWN_TOPIC_OR_PARTITION, NOT_LEADER_OR_FOLLOWER, OFFSET_OUT_OF_RANGE, POLICY_VIOLATION
     */
    public long deleteRecords(TopicPartition tp, long offset) {
        return leaderPartition(tp).deleteRecordsOnLeader(offset);
    }

    // ---------------------------------------------------------------- checkpoints

    /** The high watermark of every hosted replica. */
    public Map<TopicPartition, Long> highWatermarks() {
        Map<TopicPartition, Long> hws = new HashMap<>();
        partitions.forEach((tp, p) -> {
            if (p.log() != null) {
                hws.put(tp, p.highWatermark());
            }
        });
        return hws;
    }

    /** Writes {@code replication-offset-checkpoint}; run periodically and at shutdown. */
    public void checkpointHighWatermarks() {
        Map<TopicPartition, Long> hws = highWatermarks();
        try {
            logManager.checkpointHighWatermarks(hws);
            checkpointedHighWatermarks.putAll(hws);
        } catch (IOException e) {
            LOG.error("Cannot write the high watermark checkpoint", e);
        }
    }

    /** Checkpoints the high watermarks; the log manager and timer are closed by their owner. */
    @Override
    public void close() {
        checkpointHighWatermarks();
    }
}
