package io.skiff.bench.log;

import io.skiff.log.ExecutorScheduler;
import io.skiff.log.LogConfig;
import io.skiff.log.PartitionLog;
import io.skiff.log.Time;
import io.skiff.log.TopicPartition;
import io.skiff.wire.record.CompressionType;
import io.skiff.wire.record.RecordBatchBuilder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Appending batches of 1 KiB records to a {@link PartitionLog} (CRC check, offset assignment, index
 * maintenance, one sequential write) beside a raw {@link FileChannel#write} of the same bytes, in the
 * same run: the ratio of the two is the log's overhead over the disk path itself. Target: the log
 * reaches at least 80% of raw.
 * <pre>
 *   mvn -B -pl bench -am package -DskipTests
 *   java -jar bench/target/benchmarks.jar LogAppendBenchmark
 * </pre>
 * Scores are batches per second; multiply by {@code batchBytes} for bytes per second. Both files are
 * emptied between iterations so the disk never fills; no fsync on either side (Kafka's default).
 * On a disk, both sides soon run at the device's writeback speed and the ratio says little; to see
 * the log's own CPU overhead over {@code write(2)}, put the files on tmpfs:
 * {@code java -Dbench.dir=/dev/shm -jar bench/target/benchmarks.jar LogAppendBenchmark -jvmArgsAppend -Dbench.dir=/dev/shm}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LogAppendBenchmark {
    private static final int RECORD_BYTES = 1024;

    @Param({"16384", "1048576"})
    public int batchBytes;

    private Path dir;
    private PartitionLog log;
    private ExecutorScheduler scheduler;
    private FileChannel raw;
    private ByteBuffer batch;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory(Path.of(System.getProperty("bench.dir", System.getProperty("java.io.tmpdir"))),
                "skiff-append-bench");
        scheduler = new ExecutorScheduler("bench", 1);
        // Default config but for file.delete.delay.ms: raw.truncate(0) frees its pages at once, so the log's
        // truncation must too, or deleted segments pile up (60 s each by default) and skew the comparison.
        log = PartitionLog.open(dir, new TopicPartition("bench", 0), LogConfig.from(Map.of("file.delete.delay.ms", 0L)),
                0, 0, true, Time.SYSTEM, scheduler);
        raw = FileChannel.open(dir.resolve("raw.bin"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        Random random = new Random(42);
        RecordBatchBuilder builder = new RecordBatchBuilder(CompressionType.NONE);
        byte[] value = new byte[RECORD_BYTES];
        for (int written = 0; written + RECORD_BYTES + 64 <= batchBytes; written += RECORD_BYTES + 20) {
            random.nextBytes(value);
            builder.append(System.currentTimeMillis(), null, value.clone());
        }
        batch = builder.build();
    }

    /** Empties both sides so that every iteration writes into the same kind of fresh file. */
    @Setup(Level.Iteration)
    public void reset() throws IOException {
        log.truncateFullyAndStartAt(0);
        raw.truncate(0);
        raw.position(0);
    }

    @Benchmark
    public long appendToLog() {
        return log.appendAsLeader(batch.duplicate(), 0).lastOffset();
    }

    @Benchmark
    public int rawFileChannelWrite() throws IOException {
        return raw.write(batch.duplicate());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        log.close();
        raw.close();
        scheduler.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
