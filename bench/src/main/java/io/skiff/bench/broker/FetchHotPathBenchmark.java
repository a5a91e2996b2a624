package io.skiff.bench.broker;

import io.skiff.broker.handler.FetchHandler;
import io.skiff.broker.handler.FetchSessionCache;
import io.skiff.log.TopicPartition;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.FetchRequestData;
import io.skiff.wire.message.FetchResponseData;
import io.skiff.wire.protocol.Uuid;
import io.skiff.wire.record.CompressionType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The fetch hot path up to the file regions handed to {@code sendfile}: a consumer's Fetch v17 frame decoded,
 * {@link FetchHandler} resolving topic ids, the {@code ReplicaManager} reading each partition (offset index lookup,
 * batch scan, high watermark bound), and the response built and serialised (records passed over as regions, never
 * copied). Each fetch asks 8 partitions for exactly 64 batches of 15 records of 1 KiB each (about the consumer's
 * default {@code max.partition.fetch.bytes} of 1 MiB), from offsets cycling through the logs.
 * <pre>
 *   mvn -B -pl bench -am package -DskipTests
 *   java -jar bench/target/benchmarks.jar FetchHotPathBenchmark -prof gc
 * </pre>
 * Scores are records per second (one operation = one record returned); {@code gc.alloc.rate.norm} is heap bytes
 * allocated per record. The bytes themselves are not read: that is the kernel's work in {@code sendfile}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FetchHotPathBenchmark {
    static final int PARTITIONS = HotPathFixture.PARTITIONS;
    static final int RECORDS_PER_BATCH = HotPathFixture.RECORDS_PER_BATCH;
    static final int RECORD_BYTES = HotPathFixture.RECORD_BYTES;
    static final int BATCHES_PER_FETCH = 64;
    static final int BATCHES_PER_PARTITION = 512;
    static final int DISTINCT_FETCHES = 64;
    static final short VERSION = 17;

    private HotPathFixture fixture;
    private FetchHandler handler;
    private final List<ByteBuffer> frames = new ArrayList<>();
    private int next;
    private final DiscardingWritable out = new DiscardingWritable();

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        fixture = new HotPathFixture(PARTITIONS);
        handler = new FetchHandler(fixture.replicaManager, new FetchSessionCache(1000, new Random(1)), Runnable::run);
        Random random = new Random(42);
        ByteBuffer template = HotPathFixture.batch(CompressionType.NONE, RECORDS_PER_BATCH, RECORD_BYTES, random);
        int batchBytes = template.remaining();
        for (int p = 0; p < PARTITIONS; p++) {
            var log = fixture.replicaManager.partition(new TopicPartition(HotPathFixture.TOPIC, p)).orElseThrow();
            for (int b = 0; b < BATCHES_PER_PARTITION; b++) {
                log.appendAsLeader(template.duplicate(), (short) 1);
            }
        }
        Uuid topicId = new Uuid(HotPathFixture.TOPIC_ID.getMostSignificantBits(),
                HotPathFixture.TOPIC_ID.getLeastSignificantBits());
        Random offsets = new Random(7);
        for (int f = 0; f < DISTINCT_FETCHES; f++) {
            List<FetchRequestData.FetchPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                long firstBatch = offsets.nextInt(BATCHES_PER_PARTITION - BATCHES_PER_FETCH);
                partitions.add(new FetchRequestData.FetchPartition().setPartition(p)
                        .setFetchOffset(firstBatch * RECORDS_PER_BATCH).setCurrentLeaderEpoch(0)
                        .setPartitionMaxBytes(BATCHES_PER_FETCH * batchBytes));
            }
            FetchRequestData request = new FetchRequestData().setMaxWaitMs(500).setMinBytes(1).setMaxBytes(50 << 20)
                    .setSessionId(0).setSessionEpoch(-1)
                    .setTopics(List.of(new FetchRequestData.FetchTopic().setTopicId(topicId).setPartitions(partitions)));
            frames.add(HotPathFixture.frame(ApiMessageType.FETCH, VERSION, request));
        }
        long records = recordsIn(fetch());
        if (records != (long) PARTITIONS * BATCHES_PER_FETCH * RECORDS_PER_BATCH) {
            throw new IllegalStateException("A fetch returned " + records + " records, expected "
                    + PARTITIONS * BATCHES_PER_FETCH * RECORDS_PER_BATCH);
        }
    }

    private static long recordsIn(FetchResponseData response) {
        long bytes = 0;
        for (FetchResponseData.FetchableTopicResponse t : response.responses()) {
            for (FetchResponseData.PartitionData p : t.partitions()) {
                if (p.errorCode() != 0) {
                    throw new IllegalStateException("Fetch of partition " + p.partitionIndex() + " failed: " + p.errorCode());
                }
                bytes += p.records() == null ? 0 : p.records().sizeInBytes();
            }
        }
        int batchBytes = HotPathFixture.batch(CompressionType.NONE, RECORDS_PER_BATCH, RECORD_BYTES, new Random(42))
                .remaining();
        return bytes / batchBytes * RECORDS_PER_BATCH;
    }

    private FetchResponseData fetch() {
        ByteBuffer frame = frames.get(next);
        next = (next + 1) % frames.size();
        HotPathFixture.Decoded<FetchRequestData> decoded = HotPathFixture.decode(frame);
        return handler.handle(decoded.context(), decoded.request()).toCompletableFuture().join();
    }

    @Benchmark
    @OperationsPerInvocation(PARTITIONS * BATCHES_PER_FETCH * RECORDS_PER_BATCH)
    public long fetchToFileRegions() {
        FetchResponseData response = fetch();
        out.bytes = 0;
        response.write(out, VERSION);
        return out.bytes;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        fixture.close();
    }
}
