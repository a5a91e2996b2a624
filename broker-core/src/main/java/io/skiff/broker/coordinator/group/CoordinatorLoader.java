package io.skiff.broker.coordinator.group;

import io.skiff.log.TopicPartition;
import io.skiff.replication.delayed.Timer;
import io.skiff.replication.delayed.TimerTask;
import io.skiff.replication.partition.FetchParams;
import io.skiff.replication.partition.FetchPartitionData;
import io.skiff.replication.partition.FetchPartitionRequest;
import io.skiff.replication.partition.Partition;
import io.skiff.replication.partition.ReplicaManager;
import io.skiff.replication.zk.ClusterSnapshot;
import io.skiff.replication.zk.TopicAssignment;
import io.skiff.wire.protocol.Errors;
import io.skiff.wire.record.Batches;
import io.skiff.wire.record.Record;
import io.skiff.wire.record.RecordBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows leadership of {@code __consumer_offsets}: when this broker becomes leader of a partition, the
 * partition is marked loading (COORDINATOR_LOAD_IN_PROGRESS) and its records are replayed from the log
 * start to the high watermark on the I/O pool, then its groups are served; when leadership leaves, its
 * groups are dropped (NOT_COORDINATOR).
 *
 * <p>A load that fails (an I/O error, an unreadable record) discards what it had read and is tried again
 * after a backoff that doubles from {@link #INITIAL_BACKOFF_MS} to {@link #MAX_BACKOFF_MS}, for as long as
 * this broker stays leader; the partition answers COORDINATOR_LOAD_IN_PROGRESS meanwhile, so clients keep
 * retrying too. (Kafka's coordinator runtime instead marks the partition FAILED, answering NOT_COORDINATOR
 * until the next leader epoch loads it again; a single broker never gets a next epoch, so it would never
 * serve those groups again.) The first failure of a load is logged at ERROR with its stack trace, repeats
 * at WARN.
 *
 * <p>Thread-safety: metadata callbacks arrive on one thread, after the replica manager has applied the
 * same snapshot; {@link #accept} is synchronized. Each load is stamped with the partition's load epoch
 * (bumped every time loading begins) and a load or retry of an older epoch gives up, so at most one
 * load per partition ever completes.
 */
public final class CoordinatorLoader implements Consumer<ClusterSnapshot> {
    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorLoader.class);
    static final long INITIAL_BACKOFF_MS = 100;
    static final long MAX_BACKOFF_MS = 10_000;
    private static final int READ_BYTES = 1 << 20;
    private static final long EARLIEST = -2L;

    /** Reads one partition of this broker's {@code __consumer_offsets} log. */
    interface LogReader {
        long logStartOffset(int partition) throws IOException;

        /** Whole batches from {@code offset} (none at the end) and the partition's high watermark. */
        Chunk read(int partition, long offset) throws IOException;
    }

    record Chunk(ByteBuffer batches, long highWatermark) {}

    private final GroupRegistry registry;
    private final GroupCoordinator coordinator;
    private final OffsetManager offsets;
    private final LogReader reader;
    private final IntPredicate leaderHere;
    private final Executor ioPool;
    private final Timer timer;
    private final Map<Integer, Integer> loadEpochs = new ConcurrentHashMap<>();

    public CoordinatorLoader(GroupRegistry registry, GroupCoordinator coordinator, OffsetManager offsets,
                             ReplicaManager replicaManager, Executor ioPool, Timer timer) {
        this(registry, coordinator, offsets, new ReplicaReader(replicaManager), p -> isLeader(replicaManager, p),
                ioPool, timer);
    }

    /** @param leaderHere whether this broker leads a {@code __consumer_offsets} partition now */
    CoordinatorLoader(GroupRegistry registry, GroupCoordinator coordinator, OffsetManager offsets, LogReader reader,
                      IntPredicate leaderHere, Executor ioPool, Timer timer) {
        this.registry = registry;
        this.coordinator = coordinator;
        this.offsets = offsets;
        this.reader = reader;
        this.leaderHere = leaderHere;
        this.ioPool = ioPool;
        this.timer = timer;
    }

    private static boolean isLeader(ReplicaManager replicaManager, int partition) {
        return replicaManager.partition(new TopicPartition(ReplicatedOffsetLog.TOPIC, partition))
                .map(Partition::isLeader).orElse(false);
    }

    @Override
    public synchronized void accept(ClusterSnapshot snapshot) {
        TopicAssignment topic = snapshot.topics().get(ReplicatedOffsetLog.TOPIC);
        int count = topic == null ? 0 : topic.partitions().size();
        for (int p = 0; p < Math.max(count, registry.config().offsetsPartitions()); p++) {
            boolean leader = p < count && leaderHere.test(p);
            if (leader && !registry.owns(p)) {
                startLoading(p);
            } else if (!leader && registry.owns(p)) {
                LOG.info("No longer the group coordinator for {}-{}: unloading its groups", ReplicatedOffsetLog.TOPIC,
                        p);
                loadEpochs.merge(p, 1, Integer::sum); // a load still running for it gives up
                registry.unload(p, group -> coordinator.failPending(group, Errors.NOT_COORDINATOR));
            }
        }
    }

    /** Leadership of {@code partition} arrived: serve it once its records are replayed. */
    synchronized void startLoading(int partition) {
        registry.beginLoading(partition);
        int epoch = loadEpochs.merge(partition, 1, Integer::sum);
        ioPool.execute(() -> load(partition, epoch, 1));
    }

    private boolean current(int partition, int epoch) {
        return loadEpochs.getOrDefault(partition, 0) == epoch && registry.isLoading(partition);
    }

    private void load(int partition, int epoch, int attempt) {
        if (!current(partition, epoch)) {
            return;
        }
        TopicPartition tp = new TopicPartition(ReplicatedOffsetLog.TOPIC, partition);
        long start = System.nanoTime();
        long records = 0;
        try {
            long offset = reader.logStartOffset(partition);
            while (current(partition, epoch)) {
                Chunk chunk = reader.read(partition, offset);
                if (!chunk.batches().hasRemaining() || offset >= chunk.highWatermark()) {
                    break;
                }
                long next = replay(chunk.batches(), offset);
                if (next <= offset) {
                    break;
                }
                records += next - offset;
                offset = next;
            }
            synchronized (this) {
                if (current(partition, epoch)) {
                    registry.completeLoading(partition);
                    LOG.info("Loaded group coordinator state of {} ({} offsets read) in {} ms", tp, records,
                            (System.nanoTime() - start) / 1_000_000);
                }
            }
        } catch (IOException | RuntimeException e) {
            retryLater(partition, epoch, attempt, e);
        }
    }

    /** Discards the partial state and tries again after the backoff, while this broker is still leader. */
    private synchronized void retryLater(int partition, int epoch, int attempt, Exception failure) {
        if (!current(partition, epoch)) {
            return;
        }
        registry.discardGroups(partition, group -> coordinator.failPending(group, Errors.COORDINATOR_LOAD_IN_PROGRESS));
        long backoff = Math.min(MAX_BACKOFF_MS, INITIAL_BACKOFF_MS << Math.min(attempt - 1, 20));
        if (attempt == 1) {
            LOG.error("Cannot load group coordinator state from {}-{}; retrying in {} ms", ReplicatedOffsetLog.TOPIC,
                    partition, backoff, failure);
        } else {
            LOG.warn("Load attempt {} of {}-{} failed ({}); retrying in {} ms", attempt, ReplicatedOffsetLog.TOPIC,
                    partition, failure.toString(), backoff);
        }
        timer.add(new TimerTask(timer.nowMs() + backoff) {
            @Override
            public void run() {
                if (current(partition, epoch) && leaderHere.test(partition)) {
                    ioPool.execute(() -> load(partition, epoch, attempt + 1));
                }
            }
        });
    }

    /** Replays the batches in {@code buf}; returns the offset after the last whole batch. */
    private long replay(ByteBuffer buf, long from) {
        Batches batches = Batches.of(buf);
        long next = from;
        while (batches.next()) {
            RecordBatch batch = batches.current();
            next = batch.nextOffset();
            if (batch.isControlBatch()) {
                continue;
            }
            Iterator<Record> it = batch.records(Integer.MAX_VALUE);
            while (it.hasNext()) {
                Record r = it.next();
                if (!r.hasKey() || r.offset() < from) {
                    continue;
                }
                String group = GroupMetadataRecords.readKey(r.key());
                if (group != null) {
                    coordinator.restore(group, r.hasValue() ? GroupMetadataRecords.readValue(r.value()) : null);
                } else {
                    offsets.replay(r.key(), r.value());
                }
            }
        }
        return next;
    }

    /** The replica manager's log, read as the leader reads it (up to the high watermark). */
    private record ReplicaReader(ReplicaManager replicaManager) implements LogReader {
        @Override
        public long logStartOffset(int partition) {
            return replicaManager.listOffset(new TopicPartition(ReplicatedOffsetLog.TOPIC, partition), EARLIEST, -1,
                    false).offset();
        }

        @Override
        public Chunk read(int partition, long offset) throws IOException {
            TopicPartition tp = new TopicPartition(ReplicatedOffsetLog.TOPIC, partition);
            FetchPartitionData data = replicaManager.fetch(new FetchParams(-1, 0, 0, READ_BYTES, false),
                    List.of(new FetchPartitionRequest(tp, offset, READ_BYTES, -1))).join().get(tp);
            if (data.error() != Errors.NONE) {
                throw data.error().exception("Reading " + tp + " at offset " + offset);
            }
            ByteBuffer batches = data.records().isEmpty() ? ByteBuffer.allocate(0) : data.records().get().read();
            return new Chunk(batches, data.highWatermark());
        }
    }
}
