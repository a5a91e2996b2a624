package io.skiff.replication.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.log.LogConfig;
import io.skiff.log.LogManager;
import io.skiff.log.Scheduler;
import io.skiff.log.Time;
import io.skiff.log.TopicPartition;
import io.skiff.replication.delayed.SystemTimer;
import io.skiff.replication.zk.ClusterSnapshot;
import io.skiff.replication.zk.PartitionState;
import io.skiff.replication.zk.TopicAssignment;
import io.skiff.wire.protocol.Errors;
import io.skiff.wire.record.Batches;
import io.skiff.wire.record.CompressionType;
import io.skiff.wire.record.RecordBatchBuilder;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Producers (acks=all) and long-polling fetchers on real threads and a real timer: every appended
 * record is read exactly once, in offset order, and every produce completes without error.
 */
class ReplicaManagerConcurrencyTest {
    private static final int PARTITIONS = 2;
    private static final int PRODUCERS = 4;
    private static final int BATCHES_PER_PRODUCER = 150;

    @TempDir
    Path dir;

    @Test
    void concurrentProducersAndLongPollFetchersSeeEveryRecordOnce() throws Exception {
        long seed = new Random().nextLong();
        LogManager logManager = LogManager.start(LogManager.Settings.defaults(List.of(dir)), t -> LogConfig.defaults(),
                Time.SYSTEM, Scheduler.IMMEDIATE);
        SystemTimer timer = new SystemTimer("test-timer", 5);
        ExecutorService pool = Executors.newFixedThreadPool(PRODUCERS + PARTITIONS);
        try {
            ReplicaManager rm = new ReplicaManager(new ReplicaManagerConfig(0),
                    logManager, timer, Time.SYSTEM);
            TopicAssignment topic = TopicAssignment.of("c", new UUID(5, 5), Map.of(0, List.of(0), 1, List.of(0)));
            rm.onMetadata(new ClusterSnapshot(Map.of(), Map.of("c", topic), Map.of("c", Map.of(
                    0, new PartitionState(0, 0, List.of(0), 1, 0), 1, new PartitionState(0, 0, List.of(0), 1, 0))),
                    OptionalInt.empty()));
            AtomicIntegerArray appended = new AtomicIntegerArray(PARTITIONS);
            List<Future<?>> producers = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                Random random = new Random(seed + p);
                producers.add(pool.submit(() -> {
                    for (int i = 0; i < BATCHES_PER_PRODUCER; i++) {
                        int partition = random.nextInt(PARTITIONS);
                        int records = 1 + random.nextInt(3);
                        RecordBatchBuilder b = new RecordBatchBuilder(CompressionType.NONE);
                        for (int r = 0; r < records; r++) {
                            b.append(System.currentTimeMillis(), null, new byte[] {(byte) r});
                        }
                        TopicPartition tp = new TopicPartition("c", partition);
                        ProducePartitionResult result = rm.appendRecords((short) -1, 30_000, Map.of(tp, b.build()))
                                .get(30, TimeUnit.SECONDS).get(tp);
                        assertThat(result.error()).as("seed %d", seed).isEqualTo(Errors.NONE);
                        appended.addAndGet(partition, records);
                    }
                    return null;
                }));
            }
            List<Future<Long>> fetchers = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                TopicPartition tp = new TopicPartition("c", p);
                fetchers.add(pool.submit(() -> {
                    long position = 0;
                    while (!(producers.stream().allMatch(Future::isDone) && position == rm.partition(tp).orElseThrow().highWatermark())) {
                        FetchPartitionData d = rm.fetch(new FetchParams(-1, 100, 1, 64 * 1024, false),
                                List.of(new FetchPartitionRequest(tp, position, 16 * 1024, -1))).get(30, TimeUnit.SECONDS).get(tp);
                        assertThat(d.error()).as("seed %d", seed).isEqualTo(Errors.NONE);
                        if (d.records().isEmpty()) {
                            continue;
                        }
                        ByteBuffer buf = d.records().get().read();
                        Batches batches = Batches.of(buf);
                        while (batches.next()) {
                            assertThat(batches.current().baseOffset()).as("seed %d", seed).isEqualTo(position);
                            position = batches.current().nextOffset();
                        }
                    }
                    return position;
                }));
            }
            for (Future<?> f : producers) {
                f.get(120, TimeUnit.SECONDS);
            }
            for (int p = 0; p < PARTITIONS; p++) {
                assertThat(fetchers.get(p).get(120, TimeUnit.SECONDS)).as("seed %d", seed).isEqualTo((long) appended.get(p));
            }
            rm.close();
        } catch (Exception | AssertionError e) {
            throw new AssertionError("Failed with seed " + seed, e);
        } finally {
            pool.shutdownNow();
            timer.close();
            logManager.close();
        }
    }
}
