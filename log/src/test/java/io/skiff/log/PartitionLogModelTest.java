package io.skiff.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.log.TestBatches.MockTime;
import io.skiff.log.TestBatches.Rec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.kafka.common.compress.Compression;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Model-based test: seeded random sequences of appends, rolls, truncations, log-start advances, retention passes,
 * clean and unclean (torn tail) reopens; after every step the log must read back exactly what an in-memory list of
 * batches says. The seed is in every failure message.
 */
class PartitionLogModelTest {
    static final TopicPartition TP = new TopicPartition("model", 0);

    @TempDir
    Path logDir;

    /** One record in the model. */
    record R(long offset, String key, String value) {}

    /** One appended batch in the model; compaction removes records from it. */
    record Batch(long base, List<R> records) {
        long last() {
            return records.get(records.size() - 1).offset();
        }
    }

    static List<Long> seeds() {
        List<Long> seeds = new ArrayList<>();
        long s = Long.getLong("model.seed", 20261122L);
        for (int i = 0; i < 25; i++) {
            seeds.add(s + i);
        }
        return seeds;
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void randomOperationsMatchTheModel(long seed) throws IOException {
        Random rnd = new Random(seed);
        MockTime time = new MockTime(1_700_000_000_000L);
        // A tiny descriptor bound, so cold segments are closed and reopened all the time.
        SegmentHandles handles = new SegmentHandles(2, Scheduler.IMMEDIATE, 0);
        LogConfig config = LogConfig.from(Map.of(LogConfigs.SEGMENT_BYTES, 500 + rnd.nextInt(700),
                LogConfigs.INDEX_INTERVAL_BYTES, rnd.nextInt(200), LogConfigs.RETENTION_MS, -1,
                LogConfigs.SEGMENT_INDEX_BYTES, 64 + rnd.nextInt(256),
                LogConfigs.CLEANUP_POLICY, "compact,delete"));
        PartitionLog log = PartitionLog.open(logDir, TP, config, 0, 0, true, time, Scheduler.IMMEDIATE, handles);
        List<Batch> model = new ArrayList<>();
        long leo = 0;
        long start = 0;
        StringBuilder history = new StringBuilder();
        try {
            for (int step = 0; step < 80; step++) {
                int op = rnd.nextInt(100);
                time.sleep(rnd.nextInt(1000));
                if (op < 55) {
                    int n = 1 + rnd.nextInt(4);
                    String[] values = new String[n];
                    List<R> recs = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        String key = "k" + rnd.nextInt(6);
                        values[i] = key + "=s" + step + "r" + i + "x".repeat(rnd.nextInt(40));
                        recs.add(new R(leo + i, key, values[i]));
                    }
                    Compression c = rnd.nextInt(4) == 0 ? Compression.lz4().build() : Compression.NONE;
                    AppendInfo info = log.appendAsLeader(TestBatches.keyedBatch(c, time.milliseconds(), values), step);
                    history.append("append ").append(n).append(" -> ").append(info.firstOffset()).append('\n');
                    assertThat(info.firstOffset()).as("seed %d", seed).isEqualTo(leo);
                    model.add(new Batch(leo, new ArrayList<>(recs)));
                    leo += n;
                } else if (op < 62) {
                    history.append("roll\n");
                    log.roll();
                } else if (op < 70) {
                    long to = start + (leo == start ? 0 : rnd.nextInt((int) (leo - start) + 1));
                    history.append("truncateTo ").append(to).append('\n');
                    log.truncateTo(to);
                    if (to <= start && to < leo) {
                        model.clear();
                        start = to;
                        leo = to;
                    } else {
                        model.removeIf(b -> b.last() >= to);
                        long lowest = model.isEmpty() ? start : model.get(model.size() - 1).last() + 1;
                        if (lowest < start) {
                            // Nothing visible survives; the end lies between the log start (a restart there) and
                            // the requested offset (an emptied segment's base offset).
                            model.clear();
                            assertThat(log.logEndOffset()).as("seed %d after:%n%s", seed, history)
                                    .isBetween(start, Math.max(start, to));
                            leo = log.logEndOffset();
                        } else {
                            // Compaction can leave an offset gap before the cut (records removed, or an emptied
                            // segment whose base offset remains): the new end lies between the last surviving
                            // record and the requested offset, and later appends continue from it.
                            assertThat(log.logEndOffset()).as("seed %d after:%n%s", seed, history)
                                    .isBetween(lowest, Math.max(lowest, to));
                            leo = log.logEndOffset();
                        }
                    }
                } else if (op < 77) {
                    long to = start + (leo == start ? 0 : rnd.nextInt((int) (leo - start) + 1));
                    history.append("deleteRecordsBefore ").append(to).append('\n');
                    log.deleteRecordsBefore(to);
                    start = Math.max(start, to);
                } else if (op < 80) {
                    history.append("retention\n");
                    log.deleteOldSegments();
                } else if (op < 84) {
                    List<Long> bases = log.segmentBaseOffsets();
                    long activeBase = bases.get(bases.size() - 1);
                    history.append("compact below ").append(activeBase).append('\n');
                    new LogCleaner(time, Double.MAX_VALUE).clean(log, true);
                    Map<String, Long> latest = new java.util.HashMap<>();
                    model.forEach(b -> b.records().forEach(r -> {
                        if (r.offset() < activeBase) {
                            latest.merge(r.key(), r.offset(), Math::max);
                        }
                    }));
                    model.forEach(b -> b.records().removeIf(r -> r.offset() < activeBase
                            && latest.get(r.key()) > r.offset()));
                    model.removeIf(b -> b.records().isEmpty());
                } else if (op < 91) {
                    history.append("reopen clean\n");
                    log.close();
                    log = PartitionLog.open(logDir, TP, config, 0, start, true, time, Scheduler.IMMEDIATE, handles);
                } else {
                    history.append("crash with torn tail\n");
                    long recoveryPoint = log.recoveryPoint();
                    log.close();
                    tearTail(log, rnd);
                    log = PartitionLog.open(logDir, TP, config, recoveryPoint, start, false, time,
                            Scheduler.IMMEDIATE, handles);
                }
                String where = "seed " + seed + " after:\n" + history;
                assertThat(log.logEndOffset()).as(where).isEqualTo(leo);
                assertThat(log.logStartOffset()).as(where).isEqualTo(start);
                final long from = start;
                List<String> expected = model.stream()
                        .flatMap(b -> b.records().stream())
                        .filter(r -> r.offset() >= from)
                        .map(r -> r.offset() + "=" + r.value()).collect(Collectors.toList());
                List<String> actual = TestBatches.readAll(log, start).stream().map(r -> r.offset() + "=" + r.value())
                        .collect(Collectors.toList());
                assertThat(actual).as(where).isEqualTo(expected);
            }
        } finally {
            log.close();
        }
    }

    /** Appends a partial batch of garbage to the newest segment, as a crash mid-write leaves it. */
    private static void tearTail(PartitionLog log, Random rnd) throws IOException {
        List<Long> bases = log.segmentBaseOffsets();
        Path seg = LogFiles.logFile(log.dir(), bases.get(bases.size() - 1));
        ByteBuffer torn = TestBatches.batch(1, "torn");
        torn.putLong(0, log.logEndOffset());
        torn.limit(1 + rnd.nextInt(torn.remaining() - 1));
        Files.write(seg, toArray(torn), StandardOpenOption.APPEND);
    }

    private static byte[] toArray(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }
}
