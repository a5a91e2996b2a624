package io.skiff.log;

import static io.skiff.log.TestBatches.batch;
import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.log.TestBatches.MockTime;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flush.messages} and {@code flush.ms}: Kafka's default is no explicit fsync at all (durability comes from
 * replication); either setting forces one. Observed through the recovery point (what the next unclean start need
 * not scan) and the log's count of fsync passes, with injected time.
 */
class FlushPolicyTest {
    static final long NOW = 1_700_000_000_000L;
    static final TopicPartition TP = new TopicPartition("flush", 0);

    @TempDir
    Path logDir;

    final MockTime time = new MockTime(NOW);
    PartitionLog log;

    PartitionLog open(Map<String, ?> overrides) throws IOException {
        return PartitionLog.open(logDir, TP, LogConfig.from(overrides), 0, 0, true, time, Scheduler.IMMEDIATE);
    }

    @AfterEach
    void closeLog() {
        if (log != null) {
            log.close();
        }
    }

    @Test
    void byDefaultNothingIsEverFsyncedExplicitly() throws IOException {
        log = open(Map.of());
        for (int i = 0; i < 200; i++) {
            log.appendAsLeader(batch(NOW, "a" + i, "b" + i), 0);
            time.sleep(60_000);
            log.maybeFlushByTime();
        }
        time.sleep(365L * 24 * 3600 * 1000);
        log.maybeFlushByTime();

        assertThat(log.flushCount()).isZero();
        assertThat(log.recoveryPoint()).isZero();
        assertThat(log.logEndOffset()).isEqualTo(400);
    }

    @Test
    void flushMessagesForcesAnFsyncOnceNMessagesAreUnflushed() throws IOException {
        log = open(Map.of(LogConfigs.FLUSH_MESSAGES, 3));
        log.appendAsLeader(batch(NOW, "m0"), 0);
        log.appendAsLeader(batch(NOW, "m1"), 0);
        assertThat(log.flushCount()).isZero();
        assertThat(log.recoveryPoint()).isZero();

        log.appendAsLeader(batch(NOW, "m2"), 0);
        assertThat(log.flushCount()).isEqualTo(1);
        assertThat(log.recoveryPoint()).isEqualTo(3);

        log.appendAsLeader(batch(NOW, "m3", "m4"), 0);
        assertThat(log.flushCount()).isEqualTo(1);
        assertThat(log.recoveryPoint()).isEqualTo(3);

        // A batch that crosses the threshold flushes at once, and the count starts over after it.
        log.appendAsLeader(batch(NOW, "m5", "m6", "m7", "m8"), 0);
        assertThat(log.flushCount()).isEqualTo(2);
        assertThat(log.recoveryPoint()).isEqualTo(9);
        log.appendAsLeader(batch(NOW, "m9"), 0);
        assertThat(log.recoveryPoint()).isEqualTo(9);
    }

    @Test
    void flushMessagesOfOneFsyncsEveryAppend() throws IOException {
        log = open(Map.of(LogConfigs.FLUSH_MESSAGES, 1));
        for (int i = 1; i <= 5; i++) {
            log.appendAsLeader(batch(NOW, "m" + i), 0);
            assertThat(log.flushCount()).isEqualTo(i);
            assertThat(log.recoveryPoint()).isEqualTo(log.logEndOffset());
        }
    }

    @Test
    void flushMsForcesAnFsyncOnceTheIntervalHasPassedSinceTheLastOne() throws IOException {
        log = open(Map.of(LogConfigs.FLUSH_MS, 1000));
        log.appendAsLeader(batch(NOW, "a"), 0);
        time.sleep(999);
        log.maybeFlushByTime();
        assertThat(log.flushCount()).isZero();
        assertThat(log.recoveryPoint()).isZero();

        time.sleep(1);
        log.maybeFlushByTime();
        assertThat(log.flushCount()).isEqualTo(1);
        assertThat(log.recoveryPoint()).isEqualTo(1);

        // The interval counts from that flush; with nothing new there is nothing to fsync.
        log.appendAsLeader(batch(NOW, "b"), 0);
        time.sleep(500);
        log.maybeFlushByTime();
        assertThat(log.recoveryPoint()).isEqualTo(1);
        time.sleep(500);
        log.maybeFlushByTime();
        assertThat(log.flushCount()).isEqualTo(2);
        assertThat(log.recoveryPoint()).isEqualTo(2);
        time.sleep(5000);
        log.maybeFlushByTime();
        assertThat(log.flushCount()).isEqualTo(2);
    }

    @Test
    void theLogManagersPeriodicFlusherAppliesEachTopicsFlushMs() throws IOException {
        LogManager.Settings defaults = LogManager.Settings.defaults(List.of(logDir.resolve("d")));
        LogManager.Settings settings = new LogManager.Settings(defaults.logDirs(), 1,
                defaults.retentionCheckIntervalMs(), 100, defaults.checkpointIntervalMs(),
                defaults.cleanerBackoffMs(), defaults.cleanerIoMaxBytesPerSecond(), defaults.maxOpenSegmentFiles(),
                defaults.producerIdExpirationMs());
        LogConfig fast = LogConfig.from(Map.of(LogConfigs.FLUSH_MS, 1000));
        LogManager m = LogManager.start(settings, topic -> topic.equals("fast") ? fast : LogConfig.defaults(), time,
                new LogManagerTest.ManualScheduler());
        try {
            PartitionLog quick = m.getOrCreateLog(new TopicPartition("fast", 0));
            PartitionLog lazy = m.getOrCreateLog(new TopicPartition("slow", 0));
            quick.appendAsLeader(batch(NOW, "q"), 0);
            lazy.appendAsLeader(batch(NOW, "l"), 0);
            time.sleep(1000);
            m.flushDirtyLogs();
            assertThat(quick.recoveryPoint()).isEqualTo(1);
            assertThat(lazy.recoveryPoint()).isZero();
            assertThat(lazy.flushCount()).isZero();
        } finally {
            m.close();
        }
    }
}
