package io.skiff.replication.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.log.LogConfig;
import io.skiff.log.LogManager;
import io.skiff.log.PartitionLog;
import io.skiff.log.Scheduler;
import io.skiff.log.Time;
import io.skiff.log.TopicPartition;
import io.skiff.wire.protocol.ApiException;
import io.skiff.wire.protocol.Errors;
import io.skiff.wire.record.CompressionType;
import io.skiff.wire.record.RecordBatchBuilder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionTest {
    private static final TopicPartition TP = new TopicPartition("p", 0);
    private static final UUID ID = new UUID(4, 4);

    @TempDir
    Path dir;

    private LogManager logManager;
    private PartitionLog log;
    private final Partition partition = new Partition(TP, 0);

    @BeforeEach
    void setUp() throws IOException {
        logManager = LogManager.start(LogManager.Settings.defaults(List.of(dir)), t -> LogConfig.defaults(),
                Time.SYSTEM, Scheduler.IMMEDIATE);
        log = logManager.getOrCreateLog(TP);
    }

    @AfterEach
    void tearDown() throws IOException {
        logManager.close();
    }

    private static ByteBuffer batch(int records) {
        RecordBatchBuilder b = new RecordBatchBuilder(CompressionType.NONE);
        for (int i = 0; i < records; i++) {
            b.append(1000L, null, new byte[] {(byte) i});
        }
        return b.build();
    }

    @Test
    void staleEpochTransitionsAreIgnored() {
        assertThat(partition.makeLeader(log, ID, 5, List.of(0, 1), List.of(0, 1), 0)).isTrue();

        assertThat(partition.makeFollower(log, ID, 4, 1, List.of(0, 1), List.of(0, 1), 0)).isFalse();
        assertThat(partition.makeLeader(log, ID, 5, List.of(0, 1), List.of(0, 1), 0)).isFalse();
        assertThat(partition.role()).isEqualTo(Partition.Role.LEADER);
        assertThat(partition.leaderEpoch()).isEqualTo(5);
    }

    @Test
    void highWatermarkIsMinimumEndOffsetOverIsrAndNeverMovesBack() {
        partition.makeLeader(log, ID, 1, List.of(0, 1, 2), List.of(0, 1, 2), 0);
        partition.appendAsLeader(batch(10), (short) 1);
        assertThat(partition.highWatermark()).isZero();

        assertThat(partition.updateFollowerEndOffset(1, 6)).isFalse();
        assertThat(partition.updateFollowerEndOffset(2, 4)).isTrue();
        assertThat(partition.highWatermark()).isEqualTo(4);
        partition.updateFollowerEndOffset(2, 2);
        assertThat(partition.highWatermark()).isEqualTo(4);

        // Replica 2 leaves the ISR: only 0 and 1 count now.
        partition.makeLeader(log, ID, 1, List.of(0, 1, 2), List.of(0, 1), 0);
        assertThat(partition.highWatermark()).isEqualTo(6);
    }

    @Test
    void enoughReplicasCheckFollowsHighWatermarkAndIsr() {
        log.updateConfig(LogConfig.defaults().with(java.util.Map.of("min.insync.replicas", 2)));
        partition.makeLeader(log, ID, 1, List.of(0, 1), List.of(0, 1), 0);
        partition.appendAsLeader(batch(3), (short) -1);

        assertThat(partition.checkEnoughReplicasReachOffset(3)).isNull();
        partition.updateFollowerEndOffset(1, 3);
        assertThat(partition.checkEnoughReplicasReachOffset(3)).isEqualTo(Errors.NONE);
        partition.makeLeader(log, ID, 1, List.of(0, 1), List.of(0), 0);
        assertThat(partition.checkEnoughReplicasReachOffset(3)).isEqualTo(Errors.NOT_ENOUGH_REPLICAS_AFTER_APPEND);
    }

    @Test
    void followerAndOfflineReplicasRefuseLeaderWork() {
        partition.makeFollower(log, ID, 2, 1, List.of(1, 0), List.of(1, 0), 0);
        assertThatThrownBy(() -> partition.appendAsLeader(batch(1), (short) 1))
                .isInstanceOf(ApiException.class)
                .extracting(e -> ((ApiException) e).error()).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
        assertThat(partition.checkEnoughReplicasReachOffset(0)).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);

        partition.makeOffline();
        assertThat(partition.role()).isEqualTo(Partition.Role.OFFLINE);
        assertThat(partition.log()).isNull();
    }

    @Test
    void newLeaderRecordsItsEpochAtTheLogEnd() {
        partition.makeLeader(log, ID, 1, List.of(0), List.of(0), 0);
        partition.appendAsLeader(batch(2), (short) 1);
        partition.makeFollower(log, ID, 2, 1, List.of(0, 1), List.of(0, 1), 0);
        partition.makeLeader(log, ID, 3, List.of(0, 1), List.of(0), 0);

        assertThat(log.leaderEpochCache().latest().orElseThrow().epoch()).isEqualTo(3);
        assertThat(log.leaderEpochCache().latest().orElseThrow().startOffset()).isEqualTo(2);
        assertThat(partition.epochForOffset(1)).isEqualTo(1);
        assertThat(partition.epochForOffset(2)).isEqualTo(3);
    }

    @Test
    void deleteRecordsAdvancesTheLogStartUpToTheHighWatermark() {
        partition.makeLeader(log, ID, 1, List.of(0, 1), List.of(0, 1), 0);
        partition.appendAsLeader(batch(10), (short) 1);
        partition.updateFollowerEndOffset(1, 6);
        assertThat(partition.highWatermark()).isEqualTo(6);

        assertThat(partition.deleteRecordsOnLeader(3)).isEqualTo(3);
        assertThat(log.logStartOffset()).isEqualTo(3);
        assertThat(partition.deleteRecordsOnLeader(2)).as("never moves back").isEqualTo(3);
        assertThat(partition.deleteRecordsOnLeader(Partition.DELETE_TO_HIGH_WATERMARK)).isEqualTo(6);
        assertThat(log.logStartOffset()).isEqualTo(6);
    }

    @Test
    void deleteRecordsBeyondTheHighWatermarkOrBelowMinusOneIsOutOfRangeAndChangesNothing() {
        partition.makeLeader(log, ID, 1, List.of(0, 1), List.of(0, 1), 0);
        partition.appendAsLeader(batch(10), (short) 1);
        partition.updateFollowerEndOffset(1, 4);

        assertThatThrownBy(() -> partition.deleteRecordsOnLeader(5))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.error()).isEqualTo(Errors.OFFSET_OUT_OF_RANGE);
                    assertThat(e.getMessage()).contains("larger than the high watermark 4");
                });
        assertThatThrownBy(() -> partition.deleteRecordsOnLeader(-2))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.error()).isEqualTo(Errors.OFFSET_OUT_OF_RANGE));
        assertThat(log.logStartOffset()).isZero();
    }

    @Test
    void deleteRecordsIsRefusedOnAFollowerAndOnACompactOnlyTopic() {
        partition.makeFollower(log, ID, 1, 1, List.of(1, 0), List.of(1, 0), 0);
        assertThatThrownBy(() -> partition.deleteRecordsOnLeader(0))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.error()).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER));

        partition.makeLeader(log, ID, 2, List.of(0), List.of(0), 0);
        partition.appendAsLeader(batch(2), (short) 1);
        log.updateConfig(LogConfig.defaults().with(java.util.Map.of("cleanup.policy", "compact")));
        assertThatThrownBy(() -> partition.deleteRecordsOnLeader(1))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.error()).isEqualTo(Errors.POLICY_VIOLATION));
        log.updateConfig(LogConfig.defaults().with(java.util.Map.of("cleanup.policy", "compact,delete")));
        assertThat(partition.deleteRecordsOnLeader(1)).isEqualTo(1);
    }
}
