package io.skiff.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.log.TestBatches.MockTime;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;

/**
 * Model-based property test (jqwik, with shrinking): any generated sequence of appends (keyed records, tombstones,
 * an idempotent producer's batches), rolls, truncations, restarts at an offset, retention passes under real
 * {@code retention.ms} / {@code retention.bytes}, DeleteRecords, compactions, clean reopens and crashes (no clean
 * close, bytes chopped off or garbage left at the active segment's end) leaves a log whose read-back equals a simple
 * in-memory model: a list of batches of (offset, key, value) records.
 *
 * <p>What the model decides itself: offsets, what every read returns, which records compaction keeps (latest per
 * key below the active segment; a tombstone until a pass at or after its batch's delete horizon, which the first
 * pass that keeps it sets to now + {@code delete.retention.ms}), where retention moves the log start (Kafka's rules
 * applied to the segments' sizes and newest timestamps, read from the log before the pass), what survives a torn
 * tail (the whole batches before the cut, found with Kafka's own batch reader). What it takes from the log: where
 * segments begin (rolls depend on byte sizes) and, after a truncation into a compacted range, the exact end offset
 * within the bounds the model allows. Failures shrink to a minimal sequence; the generated config is part of it.
 */
class PartitionLogModelTest {
    static final TopicPartition TP = new TopicPartition("model", 0);
    static final long T0 = 1_700_000_000_000L;
    static final int KEYS = 6;

    // ------------------------------------------------------------------ generated inputs

    /** One record to append: key index, tombstone or not, value padding. */
    record Rec(int key, boolean tombstone, int pad) {}

    /** An operation, run after {@code advanceMs} of fake time. */
    sealed interface Op permits Append, Roll, TruncateTo, RestartAt, DeleteRecords, Retention, Compact, CleanReopen,
            Crash {
        int advanceMs();
    }

    record Append(int advanceMs, List<Rec> records, boolean lz4, boolean idempotent) implements Op {}

    record Roll(int advanceMs) implements Op {}

    /** Truncate to {@code percent} of the way from the log start to the log end. */
    record TruncateTo(int advanceMs, int percent) implements Op {}

    /** Truncate fully and restart at the log end plus {@code ahead} (at least 0). */
    record RestartAt(int advanceMs, int ahead) implements Op {}

    record DeleteRecords(int advanceMs, int percent) implements Op {}

    record Retention(int advanceMs) implements Op {}

    record Compact(int advanceMs) implements Op {}

    record CleanReopen(int advanceMs) implements Op {}

    /** No clean close; {@code chop} bytes cut off the active segment, or a torn batch of garbage left after it. */
    record Crash(int advanceMs, int chop, boolean garbage) implements Op {}

    /** The topic config of one try. */
    record Setup(int segmentBytes, int indexIntervalBytes, int segmentIndexBytes, long retentionMs,
                 long retentionBytes, long deleteRetentionMs, long segmentMs) {
        LogConfig config() {
            return LogConfig.from(Map.of(LogConfigs.SEGMENT_BYTES, segmentBytes,
                    LogConfigs.INDEX_INTERVAL_BYTES, indexIntervalBytes,
                    LogConfigs.SEGMENT_INDEX_BYTES, segmentIndexBytes,
                    LogConfigs.RETENTION_MS, retentionMs,
                    LogConfigs.RETENTION_BYTES, retentionBytes,
                    LogConfigs.DELETE_RETENTION_MS, deleteRetentionMs,
                    LogConfigs.SEGMENT_MS, segmentMs,
                    LogConfigs.CLEANUP_POLICY, "compact,delete",
                    LogConfigs.FILE_DELETE_DELAY_MS, 0));
        }
    }

