package io.skiff.log;

import static io.skiff.log.TestBatches.batch;
import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.log.TestBatches.MockTime;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.storage.internals.log.BatchMetadata;
import org.apache.kafka.storage.internals.log.ProducerStateEntry;
import org.apache.kafka.storage.internals.log.ProducerStateManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Producer-state snapshots ({@code <offset>.snapshot}): written at every roll with the state as of the new segment's
 * base offset, and at a clean close at the log end; read back by Kafka's own {@link ProducerStateManager} (the
 * oracle for the format) and used by the next load so that only the batches after the snapshot are replayed.
 */
class ProducerSnapshotTest {
    static final TopicPartition TP = new TopicPartition("snap", 0);
    static final long NOW = 1_700_000_000_000L;
    static final long PID = 42;

    @TempDir
    Path logDir;

    final MockTime time = new MockTime(NOW);
    PartitionLog log;

    /** Segments of exactly two of our one-record batches, so every third batch rolls. */
    PartitionLog open(boolean clean, long recoveryPoint) throws IOException {
        int oneBatch = batch(Compression.NONE, PID, (short) 0, 0, NOW, "v00").remaining();
        return PartitionLog.open(logDir, TP, LogConfig.from(Map.of(LogConfigs.SEGMENT_BYTES, 2 * oneBatch)),
                recoveryPoint, 0, clean, time, Scheduler.IMMEDIATE);
    }

    AppendInfo appendSeq(int seq) {
        return log.appendAsLeader(batch(Compression.NONE, PID, (short) 0, seq, NOW, "v" + (seq < 10 ? "0" : "") + seq),
                0);
    }

    @AfterEach
    void closeLog() {
        if (log != null) {
            log.close();
        }
    }

    List<Long> snapshotOffsets() throws IOException {
        try (Stream<Path> s = Files.list(log.dir())) {
            return s.map(p -> LogFiles.offsetFromFileName(p.getFileName().toString(), LogFiles.SNAPSHOT_SUFFIX))
                    .filter(o -> o.isPresent()).map(o -> o.getAsLong()).sorted().collect(Collectors.toList());
        }
    }

    static ProducerStateEntry onlyEntry(Path snapshot) throws IOException {
        List<ProducerStateEntry> entries = ProducerStateManager.readSnapshot(snapshot.toFile());
        assertThat(entries).hasSize(1);
        return entries.get(0);
    }

    static int lastSeq(ProducerStateEntry e) {
        return e.batchMetadata().stream().mapToInt(BatchMetadata::lastSeq).max().orElseThrow();
    }

    @Test
    void snapshotWrittenAtRollHoldsExactlyTheBatchesBelowTheNewBaseOffset() throws IOException {
        log = open(true, 0);
        appendSeq(0);
        appendSeq(1);
        assertThat(log.segmentBaseOffsets()).containsExactly(0L);
        appendSeq(2); // does not fit: rolls at offset 2, then lands in the new segment

        assertThat(log.segmentBaseOffsets()).containsExactly(0L, 2L);
        assertThat(snapshotOffsets()).containsExactly(2L);
        ProducerStateEntry atRoll = onlyEntry(LogFiles.snapshotFile(log.dir(), 2));
        assertThat(atRoll.producerId()).isEqualTo(PID);
        assertThat(lastSeq(atRoll)).as("the batch that caused the roll is not in the snapshot").isEqualTo(1);
        assertThat(atRoll.lastDataOffset()).isEqualTo(1);
    }

