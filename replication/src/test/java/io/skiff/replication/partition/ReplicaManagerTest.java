package io.skiff.replication.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.log.LogConfig;
import io.skiff.log.LogManager;
import io.skiff.log.PartitionLog;
import io.skiff.log.Scheduler;
import io.skiff.log.Time;
import io.skiff.log.TopicPartition;
import io.skiff.replication.delayed.ManualTimer;
import io.skiff.replication.zk.ClusterSnapshot;
import io.skiff.replication.zk.PartitionState;
import io.skiff.replication.zk.TopicAssignment;
import io.skiff.wire.protocol.Errors;
import io.skiff.wire.record.Batches;
import io.skiff.wire.record.CompressionType;
import io.skiff.wire.record.RecordBatch;
import io.skiff.wire.record.RecordBatchBuilder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplicaManagerTest {
    private static final long NOW = 1_700_000_000_000L;
    private static final UUID TOPIC_ID = new UUID(1, 2);
    private static final TopicPartition TP = new TopicPartition("t", 0);

    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong(NOW);
    private final Time time = new Time() {
        @Override
        public long milliseconds() {
            return clock.get();
        }

        @Override
        public long nanoseconds() {
            return clock.get() * 1_000_000L;
        }
    };
    private final ManualTimer timer = new ManualTimer(0);
    private LogManager logManager;
    private ReplicaManager rm;
    /** What every partition's topic is configured with; set before the partition's log is created. */
    private volatile LogConfig topicConfig = LogConfig.defaults().with(Map.of(
            "message.timestamp.before.max.ms", 60_000L, "message.timestamp.after.max.ms", 60_000L));

    @BeforeEach
    void setUp() throws IOException {
        logManager = LogManager.start(LogManager.Settings.defaults(List.of(dir)), t -> topicConfig, time,
                Scheduler.IMMEDIATE);
        rm = new ReplicaManager(new ReplicaManagerConfig(0), logManager, timer, time);
    }

    @AfterEach
    void tearDown() throws IOException {
        rm.close();
        logManager.close();
    }

    private static ClusterSnapshot snapshot(int leader, int epoch, List<Integer> replicas, List<Integer> isr) {
        TopicAssignment topic = TopicAssignment.of("t", TOPIC_ID, Map.of(0, replicas));
        return new ClusterSnapshot(Map.of(), Map.of("t", topic),
                Map.of("t", Map.of(0, new PartitionState(leader, epoch, isr, 1, 0))), OptionalInt.empty());
    }

    private static ByteBuffer batch(long ts, String... values) {
        RecordBatchBuilder b = new RecordBatchBuilder(CompressionType.NONE);
        for (String v : values) {
            b.append(ts, ("k" + v).getBytes(StandardCharsets.UTF_8), v.getBytes(StandardCharsets.UTF_8));
        }
        return b.build();
    }

    private ProducePartitionResult produce(short acks, ByteBuffer records) {
        CompletableFuture<Map<TopicPartition, ProducePartitionResult>> f = rm.appendRecords(acks, 30_000, Map.of(TP, records));
        assertThat(f).isDone();
        return f.join().get(TP);
    }

    private static FetchPartitionRequest at(long offset) {
        return new FetchPartitionRequest(TP, offset, 1 << 20, -1);
    }

    private static long firstBaseOffset(FetchPartitionData d) throws IOException {
        ByteBuffer buf = d.records().orElseThrow().read();
        Batches batches = Batches.of(buf);
        assertThat(batches.next()).isTrue();
        return batches.current().baseOffset();
    }

    @Test
    void leaderAppendsAndAdvancesHighWatermarkOnSingleReplica() {
        rm.onMetadata(snapshot(0, 3, List.of(0), List.of(0)));

        ProducePartitionResult first = produce((short) 1, batch(NOW, "a", "b"));
        ProducePartitionResult second = produce((short) -1, batch(NOW, "c"));

        assertThat(first.error()).isEqualTo(Errors.NONE);
        assertThat(first.baseOffset()).isZero();
        assertThat(second.baseOffset()).isEqualTo(2);
        Partition p = rm.partition(TP).orElseThrow();
        assertThat(p.highWatermark()).isEqualTo(3);
        assertThat(p.log().leaderEpochCache().latest().orElseThrow().epoch()).isEqualTo(3);
    }

    @Test
    void produceToUnknownOrForeignPartitionFails() {
        rm.onMetadata(snapshot(1, 0, List.of(1), List.of(1)));

        assertThat(produce((short) 1, batch(NOW, "a")).error()).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
        Map<TopicPartition, ProducePartitionResult> r = rm.appendRecords((short) 1, 1000,
                Map.of(new TopicPartition("nope", 0), batch(NOW, "a"))).join();
        assertThat(r.get(new TopicPartition("nope", 0)).error()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
    }

    @Test
    void followerReplicaRefusesProduce() {
        rm.onMetadata(snapshot(1, 0, List.of(1, 0), List.of(1, 0)));

        assertThat(rm.partition(TP).orElseThrow().role()).isEqualTo(Partition.Role.FOLLOWER);
        assertThat(produce((short) 1, batch(NOW, "a")).error()).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
    }

    @Test
    void acksAllWaitsForFollowerThenCompletes() {
        rm.onMetadata(snapshot(0, 0, List.of(0, 1), List.of(0, 1)));

        CompletableFuture<Map<TopicPartition, ProducePartitionResult>> f =
                rm.appendRecords((short) -1, 30_000, Map.of(TP, batch(NOW, "a", "b")));
        assertThat(f).isNotDone();
        assertThat(rm.partition(TP).orElseThrow().highWatermark()).isZero();

        rm.fetch(new FetchParams(1, 0, 1, 1 << 20, false), List.of(at(2)));

        assertThat(f).isDone();
        assertThat(f.join().get(TP).error()).isEqualTo(Errors.NONE);
        assertThat(rm.partition(TP).orElseThrow().highWatermark()).isEqualTo(2);
    }

    @Test
    void acksAllTimesOutWhenFollowerNeverCatchesUp() {
        rm.onMetadata(snapshot(0, 0, List.of(0, 1), List.of(0, 1)));

        CompletableFuture<Map<TopicPartition, ProducePartitionResult>> f =
                rm.appendRecords((short) -1, 500, Map.of(TP, batch(NOW, "a")));
        timer.advance(499);
        assertThat(f).isNotDone();
        timer.advance(1);

        assertThat(f).isDone();
        assertThat(f.join().get(TP).error()).isEqualTo(Errors.REQUEST_TIMED_OUT);
        assertThat(f.join().get(TP).baseOffset()).isZero();
    }

    @Test
    void acksAllRefusedWhenIsrBelowMinInsyncReplicas() throws IOException {
        topicConfig = LogConfig.defaults().with(Map.of("min.insync.replicas", 2));
        rm.onMetadata(snapshot(0, 0, List.of(0, 1), List.of(0)));

        assertThat(produce((short) -1, batch(NOW, "a")).error()).isEqualTo(Errors.NOT_ENOUGH_REPLICAS);
        assertThat(produce((short) 1, batch(NOW, "a")).error()).isEqualTo(Errors.NONE);
    }

    @Test
    void timestampsOutsideConfiguredBoundsAreRejected() {
        rm.onMetadata(snapshot(0, 0, List.of(0), List.of(0)));

        assertThat(produce((short) 1, batch(NOW - 60_001, "old")).error()).isEqualTo(Errors.INVALID_TIMESTAMP);
        assertThat(produce((short) 1, batch(NOW + 60_001, "future")).error()).isEqualTo(Errors.INVALID_TIMESTAMP);
        assertThat(produce((short) 1, batch(NOW - 60_000, "ok")).error()).isEqualTo(Errors.NONE);
    }

    @Test
    void aTopicWithACodecStoresEveryBatchInItKeepingRecordsAndProducerFields() throws IOException {
        topicConfig = LogConfig.defaults().with(Map.of("compression.type", "zstd"));
        rm.onMetadata(snapshot(0, 0, List.of(0), List.of(0)));
        ByteBuffer plain = new RecordBatchBuilder(CompressionType.NONE).producer(42L, (short) 3, 7)
                .append(NOW, "k1".getBytes(StandardCharsets.UTF_8), "v1".getBytes(StandardCharsets.UTF_8),
                        new io.skiff.wire.record.RecordHeader("h", "x".getBytes(StandardCharsets.UTF_8)))
                .append(NOW + 1, null, "v2".getBytes(StandardCharsets.UTF_8))
                .build();

        assertThat(produce((short) 1, plain).error()).isEqualTo(Errors.NONE);

        FetchPartitionData d = rm.fetch(new FetchParams(-1, 0, 1, 1 << 20, false), List.of(at(0))).join().get(TP);
        ByteBuffer stored = d.records().orElseThrow().read();
        RecordBatch b = RecordBatch.view(stored, 0);
        assertThat(b.compressionType()).isEqualTo(CompressionType.ZSTD);
        assertThat(b.isValid()).isTrue();
        assertThat(List.of(b.producerId(), (long) b.producerEpoch(), (long) b.baseSequence())).containsExactly(42L, 3L, 7L);
        List<io.skiff.wire.record.Record> records = new ArrayList<>();
        b.records(1 << 20).forEachRemaining(records::add);
        assertThat(records).extracting(r -> StandardCharsets.UTF_8.decode(r.value()).toString()).containsExactly("v1", "v2");
        assertThat(records.get(0).headers()).singleElement().satisfies(h -> assertThat(h.key()).isEqualTo("h"));
        assertThat(records.get(1).hasKey()).isFalse();
        assertThat(records.get(1).timestamp()).isEqualTo(NOW + 1);
    }

    @Test
    void aCorruptBatchIsRefusedRatherThanRecompressedWithAFreshChecksum() {
        topicConfig = LogConfig.defaults().with(Map.of("compression.type", "gzip"));
        rm.onMetadata(snapshot(0, 0, List.of(0), List.of(0)));
        ByteBuffer corrupt = batch(NOW, "a");
        corrupt.put(corrupt.limit() - 1, (byte) (corrupt.get(corrupt.limit() - 1) ^ 1));

        assertThat(produce((short) 1, corrupt).error()).isEqualTo(Errors.CORRUPT_MESSAGE);
    }

    @Test
    void aConfigChangeOfTheTopicTakesEffectOnTheNextAppend() {
        rm.onMetadata(snapshot(0, 0, List.of(0, 1), List.of(0)));
        assertThat(produce((short) -1, batch(NOW, "a")).error()).isEqualTo(Errors.NONE);

        rm.partition(TP).orElseThrow().log().updateConfig(LogConfig.defaults().with(Map.of("min.insync.replicas", 2)));

        assertThat(produce((short) -1, batch(NOW, "b")).error()).isEqualTo(Errors.NOT_ENOUGH_REPLICAS);
    }

    @Test
    void aStaleRecordInTheMiddleOfABatchIsRejectedWhateverTheCodec() {
        rm.onMetadata(snapshot(0, 0, List.of(0), List.of(0)));
        for (CompressionType codec : List.of(CompressionType.NONE, CompressionType.GZIP, CompressionType.ZSTD)) {
            RecordBatchBuilder b = new RecordBatchBuilder(codec);
            b.append(NOW, "k1".getBytes(StandardCharsets.UTF_8), "fresh".getBytes(StandardCharsets.UTF_8));
            b.append(NOW - 60_001, "k2".getBytes(StandardCharsets.UTF_8), "stale".getBytes(StandardCharsets.UTF_8));
            b.append(NOW, "k3".getBytes(StandardCharsets.UTF_8), "fresh".getBytes(StandardCharsets.UTF_8));

            assertThat(produce((short) 1, b.build()).error()).as("%s", codec).isEqualTo(Errors.INVALID_TIMESTAMP);
        }
        assertThat(rm.partition(TP).orElseThrow().log().logEndOffset()).isZero();
    }

    @Test
    void withKafkasDefaultBoundsOnlyTheBatchHeaderLimitsTimestamps() {
        topicConfig = LogConfig.defaults(); // before: unbounded, after: 1 hour
        rm.onMetadata(snapshot(0, 0, List.of(0), List.of(0)));
        for (CompressionType codec : List.of(CompressionType.NONE, CompressionType.LZ4)) {
            RecordBatchBuilder ancient = new RecordBatchBuilder(codec);
            ancient.append(NOW, null, "fresh".getBytes(StandardCharsets.UTF_8));
            ancient.append(NOW - 10L * 365 * 24 * 3600 * 1000, null, "ten years old".getBytes(StandardCharsets.UTF_8));
            RecordBatchBuilder future = new RecordBatchBuilder(codec);
            future.append(NOW, null, "fresh".getBytes(StandardCharsets.UTF_8));
            future.append(NOW + 3_600_001, null, "too far ahead".getBytes(StandardCharsets.UTF_8));

            assertThat(produce((short) 1, ancient.build()).error()).as("%s", codec).isEqualTo(Errors.NONE);
            assertThat(produce((short) 1, future.build()).error()).as("%s", codec).isEqualTo(Errors.INVALID_TIMESTAMP);
        }
    }

    @Test
    void longPollFetchCompletesWhenRecordsArrive() throws IOException {
        rm.onMetadata(snapshot(0, 0, List.of(0), List.of(0)));

        CompletableFuture<Map<TopicPartition, FetchPartitionData>> f =
                rm.fetch(new FetchParams(-1, 30_000, 1, 1 << 20, false), List.of(at(0)));
        assertThat(f).isNotDone();
        produce((short) 1, batch(NOW, "a"));

        assertThat(f).isDone();
        FetchPartitionData d = f.join().get(TP);
        assertThat(d.error()).isEqualTo(Errors.NONE);
        assertThat(d.highWatermark()).isEqualTo(1);
        assertThat(firstBaseOffset(d)).isZero();
    }

    @Test
    void longPollFetchAnswersEmptyAtDeadline() {
        rm.onMetadata(snapshot(0, 0, List.of(0), List.of(0)));

        CompletableFuture<Map<TopicPartition, FetchPartitionData>> f =
                rm.fetch(new FetchParams(-1, 1000, 1, 1 << 20, false), List.of(at(0)));
        timer.advance(1000);

        assertThat(f).isDone();
        assertThat(f.join().get(TP).records()).isEmpty();
        assertThat(f.join().get(TP).error()).isEqualTo(Errors.NONE);
    }

    @Test
    void expiredFetchReadsOnTheExpiryExecutorNotTheTimerThread() throws IOException {
        java.util.Queue<Runnable> handedOff = new java.util.ArrayDeque<>();
        rm.close();
        rm = new ReplicaManager(new ReplicaManagerConfig(0), logManager, timer, time,
                handedOff::add);
        rm.onMetadata(snapshot(0, 0, List.of(0), List.of(0)));

        CompletableFuture<Map<TopicPartition, FetchPartitionData>> f =
                rm.fetch(new FetchParams(-1, 1000, 1, 1 << 20, false), List.of(at(0)));
        timer.advance(1000);
        assertThat(f).isNotDone();
        assertThat(handedOff).hasSize(1);
        handedOff.poll().run();

        assertThat(f).isDone();
        assertThat(f.join().get(TP).error()).isEqualTo(Errors.NONE);
    }

    @Test
    void fetchWithoutPartitionsWaitsForItsDeadline() {
        CompletableFuture<Map<TopicPartition, FetchPartitionData>> f =
                rm.fetch(new FetchParams(-1, 1000, 1, 1 << 20, false), List.of());
        assertThat(f).isNotDone();
        timer.advance(1000);
        assertThat(f.join()).isEmpty();
    }

    @Test
    void fetchInsideBatchReturnsWholeBatch() throws IOException {
        rm.onMetadata(snapshot(0, 0, List.of(0), List.of(0)));
        produce((short) 1, batch(NOW, "a", "b", "c"));

        FetchPartitionData d = rm.fetch(new FetchParams(-1, 0, 1, 1 << 20, false), List.of(at(1))).join().get(TP);

        assertThat(firstBaseOffset(d)).isZero();
    }

    @Test
    void consumersSeeNothingAboveHighWatermarkButFollowersDo() {
        rm.onMetadata(snapshot(0, 0, List.of(0, 1), List.of(0, 1)));
        rm.appendRecords((short) 1, 1000, Map.of(TP, batch(NOW, "a")));

        FetchPartitionData consumer = rm.fetch(new FetchParams(-1, 0, 1, 1 << 20, false), List.of(at(0))).join().get(TP);
        FetchPartitionData follower = rm.fetch(new FetchParams(1, 0, 1, 1 << 20, false), List.of(at(0))).join().get(TP);

        assertThat(consumer.records()).isEmpty();
        assertThat(consumer.highWatermark()).isZero();
        assertThat(follower.records()).isPresent();
    }

    @Test
    void fetchOutOfRangeAndFencedEpochAreReported() {
        rm.onMetadata(snapshot(0, 5, List.of(0), List.of(0)));
        produce((short) 1, batch(NOW, "a"));

        Map<TopicPartition, FetchPartitionData> oor = rm.fetch(new FetchParams(-1, 30_000, 1, 1 << 20, false),
                List.of(at(7))).join();
        FetchPartitionData fenced = rm.fetch(new FetchParams(-1, 0, 1, 1 << 20, false),
                List.of(new FetchPartitionRequest(TP, 0, 1000, 4))).join().get(TP);
        FetchPartitionData unknown = rm.fetch(new FetchParams(-1, 0, 1, 1 << 20, false),
                List.of(new FetchPartitionRequest(TP, 0, 1000, 6))).join().get(TP);

        assertThat(oor.get(TP).error()).isEqualTo(Errors.OFFSET_OUT_OF_RANGE);
        assertThat(oor.get(TP).logStartOffset()).isZero();
        assertThat(oor.get(TP).highWatermark()).isEqualTo(1);
        assertThat(fenced.error()).isEqualTo(Errors.FENCED_LEADER_EPOCH);
        assertThat(unknown.error()).isEqualTo(Errors.UNKNOWN_LEADER_EPOCH);
    }

    @Test
    void responseMaxBytesStillReturnsFirstBatchWhole() {
        rm.onMetadata(snapshot(0, 0, List.of(0), List.of(0)));
        ByteBuffer big = batch(NOW, "x".repeat(2000));
        int size = big.remaining();
        produce((short) 1, big);

        FetchPartitionData d = rm.fetch(new FetchParams(-1, 0, 1, 10, false),
                List.of(new FetchPartitionRequest(TP, 0, 10, -1))).join().get(TP);

        assertThat(d.sizeInBytes()).isEqualTo(size);
    }

    @Test
    void laterPartitionCutInsideItsFirstBatchGetsNothingRatherThanAPartialBatch() {
        TopicAssignment topic = TopicAssignment.of("t", TOPIC_ID, Map.of(0, List.of(0), 1, List.of(0)));
        PartitionState leader = new PartitionState(0, 0, List.of(0), 1, 0);
        rm.onMetadata(new ClusterSnapshot(Map.of(), Map.of("t", topic), Map.of("t", Map.of(0, leader, 1, leader)),
                OptionalInt.empty()));
        TopicPartition tp1 = new TopicPartition("t", 1);
        ByteBuffer first = batch(NOW, "x".repeat(300));
        int firstSize = first.remaining();
        produce((short) 1, first);
        rm.appendRecords((short) 1, 1000, Map.of(tp1, batch(NOW, "y".repeat(300)))).join();

        Map<TopicPartition, FetchPartitionData> r = rm.fetch(new FetchParams(-1, 0, 1, firstSize + 100, false),
                List.of(new FetchPartitionRequest(TP, 0, 1 << 20, -1), new FetchPartitionRequest(tp1, 0, 1 << 20, -1))).join();

        assertThat(r.get(TP).sizeInBytes()).isEqualTo(firstSize);
        assertThat(r.get(tp1).records()).isEmpty();
        assertThat(r.get(tp1).highWatermark()).isEqualTo(1);
    }

    @Test
    void listOffsetsAnswersEarliestLatestMaxAndByTimestamp() {
        rm.onMetadata(snapshot(0, 2, List.of(0), List.of(0)));
        produce((short) 1, batch(NOW - 100, "a"));
        produce((short) 1, batch(NOW + 100, "b"));
        produce((short) 1, batch(NOW, "c"));

        assertThat(rm.listOffset(TP, -2, -1, true)).isEqualTo(new OffsetAndEpoch(Errors.NONE, -1, 0, 2));
        assertThat(rm.listOffset(TP, -1, -1, true)).isEqualTo(new OffsetAndEpoch(Errors.NONE, -1, 3, 2));
        assertThat(rm.listOffset(TP, -3, -1, true)).isEqualTo(new OffsetAndEpoch(Errors.NONE, NOW + 100, 1, 2));
        assertThat(rm.listOffset(TP, NOW - 50, -1, true)).isEqualTo(new OffsetAndEpoch(Errors.NONE, NOW + 100, 1, 2));
        assertThat(rm.listOffset(TP, NOW + 1000, -1, true)).isEqualTo(OffsetAndEpoch.NOT_FOUND);
        assertThat(rm.listOffset(TP, -1, 1, true).error()).isEqualTo(Errors.FENCED_LEADER_EPOCH);
    }

    @Test
    void withoutTieredStorageEarliestLocalIsTheLogStartAndTieredSentinelsFindNothing() {
        rm.onMetadata(snapshot(0, 2, List.of(0), List.of(0)));
        produce((short) 1, batch(NOW, "a", "b"));

        assertThat(rm.listOffset(TP, ReplicaManager.EARLIEST_LOCAL_TIMESTAMP, -1, true))
                .isEqualTo(new OffsetAndEpoch(Errors.NONE, -1, 0, 2));
        assertThat(rm.listOffset(TP, ReplicaManager.LATEST_TIERED_TIMESTAMP, -1, true)).isEqualTo(OffsetAndEpoch.NOT_FOUND);
        assertThat(rm.listOffset(TP, ReplicaManager.EARLIEST_PENDING_UPLOAD_TIMESTAMP, -1, true))
                .isEqualTo(OffsetAndEpoch.NOT_FOUND);
        assertThat(rm.listOffset(TP, -7, -1, true).error()).isEqualTo(Errors.UNSUPPORTED_VERSION);
    }

    @Test
    void offsetForLeaderEpochReturnsEndOfEachEpoch() {
        rm.onMetadata(snapshot(0, 1, List.of(0), List.of(0)));
        produce((short) 1, batch(NOW, "a", "b"));
        rm.onMetadata(snapshot(0, 4, List.of(0), List.of(0)));
        produce((short) 1, batch(NOW, "c"));

        assertThat(rm.lastOffsetForLeaderEpoch(TP, -1, 1)).isEqualTo(new OffsetAndEpoch(Errors.NONE, -1, 2, 1));
        assertThat(rm.lastOffsetForLeaderEpoch(TP, -1, 3)).isEqualTo(new OffsetAndEpoch(Errors.NONE, -1, 2, 1));
        assertThat(rm.lastOffsetForLeaderEpoch(TP, 4, 4)).isEqualTo(new OffsetAndEpoch(Errors.NONE, -1, 3, 4));
        assertThat(rm.lastOffsetForLeaderEpoch(TP, -1, 0)).isEqualTo(new OffsetAndEpoch(Errors.NONE, -1, -1, -1));
    }

    @Test
    void followerFetchWithDivergingLastEpochGetsTruncationPoint() {
        rm.onMetadata(snapshot(0, 1, List.of(0, 1), List.of(0, 1)));
        produce((short) 1, batch(NOW, "a", "b"));
        rm.onMetadata(snapshot(0, 3, List.of(0, 1), List.of(0, 1)));
        produce((short) 1, batch(NOW, "c"));

        FetchPartitionData diverged = rm.fetch(new FetchParams(1, 0, 1, 1 << 20, false),
                List.of(new FetchPartitionRequest(TP, 3, 1 << 20, 3, 2))).join().get(TP);
        FetchPartitionData agreed = rm.fetch(new FetchParams(1, 0, 1, 1 << 20, false),
                List.of(new FetchPartitionRequest(TP, 2, 1 << 20, 3, 1))).join().get(TP);

        assertThat(diverged.divergingEpoch()).contains(new OffsetAndEpoch(Errors.NONE, -1, 2, 1));
        assertThat(diverged.records()).isEmpty();
        assertThat(agreed.divergingEpoch()).isEmpty();
        assertThat(agreed.records()).isPresent();
    }

    @Test
    void leadershipListenersHearElectionResignationAndRemoval() {
        List<String> events = new java.util.ArrayList<>();
        rm.addLeadershipListener(new LeadershipListener() {
            @Override
            public void onBecomeLeader(TopicPartition tp, int leaderEpoch) {
                events.add("lead " + tp + " " + leaderEpoch);
            }

            @Override
            public void onResign(TopicPartition tp, int leaderEpoch) {
                events.add("resign " + tp + " " + leaderEpoch);
            }
        });

        rm.onMetadata(snapshot(0, 1, List.of(0, 1), List.of(0, 1)));
        rm.onMetadata(snapshot(0, 1, List.of(0, 1), List.of(0, 1)));
        rm.onMetadata(snapshot(1, 2, List.of(0, 1), List.of(1, 0)));
        rm.onMetadata(snapshot(0, 3, List.of(0, 1), List.of(0, 1)));
        rm.onMetadata(ClusterSnapshot.EMPTY);

        assertThat(events).containsExactly("lead t-0 1", "resign t-0 2", "lead t-0 3", "resign t-0 -1");
    }

    @Test
    void deletedTopicLosesItsLog() {
        rm.onMetadata(snapshot(0, 0, List.of(0), List.of(0)));
        produce((short) 1, batch(NOW, "a"));
        Path partitionDir = rm.partition(TP).orElseThrow().log().dir();

        rm.onMetadata(ClusterSnapshot.EMPTY);

        assertThat(rm.partition(TP)).isEmpty();
        assertThat(logManager.getLog(TP)).isEmpty();
        assertThat(Files.exists(partitionDir)).isFalse();
    }

    @Test
    void highWatermarksAreCheckpointedAndReloaded() throws IOException {
        rm.onMetadata(snapshot(0, 0, List.of(0), List.of(0)));
        produce((short) 1, batch(NOW, "a", "b"));

        rm.checkpointHighWatermarks();

        Map<TopicPartition, Long> expected = new HashMap<>();
        expected.put(TP, 2L);
        assertThat(logManager.readHighWatermarks()).isEqualTo(expected);
    }
}
