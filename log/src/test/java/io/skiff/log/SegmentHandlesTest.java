package io.skiff.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.log.TestBatches.MockTime;
import io.skiff.log.TestBatches.Rec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sealed segments' file descriptors and index mappings stay within the bound, and cold segments reopen (remap)
 * transparently, also under concurrent lookups. Descriptors and mappings are counted by the kernel's view of this
 * process ({@code /proc/self/fd}, {@code /proc/self/maps}), not by our own bookkeeping.
 */
class SegmentHandlesTest {
    @TempDir
    Path logDir;

    /** Open descriptors of this JVM pointing at .log files under the temp dir (Linux /proc). */
    long openLogFiles() throws IOException {
        String root = logDir.toRealPath().toString();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    return "";
                }
            }).filter(t -> t.startsWith(root) && t.endsWith(".log")).count();
        }
    }

    /** Index files under the temp dir currently mapped into this JVM (Linux /proc/self/maps). */
    long mappedIndexFiles() throws IOException {
        String root = logDir.toRealPath().toString();
        return Files.readAllLines(Path.of("/proc/self/maps")).stream()
                .map(l -> l.indexOf('/') < 0 ? "" : l.substring(l.indexOf('/')))
                .filter(f -> f.startsWith(root) && (f.endsWith(".index") || f.endsWith(".timeindex")))
                .count();
    }

    static final int BOUND = 3;
    static final int SEGMENTS = 40;
    static final int BATCHES_PER_SEGMENT = 5;
    static final long T0 = 1_700_000_000_000L;

    /** {@value #SEGMENTS} sealed segments of {@value #BATCHES_PER_SEGMENT} one-record batches, each indexed. */
    PartitionLog manySealedSegments(SegmentHandles handles) throws IOException {
        MockTime time = new MockTime(T0);
        PartitionLog log = PartitionLog.open(logDir, new TopicPartition("maps", 0),
                LogConfig.from(Map.of(LogConfigs.INDEX_INTERVAL_BYTES, 1)), 0, 0, true, time, Scheduler.IMMEDIATE,
                handles);
        for (int s = 0; s < SEGMENTS; s++) {
            for (int b = 0; b < BATCHES_PER_SEGMENT; b++) {
                long offset = log.logEndOffset();
                log.appendAsLeader(TestBatches.batch(T0 + offset * 10, "v" + offset), 0);
            }
            log.roll();
        }
        return log;
    }

    /** What a read at {@code offset} and a timestamp lookup between two entries must answer. */
    static void checkLookupsAt(PartitionLog log, long offset) throws IOException {
        ReadResult r = log.read(offset, 1, Long.MAX_VALUE, true);
        assertThat(r.firstBatchBaseOffset()).isEqualTo(offset);
        assertThat(TestBatches.records(r.region().orElseThrow().read())).extracting(Rec::value)
                .containsExactly("v" + offset);
        assertThat(log.offsetForTimestamp(T0 + offset * 10 - 5).orElseThrow().offset()).isEqualTo(offset);
    }

    @Test
    void sealedIndexMappingsStayWithinTheBoundWhileLookupsInEverySegmentStayRight() throws IOException {
        assertThat(Unmapper.deterministic()).isTrue();
        SegmentHandles handles = new SegmentHandles(BOUND, Scheduler.IMMEDIATE, 0);
        PartitionLog log = manySealedSegments(handles);
        try {
            // Two mappings per cached segment, plus the active segment's two.
            long allowed = 2L * BOUND + 2;
            assertThat(handles.openSegments()).isLessThanOrEqualTo(BOUND);
            assertThat(mappedIndexFiles()).isLessThanOrEqualTo(allowed);
            for (int round = 0; round < 2; round++) {
                for (long offset = 0; offset < SEGMENTS * BATCHES_PER_SEGMENT; offset++) {
                    checkLookupsAt(log, offset);
                    assertThat(handles.openSegments()).isLessThanOrEqualTo(BOUND);
                    assertThat(mappedIndexFiles()).as("after a lookup at %d", offset).isLessThanOrEqualTo(allowed);
                }
            }
            assertThat(mappedIndexFiles()).isGreaterThan(2); // sealed ones are mapped on demand, not never
        } finally {
            log.close();
        }
        assertThat(mappedIndexFiles()).isZero();
    }

    @Test
    void concurrentLookupsRacingEvictionAlwaysSeeAMappedIndexAndTheRightAnswer() throws Exception {
        // Evicted channels close after the delay, as in a broker (regions handed out stay readable); here: at the end.
        java.util.Queue<Runnable> delayedCloses = new java.util.concurrent.ConcurrentLinkedQueue<>();
        SegmentHandles handles = new SegmentHandles(2, (name, task, delayMs) -> delayedCloses.add(task), 60_000);
        PartitionLog log = manySealedSegments(handles);
        int threads = 4;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<?>> readers = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long seed = 31L * t + 7;
                readers.add(pool.submit(() -> {
                    java.util.Random rnd = new java.util.Random(seed);
                    for (int i = 0; i < 1500; i++) {
                        checkLookupsAt(log, rnd.nextInt(SEGMENTS * BATCHES_PER_SEGMENT));
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : readers) {
                f.get(120, java.util.concurrent.TimeUnit.SECONDS);
            }
            assertThat(handles.openSegments()).isLessThanOrEqualTo(2);
            assertThat(mappedIndexFiles()).isLessThanOrEqualTo(2L * 2 + 2);
        } finally {
            pool.shutdownNow();
            log.close();
            delayedCloses.forEach(Runnable::run);
        }
    }

    @Test
    void sealedSegmentsBeyondTheBoundAreClosedAndReopenedOnDemand() throws IOException {
        MockTime time = new MockTime(1_700_000_000_000L);
        SegmentHandles handles = new SegmentHandles(3, Scheduler.IMMEDIATE, 0);
        PartitionLog log = PartitionLog.open(logDir, new TopicPartition("many", 0), LogConfig.from(Map.of()), 0, 0,
                true, time, Scheduler.IMMEDIATE, handles);
        for (int i = 0; i < 20; i++) {
            log.appendAsLeader(TestBatches.batch(time.milliseconds(), "v" + i), 0);
            log.roll();
        }
        assertThat(TestBatches.readAll(log, 0)).extracting(Rec::value).hasSize(20).startsWith("v0").endsWith("v19");
        assertThat(handles.openSegments()).isLessThanOrEqualTo(3);
        assertThat(openLogFiles()).isLessThanOrEqualTo(3 + 1);
        // Reading old segments again reopens them (and closes others).
        assertThat(TestBatches.readAll(log, 0)).hasSize(20);
        assertThat(openLogFiles()).isLessThanOrEqualTo(3 + 1);
        log.close();
        log = PartitionLog.open(logDir, new TopicPartition("many", 0), LogConfig.from(Map.of()), 0, 0, true, time,
                Scheduler.IMMEDIATE, handles);
        assertThat(TestBatches.readAll(log, 5)).extracting(Rec::offset).startsWith(5L).hasSize(15);
        assertThat(openLogFiles()).isLessThanOrEqualTo(3 + 1);
        log.close();
        assertThat(openLogFiles()).isZero();
    }
}
