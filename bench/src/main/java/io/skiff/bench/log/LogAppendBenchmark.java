package io.skiff.bench.log;

import io.skiff.log.LogConfig;
import io.skiff.log.PartitionLog;
import io.skiff.log.Scheduler;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Appending batches of 1 KiB records to a {@link PartitionLog} (validation with CRC32C, offset and leader-epoch
 * patching, index maintenance, one sequential write, roll at {@code segment.bytes}) beside a raw
 * {@link FileChannel#write} of the same bytes to one file: the ratio of the two is the log's overhead over the
 * write path itself. Target: the log reaches at least 80% of raw. No fsync on either side (Kafka's default); both
 * files are emptied between iterations so the disk never fills and every iteration writes fresh pages.
 *
 * <p>Each benchmark counts the bytes it wrote ({@code bytes}, an {@link AuxCounters} rate), so JMH's own report gives
 * bytes per second next to batches per second. The {@link #main} runner prints MB/s (10^6 bytes) for both sides and
 * their ratio, for 16 KiB and 1 MiB batches, and runs the pair several rounds in alternation so that load from
 * elsewhere on the machine hits both sides alike; it reports every round, the median ratio and the ratio of the
 * best rounds. Last comes the paired benchmark ({@link #logThenRawPaired}), which does one log append and one raw
 * write of the same bytes per operation and times each: on a busy machine (other builds on the same cores) its
 * ratio is the steadiest, since any interference lands on both sides within microseconds:
 * <pre>
 *   mvn -B -ntp -pl bench -am package -DskipTests
 *   java -cp bench/target/benchmarks.jar io.skiff.bench.log.LogAppendBenchmark
 * </pre>
 * System properties for the runner: {@code -Drounds=5} (alternating rounds), {@code -Dforks=1},
 * {@code -Dbench.dir=/path} (where the files go; default {@code java.io.tmpdir}: the page cache of a real disk, as
 * Kafka writes). Plain JMH also works:
 * {@code java -jar bench/target/benchmarks.jar LogAppendBenchmark} (scores in batches/s plus the {@code bytes} rate).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LogAppendBenchmark {
    private static final int RECORD_BYTES = 1024;

    @Param({"16384", "1048576"})
    public int batchBytes;

    private Path dir;
    private PartitionLog log;
    private FileChannel raw;
    private ByteBuffer batch;
    private int size;

    /** Bytes written in the current iteration; JMH reports it as a rate (bytes/s). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Written {
        public long bytes;

        @Setup(Level.Iteration)
        public void clear() {
            bytes = 0;
        }
    }

    /**
     * The paired measurement: time spent in log appends and in raw writes of the same bytes, one of each per
     * operation, so that whatever else the machine does slows both sides alike.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Paired {
        public long logNanos;
        public long rawNanos;
        public long pairedBytes;

        @Setup(Level.Iteration)
        public void clear() {
            logNanos = 0;
            rawNanos = 0;
            pairedBytes = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory(Path.of(System.getProperty("bench.dir", System.getProperty("java.io.tmpdir"))),
                "skiff-append-bench");
        // Default config but for file.delete.delay.ms: raw.truncate(0) frees its pages at once and before the
        // iteration, so the log's truncation must too (deleted on this thread, not by a background one that would
        // still be freeing gigabytes of page cache while the next iteration measures).
        log = PartitionLog.open(dir, new TopicPartition("bench", 0), LogConfig.from(Map.of("file.delete.delay.ms", 0L)),
                0, 0, true, Time.SYSTEM, Scheduler.IMMEDIATE);
        raw = FileChannel.open(dir.resolve("raw.bin"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        batch = buildBatch(batchBytes);
        size = batch.remaining();
    }

    /** An uncompressed batch of random 1 KiB records filling at most {@code batchBytes}. */
    static ByteBuffer buildBatch(int batchBytes) {
        Random random = new Random(42);
        RecordBatchBuilder builder = new RecordBatchBuilder(CompressionType.NONE);
        byte[] value = new byte[RECORD_BYTES];
        for (int written = 0; written + RECORD_BYTES + 64 <= batchBytes; written += RECORD_BYTES + 20) {
            random.nextBytes(value);
            builder.append(System.currentTimeMillis(), null, value.clone());
        }
        return builder.build();
    }

    /** Empties both sides so that every iteration writes into the same kind of fresh file. */
    @Setup(Level.Iteration)
    public void reset() throws IOException {
        log.truncateFullyAndStartAt(0);
        raw.truncate(0);
        raw.position(0);
    }

    @Benchmark
    public long appendToLog(Written written) {
        long last = log.appendAsLeader(batch.duplicate(), 0).lastOffset();
        written.bytes += size;
        return last;
    }

    @Benchmark
    public int rawFileChannelWrite(Written written) throws IOException {
        ByteBuffer src = batch.duplicate();
        int n = 0;
        while (src.hasRemaining()) {
            n += raw.write(src);
        }
        written.bytes += n;
        return n;
    }

    @Benchmark
    public long logThenRawPaired(Paired paired) throws IOException {
        long t0 = System.nanoTime();
        long last = log.appendAsLeader(batch.duplicate(), 0).lastOffset();
        long t1 = System.nanoTime();
        ByteBuffer src = batch.duplicate();
        while (src.hasRemaining()) {
            raw.write(src);
        }
        long t2 = System.nanoTime();
        paired.logNanos += t1 - t0;
        paired.rawNanos += t2 - t1;
        paired.pairedBytes += size;
        return last;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        log.close();
        raw.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /**
     * Runs both benchmarks for both batch sizes in alternating rounds (log first in odd rounds, raw first in even
     * ones) and prints MB/s (measured batches/s times the batch's exact size) and the ratio per round, then the
     * median ratio and the ratio of the best rounds.
     */
    public static void main(String[] args) throws RunnerException {
        int rounds = Integer.getInteger("rounds", 5);
        int forks = Integer.getInteger("forks", 1);
        String benchDir = System.getProperty("bench.dir", System.getProperty("java.io.tmpdir"));
        // batch bytes -> per round {log MB/s, raw MB/s}
        Map<Integer, List<double[]>> byBatch = new TreeMap<>();
        for (int round = 0; round < rounds; round++) {
            for (String side : round % 2 == 0 ? List.of("appendToLog", "rawFileChannelWrite")
                    : List.of("rawFileChannelWrite", "appendToLog")) {
                Options opt = new OptionsBuilder()
                        .include(LogAppendBenchmark.class.getName() + "\\." + side + "$")
                        .forks(forks)
                        .warmupIterations(2).warmupTime(TimeValue.seconds(1))
                        .measurementIterations(3).measurementTime(TimeValue.seconds(1))
                        .jvmArgsAppend("-Dbench.dir=" + benchDir)
                        .build();
                for (RunResult r : runWhenFree(opt)) {
                    int param = Integer.parseInt(r.getParams().getParam("batchBytes"));
                    double mbPerSec = r.getPrimaryResult().getScore() * buildBatch(param).remaining() / 1e6;
                    List<double[]> perRound = byBatch.computeIfAbsent(param, k -> new ArrayList<>());
                    while (perRound.size() <= round) {
                        perRound.add(new double[2]);
                    }
                    perRound.get(round)[side.equals("appendToLog") ? 0 : 1] = mbPerSec;
                }
            }
        }
        // The paired benchmark: both sides timed within each operation.
        Map<Integer, double[]> paired = new TreeMap<>();
        Options opt = new OptionsBuilder()
                .include(LogAppendBenchmark.class.getName() + "\\.logThenRawPaired$")
                .forks(forks)
                .warmupIterations(2).warmupTime(TimeValue.seconds(1))
                .measurementIterations(3 * rounds).measurementTime(TimeValue.seconds(1))
                .jvmArgsAppend("-Dbench.dir=" + benchDir)
                .build();
        for (RunResult r : runWhenFree(opt)) {
            int param = Integer.parseInt(r.getParams().getParam("batchBytes"));
            double bytes = r.getSecondaryResults().get("pairedBytes").getScore();
            paired.put(param, new double[] {bytes / r.getSecondaryResults().get("logNanos").getScore() * 1e3,
                    bytes / r.getSecondaryResults().get("rawNanos").getScore() * 1e3});
        }

        System.out.printf(Locale.ROOT, "%nLog append vs raw FileChannel.write, 1 KiB records, files in %s (%d cores)%n",
                benchDir, Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%-8s %-7s %10s %10s %8s%n", "batch", "round", "log MB/s", "raw MB/s", "ratio");
        byBatch.forEach((param, perRound) -> {
            List<Double> ratios = new ArrayList<>();
            double bestLog = 0;
            double bestRaw = 0;
            for (int i = 0; i < perRound.size(); i++) {
                double[] pair = perRound.get(i);
                ratios.add(pair[0] / pair[1]);
                bestLog = Math.max(bestLog, pair[0]);
                bestRaw = Math.max(bestRaw, pair[1]);
                System.out.printf(Locale.ROOT, "%-8s %-7d %10.1f %10.1f %7.1f%%%n", label(param), i + 1, pair[0],
                        pair[1], 100 * pair[0] / pair[1]);
            }
            ratios.sort(null);
            System.out.printf(Locale.ROOT, "%-8s %-7s %10s %10s %7.1f%%%n", label(param), "median", "", "",
                    100 * ratios.get(ratios.size() / 2));
            System.out.printf(Locale.ROOT, "%-8s %-7s %10.1f %10.1f %7.1f%%%n", label(param), "best", bestLog,
                    bestRaw, 100 * bestLog / bestRaw);
            double[] p = paired.get(param);
            System.out.printf(Locale.ROOT, "%-8s %-7s %10.1f %10.1f %7.1f%%%n", label(param), "paired", p[0], p[1],
                    100 * p[0] / p[1]);
        });
    }

    /**
     * Runs JMH, waiting while another JMH run on this machine holds its lock (two benchmarks at once would each
     * measure the other): up to 30 minutes, retrying every 5 s.
     */
    private static java.util.Collection<RunResult> runWhenFree(Options opt) throws RunnerException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
        while (true) {
            try {
                return new Runner(opt).run();
            } catch (RunnerException e) {
                if (e.getMessage() == null || !e.getMessage().contains("JMH lock") || System.nanoTime() > deadline) {
                    throw e;
                }
                System.out.println("Another JMH run holds the lock; waiting 5 s");
                try {
                    Thread.sleep(5000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static String label(int bytes) {
        return bytes >= 1 << 20 ? (bytes >> 20) + " MiB" : (bytes >> 10) + " KiB";
    }
}
