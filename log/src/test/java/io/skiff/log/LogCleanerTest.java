package io.skiff.log;

import static io.skiff.log.TestBatches.keyedBatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.log.TestBatches.MockTime;
import io.skiff.log.TestBatches.Rec;
import io.skiff.wire.protocol.ApiException;
import io.skiff.wire.protocol.Errors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.compress.Compression;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.io.TempDir;

class LogCleanerTest {
    static final long NOW = 1_700_000_000_000L;
    static final TopicPartition TP = new TopicPartition("compacted", 0);

    @TempDir
    Path logDir;

    final MockTime time = new MockTime(NOW);
    final List<Long> sleeps = new ArrayList<>();
    final LogCleaner cleaner = new LogCleaner(time, Double.MAX_VALUE, sleeps::add);
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
    @ResourceLock("System.out")
    @ResourceLock("System.err")
    void stockDumpLogAcceptsCompactedSegments() throws Exception {
        log = open(Map.of(LogConfigs.INDEX_INTERVAL_BYTES, 1));
        for (int round = 0; round < 4; round++) {
            for (int i = 0; i < 10; i++) {
                log.appendAsLeader(keyedBatch(i % 2 == 0 ? Compression.NONE : Compression.zstd().build(), NOW + i,
                        "k" + i + "=r" + round, "k" + (i + 1) + "=r" + round + "b"), 0);
            }
            log.roll();
        }
        assertThat(cleaner.clean(log, true)).isPositive();
        log.close();
        List<Path> files;
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(log.dir())) {
            files = s.sorted().collect(Collectors.toList());
        }
        String indexes = files.stream().filter(p -> p.toString().endsWith("index")).map(Path::toString)
                .collect(Collectors.joining(","));
        String verify = KafkaDumpLogTest.dump("--deep-iteration", "--verify-index-only", "--files", indexes);
        assertThat(verify).doesNotContain("Mismatches", "not found", "out of order", "mismatch", "Error");
        // Earlier rounds are wholly superseded; the last sealed round keeps rebuilt batches (k1..k9 appear twice).
        String last = files.stream().filter(p -> p.toString().endsWith("00000000000000000060.log")).findFirst()
                .orElseThrow().toString();
        String deep = KafkaDumpLogTest.dump("--deep-iteration", "--print-data-log", "--files", last);
        assertThat(deep).doesNotContain("Error", "corrupt", "invalid bytes", "payload: k1=r3b")
                .contains("payload: k0=r3", "payload: k1=r3", "payload: k10=r3b", "compresscodec: zstd");
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

        time.sleep(10_001);
        cleaner.clean(log, true);
        assertThat(contents(log)).containsExactly("1:k2=a", "3:k3=a");
    }

    @Test
    void respectsMinCleanableDirtyRatioAndDeletePolicy() throws IOException {
        log = open(Map.of(LogConfigs.MIN_CLEANABLE_DIRTY_RATIO, 0.5));
        log.appendAsLeader(keyedBatch(Compression.NONE, NOW, "k1=a"), 0);
        log.roll();
        log.appendAsLeader(keyedBatch(Compression.NONE, NOW, "k1=b"), 0);
        log.roll();
        log.appendAsLeader(keyedBatch(Compression.NONE, NOW, "k9=z"), 0);
        assertThat(LogCleaner.dirtyRatio(log)).isEqualTo(1.0);
        assertThat(cleaner.clean(log, false)).isPositive();
        assertThat(LogCleaner.dirtyRatio(log)).isZero();
        assertThat(cleaner.clean(log, false)).isZero();

        log.updateConfig(log.config().with(Map.of(LogConfigs.CLEANUP_POLICY, "delete")));
        assertThat(cleaner.clean(log, true)).isZero();
    }

    @Test
    void compactedTopicRejectsRecordsWithoutKey() throws IOException {
        log = open(Map.of());
        assertThatThrownBy(() -> log.appendAsLeader(TestBatches.keyed(NOW, null, "v"), 0))
                .satisfies(t -> assertThat(((ApiException) t).error()).isEqualTo(Errors.INVALID_RECORD));
    }

    @Test
    void throttleSleepsWhenOverTheIoRate() throws IOException {
        LogCleaner slow = new LogCleaner(time, 10, sleeps::add);
        log = open(Map.of());
        log.appendAsLeader(keyedBatch(Compression.NONE, NOW, "k1=a"), 0);
        log.roll();
        log.appendAsLeader(keyedBatch(Compression.NONE, NOW, "k1=b"), 0);
        slow.clean(log, true);
        assertThat(sleeps).isNotEmpty().allMatch(ms -> ms > 0);
    }
}
