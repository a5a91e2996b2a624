package io.skiff.log;

import static io.skiff.log.TestBatches.keyedBatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.log.TestBatches.MockTime;
import io.skiff.log.TestBatches.Rec;
import io.skiff.wire.protocol.ApiException;
import io.skiff.wire.protocol.Errors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compaction with Kafka's rules: latest record per key across segments, offsets kept, tombstones until their
 * KIP-534 delete horizon, {@code min.cleanable.dirty.ratio}, producer state kept in (empty) batches. Kafka's own
 * record reader checks what we write; time is a fake clock.
 */
class LogCleanerTest {
    static final long NOW = 1_700_000_000_000L;
    static final TopicPartition TP = new TopicPartition("compacted", 0);

    @TempDir
    Path logDir;

    final MockTime time = new MockTime(NOW);
    final LogCleaner cleaner = new LogCleaner(time, Double.MAX_VALUE);
    PartitionLog log;

    PartitionLog open(Map<String, ?> overrides) throws IOException {
        Map<String, Object> all = new java.util.HashMap<>(Map.of(LogConfigs.CLEANUP_POLICY, "compact",
                LogConfigs.DELETE_RETENTION_MS, 10_000));
        all.putAll(overrides);
        return PartitionLog.open(logDir, TP, LogConfig.from(all), 0, 0, true, time, Scheduler.IMMEDIATE);
    }

    @AfterEach
    void close() {
        if (log != null) {
            log.close();
        }
    }

    static List<String> contents(PartitionLog log) throws IOException {
        return TestBatches.readAll(log, log.logStartOffset()).stream().map(r -> r.offset() + ":" + r.value())
                .collect(Collectors.toList());
    }

    @Test
    void keepsLatestRecordPerKeyAcrossSegmentsWithOffsetsAndOrder() throws IOException {
        log = open(Map.of());
        log.appendAsLeader(keyedBatch(Compression.NONE, NOW, "k1=a", "k2=a", "k4=a"), 0);
        log.roll();
        log.appendAsLeader(keyedBatch(Compression.lz4().build(), NOW, "k1=b", "k3=a"), 0);
        log.roll();
        log.appendAsLeader(keyedBatch(Compression.NONE, NOW, "k2=b"), 0);
        log.roll();
        log.appendAsLeader(keyedBatch(Compression.NONE, NOW, "k1=c"), 0);

        long removed = cleaner.clean(log, true);

        assertThat(removed).isPositive();
        assertThat(contents(log)).containsExactly("2:k4=a", "3:k1=b", "4:k3=a", "5:k2=b", "6:k1=c");
        assertThat(log.logEndOffset()).isEqualTo(7);
        assertThat(log.appendAsLeader(keyedBatch(Compression.NONE, NOW, "k5=a"), 0).firstOffset()).isEqualTo(7);
        // A read at a removed offset starts at the next surviving record's batch.
        assertThat(TestBatches.records(log.read(1, 1000, Long.MAX_VALUE, true)
                .region().orElseThrow().read())).extracting(Rec::offset).contains(2L);
        log.close();
        log = open(Map.of());
        assertThat(contents(log)).containsExactly("2:k4=a", "3:k1=b", "4:k3=a", "5:k2=b", "6:k1=c", "7:k5=a");
    }

    @Test
    void tombstonesSurviveUntilDeleteRetentionThenDisappear() throws IOException {
        log = open(Map.of());
        log.appendAsLeader(keyedBatch(Compression.NONE, NOW, "k1=a", "k2=a"), 0);
        log.roll();
        log.appendAsLeader(keyedBatch(Compression.NONE, NOW, "k1"), 0);
        log.roll();
        log.appendAsLeader(keyedBatch(Compression.NONE, NOW, "k3=a"), 0);

        cleaner.clean(log, true);
        assertThat(contents(log)).containsExactly("1:k2=a", "2:null", "3:k3=a");

        time.sleep(10_000);
        cleaner.clean(log, true);
        assertThat(contents(log)).containsExactly("1:k2=a", "3:k3=a");
    }

