package io.skiff.broker.handler;

import static io.skiff.broker.handler.DataPathFixture.batch;
import static io.skiff.broker.handler.DataPathFixture.context;
import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.log.LogManager;
import io.skiff.log.TopicPartition;
import io.skiff.replication.zk.ClusterSnapshot;
import io.skiff.replication.zk.PartitionState;
import io.skiff.replication.zk.TopicAssignment;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.DeleteRecordsRequestData;
import io.skiff.wire.message.DeleteRecordsRequestData.DeleteRecordsPartition;
import io.skiff.wire.message.DeleteRecordsRequestData.DeleteRecordsTopic;
import io.skiff.wire.message.DeleteRecordsResponseData;
import io.skiff.wire.message.DeleteRecordsResponseData.DeleteRecordsPartitionResult;
import io.skiff.wire.protocol.Errors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeleteRecordsHandlerTest {
    private static final TopicPartition T0 = new TopicPartition("t", 0);

    @TempDir
    Path dir;

    private DataPathFixture fixture;
    private DeleteRecordsHandler handler;
    private final AtomicInteger checkpoints = new AtomicInteger();

    @BeforeEach
    void setUp() throws IOException {
        fixture = new DataPathFixture(dir);
        handler = new DeleteRecordsHandler(fixture.replicaManager, () -> {
            checkpoints.incrementAndGet();
            fixture.logManager.checkpointLogOffsets();
        }, Runnable::run);
        fixture.replicaManager.appendRecords((short) 1, 1000, Map.of(T0, batch("a", "b", "c", "d", "e"))).join();
    }

    @AfterEach
    void tearDown() throws IOException {
        fixture.close();
    }

    private DeleteRecordsResponseData delete(int version, String topic, int partition, long offset) {
        DeleteRecordsRequestData request = new DeleteRecordsRequestData().setTimeoutMs(1000).setTopics(List.of(
                new DeleteRecordsTopic().setName(topic).setPartitions(List.of(
                        new DeleteRecordsPartition().setPartitionIndex(partition).setOffset(offset)))));
        DeleteRecordsResponseData response = handler.handle(context(ApiMessageType.DELETE_RECORDS, version), request)
                .toCompletableFuture().join();
        return Contexts.encodable(response, version);
    }

    private static DeleteRecordsPartitionResult only(DeleteRecordsResponseData response) {
        assertThat(response.topics()).hasSize(1);
        assertThat(response.topics().get(0).partitions()).hasSize(1);
        return response.topics().get(0).partitions().get(0);
    }

    private long logStart() {
        return fixture.logManager.getLog(T0).orElseThrow().logStartOffset();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void deletionAdvancesTheLogStartAndIsCheckpointedAtOnce(int version) throws IOException {
        DeleteRecordsPartitionResult result = only(delete(version, "t", 0, 3));

        assertThat(result.errorCode()).isZero();
        assertThat(result.lowWatermark()).isEqualTo(3);
        assertThat(logStart()).isEqualTo(3);
        assertThat(checkpoints).hasValue(1);
        assertThat(Files.readAllLines(dir.resolve(LogManager.LOG_START_OFFSET_CHECKPOINT))).contains("t 0 3");
    }

    @Test
    void minusOneDeletesUpToTheHighWatermark() {
        assertThat(only(delete(2, "t", 0, -1)).lowWatermark()).isEqualTo(5);
        assertThat(logStart()).isEqualTo(5);
    }

    @Test
    void offsetBeyondTheHighWatermarkIsOutOfRangeAndChangesNothing() {
        DeleteRecordsPartitionResult result = only(delete(2, "t", 0, 6));
        assertThat(result.errorCode()).isEqualTo(Errors.OFFSET_OUT_OF_RANGE.code());
        assertThat(result.lowWatermark()).isEqualTo(-1);
        assertThat(logStart()).isZero();
        assertThat(checkpoints).hasValue(0);
    }

    @Test
    void unknownTopicsAndPartitionsAreRefused() {
        assertThat(only(delete(2, "absent", 0, 1)).errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(only(delete(2, "t", 9, 1)).errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(logStart()).isZero();
    }

    @Test
    void partitionLedElsewhereIsNotLeaderOrFollower() {
        TopicAssignment topic = TopicAssignment.of("t", DataPathFixture.TOPIC_ID,
                Map.of(0, List.of(0), 1, List.of(0), 2, List.of(1)));
        PartitionState local = new PartitionState(0, 0, List.of(0), 1, 0);
        fixture.replicaManager.onMetadata(new ClusterSnapshot(Map.of(), Map.of("t", topic), Map.of("t", Map.of(
                0, local, 1, local, 2, new PartitionState(1, 0, List.of(1), 1, 0))), OptionalInt.empty()));

        assertThat(only(delete(2, "t", 2, 0)).errorCode()).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER.code());
    }

    @Test
    void internalTopicsAreNotTouched() {
        assertThat(only(delete(2, "__consumer_offsets", 0, 0)).errorCode())
                .isEqualTo(Errors.INVALID_TOPIC_EXCEPTION.code());
    }

    @Test
    void partitionsFailIndependentlyInOneRequest() {
        DeleteRecordsRequestData request = new DeleteRecordsRequestData().setTopics(List.of(
                new DeleteRecordsTopic().setName("t").setPartitions(List.of(
                        new DeleteRecordsPartition().setPartitionIndex(0).setOffset(2),
                        new DeleteRecordsPartition().setPartitionIndex(1).setOffset(4)))));
        DeleteRecordsResponseData response = handler.handle(context(ApiMessageType.DELETE_RECORDS, 2), request)
                .toCompletableFuture().join();
        assertThat(response.topics().get(0).partitions()).satisfiesExactly(
                p0 -> assertThat(p0.lowWatermark()).isEqualTo(2),
                p1 -> assertThat(p1.errorCode()).isEqualTo(Errors.OFFSET_OUT_OF_RANGE.code()));
    }
}
