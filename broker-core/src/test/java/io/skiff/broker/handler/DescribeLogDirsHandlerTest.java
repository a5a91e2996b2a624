package io.skiff.broker.handler;

import static io.skiff.broker.handler.DataPathFixture.batch;
import static io.skiff.broker.handler.DataPathFixture.context;
import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.log.TopicPartition;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.DescribeLogDirsRequestData;
import io.skiff.wire.message.DescribeLogDirsRequestData.DescribableLogDirTopic;
import io.skiff.wire.message.DescribeLogDirsResponseData;
import io.skiff.wire.message.DescribeLogDirsResponseData.DescribeLogDirsPartition;
import io.skiff.wire.message.DescribeLogDirsResponseData.DescribeLogDirsResult;
import io.skiff.wire.protocol.Errors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DescribeLogDirsHandlerTest {
    @TempDir
    Path dir;

    private DataPathFixture fixture;

    @BeforeEach
    void setUp() throws IOException {
        fixture = new DataPathFixture(dir);
        fixture.replicaManager.appendRecords((short) 1, 1000, Map.of(new TopicPartition("t", 0),
                batch("one", "two", "three"))).join();
    }

    @AfterEach
    void tearDown() throws IOException {
        fixture.close();
    }

    private DescribeLogDirsResponseData describe(int version, List<Path> dirs, List<DescribableLogDirTopic> topics) {
        DescribeLogDirsHandler handler = new DescribeLogDirsHandler(dirs, fixture.logManager, fixture.replicaManager,
                Runnable::run);
        DescribeLogDirsResponseData response = handler.handle(context(ApiMessageType.DESCRIBE_LOG_DIRS, version),
                new DescribeLogDirsRequestData().setTopics(topics)).toCompletableFuture().join();
        return Contexts.encodable(response, version);
    }

    private static long segmentFileBytes(Path partitionDir) throws IOException {
        try (Stream<Path> files = Files.list(partitionDir)) {
            long total = 0;
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".log")).toList()) {
                total += Files.size(f);
            }
            return total;
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5})
    void everyPartitionIsListedWithTheSizeOfItsSegmentFiles(int version) throws IOException {
        DescribeLogDirsResponseData response = describe(version, List.of(dir), null);

        assertThat(response.errorCode()).isZero();
        DescribeLogDirsResult result = response.results().get(0);
        assertThat(response.results()).hasSize(1);
        assertThat(result.errorCode()).isZero();
        assertThat(result.logDir()).isEqualTo(dir.toAbsolutePath().normalize().toString());
        assertThat(result.topics()).singleElement().satisfies(t -> assertThat(t.name()).isEqualTo("t"));
        List<DescribeLogDirsPartition> partitions = result.topics().get(0).partitions();
        assertThat(partitions).extracting(DescribeLogDirsPartition::partitionIndex).containsExactly(0, 1);
        assertThat(partitions.get(0).partitionSize()).isPositive().isEqualTo(segmentFileBytes(dir.resolve("t-0")));
        assertThat(partitions.get(1).partitionSize()).isZero().isEqualTo(segmentFileBytes(dir.resolve("t-1")));
        assertThat(partitions).allSatisfy(p -> {
            assertThat(p.offsetLag()).isZero();
            assertThat(p.isFutureKey()).isFalse();
        });
        assertThat(result.totalBytes()).isEqualTo(Files.getFileStore(dir).getTotalSpace());
        assertThat(result.usableBytes()).isPositive().isLessThanOrEqualTo(result.totalBytes());
    }

    @Test
    void namedPartitionsOnlyAndUnknownOnesLeftOut() {
        DescribeLogDirsResponseData response = describe(4, List.of(dir), List.of(
                new DescribableLogDirTopic().setTopic("t").setPartitions(List.of(1, 7)),
                new DescribableLogDirTopic().setTopic("absent").setPartitions(List.of(0))));

        assertThat(response.results().get(0).topics()).singleElement().satisfies(t ->
                assertThat(t.partitions()).extracting(DescribeLogDirsPartition::partitionIndex).containsExactly(1));
    }

    @Test
    void emptyTopicListDescribesTheDirsWithoutPartitions() {
        DescribeLogDirsResponseData response = describe(4, List.of(dir), List.of());
        assertThat(response.results().get(0).errorCode()).isZero();
        assertThat(response.results().get(0).topics()).isEmpty();
    }

    @Test
    void unreadableDirIsAStorageErrorWhileTheOthersAreDescribed() {
        Path missing = dir.resolve("no-such-dir");
        DescribeLogDirsResponseData response = describe(4, List.of(missing, dir), null);

        assertThat(response.results()).hasSize(2);
        assertThat(response.results().get(0).logDir()).isEqualTo(missing.toString());
        assertThat(response.results().get(0).errorCode()).isEqualTo(Errors.KAFKA_STORAGE_ERROR.code());
        assertThat(response.results().get(0).topics()).isEmpty();
        assertThat(response.results().get(1).errorCode()).isZero();
        assertThat(response.results().get(1).topics()).hasSize(1);
    }
}
