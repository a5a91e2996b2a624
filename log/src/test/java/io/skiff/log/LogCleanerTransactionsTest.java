package io.skiff.log;

import static io.skiff.log.LogCleanerTest.batches;
import static io.skiff.log.LogCleanerTest.contents;
import static io.skiff.log.TestBatches.keyedBatch;
import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.log.TestBatches.MockTime;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compaction of transactional data, with the outcome of each transaction read from its marker in the log: aborted
 * records go and never supersede anything; a marker goes (after its KIP-534 delete horizon) once its transaction has
 * no batch left; nothing at or above the first offset of an open transaction is compacted. Batches are written by
 * kafka-clients' builders, as a transactional producer and the coordinator write them.
 */
class LogCleanerTransactionsTest {
    static final long NOW = 1_700_000_000_000L;
    static final long RETENTION = 10_000;

    @TempDir
    Path logDir;

    final MockTime time = new MockTime(NOW);
    final LogCleaner cleaner = new LogCleaner(time, Double.MAX_VALUE);
    PartitionLog log;

    @AfterEach
    void close() {
        if (log != null) {
            log.close();
        }
    }

    PartitionLog open() throws IOException {
        return PartitionLog.open(logDir, new TopicPartition("txn", 0), LogConfig.from(Map.of(
                LogConfigs.CLEANUP_POLICY, "compact", LogConfigs.DELETE_RETENTION_MS, RETENTION)), 0, 0, true, time,
                Scheduler.IMMEDIATE);
    }

    static ByteBuffer txnData(long pid, int seq, String key, String value) {
        return TestBatches.copy(MemoryRecords.withTransactionalRecords(Compression.NONE, pid, (short) 0, seq,
                new SimpleRecord(NOW, key.getBytes(), value.getBytes())).buffer());
    }

    static ByteBuffer marker(long pid, boolean commit) {
        return TestBatches.copy(MemoryRecords.withEndTransactionMarker(0L, NOW, 0, pid, (short) 0,
                new EndTransactionMarker(commit ? ControlRecordType.COMMIT : ControlRecordType.ABORT, 0)).buffer());
    }

    static RecordBatch batchAt(PartitionLog log, long base) throws IOException {
        return batches(log).stream().filter(b -> b.baseOffset() == base).findFirst().orElse(null);
    }

    @Test
    void abortedRecordsGoAndSupersedeNothingAndMarkersGoAfterTheirHorizonOnceTheirDataIsGone() throws IOException {
        log = open();
        log.appendAsLeader(txnData(5, 0, "k1", "aborted"), 0);     // 0
        log.appendAsLeader(marker(5, false), 0);                    // 1: ABORT
        log.appendAsLeader(keyedBatch(Compression.NONE, NOW, "k1=v", "k2=x"), 0); // 2, 3
        log.roll();
        log.appendAsLeader(txnData(6, 0, "k2", "committed"), 0);   // 4
        log.appendAsLeader(marker(6, true), 0);                     // 5: COMMIT
        log.appendAsLeader(keyedBatch(Compression.NONE, NOW, "k3=y"), 0); // 6
        log.roll();
        log.appendAsLeader(keyedBatch(Compression.NONE, NOW, "k9=z"), 0); // 7, active
        // Producers the log no longer tracks: their last batches need not be kept for producer state.
        time.sleep(1000);
        assertThat(log.removeExpiredProducers(500)).isEqualTo(2);

        cleaner.clean(log, true);

        assertThat(contents(log)).as("the aborted k1 does not hide k1=v; the committed k2 supersedes k2=x")
                .containsExactly("2:k1=v", "4:committed", "6:k3=y", "7:k9=z");
        assertThat(batchAt(log, 0)).as("aborted data removed").isNull();
        assertThat(batchAt(log, 1).deleteHorizonMs()).as("its batch was met in this pass").isEmpty();
        assertThat(batchAt(log, 5).deleteHorizonMs()).as("its data is still there").isEmpty();

        time.sleep(1);
        cleaner.clean(log, true);
        assertThat(batchAt(log, 1).deleteHorizonMs()).as("no batch of the aborted transaction is left")
                .hasValue(time.milliseconds() + RETENTION);
        assertThat(batchAt(log, 5).deleteHorizonMs()).isEmpty();

        time.sleep(RETENTION);
        cleaner.clean(log, true);
        assertThat(batchAt(log, 1)).as("the marker went after its horizon").isNull();
        assertThat(batchAt(log, 5)).as("the commit marker stays with its data").isNotNull();
        assertThat(contents(log)).containsExactly("2:k1=v", "4:committed", "6:k3=y", "7:k9=z");
    }

    @Test
    void aCommitMarkerWhoseDataWasSupersededGetsAHorizonAndThenGoes() throws IOException {
        log = open();
        log.appendAsLeader(txnData(6, 0, "k1", "committed"), 0);   // 0
        log.appendAsLeader(marker(6, true), 0);                     // 1
        log.appendAsLeader(keyedBatch(Compression.NONE, NOW, "k1=later"), 0); // 2
        log.roll();
        log.appendAsLeader(keyedBatch(Compression.NONE, NOW, "k9=z"), 0);
        time.sleep(1000);
        log.removeExpiredProducers(500);

        cleaner.clean(log, true);
        assertThat(batchAt(log, 0)).isNull();
        assertThat(batchAt(log, 1).deleteHorizonMs()).as("data met in this pass").isEmpty();
        cleaner.clean(log, true);
        long horizon = batchAt(log, 1).deleteHorizonMs().orElseThrow();
        assertThat(horizon).isEqualTo(time.milliseconds() + RETENTION);
        time.sleep(RETENTION - 1);
        cleaner.clean(log, true);
        assertThat(batchAt(log, 1)).as("before its horizon").isNotNull();
        time.sleep(1);
        cleaner.clean(log, true);
        assertThat(batchAt(log, 1)).isNull();
        assertThat(contents(log)).containsExactly("2:k1=later", "3:k9=z");
    }

