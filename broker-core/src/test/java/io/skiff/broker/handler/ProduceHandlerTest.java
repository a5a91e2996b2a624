package io.skiff.broker.handler;

import static io.skiff.broker.handler.DataPathFixture.batch;
import static io.skiff.broker.handler.DataPathFixture.context;
import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.ProduceRequestData;
import io.skiff.wire.message.ProduceResponseData;
import io.skiff.wire.protocol.Errors;
import io.skiff.wire.protocol.MemoryRecordsPayload;
import io.skiff.wire.protocol.Uuid;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProduceHandlerTest {
    @TempDir
    Path dir;

    private DataPathFixture fixture;
    private ProduceHandler handler;

    @BeforeEach
    void setUp() throws IOException {
        fixture = new DataPathFixture(dir);
        handler = new ProduceHandler(fixture.replicaManager, Runnable::run);
    }

    @AfterEach
    void tearDown() throws IOException {
        fixture.close();
    }

    private static ProduceRequestData request(short acks, String topic, Uuid topicId, int partition, ByteBuffer records) {
        List<ProduceRequestData.PartitionProduceData> partitions = new ArrayList<>();
        partitions.add(new ProduceRequestData.PartitionProduceData().setIndex(partition)
                .setRecords(new MemoryRecordsPayload(records)));
        List<ProduceRequestData.TopicProduceData> topics = new ArrayList<>();
        topics.add(new ProduceRequestData.TopicProduceData().setName(topic).setTopicId(topicId).setPartitionData(partitions));
        return new ProduceRequestData().setAcks(acks).setTimeoutMs(30_000).setTopicData(topics);
    }

    private ProduceResponseData.PartitionProduceResponse produce(int version, ProduceRequestData request) {
        ProduceResponseData r = handler.handle(context(ApiMessageType.PRODUCE, version), request).toCompletableFuture().join();
        return r.responses().get(0).partitionResponses().get(0);
    }

    @Test
    void acksAllProduceReturnsBaseOffsetsOnSingleReplica() {
        ProduceResponseData.PartitionProduceResponse first = produce(9, request((short) -1, "t", Uuid.ZERO_UUID, 0, batch("a", "b")));
        ProduceResponseData.PartitionProduceResponse second = produce(9, request((short) -1, "t", Uuid.ZERO_UUID, 0, batch("c")));

        assertThat(first.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(first.baseOffset()).isZero();
        assertThat(second.baseOffset()).isEqualTo(2);
        assertThat(second.logAppendTimeMs()).isEqualTo(-1);
        assertThat(second.logStartOffset()).isZero();
    }

    @Test
    void invalidAcksAreRejected() {
        assertThat(produce(9, request((short) 2, "t", Uuid.ZERO_UUID, 0, batch("a"))).errorCode())
                .isEqualTo(Errors.INVALID_REQUIRED_ACKS.code());
    }

    @Test
    void acksZeroSendsNoResponseButAppends() {
        CompletableFuture<ProduceResponseData> f = handler.handle(context(ApiMessageType.PRODUCE, 9),
                request((short) 0, "t", Uuid.ZERO_UUID, 0, batch("a"))).toCompletableFuture();

        assertThat(f.join()).isNull();
        assertThat(fixture.replicaManager.partition(new io.skiff.log.TopicPartition("t", 0)).orElseThrow()
                .log().logEndOffset()).isEqualTo(1);
    }

    @Test
    void acksZeroFailureAsksForTheConnectionToBeClosed() {
        CompletableFuture<ProduceResponseData> f = handler.handle(context(ApiMessageType.PRODUCE, 9),
                request((short) 0, "missing", Uuid.ZERO_UUID, 0, batch("a"))).toCompletableFuture();

        assertThat(f).failsWithin(java.time.Duration.ofSeconds(10))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause().isInstanceOf(io.skiff.broker.network.CloseConnectionException.class)
                .withMessageContaining("missing-0=UNKNOWN_TOPIC_OR_PARTITION");
    }

    @Test
    void twoBatchesInOnePartitionAreInvalid() {
        ByteBuffer a = batch("a");
        ByteBuffer b = batch("b");
        ByteBuffer both = ByteBuffer.allocate(a.remaining() + b.remaining()).put(a).put(b).flip();

        assertThat(produce(9, request((short) 1, "t", Uuid.ZERO_UUID, 0, both)).errorCode())
                .isEqualTo(Errors.INVALID_RECORD.code());
    }

    @Test
    void unknownTopicAndCorruptBatchGetTheirErrors() {
        ByteBuffer corrupt = batch("a");
        corrupt.put(corrupt.limit() - 1, (byte) (corrupt.get(corrupt.limit() - 1) ^ 1));

        assertThat(produce(9, request((short) 1, "missing", Uuid.ZERO_UUID, 0, batch("a"))).errorCode())
                .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(produce(9, request((short) 1, "t", Uuid.ZERO_UUID, 0, corrupt)).errorCode())
                .isEqualTo(Errors.CORRUPT_MESSAGE.code());
    }

    @Test
    void version13ResolvesTopicIds() {
        Uuid known = TopicIds.toWire(DataPathFixture.TOPIC_ID);
        ProduceResponseData ok = handler.handle(context(ApiMessageType.PRODUCE, 13),
                request((short) 1, "", known, 1, batch("a"))).toCompletableFuture().join();
        ProduceResponseData.PartitionProduceResponse unknown =
                produce(13, request((short) 1, "", new Uuid(1, 1), 0, batch("a")));

        assertThat(ok.responses().get(0).topicId()).isEqualTo(known);
        assertThat(ok.responses().get(0).partitionResponses().get(0).errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(unknown.errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_ID.code());
    }

    @Test
    void appendsOfOneConnectionRunInArrivalOrderOnAPool() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            ProduceHandler pooled = new ProduceHandler(fixture.replicaManager, pool);
            List<CompletableFuture<ProduceResponseData>> responses = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                responses.add(pooled.handle(context(ApiMessageType.PRODUCE, 9),
                        request((short) 1, "t", Uuid.ZERO_UUID, 0, batch("v" + i))).toCompletableFuture());
            }
            for (int i = 0; i < 50; i++) {
                assertThat(responses.get(i).get(30, TimeUnit.SECONDS).responses().get(0).partitionResponses().get(0)
                        .baseOffset()).isEqualTo(i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void advertisesFromVersionZeroButAcceptsFromThree() {
        assertThat(handler.advertisedMinVersion()).isZero();
        assertThat(handler.minVersion()).isEqualTo((short) 3);
    }
}
