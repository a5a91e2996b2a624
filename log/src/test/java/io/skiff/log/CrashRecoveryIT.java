package io.skiff.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.log.TestBatches.Rec;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a JVM that is appending with {@code flush.messages=1} ({@code kill -9} via
 * {@link Process#destroyForcibly()}) mid-stream, recovers the log, and checks that every acknowledged batch is intact
 * and that nothing after it is corrupt.
 */
class CrashRecoveryIT {
    static final TopicPartition TP = new TopicPartition("crash", 0);

    @TempDir
    Path logDir;

    @Test
    void everyAcknowledgedBatchSurvivesKillMinusNine() throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(javaBin, "-Xmx128m", "-cp", cp, CrashWriter.class.getName(),
                logDir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        Map<Long, String> acked = new LinkedHashMap<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            int wanted = 400 + (int) (System.nanoTime() % 400);
            while ((line = out.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    String[] p = line.split(" ", 3);
                    acked.put(Long.parseLong(p[1]), p[2]);
                    if (acked.size() >= wanted) {
                        break;
                    }
                }
            }
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(acked).hasSizeGreaterThanOrEqualTo(400);

        try (PartitionLog log = PartitionLog.open(logDir, TP, LogConfig.defaults(), 0, 0, false, Time.SYSTEM,
                Scheduler.IMMEDIATE)) {
            long lastAcked = acked.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
            assertThat(log.logEndOffset()).isGreaterThan(lastAcked);
            List<Rec> all = TestBatches.readAll(log, 0);
            for (Map.Entry<Long, String> a : acked.entrySet()) {
                assertThat(all.get(a.getKey().intValue()).value()).isEqualTo(a.getValue());
            }
            for (int i = 0; i < all.size(); i++) {
                assertThat(all.get(i).offset()).isEqualTo(i);
                assertThat(all.get(i).value()).startsWith("value-" + i + "-");
            }
            // Every batch on disk passes Kafka's own CRC check.
            for (long base : log.segmentBaseOffsets()) {
                java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(
                        java.nio.file.Files.readAllBytes(LogFiles.logFile(log.dir(), base)));
                for (RecordBatch b : MemoryRecords.readableRecords(bytes).batches()) {
                    b.ensureValid();
                }
            }
            assertThat(new File(log.dir().toFile(), "00000000000000000000.log")).exists();
        }
    }
}
