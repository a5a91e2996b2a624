package io.skiff.log;

import static io.skiff.log.TestBatches.batch;
import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.log.TestBatches.MockTime;
import io.skiff.log.TestBatches.Rec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogManagerTest {
    static final long NOW = 1_700_000_000_000L;

    @TempDir
    Path root;

    final MockTime time = new MockTime(NOW);

    /** Collects periodic tasks so the test runs them when it wants. */
    static final class ManualScheduler implements Scheduler {
        final List<String> periodic = new ArrayList<>();

        @Override
        public void schedule(String name, Runnable task, long delayMs) {
            task.run();
        }

        @Override
        public void schedulePeriodically(String name, Runnable task, long delayMs, long periodMs) {
            periodic.add(name);
        }
    }

    LogManager start(List<Path> dirs, LogConfig config) throws IOException {
        return LogManager.start(LogManager.Settings.defaults(dirs), topic -> config, time, new ManualScheduler());
    }

    @Test
    void spreadsPartitionsOverDirsAndReopensThemAfterCleanShutdown() throws IOException {
        List<Path> dirs = List.of(root.resolve("d1"), root.resolve("d2"));
        LogManager m = start(dirs, LogConfig.defaults());
        for (int p = 0; p < 4; p++) {
            PartitionLog log = m.getOrCreateLog(new TopicPartition("t", p));
            log.appendAsLeader(batch(NOW, "p" + p + "a", "p" + p + "b"), 1);
        }
        assertThat(Files.list(dirs.get(0)).filter(Files::isDirectory).count()).isEqualTo(2);
        assertThat(Files.list(dirs.get(1)).filter(Files::isDirectory).count()).isEqualTo(2);
        m.close();
        for (Path d : dirs) {
            assertThat(d.resolve(".kafka_cleanshutdown")).exists();
            List<String> lines = Files.readAllLines(d.resolve("recovery-point-offset-checkpoint"));
            assertThat(lines.subList(0, 2)).containsExactly("0", "2");
            assertThat(lines.subList(2, 4)).allMatch(l -> l.matches("t [0-3] 2"));
        }

        LogManager again = start(dirs, LogConfig.defaults());
        assertThat(again.allLogs()).hasSize(4);
        for (Path d : dirs) {
            assertThat(d.resolve(".kafka_cleanshutdown")).doesNotExist();
        }
        PartitionLog log = again.getLog(new TopicPartition("t", 2)).orElseThrow();
        assertThat(TestBatches.readAll(log, 0)).extracting(Rec::value).containsExactly("p2a", "p2b");
        again.close();
    }

    @Test
    void withoutCleanShutdownMarkerRecoveryTruncatesTornTails() throws IOException {
        List<Path> dirs = List.of(root.resolve("d"));
        LogManager m = start(dirs, LogConfig.defaults());
        PartitionLog log = m.getOrCreateLog(new TopicPartition("crashy-topic", 0));
        log.appendAsLeader(batch(NOW, "kept"), 1);
        m.close();
        Files.delete(dirs.get(0).resolve(".kafka_cleanshutdown"));
        Path seg = dirs.get(0).resolve("crashy-topic-0").resolve("00000000000000000000.log");
        Files.write(seg, new byte[] {0, 0, 0, 0, 0, 0, 0, 1, 0, 0}, StandardOpenOption.APPEND);

        LogManager again = start(dirs, LogConfig.defaults());
        PartitionLog recovered = again.getLog(new TopicPartition("crashy-topic", 0)).orElseThrow();
        assertThat(recovered.logEndOffset()).isEqualTo(1);
        assertThat(TestBatches.readAll(recovered, 0)).extracting(Rec::value).containsExactly("kept");
        assertThat(recovered.appendAsLeader(batch(NOW, "next"), 1).firstOffset()).isEqualTo(1);
        again.close();
    }

    @Test
    void logStartOffsetIsCheckpointedAndRestored() throws IOException {
        List<Path> dirs = List.of(root.resolve("d"));
        LogManager m = start(dirs, LogConfig.defaults());
        PartitionLog log = m.getOrCreateLog(new TopicPartition("t", 0));
        log.appendAsLeader(batch(NOW, "a", "b", "c"), 1);
        log.deleteRecordsBefore(2);
        m.close();
        assertThat(Files.readString(dirs.get(0).resolve("log-start-offset-checkpoint"))).isEqualTo("0\n1\nt 0 2\n");
        LogManager again = start(dirs, LogConfig.defaults());
        assertThat(again.getLog(new TopicPartition("t", 0)).orElseThrow().logStartOffset()).isEqualTo(2);
        again.close();
    }

    @Test
    void highWatermarkCheckpointRoundTripsPerDir() throws IOException {
        List<Path> dirs = List.of(root.resolve("a"), root.resolve("b"));
        LogManager m = start(dirs, LogConfig.defaults());
        TopicPartition t0 = new TopicPartition("t", 0);
        TopicPartition t1 = new TopicPartition("t", 1);
        m.getOrCreateLog(t0);
        m.getOrCreateLog(t1);
        m.checkpointHighWatermarks(Map.of(t0, 5L, t1, 9L));
        assertThat(m.readHighWatermarks()).isEqualTo(Map.of(t0, 5L, t1, 9L));
        assertThat(Files.readString(dirs.get(0).resolve("replication-offset-checkpoint"))).isEqualTo("0\n1\nt 0 5\n");
        m.close();
    }

    @Test
    void retentionPassAndDeleteLogRemoveFiles() throws IOException {
        List<Path> dirs = List.of(root.resolve("d"));
        LogManager m = start(dirs, LogConfig.from(Map.of(LogConfigs.RETENTION_MS, 1000)));
        TopicPartition tp = new TopicPartition("t", 0);
        PartitionLog log = m.getOrCreateLog(tp);
        log.appendAsLeader(batch(NOW, "old"), 1);
        log.roll();
        log.appendAsLeader(batch(NOW + 5000, "new"), 1);
        time.sleep(3000);
        m.cleanupLogs();
        assertThat(log.segmentBaseOffsets()).containsExactly(1L);
        m.deleteLog(tp);
        assertThat(dirs.get(0).resolve("t-0")).doesNotExist();
        assertThat(m.getLog(tp)).isEmpty();
        m.close();
    }

    @Test
    void cleanerOffsetIsCheckpointedForCompactedLogs() throws IOException {
        List<Path> dirs = List.of(root.resolve("d"));
        LogConfig compact = LogConfig.from(Map.of(LogConfigs.CLEANUP_POLICY, "compact"));
        LogManager m = start(dirs, compact);
        PartitionLog log = m.getOrCreateLog(new TopicPartition("c", 0));
        log.appendAsLeader(TestBatches.keyedBatch(org.apache.kafka.common.compress.Compression.NONE, NOW, "k=a"), 1);
        log.roll();
        log.appendAsLeader(TestBatches.keyedBatch(org.apache.kafka.common.compress.Compression.NONE, NOW, "k=b"), 1);
        log.roll();
        m.compactLogs();
        assertThat(log.firstDirtyOffset()).isEqualTo(2);
        m.close();
        assertThat(Files.readString(dirs.get(0).resolve("cleaner-offset-checkpoint"))).isEqualTo("0\n1\nc 0 2\n");
        LogManager again = start(dirs, compact);
        assertThat(again.getLog(new TopicPartition("c", 0)).orElseThrow().firstDirtyOffset()).isEqualTo(2);
        again.close();
    }

    @Test
    void metaPropertiesRoundTrips() throws IOException {
        new MetaProperties(7, "clu-ster").write(root);
        assertThat(Files.readString(root.resolve("meta.properties"))).contains("broker.id=7", "version=0",
                "cluster.id=clu-ster");
        assertThat(MetaProperties.read(root)).contains(new MetaProperties(7, "clu-ster"));
        assertThat(MetaProperties.read(root.resolve("missing"))).isEmpty();
    }
}