    @Test
    void aTransactionWhoseMarkerIsInTheActiveSegmentIsJudgedByThatMarker() throws IOException {
        log = open();
        log.appendAsLeader(keyedBatch(Compression.NONE, NOW, "k1=v"), 0);     // 0
        log.appendAsLeader(txnData(5, 0, "k1", "aborted"), 0);                 // 1
        log.roll();
        log.appendAsLeader(marker(5, false), 0);                                // 2, in the active segment
        cleaner.clean(log, true);
        assertThat(contents(log)).as("the aborted record removed, k1=v kept").containsExactly("0:k1=v");
    }

    @Test
    void eachTransactionalBatchIsJudgedByItsOwnMarkerNotALaterOneOfTheSameProducer() throws IOException {
        log = open();
        log.appendAsLeader(txnData(5, 0, "k1", "t1"), 0);                      // 0
        log.appendAsLeader(marker(5, true), 0);                                 // 1: COMMIT
        log.appendAsLeader(keyedBatch(Compression.NONE, NOW, "k2=a"), 0);     // 2
        log.roll();
        time.sleep(1000);
        log.removeExpiredProducers(500);
        cleaner.clean(log, true);
        // Now offsets 0-2 are the clean section; a later transaction of the same producer aborts.
        log.appendAsLeader(keyedBatch(Compression.NONE, NOW, "k9=z"), 0);     // 3
        log.appendAsLeader(txnData(5, 1, "k1", "t2"), 0);                      // 4
        log.appendAsLeader(marker(5, false), 0);                                // 5: ABORT
        log.roll();
        log.appendAsLeader(keyedBatch(Compression.NONE, NOW, "k8=y"), 0);     // 6, active

        cleaner.clean(log, true);

        assertThat(contents(log)).as("t1 committed, t2 aborted: t1 stays, t2 goes and hides nothing")
                .containsExactly("0:t1", "2:k2=a", "3:k9=z", "6:k8=y");
    }

    @Test
    void nothingFromTheFirstOffsetOfAnOpenTransactionOnIsCompacted() throws IOException {
        log = open();
        log.appendAsLeader(keyedBatch(Compression.NONE, NOW, "k1=a"), 0);     // 0
        log.appendAsLeader(keyedBatch(Compression.NONE, NOW, "k1=b"), 0);     // 1
        log.roll();
        log.appendAsLeader(txnData(5, 0, "k2", "open"), 0);                    // 2: transaction still open
        log.appendAsLeader(keyedBatch(Compression.NONE, NOW, "k1=c"), 0);     // 3
        log.roll();
        log.appendAsLeader(keyedBatch(Compression.NONE, NOW, "k1=d"), 0);     // 4
        log.roll();
        log.appendAsLeader(keyedBatch(Compression.NONE, NOW, "k9=z"), 0);     // 5, active
        assertThat(log.firstUnstableOffset()).hasValue(2);

        cleaner.clean(log, true);
        assertThat(contents(log)).as("only the segment below offset 2 is cleaned")
                .containsExactly("1:k1=b", "2:open", "3:k1=c", "4:k1=d", "5:k9=z");

        log.appendAsLeader(marker(5, true), 0);                                 // 6: committed
        log.roll();
        cleaner.clean(log, true);
        assertThat(contents(log)).containsExactly("2:open", "4:k1=d", "5:k9=z");
    }

    @Test
    void aFollowerTakesTheCompactedBatchesOfItsLeaderAsTheyAre() throws IOException {
        log = open();
        log.appendAsLeader(TestBatches.copy(MemoryRecords.withIdempotentRecords(Compression.NONE, 9L, (short) 0, 0,
                new SimpleRecord(NOW, "k1".getBytes(), "a".getBytes()),
                new SimpleRecord(NOW, "k2".getBytes(), "a".getBytes())).buffer()), 0);
        log.appendAsLeader(TestBatches.batch(Compression.NONE, 9L, (short) 0, 2, NOW, "x"), 0);
        log.appendAsLeader(keyedBatch(Compression.NONE, NOW, "k1=b", "kx=b"), 0);
        log.roll();
        log.appendAsLeader(keyedBatch(Compression.NONE, NOW, "k9=z"), 0);
        cleaner.clean(log, true);
        // A rebuilt batch with fewer records than offsets, and an empty one (producer 9's last batch).
        assertThat(batches(log).get(0).countOrNull()).isEqualTo(1);
        assertThat(batches(log).get(0).lastOffset()).isEqualTo(1);
        assertThat(batches(log).get(1).countOrNull()).isZero();

        ByteBuffer sealed = ByteBuffer.wrap(java.nio.file.Files.readAllBytes(LogFiles.logFile(log.dir(), 0)));
        try (PartitionLog follower = PartitionLog.open(logDir.resolve("follower"), new TopicPartition("txn", 0),
                log.config(), 0, 0, true, time, Scheduler.IMMEDIATE)) {
            follower.appendAsFollower(sealed);
            assertThat(contents(follower)).isEqualTo(contents(log).subList(0, contents(log).size() - 1));
            assertThat(follower.logEndOffset()).isEqualTo(5);
        }
    }
}
