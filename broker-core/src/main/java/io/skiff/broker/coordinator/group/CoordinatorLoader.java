package io.skiff.broker.coordinator.group;

import io.skiff.log.FileRegion;
import io.skiff.log.TopicPartition;
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
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows leadership of {@code __consumer_offsets}: when this broker becomes leader of a partition, the
 * partition is marked loading (COORDINATOR_LOAD_IN_PROGRESS) and its records are replayed from the log
 * start to the high watermark on the I/O pool, then its groups are served; when leadership leaves, its
 * groups are dropped (NOT_COORDINATOR). Metadata callbacks arrive on one thread, after the replica
 * manager has applied the same snapshot; loads run one per partition.
 */
public final class CoordinatorLoader implements Consumer<ClusterSnapshot> {
    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorLoader.class);
    private static final int READ_BYTES = 1 << 20;
    private static final long EARLIEST = -2L;

    private final GroupRegistry registry;
    private final GroupCoordinator coordinator;
    private final OffsetManager offsets;
    private final ReplicaManager replicaManager;
    private final ExecutorService ioPool;

    public CoordinatorLoader(GroupRegistry registry, GroupCoordinator coordinator, OffsetManager offsets,
                             ReplicaManager replicaManager, ExecutorService ioPool) {
        this.registry = registry;
        this.coordinator = coordinator;
        this.offsets = offsets;
        this.replicaManager = replicaManager;
        this.ioPool = ioPool;
    }

    @Override
    public synchronized void accept(ClusterSnapshot snapshot) {
        TopicAssignment topic = snapshot.topics().get(ReplicatedOffsetLog.TOPIC);
        int count = topic == null ? 0 : topic.partitions().size();
        for (int p = 0; p < Math.max(count, registry.config().offsetsPartitions()); p++) {
            TopicPartition tp = new TopicPartition(ReplicatedOffsetLog.TOPIC, p);
            boolean leader = p < count && replicaManager.partition(tp).map(Partition::isLeader).orElse(false);
            if (leader && !registry.owns(p)) {
                registry.beginLoading(p);
                int partition = p;
                ioPool.execute(() -> load(partition));
            } else if (!leader && registry.owns(p)) {
                LOG.info("No longer the group coordinator for {}: unloading its groups", tp);
                registry.unload(p, group -> coordinator.failPending(group, Errors.NOT_COORDINATOR));
            }
        }
    }

    private void load(int partition) {
        TopicPartition tp = new TopicPartition(ReplicatedOffsetLog.TOPIC, partition);
        long start = System.nanoTime();
        long records = 0;
        try {
            long offset = replicaManager.listOffset(tp, EARLIEST, -1, false).offset();
            while (true) {
                FetchPartitionData data = replicaManager.fetch(new FetchParams(-1, 0, 0, READ_BYTES, false),
                        java.util.List.of(new FetchPartitionRequest(tp, offset, READ_BYTES, -1))).join().get(tp);
                if (data.error() != Errors.NONE) {
                    throw data.error().exception("Reading " + tp + " at offset " + offset);
                }
                if (data.records().isEmpty() || offset >= data.highWatermark()) {
                    break;
                }
                long next = replay(data.records().get(), offset);
                if (next <= offset) {
                    break;
                }
                records += next - offset;
                offset = next;
            }
            registry.completeLoading(partition);
            LOG.info("Loaded group coordinator state of {} ({} offsets read) in {} ms", tp, records,
                    (System.nanoTime() - start) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            // Stays LOADING: clients keep retrying, and the error is visible once, here.
            LOG.error("Cannot load group coordinator state from {}", tp, e);
        }
    }

    /** Replays the batches in {@code region}; returns the offset after the last whole batch. */
    private long replay(FileRegion region, long from) throws IOException {
        ByteBuffer buf = region.read();
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
}
