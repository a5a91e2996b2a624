package io.skiff.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.log.TestBatches.MockTime;
import io.skiff.log.TestBatches.Rec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sealed segments' file descriptors stay within the bound, and cold segments reopen transparently. */
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
