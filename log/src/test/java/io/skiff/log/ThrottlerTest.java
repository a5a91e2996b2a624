package io.skiff.log;

import static io.skiff.log.TestBatches.keyedBatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.skiff.log.TestBatches.MockTime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.compress.Compression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code log.cleaner.io.max.bytes.per.second}: on a fake clock that only moves when the throttle sleeps, the elapsed
 * time of a run is what the rate demands for its bytes, within one check interval; sleeps come in small steps.
 */
class ThrottlerTest {
    static final long NOW = 1_700_000_000_000L;

    /** A fake clock that records every sleep. */
    static final class RecordingTime extends MockTime {
        final List<Long> sleeps = new ArrayList<>();

        RecordingTime() {
            super(NOW);
        }

        @Override
        public void sleep(long d) {
            sleeps.add(d);
            super.sleep(d);
        }
    }

    @TempDir
    Path logDir;

    @Test
    void workReportedInChunksTakesAsLongAsTheRateDemands() {
        RecordingTime time = new RecordingTime();
        Throttler throttler = new Throttler(100_000, 300, time);
        for (int i = 0; i < 1000; i++) {
            throttler.maybeThrottle(1000); // 1 MB at 100 kB/s: 10 s
        }
        double elapsedS = (time.milliseconds() - NOW) / 1000.0;
        // Only the work of the last, unfinished check interval (at most rate * 0.3 s) may be unthrottled.
        assertThat(elapsedS).isBetween(10.0 - 0.3, 10.0 + 0.01);
        assertThat(time.sleeps).isNotEmpty().allMatch(ms -> ms > 0 && ms <= Throttler.MAX_SLEEP_STEP_MS);
    }

    @Test
    void workAlreadySlowerThanTheRateIsNotSlowedFurther() {
        RecordingTime time = new RecordingTime();
        Throttler throttler = new Throttler(100_000, 300, time);
        for (int i = 0; i < 100; i++) {
            time.ms.addAndGet(20); // the work itself takes 20 ms per 1000 bytes: 50 kB/s
            throttler.maybeThrottle(1000);
        }
        assertThat(time.sleeps).isEmpty();
        assertThat(time.milliseconds() - NOW).isEqualTo(2000);
    }

    @Test
    void theDefaultRateNeverSleeps() {
        RecordingTime time = new RecordingTime();
        Throttler throttler = new Throttler(Double.MAX_VALUE, 300, time);
        for (int i = 0; i < 1000; i++) {
            throttler.maybeThrottle(1 << 20);
        }
        assertThat(time.sleeps).isEmpty();
    }

    @Test
    void anInterruptEndsTheWaitPromptly() {
        RecordingTime time = new RecordingTime();
        Throttler throttler = new Throttler(1, 300, time);
        Thread.currentThread().interrupt();
        try {
            throttler.maybeThrottle(1_000_000); // would be 11 days
            assertThat(time.sleeps).isEmpty();
        } finally {
            assertThat(Thread.interrupted()).isTrue();
        }
    }

    @Test
    void aCompactionPassReadsAndWritesAtTheConfiguredRate() throws IOException {
        RecordingTime time = new RecordingTime();
        PartitionLog log = PartitionLog.open(logDir, new TopicPartition("throttled", 0), LogConfig.from(Map.of(
                LogConfigs.CLEANUP_POLICY, "compact")), 0, 0, true, time, Scheduler.IMMEDIATE);
        String pad = "p".repeat(500);
        for (int s = 0; s < 6; s++) {
            for (int i = 0; i < 20; i++) {
                log.appendAsLeader(keyedBatch(Compression.NONE, NOW, "k" + (i % 10) + "=" + s + pad), 0);
            }
            log.roll();
        }
        long before = log.size();
        double rate = 50_000;
        LogCleaner cleaner = new LogCleaner(time, rate);
        long start = time.milliseconds();

        cleaner.clean(log, true);

        long after = log.size();
        // Everything is dirty: the key-map pass reads it all, the copy pass reads it all again and writes what stays.
        double ioBytes = 2.0 * before + after;
        double expectedS = ioBytes / rate;
        double elapsedS = (time.milliseconds() - start) / 1000.0;
        assertThat(after).isLessThan(before);
        assertThat(elapsedS).isCloseTo(expectedS, within(0.3 + 0.05));
        assertThat(cleaner.throttledMs()).isEqualTo(time.milliseconds() - start);
        assertThat(time.sleeps).allMatch(ms -> ms <= Throttler.MAX_SLEEP_STEP_MS);
        assertThat(Files.exists(log.dir())).isTrue();
        log.close();
    }
}