    /** The sealed batches of {@code log} as Kafka's own reader sees them. */
    static List<org.apache.kafka.common.record.internal.RecordBatch> batches(PartitionLog log) throws IOException {
        List<org.apache.kafka.common.record.internal.RecordBatch> out = new ArrayList<>();
        for (long base : log.segmentBaseOffsets()) {
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(LogFiles.logFile(log.dir(), base)));
            for (org.apache.kafka.common.record.internal.RecordBatch b : MemoryRecords.readableRecords(bytes)
                    .batches()) {
                b.ensureValid();
                out.add(b);
            }
        }
        return out;
    }

    static org.apache.kafka.common.record.internal.RecordBatch batchAt(PartitionLog log, long offset)
            throws IOException {
        return batches(log).stream().filter(b -> b.baseOffset() <= offset && offset <= b.lastOffset()).findFirst()
                .orElseThrow();
    }

    @Test
    void firstPassStampsTheDeleteHorizonSoAnOldClientTimestampDoesNotExpireATombstoneAtOnce() throws IOException {
        log = open(Map.of());
        long tenDaysAgo = NOW - 10L * 24 * 3600 * 1000;
        log.appendAsLeader(keyedBatch(Compression.NONE, tenDaysAgo, "k1=a"), 0);
        log.appendAsLeader(keyedBatch(Compression.lz4().build(), tenDaysAgo, "k1", "k2=b"), 0);
        log.roll();
        log.appendAsLeader(keyedBatch(Compression.NONE, NOW, "k3=c"), 0);

        cleaner.clean(log, true);

        assertThat(contents(log)).containsExactly("1:null", "2:k2=b", "3:k3=c");
        org.apache.kafka.common.record.internal.RecordBatch stamped = batchAt(log, 1);
        // KIP-534: the horizon lives in the base timestamp with attribute bit 6; the records keep their timestamps.
        assertThat(stamped.deleteHorizonMs()).hasValue(NOW + 10_000);
        assertThat(((DefaultRecordBatch) stamped).baseTimestamp()).isEqualTo(NOW + 10_000);
        assertThat(stamped.compressionType().name).isEqualTo("lz4");
        assertThat(stamped.lastOffset()).isEqualTo(2);
        for (org.apache.kafka.common.record.internal.Record r : stamped) {
            assertThat(r.timestamp()).isEqualTo(tenDaysAgo);
        }
        assertThat(stamped.maxTimestamp()).isEqualTo(tenDaysAgo);

        time.sleep(9_999);
        cleaner.clean(log, true);
        assertThat(contents(log)).as("one ms before the horizon").containsExactly("1:null", "2:k2=b", "3:k3=c");
        assertThat(batchAt(log, 1).deleteHorizonMs()).as("later passes keep the horizon").hasValue(NOW + 10_000);

        time.sleep(1);
        cleaner.clean(log, true);
        assertThat(contents(log)).containsExactly("2:k2=b", "3:k3=c");
        // As Kafka's filterTo: a rebuilt batch keeps the horizon it had, tombstone or not.
        assertThat(batchAt(log, 2).deleteHorizonMs()).hasValue(NOW + 10_000);
    }

    @Test
    void aRewriteForOtherReasonsKeepsTheHorizonOfTheFirstPass() throws IOException {
        log = open(Map.of());
        log.appendAsLeader(keyedBatch(Compression.NONE, NOW, "k1", "k2=a"), 0);
        log.roll();
        log.appendAsLeader(keyedBatch(Compression.NONE, NOW, "k9=z"), 0);
        cleaner.clean(log, true);
        assertThat(batchAt(log, 0).deleteHorizonMs()).hasValue(NOW + 10_000);

        time.sleep(5_000);
        log.appendAsLeader(keyedBatch(Compression.NONE, NOW, "k2=b"), 0);
        log.roll();
        log.appendAsLeader(keyedBatch(Compression.NONE, NOW, "k9=y"), 0);
        cleaner.clean(log, true);

        assertThat(contents(log)).containsExactly("0:null", "2:k9=z", "3:k2=b", "4:k9=y");
        assertThat(batchAt(log, 0).deleteHorizonMs()).as("k2=a removed, horizon unchanged").hasValue(NOW + 10_000);
    }

    @Test
    void aLogWhoseDirtyRatioIsBelowTheThresholdIsLeftAloneUntilMoreDirtyDataPassesIt() throws IOException {
        log = open(Map.of(LogConfigs.MIN_CLEANABLE_DIRTY_RATIO, 0.5));
        String pad = "x".repeat(200);
        // A clean section of three segments of distinct keys.
        for (int s = 0; s < 3; s++) {
            log.appendAsLeader(keyedBatch(Compression.NONE, NOW, "a" + s + "=" + pad, "b" + s + "=" + pad), 0);
            log.roll();
        }
        log.appendAsLeader(keyedBatch(Compression.NONE, NOW, "tail=1"), 0);
        log.roll();
        assertThat(LogCleaner.dirtyRatio(log)).as("nothing cleaned yet: all dirty").isEqualTo(1.0);
        cleaner.clean(log, true);
        assertThat(LogCleaner.dirtyRatio(log)).isZero();
        assertThat(cleaner.clean(log, false)).isZero();

        // One small dirty segment that supersedes a0: dirty, but well below half.
        log.appendAsLeader(keyedBatch(Compression.NONE, NOW, "a0=new"), 0);
        log.roll();
        double low = LogCleaner.dirtyRatio(log);
        assertThat(low).isGreaterThan(0).isLessThan(0.5);
        assertThat(cleaner.clean(log, false)).isZero();
        assertThat(contents(log)).as("below the ratio nothing is cleaned").contains("0:a0=" + pad, "7:a0=new");

        // More dirty data: now the dirty share exceeds the threshold, and the same call cleans.
        for (int i = 0; i < 4; i++) {
            log.appendAsLeader(keyedBatch(Compression.NONE, NOW, "c" + i + "=" + pad, "d" + i + "=" + pad), 0);
            log.roll();
        }
        assertThat(LogCleaner.dirtyRatio(log)).isGreaterThan(0.5);
        assertThat(cleaner.clean(log, false)).isPositive();
        assertThat(contents(log)).doesNotContain("0:a0=" + pad).contains("7:a0=new", "1:b0=" + pad);
        assertThat(LogCleaner.dirtyRatio(log)).isZero();
    }

    @Test
    void aRatioExactlyAtTheThresholdDoesNotClean() throws IOException {
        // Kafka cleans when the ratio exceeds min.cleanable.dirty.ratio, not when it equals it.
        log = open(Map.of(LogConfigs.MIN_CLEANABLE_DIRTY_RATIO, 1.0));
        log.appendAsLeader(keyedBatch(Compression.NONE, NOW, "k1=a"), 0);
        log.roll();
        log.appendAsLeader(keyedBatch(Compression.NONE, NOW, "k1=b"), 0);
        log.roll();
        assertThat(LogCleaner.dirtyRatio(log)).isEqualTo(1.0);
        assertThat(cleaner.clean(log, false)).isZero();
        assertThat(contents(log)).containsExactly("0:k1=a", "1:k1=b");
    }

    @Test
    void minCompactionLagProtectsSegmentsWithYoungRecordsAndEverythingAfterThem() throws IOException {
        log = open(Map.of(LogConfigs.MIN_COMPACTION_LAG_MS, 60_000));
        log.appendAsLeader(keyedBatch(Compression.NONE, NOW - 100_000, "k1=a", "k1=b"), 0);
        log.roll();
        log.appendAsLeader(keyedBatch(Compression.NONE, NOW - 10_000, "k1=c"), 0);
        log.roll();
        log.appendAsLeader(keyedBatch(Compression.NONE, NOW - 200_000, "k1=d"), 0);
        log.roll();

        assertThat(cleaner.clean(log, true)).as("only the first segment is old enough").isPositive();
        assertThat(contents(log)).containsExactly("1:k1=b", "2:k1=c", "3:k1=d");

        time.ms.addAndGet(50_001);
        cleaner.clean(log, true);
        assertThat(contents(log)).as("now every record is older than the lag").containsExactly("3:k1=d");
    }

    @Test
    void maxCompactionLagCleansALogBelowTheDirtyRatioOnceItsOldestDirtyRecordIsOverdue() throws IOException {
        // A ratio of 1.0 is never exceeded: only the lag can make this log cleanable.
        log = open(Map.of(LogConfigs.MIN_CLEANABLE_DIRTY_RATIO, 1.0, LogConfigs.MAX_COMPACTION_LAG_MS, 60_000));
        log.appendAsLeader(keyedBatch(Compression.NONE, NOW - 30_000, "k1=a"), 0);
        log.roll();
        log.appendAsLeader(keyedBatch(Compression.NONE, NOW, "k1=b"), 0);
        log.roll();
        assertThat(cleaner.clean(log, false)).isZero();
        assertThat(contents(log)).containsExactly("0:k1=a", "1:k1=b");

        time.ms.addAndGet(30_001);
        assertThat(cleaner.clean(log, false)).isPositive();
        assertThat(contents(log)).containsExactly("1:k1=b");
    }

    @Test
    void maxCompactionLagAlsoBoundsTheAgeOfTheActiveSegmentOfACompactedLog() throws IOException {
        log = open(Map.of(LogConfigs.MAX_COMPACTION_LAG_MS, 1_000));
        log.appendAsLeader(keyedBatch(Compression.NONE, NOW, "k1=a"), 0);
        time.ms.addAndGet(1_001);
        log.appendAsLeader(keyedBatch(Compression.NONE, NOW + 1_001, "k1=b"), 0);
        assertThat(log.numberOfSegments()).as("rolled after max.compaction.lag.ms, not segment.ms").isEqualTo(2);

        PartitionLog plain = PartitionLog.open(logDir, new TopicPartition("plain", 0),
                LogConfig.from(Map.of(LogConfigs.MAX_COMPACTION_LAG_MS, 1_000)), 0, 0, true, time, Scheduler.IMMEDIATE);
        try {
            plain.appendAsLeader(keyedBatch(Compression.NONE, NOW, "k1=a"), 0);
            time.ms.addAndGet(1_001);
            plain.appendAsLeader(keyedBatch(Compression.NONE, NOW + 2_002, "k1=b"), 0);
            assertThat(plain.numberOfSegments()).as("the lag does not apply without compaction").isEqualTo(1);
        } finally {
            plain.close();
        }
    }

    @Test
    void aLogWithoutCompactPolicyIsNeverCleaned() throws IOException {
        log = open(Map.of(LogConfigs.CLEANUP_POLICY, "delete"));
        log.appendAsLeader(keyedBatch(Compression.NONE, NOW, "k1=a"), 0);
        log.roll();
        log.appendAsLeader(keyedBatch(Compression.NONE, NOW, "k1=b"), 0);
        log.roll();
        assertThat(cleaner.clean(log, true)).isZero();
        assertThat(contents(log)).containsExactly("0:k1=a", "1:k1=b");
    }

    @Test
    void aBatchThatLosesItsLastRecordKeepsItsLastOffsetSoTheProducerSequenceSurvives() throws IOException {
        log = open(Map.of());
        log.appendAsLeader(TestBatches.copy(MemoryRecords.withIdempotentRecords(Compression.NONE, 9L, (short) 0, 0,
                new SimpleRecord(NOW, "k1".getBytes(), "a".getBytes()),
                new SimpleRecord(NOW, "k2".getBytes(), "a".getBytes())).buffer()), 0);
        log.appendAsLeader(keyedBatch(Compression.NONE, NOW, "k2=b"), 0);
        log.roll();
        cleaner.clean(log, true);
        org.apache.kafka.common.record.internal.RecordBatch rebuilt = batchAt(log, 0);
        assertThat(rebuilt.lastOffset()).isEqualTo(1);
        assertThat(rebuilt.lastSequence()).isEqualTo(1);
        assertThat(rebuilt.countOrNull()).isEqualTo(1);
        LogConfig config = log.config();
        log.close();
        // Rebuilt from the log alone (no snapshot), the producer's next sequence is still 2.
        try (java.util.stream.Stream<Path> s = Files.list(log.dir())) {
            for (Path p : s.filter(p -> p.toString().endsWith(LogFiles.SNAPSHOT_SUFFIX)).toList()) {
                Files.delete(p);
            }
        }
        log = PartitionLog.open(logDir, TP, config, 0, 0, false, time, Scheduler.IMMEDIATE);
        assertThat(log.appendAsLeader(TestBatches.batch(Compression.NONE, 9L, (short) 0, 2, NOW, "next"), 0)
                .firstOffset()).isEqualTo(3);
    }

    @Test
    void theLastBatchOfAnActiveProducerStaysAsTheEmptyHeaderKafkaWouldWrite() throws IOException {
        log = open(Map.of());
        log.appendAsLeader(TestBatches.copy(MemoryRecords.withIdempotentRecords(Compression.NONE, 9L, (short) 3, 0,
                new SimpleRecord(NOW, "k1".getBytes(), "a".getBytes())).buffer()), 7);
        log.appendAsLeader(keyedBatch(Compression.NONE, NOW + 5, "k1=b"), 7);
        log.appendAsLeader(keyedBatch(Compression.NONE, NOW + 6, "k1=c"), 7);
        log.roll();
        log.appendAsLeader(keyedBatch(Compression.NONE, NOW, "k9=z"), 7);
        cleaner.clean(log, true);

        List<org.apache.kafka.common.record.internal.RecordBatch> all = batches(log);
        assertThat(all).extracting(org.apache.kafka.common.record.internal.RecordBatch::baseOffset)
                .as("offset 1 goes; 0 stays for producer 9; 2 is kept anyway").containsExactly(0L, 2L, 3L);
        assertThat(all.get(0).countOrNull()).isZero();
        ByteBuffer expected = ByteBuffer.allocate(61);
        DefaultRecordBatch.writeEmptyHeader(expected, (byte) 2, 9L, (short) 3, 0, 0L, 0L, 7,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME, NOW, false, false);
        expected.flip();
        ByteBuffer actual = ByteBuffer.wrap(Files.readAllBytes(LogFiles.logFile(log.dir(), 0)), 0, 61);
        assertThat(actual).as("byte for byte as Kafka's writeEmptyHeader").isEqualTo(expected);
        assertThat(contents(log)).containsExactly("2:k1=c", "3:k9=z");
    }

    @Test
    void aBatchEmptiedRightBelowTheCleaningBoundStaysAsAnEmptyHeader() throws IOException {
        log = open(Map.of());
        log.appendAsLeader(keyedBatch(Compression.NONE, NOW, "k1=a"), 0);
        log.roll();
        log.appendAsLeader(keyedBatch(Compression.NONE, NOW, "k1"), 0);
        log.roll();
        log.appendAsLeader(keyedBatch(Compression.NONE, NOW, "k9=z"), 0);
        cleaner.clean(log, true);
        time.sleep(10_000);
        cleaner.clean(log, true);

        assertThat(contents(log)).containsExactly("2:k9=z");
        List<org.apache.kafka.common.record.internal.RecordBatch> all = batches(log);
        assertThat(all).extracting(org.apache.kafka.common.record.internal.RecordBatch::baseOffset)
                .as("offset 0 goes; the expired tombstone's batch ends at the bound, so its header stays")
                .containsExactly(1L, 2L);
        assertThat(all.get(0).countOrNull()).isZero();
    }

    @Test
    void compactedTopicRejectsRecordsWithoutKey() throws IOException {
        log = open(Map.of());
        assertThatThrownBy(() -> log.appendAsLeader(TestBatches.keyed(NOW, null, "v"), 0))
                .satisfies(t -> assertThat(((ApiException) t).error()).isEqualTo(Errors.INVALID_RECORD));
    }
}
