package io.skiff.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.log.TestBatches.MockTime;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readers racing an appender (with rolls) only ever get whole, valid, contiguous batches. */
class ConcurrentReadTest {
    @TempDir
    Path logDir;

    @Test
    void readsConcurrentWithAppendsNeverSeeAPartialBatch() throws Exception {
        long seed = System.nanoTime();
        MockTime time = new MockTime(1_700_000_000_000L);
        PartitionLog log = PartitionLog.open(logDir, new TopicPartition("race", 0),
                LogConfig.from(Map.of(LogConfigs.SEGMENT_BYTES, 20_000, LogConfigs.INDEX_INTERVAL_BYTES, 300)),
                0, 0, true, time, Scheduler.IMMEDIATE);
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            Random rnd = new Random(seed);
            try {
                while (!done.get()) {
                    long end = log.logEndOffset();
                    long from = end == 0 ? 0 : (long) (rnd.nextDouble() * end);
                    ReadResult r = log.read(from, 1 << 20, Long.MAX_VALUE, true);
                    if (r.region().isEmpty()) {
                        continue;
                    }
                    ByteBuffer bytes = r.region().get().read();
                    int whole = 0;
                    long expectedBase = -1;
                    for (RecordBatch b : MemoryRecords.readableRecords(bytes).batches()) {
                        b.ensureValid();
                        if (expectedBase >= 0) {
                            assertThat(b.baseOffset()).isEqualTo(expectedBase);
                        }
                        expectedBase = b.nextOffset();
                        whole += b.sizeInBytes();
                    }
                    assertThat(whole).as("region holds only whole batches").isEqualTo(bytes.limit());
                    assertThat(r.firstBatchBaseOffset()).isLessThanOrEqualTo(from);
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        reader.start();
        Random rnd = new Random(seed + 1);
        for (int i = 0; i < 1500; i++) {
            String[] values = new String[1 + rnd.nextInt(5)];
            for (int v = 0; v < values.length; v++) {
                values[v] = "v" + i + "-" + "x".repeat(rnd.nextInt(200));
            }
            log.appendAsLeader(TestBatches.batch(time.milliseconds(), values), 0);
        }
        done.set(true);
        reader.join();
        log.close();
        assertThat(failure.get()).as("reader failure with seed %d", seed).isNull();
        assertThat(log.numberOfSegments()).isGreaterThan(3);
    }
}
