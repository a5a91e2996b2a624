package io.skiff.bench;

import io.skiff.wire.record.CompressionType;
import io.skiff.wire.record.RecordBatch;
import io.skiff.wire.record.RecordBatchBuilder;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Validates the CRC32C of a 1 MiB batch, the per-byte cost the broker pays on every produce. The JDK's
 * {@code CRC32C} is intrinsified on x86-64 and aarch64, so expect several GB/s; a much lower figure
 * means the intrinsic is not used (or the view copies).
 * <pre>
 *   mvn -B -pl bench -am package -DskipTests
 *   java -jar bench/target/benchmarks.jar Crc32cBenchmark -prof gc
 * </pre>
 * Scores are microseconds per 1 MiB validation; allocation should be ~0 B/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class Crc32cBenchmark {
    static final int SIZE = 1 << 20;

    @Param({"heap", "direct"})
    public String memory;

    private RecordBatch batch;

    @Setup(Level.Trial)
    public void setUp() {
        byte[] value = new byte[SIZE - 128];
        new Random(1).nextBytes(value);
        ByteBuffer built = new RecordBatchBuilder(CompressionType.NONE).append(1L, null, value).build();
        ByteBuffer buf = memory.equals("direct") ? ByteBuffer.allocateDirect(built.remaining()) : ByteBuffer.allocate(built.remaining());
        buf.put(built).flip();
        batch = RecordBatch.view(buf, 0);
        batch.ensureValid();
    }

    @Benchmark
    public boolean validate() {
        return batch.isValid();
    }
}