    @Test
    void crashAfterTheRollSnapshotButBeforeTheWriteDoesNotTurnTheRetryIntoADuplicate() throws IOException {
        log = open(true, 0);
        appendSeq(0);
        appendSeq(1);
        appendSeq(2);
        log.close();
        log = null;
        // Reconstruct the disk as a crash right after the roll leaves it: the roll's snapshot exists, the batch that
        // caused the roll never reached the new segment, and the close-time snapshot was never written.
        Path dir = logDir.resolve(LogFiles.dirName(TP.topic(), TP.partition()));
        Files.delete(LogFiles.snapshotFile(dir, 3));
        try (FileChannel ch = FileChannel.open(LogFiles.logFile(dir, 2), StandardOpenOption.WRITE)) {
            ch.truncate(0);
        }

        log = open(false, 2);
        assertThat(log.logEndOffset()).isEqualTo(2);
        AppendInfo retry = appendSeq(2);

        assertThat(retry.duplicate()).as("the retried batch was never written, so it is not a duplicate").isFalse();
        assertThat(retry.firstOffset()).isEqualTo(2);
        assertThat(TestBatches.readAll(log, 0)).extracting(TestBatches.Rec::value)
                .containsExactly("v00", "v01", "v02");
    }

    @Test
    void cleanCloseWritesASnapshotAtTheLogEndAndReopenReplaysNothing() throws IOException {
        log = open(true, 0);
        for (int seq = 0; seq < 7; seq++) {
            appendSeq(seq);
        }
        assertThat(snapshotOffsets()).as("one per roll").containsExactly(2L, 4L, 6L);
        log.close();
        assertThat(snapshotOffsets()).containsExactly(2L, 4L, 6L, 7L);
        assertThat(lastSeq(onlyEntry(LogFiles.snapshotFile(log.dir(), 7)))).isEqualTo(6);

        log = open(true, 7);
        assertThat(log.producerBatchesReplayedAtLoad()).isZero();
        assertThat(appendSeq(6).duplicate()).isTrue();
        assertThat(appendSeq(7).firstOffset()).isEqualTo(7);
    }

    @Test
    void uncleanReopenStartsFromTheNewestRollSnapshotAndReplaysOnlyTheTail() throws IOException {
        log = open(true, 0);
        for (int seq = 0; seq < 7; seq++) {
            appendSeq(seq);
        }
        log.close();
        log = null;
        Files.delete(LogFiles.snapshotFile(logDir.resolve(LogFiles.dirName(TP.topic(), TP.partition())), 7));

        log = open(false, 0);
        assertThat(log.producerBatchesReplayedAtLoad()).as("only offset 6, after the snapshot at 6").isEqualTo(1);
        assertThat(appendSeq(6).duplicate()).isTrue();

        // Without any snapshot the whole log is replayed: the snapshot really is what saved the work above.
        log.close();
        try (Stream<Path> s = Files.list(log.dir())) {
            for (Path p : s.filter(p -> p.toString().endsWith(LogFiles.SNAPSHOT_SUFFIX)).toList()) {
                Files.delete(p);
            }
        }
        log = open(false, 0);
        assertThat(log.producerBatchesReplayedAtLoad()).isEqualTo(7);
    }

    @Test
    void stateOnlyASnapshotKnowsSurvivesTheLossOfTheSegmentsBelowIt() throws IOException {
        log = open(true, 0);
        for (int seq = 0; seq < 5; seq++) {
            appendSeq(seq);
        }
        log.close();
        log = null;
        // Empty the sealed segments' data: from then on only the snapshot at 4 can tell that sequence 3 was written
        // (the log start offset checkpoint says 4, as after retention).
        Path dir = logDir.resolve(LogFiles.dirName(TP.topic(), TP.partition()));
        Files.delete(LogFiles.snapshotFile(dir, 5));
        for (long base : List.of(0L, 2L)) {
            Files.delete(LogFiles.logFile(dir, base));
            Files.deleteIfExists(LogFiles.offsetIndexFile(dir, base));
            Files.deleteIfExists(LogFiles.timeIndexFile(dir, base));
        }
        log = PartitionLog.open(logDir, TP, LogConfig.from(Map.of(LogConfigs.SEGMENT_BYTES, 1 << 20)), 0, 4, false,
                time, Scheduler.IMMEDIATE);
        assertThat(log.logStartOffset()).isEqualTo(4);
        assertThat(log.producerBatchesReplayedAtLoad()).isEqualTo(1);
        assertThat(appendSeq(3).duplicate()).as("sequence 3 is known from the snapshot only").isTrue();
        assertThat(appendSeq(5).firstOffset()).isEqualTo(5);
    }
}
