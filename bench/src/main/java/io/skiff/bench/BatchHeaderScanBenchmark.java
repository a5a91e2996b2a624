package io.skiff.bench;

import io.skiff.wire.record.Batches;
import io.skiff.wire.record.CompressionType;
import io.skiff.wire.record.RecordBatch;
import io.skiff.wire.record.RecordBatchBuilder;
import java.nio.ByteBuffer;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Reads every header field of every batch in 1 MiB of log (1024 batches of exactly 1 KiB), the work
 * the log does on recovery and the broker on produce validation. Scores are per batch
 * ({@code @OperationsPerInvocation(1024)}).
 *
 * <p>The claim to check is the allocation: the re-pointed {@link RecordBatch} flyweight must cost
 * ~0 B per batch. Run with the GC profiler and read {@code gc.alloc.rate.norm}:
 * <pre>
 *   mvn -B -pl bench -am package -DskipTests
 *   java -jar bench/target/benchmarks.jar BatchHeaderScanBenchmark -prof gc
 * </pre>
 * {@code reusedView} should report ~0 B/op; {@code batchesCursor} a few bytes/op (one cursor and
 * view per 1 MiB scan, spread over 1024 batches).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BatchHeaderScanBenchmark {
    static final int BATCHES = 1024;
    static final int BATCH_SIZE = 1024;

    @Param({"heap", "direct"})
    public String memory;

    private ByteBuffer log;
    private RecordBatch view;

    @Setup(Level.Trial)
    public void setUp() {
        ByteBuffer one = oneKibBatch();
        log = memory.equals("direct") ? ByteBuffer.allocateDirect(BATCHES * BATCH_SIZE) : ByteBuffer.allocate(BATCHES * BATCH_SIZE);
        for (int i = 0; i < BATCHES; i++) {
            RecordBatch.view(one, 0).setBaseOffset(i);
            log.put(one.duplicate());
        }
        log.flip();
        view = RecordBatch.view(log, 0);
    }

    /** One single-record batch padded by its value to exactly {@value #BATCH_SIZE} bytes. */
    static ByteBuffer oneKibBatch() {
        // 61 header + 2 length varint + 961 record body (attrs, deltas, null key, 954-byte value, no headers)
        ByteBuffer batch = new RecordBatchBuilder(CompressionType.NONE)
                .producer(42L, (short) 1, 0)
                .append(1_700_000_000_000L, null, new byte[954])
                .build();
        if (batch.remaining() != BATCH_SIZE) {
            throw new IllegalStateException("batch is " + batch.remaining() + " bytes, expected " + BATCH_SIZE);
        }
        return batch;
    }

    @Benchmark
    @OperationsPerInvocation(BATCHES)
    public void reusedView(Blackhole bh) {
        int pos = 0;
        int limit = log.limit();
        while (pos < limit) {
            RecordBatch b = view.reset(log, pos);
            readHeader(b, bh);
            pos += b.sizeInBytes();
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCHES)
    public void batchesCursor(Blackhole bh) {
        Batches batches = Batches.of(log);
        while (batches.next()) {
            readHeader(batches.current(), bh);
        }
    }

    private static void readHeader(RecordBatch b, Blackhole bh) {
        bh.consume(b.baseOffset());
        bh.consume(b.batchLength());
        bh.consume(b.partitionLeaderEpoch());
        bh.consume(b.magic());
        bh.consume(b.checksum());
        bh.consume(b.compressionType());
        bh.consume(b.timestampType());
        bh.consume(b.isTransactional());
        bh.consume(b.isControlBatch());
        bh.consume(b.hasDeleteHorizon());
        bh.consume(b.lastOffset());
        bh.consume(b.baseTimestamp());
        bh.consume(b.maxTimestamp());
        bh.consume(b.producerId());
        bh.consume(b.producerEpoch());
        bh.consume(b.baseSequence());
        bh.consume(b.lastSequence());
        bh.consume(b.recordCount());
    }
}
