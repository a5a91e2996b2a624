package io.skiff.log;

import static io.skiff.log.TestBatches.batch;
import static io.skiff.log.TestBatches.concat;
import static io.skiff.log.TestBatches.readAll;
import static io.skiff.log.TestBatches.records;
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
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.compress.Compression;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionLogTest {
    static final TopicPartition TP = new TopicPartition("topic-a", 3);
    static final long NOW = 1_700_000_000_000L;

    @TempDir
    Path logDir;

    final MockTime time = new MockTime(NOW);
    PartitionLog log;

    PartitionLog open(Map<String, ?> overrides, boolean clean) throws IOException {
        return PartitionLog.open(logDir, TP, LogConfig.from(overrides), 0, 0, clean, time, Scheduler.IMMEDIATE);
    }

    @AfterEach
    void closeLog() {
        if (log != null) {
            log.close();
        }
    }

    static Errors errorOf(Throwable t) {
        return ((ApiException) t).error();
    }

    @Test
    void appendAssignsConsecutiveOffsetsAndReadReturnsThem() throws IOException {
        log = open(Map.of(), true);
        AppendInfo a = log.appendAsLeader(batch(time.milliseconds(), "a", "b", "c"), 5);
        AppendInfo b = log.appendAsLeader(batch(time.milliseconds(), "d"), 5);

        assertThat(a.firstOffset()).isZero();
        assertThat(a.lastOffset()).isEqualTo(2);
        assertThat(b.firstOffset()).isEqualTo(3);
        assertThat(log.logEndOffset()).isEqualTo(4);
        assertThat(readAll(log, 0)).extracting(Rec::value).containsExactly("a", "b", "c", "d");
        assertThat(log.leaderEpochCache().entries()).containsExactly(new CheckpointFile.EpochEntry(5, 0));
        assertThat(Files.exists(logDir.resolve("topic-a-3").resolve("00000000000000000000.log"))).isTrue();
    }

    @Test
    void readFromInsideBatchReturnsTheWholeBatch() throws IOException {
        log = open(Map.of(), true);
        log.appendAsLeader(batch(NOW, "a", "b", "c"), 0);
        ReadResult r = log.read(1, 1 << 20, Long.MAX_VALUE, false);
        assertThat(r.firstBatchBaseOffset()).isZero();
        assertThat(records(r.region().orElseThrow().read())).extracting(Rec::offset)
                .containsExactly(0L, 1L, 2L);
    }

    @Test
    void readOutsideLogFailsWithOffsetOutOfRange() throws IOException {
        log = open(Map.of(), true);
        log.appendAsLeader(batch(NOW, "a", "b"), 0);
        log.roll();
        log.appendAsLeader(batch(NOW, "c"), 0);
        log.deleteRecordsBefore(2);

        assertThatThrownBy(() -> log.read(1, 100, Long.MAX_VALUE, true))
                .satisfies(t -> assertThat(errorOf(t)).isEqualTo(Errors.OFFSET_OUT_OF_RANGE));
        assertThatThrownBy(() -> log.read(4, 100, Long.MAX_VALUE, true))
                .satisfies(t -> assertThat(errorOf(t)).isEqualTo(Errors.OFFSET_OUT_OF_RANGE));
        assertThat(Errors.OFFSET_OUT_OF_RANGE.code()).isEqualTo((short) 1);
    }

    @Test
    void readAtLogEndIsEmpty() throws IOException {
        log = open(Map.of(), true);
        log.appendAsLeader(batch(NOW, "a"), 0);
        assertThat(log.read(1, 100, Long.MAX_VALUE, true).region()).isEmpty();
    }

    @Test
    void minOneBatchReturnsWholeBatchLargerThanMaxBytes() throws IOException {
        log = open(Map.of(), true);
        ByteBuffer big = batch(NOW, "x".repeat(500), "y".repeat(500));
        int size = big.remaining();
        log.appendAsLeader(big, 0);

        assertThat(log.read(0, 10, Long.MAX_VALUE, true).sizeInBytes()).isEqualTo(size);
        assertThat(log.read(0, 10, Long.MAX_VALUE, false).sizeInBytes()).isEqualTo(10);
    }

    @Test
    void readStopsBeforeMaxOffsetExclusive() throws IOException {
        log = open(Map.of(), true);
        log.appendAsLeader(batch(NOW, "a", "b"), 0);
        log.appendAsLeader(batch(NOW, "c"), 0);
        log.appendAsLeader(batch(NOW, "d"), 0);

        ReadResult r = log.read(0, 1 << 20, 3, false);
        assertThat(records(r.region().orElseThrow().read())).extracting(Rec::value)
                .containsExactly("a", "b", "c");
        assertThat(log.read(3, 1 << 20, 3, true).region()).isEmpty();
    }

    @Test
    void rollsWhenSegmentBytesWouldBeExceeded() throws IOException {
        ByteBuffer one = batch(NOW, "v".repeat(100));
        log = open(Map.of(LogConfigs.SEGMENT_BYTES, one.remaining() * 2 + 1), true);
        for (int i = 0; i < 5; i++) {
            log.appendAsLeader(batch(NOW, "v".repeat(100)), 0);
        }
        assertThat(log.segmentBaseOffsets()).containsExactly(0L, 2L, 4L);
        assertThat(readAll(log, 0)).hasSize(5);
    }

    @Test
    void rollOfEmptyActiveSegmentDoesNothing() throws IOException {
        log = open(Map.of(), true);
        log.roll();
        log.appendAsLeader(batch(NOW, "a"), 0);
        log.roll();
        log.roll();
        assertThat(log.segmentBaseOffsets()).containsExactly(0L, 1L);
    }

    @Test
    void rollsWhenSegmentIsOlderThanSegmentMs() throws IOException {
        log = open(Map.of(LogConfigs.SEGMENT_MS, 1000), true);
        log.appendAsLeader(batch(time.milliseconds(), "a"), 0);
        time.sleep(500);
        log.appendAsLeader(batch(time.milliseconds(), "b"), 0);
        time.sleep(600);
        log.appendAsLeader(batch(time.milliseconds(), "c"), 0);
        assertThat(log.segmentBaseOffsets()).containsExactly(0L, 2L);
    }

    @Test
    void rollsWhenOffsetIndexIsFull() throws IOException {
        log = open(Map.of(LogConfigs.SEGMENT_INDEX_BYTES, 3 * 8 + 4, LogConfigs.INDEX_INTERVAL_BYTES, 1), true);
        for (int i = 0; i < 10; i++) {
            log.appendAsLeader(batch(1 + i, "v" + i), 0);
        }
        assertThat(log.numberOfSegments()).isGreaterThan(2);
        assertThat(readAll(log, 0)).extracting(Rec::offset).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    }

    @Test
    void oneAppendOfManyBatchesThatOverfillsTheIndexStillSucceeds() throws IOException {
        log = open(Map.of(LogConfigs.SEGMENT_INDEX_BYTES, 3 * 12, LogConfigs.INDEX_INTERVAL_BYTES, 1), true);
        ByteBuffer[] parts = new ByteBuffer[10];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = batch(NOW + i, "v" + i);
        }
        AppendInfo info = log.appendAsLeader(concat(parts), 0);
        assertThat(info.lastOffset()).isEqualTo(9);
        log.appendAsLeader(batch(NOW, "next"), 0);
        assertThat(log.numberOfSegments()).isEqualTo(2);
        assertThat(readAll(log, 0)).extracting(Rec::offset).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(log.read(7, 1 << 20, Long.MAX_VALUE, false).firstBatchBaseOffset()).isEqualTo(7);
    }

    @Test
    void rejectsCorruptBatchWithCorruptMessage() throws IOException {
        log = open(Map.of(), true);
        ByteBuffer b = batch(NOW, "hello");
        b.put(b.limit() - 1, (byte) (b.get(b.limit() - 1) ^ 1));
        assertThatThrownBy(() -> log.appendAsLeader(b, 0))
                .satisfies(t -> assertThat(errorOf(t)).isEqualTo(Errors.CORRUPT_MESSAGE));
        assertThat(log.logEndOffset()).isZero();
    }

    @Test
    void rejectsTruncatedBatchWithCorruptMessage() throws IOException {
        log = open(Map.of(), true);
        ByteBuffer b = batch(NOW, "hello");
        b.limit(b.limit() - 3);
        assertThatThrownBy(() -> log.appendAsLeader(b, 0))
                .satisfies(t -> assertThat(errorOf(t)).isEqualTo(Errors.CORRUPT_MESSAGE));
    }

    @Test
    void rejectsBatchLargerThanMaxMessageBytes() throws IOException {
        log = open(Map.of(LogConfigs.MAX_MESSAGE_BYTES, 100), true);
        assertThatThrownBy(() -> log.appendAsLeader(batch(NOW, "z".repeat(200)), 0))
                .satisfies(t -> assertThat(errorOf(t)).isEqualTo(Errors.MESSAGE_TOO_LARGE));
    }

    @Test
    void logAppendTimeStampsTheBrokerTime() throws IOException {
        log = open(Map.of(LogConfigs.MESSAGE_TIMESTAMP_TYPE, "LogAppendTime"), true);
        AppendInfo info = log.appendAsLeader(batch(42, "a", "b"), 0);
        assertThat(info.logAppendTime()).isEqualTo(time.milliseconds());
        assertThat(readAll(log, 0)).extracting(Rec::timestamp).containsOnly(time.milliseconds());
    }

    @Test
    void offsetForTimestampFindsFirstBatchAtOrAfterIt() throws IOException {
        log = open(Map.of(LogConfigs.INDEX_INTERVAL_BYTES, 1), true);
        for (int i = 0; i < 10; i++) {
            log.appendAsLeader(batch(1000 + i * 10L, "v" + i), 0);
            if (i == 4) {
                log.roll();
            }
        }
        assertThat(log.offsetForTimestamp(1035).orElseThrow().offset()).isEqualTo(4);
        assertThat(log.offsetForTimestamp(1040).orElseThrow().offset()).isEqualTo(4);
        assertThat(log.offsetForTimestamp(1041).orElseThrow().offset()).isEqualTo(5);
        assertThat(log.offsetForTimestamp(0).orElseThrow().offset()).isZero();
        assertThat(log.offsetForTimestamp(5000)).isEmpty();
        assertThat(log.offsetForTimestamp(TimestampAndOffset.LATEST_TIMESTAMP).orElseThrow().offset()).isEqualTo(10);
        assertThat(log.offsetForTimestamp(TimestampAndOffset.EARLIEST_TIMESTAMP).orElseThrow().offset()).isZero();
        assertThat(log.offsetForTimestamp(TimestampAndOffset.MAX_TIMESTAMP).orElseThrow().offset()).isEqualTo(9);
    }

    @Test
    void offsetForTimestampFindsTheRecordInsideABatch() throws IOException {
        log = open(Map.of(), true);
        org.apache.kafka.common.record.internal.SimpleRecord[] recs = {
            new org.apache.kafka.common.record.internal.SimpleRecord(NOW, "k".getBytes(), "a".getBytes()),
            new org.apache.kafka.common.record.internal.SimpleRecord(NOW + 50, "k".getBytes(), "b".getBytes()),
            new org.apache.kafka.common.record.internal.SimpleRecord(NOW + 20, "k".getBytes(), "c".getBytes())};
        log.appendAsLeader(TestBatches.copy(org.apache.kafka.common.record.internal.MemoryRecords
                .withRecords(Compression.gzip().build(), recs).buffer()), 0);
        assertThat(log.offsetForTimestamp(NOW + 10).orElseThrow()).isEqualTo(new TimestampAndOffset(NOW + 50, 1));
        assertThat(log.offsetForTimestamp(NOW).orElseThrow()).isEqualTo(new TimestampAndOffset(NOW, 0));
        assertThat(log.offsetForTimestamp(NOW + 51)).isEmpty();
    }

    @Test
    void timeRetentionDeletesExactlyTheExpiredSegmentsButNeverTheActiveOne() throws IOException {
        log = open(Map.of(LogConfigs.RETENTION_MS, 10_000), true);
        long now = time.milliseconds();
        log.appendAsLeader(batch(now - 30_000, "old1"), 0);
        log.roll();
        log.appendAsLeader(batch(now - 20_000, "old2"), 0);
        log.roll();
        log.appendAsLeader(batch(now - 5_000, "fresh"), 0);
        log.roll();
        log.appendAsLeader(batch(now - 50_000, "active-but-old"), 0);

        assertThat(log.deleteOldSegments()).isEqualTo(2);
        assertThat(log.segmentBaseOffsets()).containsExactly(2L, 3L);
        assertThat(log.logStartOffset()).isEqualTo(2);
        assertThat(readAll(log, 2)).extracting(Rec::value).containsExactly("fresh", "active-but-old");
        assertThat(Files.list(log.dir()).filter(p -> p.toString().endsWith(".log")).count()).isEqualTo(2);
    }

    @Test
    void sizeRetentionDeletesOldestSegmentsUntilUnderLimit() throws IOException {
        ByteBuffer one = batch(NOW, "v".repeat(100));
        int size = one.remaining();
        log = open(Map.of(LogConfigs.RETENTION_BYTES, size * 2L, LogConfigs.RETENTION_MS, -1), true);
        for (int i = 0; i < 5; i++) {
            log.appendAsLeader(batch(NOW, "v".repeat(100)), 0);
            log.roll();
        }
        log.appendAsLeader(batch(NOW, "w".repeat(100)), 0);
        // 6 equal segments, limit 2: Kafka's rule deletes while the rest still reaches the limit.
        assertThat(log.deleteOldSegments()).isEqualTo(4);
        assertThat(log.segmentBaseOffsets()).containsExactly(4L, 5L);
        assertThat(log.size()).isEqualTo(2L * size);
    }

    @Test
    void deleteRecordsBeforeAdvancesStartAndDropsWhollyDeletedSegments() throws IOException {
        log = open(Map.of(), true);
        log.appendAsLeader(batch(NOW, "a", "b"), 0);
        log.roll();
        log.appendAsLeader(batch(NOW, "c", "d"), 0);
        log.deleteRecordsBefore(3);
        assertThat(log.logStartOffset()).isEqualTo(3);
        assertThat(log.segmentBaseOffsets()).containsExactly(2L);
        assertThat(readAll(log, 3)).extracting(Rec::value).containsExactly("d");
        assertThatThrownBy(() -> log.deleteRecordsBefore(10))
                .satisfies(t -> assertThat(errorOf(t)).isEqualTo(Errors.OFFSET_OUT_OF_RANGE));
    }

    @Test
    void deleteRecordsDropsOnlySegmentsBelowTheNewStartAndLeavesTimeRetentionToTheRetentionPass()
            throws IOException {
        log = open(Map.of(LogConfigs.RETENTION_MS, 1000), true);
        log.appendAsLeader(batch(NOW, "a"), 0);
        log.roll();
        log.appendAsLeader(batch(NOW, "b"), 0);
        log.roll();
        log.appendAsLeader(batch(NOW, "c"), 0);
        time.sleep(5000);

        log.deleteRecordsBefore(1);
        assertThat(log.segmentBaseOffsets()).as("segment 1 is expired but only the retention pass deletes it")
                .containsExactly(1L, 2L);
        assertThat(log.deleteOldSegments()).isEqualTo(1);
        assertThat(log.segmentBaseOffsets()).containsExactly(2L);
    }

    @Test
    void truncateToRemovesLaterBatchesAndSegments() throws IOException {
        log = open(Map.of(), true);
        log.appendAsLeader(batch(NOW, "a", "b"), 1);
        log.roll();
        log.appendAsLeader(batch(NOW, "c"), 2);
        log.appendAsLeader(batch(NOW, "d"), 3);
        log.roll();
        log.appendAsLeader(batch(NOW, "e"), 4);

        assertThat(log.truncateTo(3)).isTrue();
        assertThat(log.logEndOffset()).isEqualTo(3);
        assertThat(log.segmentBaseOffsets()).containsExactly(0L, 2L);
        assertThat(log.leaderEpochCache().entries()).extracting(CheckpointFile.EpochEntry::epoch).containsExactly(1, 2);
        log.appendAsLeader(batch(NOW, "x"), 5);
        assertThat(readAll(log, 0)).extracting(Rec::value).containsExactly("a", "b", "c", "x");
    }

    @Test
    void truncateFullyAndStartAtEmptiesTheLog() throws IOException {
        log = open(Map.of(), true);
        log.appendAsLeader(batch(NOW, "a", "b"), 1);
        log.truncateFullyAndStartAt(100);
        assertThat(log.logStartOffset()).isEqualTo(100);
        assertThat(log.logEndOffset()).isEqualTo(100);
        assertThat(log.appendAsLeader(batch(NOW, "z"), 2).firstOffset()).isEqualTo(100);
        assertThat(log.segmentBaseOffsets()).containsExactly(100L);
    }

    @Test
    void truncatingFullyTwiceWhileOldFilesAwaitDeletionSucceeds() throws IOException {
        // Delayed deletes stay pending, as they do for file.delete.delay.ms in a running broker.
        java.util.List<Runnable> pendingDeletes = new java.util.ArrayList<>();
        Scheduler deferred = (name, task, delayMs) -> pendingDeletes.add(task);
        log = PartitionLog.open(logDir, TP, LogConfig.from(Map.of()), 0, 0, true, time, deferred);
        log.appendAsLeader(batch(NOW, "a"), 1);
        log.truncateFullyAndStartAt(0);
        log.appendAsLeader(batch(NOW, "b"), 1);
        log.truncateFullyAndStartAt(0);
        log.appendAsLeader(batch(NOW, "c"), 1);
        pendingDeletes.forEach(Runnable::run);
        assertThat(readAll(log, 0)).extracting(Rec::value).containsExactly("c");
    }

    @Test
    void followerAppendKeepsOffsetsAndRejectsOffsetsBelowLogEnd() throws IOException {
        log = open(Map.of(), true);
        ByteBuffer b = batch(NOW, "a", "b");
        b.putLong(0, 10L);
        b.putInt(12, 7);
        AppendInfo info = log.appendAsFollower(b);
        assertThat(info.firstOffset()).isEqualTo(10);
        assertThat(log.logEndOffset()).isEqualTo(12);
        assertThat(log.leaderEpochCache().entries()).containsExactly(new CheckpointFile.EpochEntry(7, 10));
        ByteBuffer again = batch(NOW, "c");
        again.putLong(0, 11L);
        assertThatThrownBy(() -> log.appendAsFollower(again))
                .satisfies(t -> assertThat(errorOf(t)).isEqualTo(Errors.OFFSET_OUT_OF_RANGE));
    }

    @Test
    void idempotentRetryReturnsOriginalOffsets() throws IOException {
        log = open(Map.of(), true);
        log.appendAsLeader(batch(NOW, "pre"), 0);
        AppendInfo first = log.appendAsLeader(batch(Compression.NONE, 7, (short) 0, 0, NOW, "a", "b"), 0);
        AppendInfo retry = log.appendAsLeader(batch(Compression.NONE, 7, (short) 0, 0, NOW, "a", "b"), 0);
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.firstOffset()).isEqualTo(first.firstOffset());
        assertThat(retry.lastOffset()).isEqualTo(first.lastOffset());
        assertThat(log.logEndOffset()).isEqualTo(3);
    }

    @Test
    void sequenceGapIsOutOfOrderAndStaleEpochIsInvalid() throws IOException {
        log = open(Map.of(), true);
        log.appendAsLeader(batch(Compression.NONE, 7, (short) 3, 0, NOW, "a", "b"), 0);
        assertThatThrownBy(() -> log.appendAsLeader(batch(Compression.NONE, 7, (short) 3, 5, NOW, "c"), 0))
                .satisfies(t -> assertThat(errorOf(t)).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER));
        assertThatThrownBy(() -> log.appendAsLeader(batch(Compression.NONE, 7, (short) 2, 2, NOW, "c"), 0))
                .satisfies(t -> assertThat(errorOf(t)).isEqualTo(Errors.INVALID_PRODUCER_EPOCH));
        assertThatThrownBy(() -> log.appendAsLeader(batch(Compression.NONE, 7, (short) 4, 3, NOW, "c"), 0))
                .satisfies(t -> assertThat(errorOf(t)).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER));
        assertThat(log.appendAsLeader(batch(Compression.NONE, 7, (short) 3, 2, NOW, "c"), 0).firstOffset()).isEqualTo(2);
        assertThat(log.appendAsLeader(batch(Compression.NONE, 7, (short) 4, 0, NOW, "d"), 0).firstOffset()).isEqualTo(3);
    }

    @Test
    void openTransactionHoldsBackTheFirstUnstableOffsetUntilItsMarker() throws IOException {
        log = open(Map.of(), true);
        log.appendAsLeader(batch(NOW, "plain"), 0);
        assertThat(log.firstUnstableOffset()).isEmpty();
        org.apache.kafka.common.record.internal.SimpleRecord r =
                new org.apache.kafka.common.record.internal.SimpleRecord(NOW, "k".getBytes(), "t".getBytes());
        log.appendAsLeader(TestBatches.copy(org.apache.kafka.common.record.internal.MemoryRecords.withTransactionalRecords(
                Compression.NONE, 11L, (short) 0, 0, r).buffer()), 0);
        log.appendAsLeader(batch(NOW, "after"), 0);
        assertThat(log.firstUnstableOffset()).hasValue(1);
        log.appendAsLeader(TestBatches.copy(org.apache.kafka.common.record.internal.MemoryRecords.withEndTransactionMarker(
                11L, (short) 0, new org.apache.kafka.common.record.internal.EndTransactionMarker(
                        org.apache.kafka.common.record.internal.ControlRecordType.COMMIT, 0)).buffer()), 0);
        assertThat(log.firstUnstableOffset()).isEmpty();
        assertThat(log.logEndOffset()).isEqualTo(4);
    }

    @Test
    void idleProducersExpireAndTheirSequencesAreForgotten() throws IOException {
        log = open(Map.of(), true);
        log.appendAsLeader(batch(Compression.NONE, 5, (short) 0, 0, NOW, "a"), 0);
        assertThat(log.removeExpiredProducers(60_000)).isZero();
        assertThatThrownBy(() -> log.appendAsLeader(batch(Compression.NONE, 5, (short) 0, 7, NOW, "gap"), 0))
                .satisfies(t -> assertThat(errorOf(t)).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER));
        time.sleep(60_001);
        assertThat(log.removeExpiredProducers(60_000)).isEqualTo(1);
        assertThat(log.appendAsLeader(batch(Compression.NONE, 5, (short) 0, 7, NOW, "gap"), 0).firstOffset())
                .isEqualTo(1);
    }

    @Test
    void producerStateSurvivesCleanAndUncleanReopen() throws IOException {
        log = open(Map.of(), true);
        AppendInfo first = log.appendAsLeader(batch(Compression.NONE, 9, (short) 1, 0, NOW, "a"), 0);
        log.close();
        log = open(Map.of(), true);
        assertThat(log.appendAsLeader(batch(Compression.NONE, 9, (short) 1, 0, NOW, "a"), 0).firstOffset())
                .isEqualTo(first.firstOffset());
        log.appendAsLeader(batch(Compression.NONE, 9, (short) 1, 1, NOW, "b"), 0);
        log.close();
        Files.list(log.dir()).filter(p -> p.toString().endsWith(".snapshot")).forEach(p -> p.toFile().delete());
        log = open(Map.of(), false);
        assertThatThrownBy(() -> log.appendAsLeader(batch(Compression.NONE, 9, (short) 1, 5, NOW, "x"), 0))
                .satisfies(t -> assertThat(errorOf(t)).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER));
        assertThat(log.appendAsLeader(batch(Compression.NONE, 9, (short) 1, 1, NOW, "b"), 0).duplicate()).isTrue();
    }

    @Test
    void reopenAfterCleanCloseKeepsEverything() throws IOException {
        log = open(Map.of(LogConfigs.INDEX_INTERVAL_BYTES, 1), true);
        for (int i = 0; i < 20; i++) {
            log.appendAsLeader(batch(100 + i, "v" + i), i / 5);
            if (i % 7 == 6) {
                log.roll();
            }
        }
        List<Rec> before = readAll(log, 0);
        List<Long> segs = log.segmentBaseOffsets();
        log.close();
        Path idx = log.dir().resolve("00000000000000000000.index");
        assertThat(Files.size(idx) % 8).isZero();

        log = open(Map.of(), true);
        assertThat(log.segmentBaseOffsets()).isEqualTo(segs);
        assertThat(readAll(log, 0)).isEqualTo(before);
        assertThat(log.logEndOffset()).isEqualTo(20);
        assertThat(log.leaderEpochCache().entries()).hasSize(4);
        assertThat(log.appendAsLeader(batch(NOW, "next"), 4).firstOffset()).isEqualTo(20);
    }

    @Test
    void aReopenedLogAppendsAfterTheBytesItHoldsNotAtTheStartOfTheFile() throws IOException {
        log = open(Map.of(), true);
        log.appendAsLeader(batch(NOW, "a", "b"), 0);
        log.close();

        log = open(Map.of(), true);
        log.appendAsLeader(batch(NOW, "c"), 0);
        log.appendAsLeader(batch(NOW, "d"), 0);

        assertThat(readAll(log, 0)).extracting(Rec::value).containsExactly("a", "b", "c", "d");
        log.close();
        log = open(Map.of(), false); // recovery scans every byte: nothing overwritten, nothing torn
        assertThat(readAll(log, 0)).extracting(Rec::value).containsExactly("a", "b", "c", "d");
    }

    @Test
    void uncleanOpenTruncatesTornTail() throws IOException {
        log = open(Map.of(), true);
        log.appendAsLeader(concat(batch(NOW, "a"), batch(NOW, "b")), 0);
        log.flush();
        log.close();
        log = null;
        Path seg = logDir.resolve("topic-a-3").resolve("00000000000000000000.log");
        long good = Files.size(seg);
        ByteBuffer torn = batch(NOW, "c");
        torn.putLong(0, 2L);
        byte[] half = new byte[torn.remaining() / 2];
        torn.get(half);
        Files.write(seg, half, java.nio.file.StandardOpenOption.APPEND);

        log = open(Map.of(), false);
        assertThat(Files.size(seg)).isEqualTo(good);
        assertThat(log.logEndOffset()).isEqualTo(2);
        assertThat(readAll(log, 0)).extracting(Rec::value).containsExactly("a", "b");
        assertThat(log.appendAsLeader(batch(NOW, "c"), 0).firstOffset()).isEqualTo(2);
    }

    @Test
    void uncleanOpenTruncatesAtCorruptBatchAndDropsLaterSegments() throws IOException {
        log = open(Map.of(), true);
        log.appendAsLeader(batch(NOW, "a"), 0);
        log.appendAsLeader(batch(NOW, "b"), 0);
        log.roll();
        log.appendAsLeader(batch(NOW, "c"), 0);
        log.close();
        log = null;
        Path seg = logDir.resolve("topic-a-3").resolve("00000000000000000000.log");
        byte[] bytes = Files.readAllBytes(seg);
        bytes[bytes.length - 2] ^= 0x55;
        Files.write(seg, bytes);

        log = PartitionLog.open(logDir, TP, LogConfig.defaults(), 0, 0, false, time, Scheduler.IMMEDIATE);
        assertThat(log.logEndOffset()).isEqualTo(1);
        assertThat(log.segmentBaseOffsets()).containsExactly(0L);
        assertThat(readAll(log, 0)).extracting(Rec::value).containsExactly("a");
    }
}
