package io.skiff.broker.handler;

import static io.skiff.broker.handler.DataPathFixture.batch;
import static io.skiff.broker.handler.DataPathFixture.context;
import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.log.TopicPartition;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.ListOffsetsRequestData;
import io.skiff.wire.message.ListOffsetsResponseData;
import io.skiff.wire.protocol.ByteBufferAccessor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ListOffsetsHandlerTest {
    @TempDir
    Path dir;

    private DataPathFixture fixture;
    private ListOffsetsHandler handler;

    @BeforeEach
    void setUp() throws IOException {
        fixture = new DataPathFixture(dir);
        handler = new ListOffsetsHandler(fixture.replicaManager, Runnable::run);
        fixture.replicaManager.appendRecords((short) 1, 1000, Map.of(new TopicPartition("t", 0), batch("a", "b"))).join();
    }

    @AfterEach
    void tearDown() throws IOException {
        fixture.close();
    }

    static IntStream versions() {
        ListOffsetsResponseData schema = new ListOffsetsResponseData();
        return IntStream.rangeClosed(schema.lowestSupportedVersion(), schema.highestSupportedVersion());
    }

    /** librdkafka 2.0 asks for v2: a leader epoch (a v4+ field) in its answer could not be written at all. */
    @ParameterizedTest
    @MethodSource("versions")
    void answerIsWritableAtEveryVersionAndCarriesTheLeaderEpochFromV4(int version) {
        ListOffsetsResponseData response = handler.handle(context(ApiMessageType.LIST_OFFSETS, version),
                new ListOffsetsRequestData().setReplicaId(-1).setTopics(List.of(new ListOffsetsRequestData.ListOffsetsTopic()
                        .setName("t").setPartitions(List.of(
                                new ListOffsetsRequestData.ListOffsetsPartition().setPartitionIndex(0).setTimestamp(-1))))))
                .toCompletableFuture().join();

        ByteBuffer buffer = ByteBuffer.allocate(response.size((short) version));
        response.write(new ByteBufferAccessor(buffer), (short) version);

        ListOffsetsResponseData.ListOffsetsPartitionResponse p = response.topics().get(0).partitions().get(0);
        assertThat(buffer.hasRemaining()).isFalse();
        assertThat(p.offset()).isEqualTo(2);
        assertThat(p.leaderEpoch()).isEqualTo(version >= 4 ? 0 : -1);
    }
}
