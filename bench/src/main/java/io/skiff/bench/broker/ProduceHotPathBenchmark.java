package io.skiff.bench.broker;

import io.skiff.broker.handler.ProduceHandler;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.ProduceRequestData;
import io.skiff.wire.message.ProduceResponseData;
import io.skiff.wire.protocol.MemoryRecordsPayload;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The produce hot path as one request travels it, minus the socket: the request frame's header and body decoded
 * (records stay zero-copy slices of the frame), {@link ProduceHandler} checking each partition's single v2 batch,
 * the {@code ReplicaManager}'s timestamp bounds and codec check, the log's validation (CRC32C, counts, producer
 * state), offset assignment in place and the write to the segment file, then the response built and serialised.
 * One request carries 8 partitions of one 15-record batch each (1 KiB records: the Java client's default
 * 16 KiB {@code batch.size}), as {@code kafka-producer-perf-test} sends them; with {@code lz4} the batches arrive
 * compressed and must reach the file without being decompressed.
 * <pre>
 *   mvn -B -pl bench -am package -DskipTests
 *   java -jar bench/target/benchmarks.jar ProduceHotPathBenchmark -prof gc
 * </pre>
 * Scores are records per second (one operation = one record); {@code gc.alloc.rate.norm} is heap bytes
 * allocated per record. The logs are emptied between iterations; no fsync (Kafka's default). Put the data on tmpfs
 * to take the disk out: {@code -jvmArgsAppend -Dbench.dir=/dev/shm}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ProduceHotPathBenchmark {
    static final int PARTITIONS = HotPathFixture.PARTITIONS;
    static final int RECORDS_PER_BATCH = HotPathFixture.RECORDS_PER_BATCH;
    static final int RECORD_BYTES = HotPathFixture.RECORD_BYTES;
    static final short VERSION = 13;

    @Param({"none", "lz4"})
    public String codec;

    private HotPathFixture fixture;
    private ProduceHandler handler;
    private ByteBuffer frame;
    private final DiscardingWritable out = new DiscardingWritable();

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        fixture = new HotPathFixture(PARTITIONS);
        handler = new ProduceHandler(fixture.replicaManager, Runnable::run);
        Random random = new Random(42);
        CompressionType type = CompressionType.forConfigName(codec);
        List<ProduceRequestData.PartitionProduceData> partitions = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            partitions.add(new ProduceRequestData.PartitionProduceData().setIndex(p)
                    .setRecords(new MemoryRecordsPayload(HotPathFixture.batch(type, RECORDS_PER_BATCH, RECORD_BYTES, random))));
        }
        ProduceRequestData request = new ProduceRequestData().setAcks((short) 1).setTimeoutMs(30_000)
                .setTopicData(List.of(new ProduceRequestData.TopicProduceData()
                        .setTopicId(new Uuid(HotPathFixture.TOPIC_ID.getMostSignificantBits(),
                                HotPathFixture.TOPIC_ID.getLeastSignificantBits()))
                        .setPartitionData(partitions)));
        frame = HotPathFixture.frame(ApiMessageType.PRODUCE, VERSION, request);
    }

    @Setup(Level.Iteration)
    public void emptyLogs() {
        fixture.truncateAll();
    }

    @Benchmark
    @OperationsPerInvocation(PARTITIONS * RECORDS_PER_BATCH)
    public long produce() {
        HotPathFixture.Decoded<ProduceRequestData> decoded = HotPathFixture.decode(frame);
        ProduceResponseData response = handler.handle(decoded.context(), decoded.request()).toCompletableFuture().join();
        short error = response.responses().get(0).partitionResponses().get(0).errorCode();
        if (error != 0) {
            throw new IllegalStateException("Produce failed with error code " + error);
        }
        out.bytes = 0;
        response.write(out, VERSION);
        return out.bytes + response.size(VERSION);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        fixture.close();
    }
}