    @Provide
    Arbitrary<Setup> setups() {
        return Combinators.combine(
                Arbitraries.integers().between(400, 1500),
                Arbitraries.integers().between(0, 200),
                Arbitraries.integers().between(64, 400),
                Arbitraries.oneOf(Arbitraries.just(-1L), Arbitraries.longs().between(3_000, 40_000)),
                Arbitraries.oneOf(Arbitraries.just(-1L), Arbitraries.longs().between(600, 5_000)),
                Arbitraries.longs().between(0, 8_000),
                Arbitraries.oneOf(Arbitraries.just(LogConfigs.SEGMENT_MS_DEFAULT),
                        Arbitraries.longs().between(2_000, 20_000)))
                .as(Setup::new);
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Integer> advance = Arbitraries.integers().between(0, 3000);
        Arbitrary<Rec> rec = Combinators.combine(Arbitraries.integers().between(0, KEYS - 1),
                Arbitraries.integers().between(0, 9).map(i -> i == 0), Arbitraries.integers().between(0, 60))
                .as(Rec::new);
        Arbitrary<Op> append = Combinators.combine(advance, rec.list().ofMinSize(1).ofMaxSize(4),
                Arbitraries.integers().between(0, 3).map(i -> i == 0), Arbitraries.integers().between(0, 2)
                        .map(i -> i == 0)).as(Append::new);
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                Tuple.of(45, append),
                Tuple.of(6, advance.map(Roll::new)),
                Tuple.of(6, Combinators.combine(advance, Arbitraries.integers().between(0, 100)).as(TruncateTo::new)),
                Tuple.of(2, Combinators.combine(advance, Arbitraries.integers().between(-3, 30)).as(RestartAt::new)),
                Tuple.of(6, Combinators.combine(advance, Arbitraries.integers().between(0, 100))
                        .as(DeleteRecords::new)),
                Tuple.of(9, advance.map(Retention::new)),
                Tuple.of(10, advance.map(Compact::new)),
                Tuple.of(5, advance.map(CleanReopen::new)),
                Tuple.of(5, Combinators.combine(advance, Arbitraries.integers().between(1, 400),
                        Arbitraries.of(true, false)).as(Crash::new)));
        return op.list().ofMinSize(1).ofMaxSize(70);
    }

    // ------------------------------------------------------------------ the model

    /** One record in the model; {@code value} null for a tombstone. */
    record R(long offset, String key, String value) {}

    /** One appended batch: its offset range never changes, compaction removes records, the first pass may stamp it. */
    static final class Batch {
        final long base;
        final long last;
        final List<R> records;
        long deleteHorizon = -1;

        Batch(long base, List<R> records) {
            this.base = base;
            this.records = records;
            this.last = records.get(records.size() - 1).offset();
        }
    }

    /** The log under test, its model, and the environment of one try. */
    static final class World {
        final Path root;
        final Setup setup;
        final LogConfig config;
        final MockTime time = new MockTime(T0);
        /** Evicted channels close a few evictions later, as after file.delete.delay.ms in a broker. */
        final Queue<Runnable> delayedCloses = new ArrayDeque<>();
        final SegmentHandles handles;
        final List<Batch> model = new ArrayList<>();
        final StringBuilder history = new StringBuilder();
        PartitionLog log;
        long start;
        long end;
        long producerId = 1000;
        int nextSequence;

        World(Setup setup) throws IOException {
            this.root = Files.createTempDirectory("skiff-model");
            this.setup = setup;
            this.config = setup.config();
            // A tiny descriptor/mapping bound, so cold segments are closed, unmapped and reopened all the time.
            this.handles = new SegmentHandles(2, (name, task, delayMs) -> {
                delayedCloses.add(task);
                if (delayedCloses.size() > 8) {
                    delayedCloses.remove().run();
                }
            }, 0);
            this.log = open(true, 0);
        }

        PartitionLog open(boolean clean, long recoveryPoint) throws IOException {
            return PartitionLog.open(root, TP, config, recoveryPoint, start, clean, time, Scheduler.IMMEDIATE,
                    handles);
        }

        String where() {
            return setup + "\nafter:\n" + history;
        }

        void close() throws IOException {
            try {
                log.close();
            } finally {
                delayedCloses.forEach(Runnable::run);
                try (Stream<Path> files = Files.walk(root)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    @Property(tries = 500, shrinking = ShrinkingMode.BOUNDED)
    void anySequenceOfOperationsReadsBackAsTheModelSays(@ForAll("setups") Setup setup,
                                                         @ForAll("operations") List<Op> ops) throws IOException {
        World w = new World(setup);
        try {
            for (Op op : ops) {
                w.history.append(op).append('\n');
                apply(w, op);
                check(w);
            }
        } finally {
            w.close();
        }
    }

    private static void apply(World w, Op op) throws IOException {
        w.time.sleep(op.advanceMs());
        if (op instanceof Append a) {
            append(w, a);
        } else if (op instanceof Roll) {
            w.log.roll();
        } else if (op instanceof TruncateTo t) {
            truncateTo(w, w.start + (w.end - w.start) * t.percent() / 100);
        } else if (op instanceof RestartAt r) {
            long at = Math.max(0, w.end + r.ahead());
            w.log.truncateFullyAndStartAt(at);
            w.model.clear();
            w.start = at;
            w.end = at;
            w.producerId++;
            w.nextSequence = 0;
        } else if (op instanceof DeleteRecords d) {
            long to = w.start + (w.end - w.start) * d.percent() / 100;
            w.log.deleteRecordsBefore(to);
            w.start = Math.max(w.start, to);
            w.model.forEach(b -> b.records.removeIf(r -> r.offset() < w.start));
        } else if (op instanceof Retention) {
            retention(w);
        } else if (op instanceof Compact) {
            compact(w);
        } else if (op instanceof CleanReopen) {
            w.log.close();
            w.log = w.open(true, 0);
        } else if (op instanceof Crash c) {
            crash(w, c);
        }
    }

    private static void append(World w, Append a) {
        SimpleRecord[] recs = new SimpleRecord[a.records().size()];
        List<R> model = new ArrayList<>();
        for (int i = 0; i < recs.length; i++) {
            Rec r = a.records().get(i);
            String key = "k" + r.key();
            String value = r.tombstone() ? null : key + "=o" + (w.end + i) + "x".repeat(r.pad());
            recs[i] = new SimpleRecord(w.time.milliseconds(), key.getBytes(), value == null ? null : value.getBytes());
            model.add(new R(w.end + i, key, value));
        }
        Compression c = a.lz4() ? Compression.lz4().build() : Compression.NONE;
        MemoryRecords batch = a.idempotent()
                ? MemoryRecords.withIdempotentRecords(c, w.producerId, (short) 0, w.nextSequence, recs)
                : MemoryRecords.withRecords(c, recs);
        AppendInfo info = w.log.appendAsLeader(TestBatches.copy(batch.buffer()), 0);
        assertThat(info.duplicate()).as(w.where()).isFalse();
        assertThat(info.firstOffset()).as(w.where()).isEqualTo(w.end);
        if (a.idempotent()) {
            w.nextSequence += recs.length;
        }
        w.model.add(new Batch(w.end, model));
        w.end += recs.length;
    }

    private static void truncateTo(World w, long to) {
        w.log.truncateTo(to);
        // The producer state is rebuilt from snapshots and the log; with compaction and DeleteRecords in the mix
        // the model does not predict it, and continues with a fresh producer.
        w.producerId++;
        w.nextSequence = 0;
        if (to >= w.end) {
            return;
        }
        if (to <= w.start) {
            w.model.clear();
            w.start = to;
            w.end = to;
            return;
        }
        w.model.removeIf(b -> b.last >= to || b.records.isEmpty());
        long lowest = w.model.isEmpty() ? w.start : Math.max(w.start, w.model.get(w.model.size() - 1).last + 1);
        long actual = w.log.logEndOffset();
        // Batches compaction emptied (or left as bare headers) may still end between the last batch with records
        // and the cut; the log's end lies there.
        assertThat(actual).as(w.where()).isBetween(lowest, Math.max(lowest, to));
        w.end = actual;
    }

    private static void retention(World w) {
        long expectedStart = expectedStartAfterRetention(w);
        w.log.deleteOldSegments();
        assertThat(w.log.logStartOffset()).as("retention, " + w.where()).isEqualTo(expectedStart);
        w.start = expectedStart;
        w.model.forEach(b -> b.records.removeIf(r -> r.offset() < w.start));
    }

    /**
     * Kafka's retention rules on the segments as they are now: from the oldest, a segment goes while it lies wholly
     * below the log start, or its newest timestamp is more than retention.ms old, or the log without it still holds
     * at least retention.bytes; the first one that stays ends the pass; the active segment always stays.
     */
    private static long expectedStartAfterRetention(World w) {
        List<LogSegment> sealed = w.log.sealedSegments();
        List<Long> bases = w.log.segmentBaseOffsets();
        long total = w.log.size();
        long now = w.time.milliseconds();
        long newStart = w.start;
        for (int i = 0; i < sealed.size(); i++) {
            LogSegment s = sealed.get(i);
            long nextBase = bases.get(i + 1);
            boolean belowStart = nextBase <= w.start;
            boolean expired = w.setup.retentionMs() >= 0 && now - s.largestTimestamp() > w.setup.retentionMs();
            boolean oversized = w.setup.retentionBytes() >= 0 && total - s.size() >= w.setup.retentionBytes();
            if (!(belowStart || expired || oversized)) {
                break;
            }
            total -= s.size();
            newStart = Math.max(newStart, nextBase);
        }
        return newStart;
    }

    private static void compact(World w) throws IOException {
        List<Long> bases = w.log.segmentBaseOffsets();
        long activeBase = bases.get(bases.size() - 1);
        long now = w.time.milliseconds();
        new LogCleaner(w.time, Double.MAX_VALUE).clean(w.log, true);
        Map<String, Long> latest = new HashMap<>();
        w.model.forEach(b -> b.records.forEach(r -> {
            if (r.offset() < activeBase) {
                latest.merge(r.key(), r.offset(), Math::max);
            }
        }));
        for (Batch b : w.model) {
            if (b.base >= activeBase) {
                continue;
            }
            long horizon = b.deleteHorizon;
            b.records.removeIf(r -> latest.get(r.key()) > r.offset()
                    || r.value() == null && horizon >= 0 && now >= horizon);
            if (horizon < 0 && b.records.stream().anyMatch(r -> r.value() == null)) {
                b.deleteHorizon = now + w.setup.deleteRetentionMs();
            }
        }
    }

    private static void crash(World w, Crash c) throws IOException {
        long recoveryPoint = w.log.recoveryPoint();
        List<Long> bases = w.log.segmentBaseOffsets();
        long activeBase = bases.get(bases.size() - 1);
        Path active = LogFiles.logFile(w.log.dir(), activeBase);
        w.log.closeHandlers();
        long size = Files.size(active);
        if (c.garbage()) {
            // A batch cut short mid-write, claiming the next offset.
            ByteBuffer torn = TestBatches.batch(1, "torn");
            torn.putLong(0, w.end);
            torn.limit(1 + c.chop() % (torn.remaining() - 1));
            try (FileChannel ch = FileChannel.open(active, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                ch.write(torn);
            }
        } else {
            try (FileChannel ch = FileChannel.open(active, StandardOpenOption.WRITE)) {
                ch.truncate(Math.max(0, size - c.chop()));
            }
        }
        long expectedEnd = activeBase;
        ByteBuffer left = ByteBuffer.wrap(Files.readAllBytes(active));
        for (RecordBatch b : MemoryRecords.readableRecords(left).batches()) {
            expectedEnd = b.nextOffset();
        }
        w.log = w.open(false, recoveryPoint);
        long end = expectedEnd;
        w.model.removeIf(b -> b.base >= end);
        w.end = end;
        w.start = Math.min(w.start, end);
        w.producerId++;
        w.nextSequence = 0;
    }

    private static void check(World w) throws IOException {
        String where = w.where();
        assertThat(w.log.logEndOffset()).as(where).isEqualTo(w.end);
        assertThat(w.log.logStartOffset()).as(where).isEqualTo(w.start);
        List<String> expected = w.model.stream().flatMap(b -> b.records.stream())
                .filter(r -> r.offset() >= w.start)
                .map(r -> r.offset() + "=" + r.value()).collect(Collectors.toList());
        List<String> actual = TestBatches.readAll(w.log, w.start).stream().map(r -> r.offset() + "=" + r.value())
                .collect(Collectors.toList());
        assertThat(actual).as(where).isEqualTo(expected);
    }
}
