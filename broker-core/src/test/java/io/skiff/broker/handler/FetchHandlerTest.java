package io.skiff.broker.handler;

import static io.skiff.broker.handler.DataPathFixture.batch;
import static io.skiff.broker.handler.DataPathFixture.context;
import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.broker.network.FileRecordsPayload;
import io.skiff.log.TopicPartition;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.FetchRequestData;
import io.skiff.wire.message.FetchResponseData;
import io.skiff.wire.message.ListOffsetsRequestData;
import io.skiff.wire.message.ListOffsetsResponseData;
import io.skiff.wire.message.OffsetForLeaderEpochRequestData;
import io.skiff.wire.message.OffsetForLeaderEpochResponseData;
import io.skiff.wire.protocol.Errors;
import io.skiff.wire.protocol.Uuid;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FetchHandlerTest {
    private static final long SEED = 20261122L;

    @TempDir
    Path dir;

    private DataPathFixture fixture;
    private FetchHandler handler;

    @BeforeEach
    void setUp() throws IOException {
        fixture = new DataPathFixture(dir);
        handler = new FetchHandler(fixture.replicaManager, new FetchSessionCache(10, new Random(SEED)), Runnable::run);
    }

    @AfterEach
    void tearDown() throws IOException {
        fixture.close();
    }

    private void append(int partition, String... values) {
        fixture.replicaManager.appendRecords((short) 1, 1000, Map.of(new TopicPartition("t", partition), batch(values))).join();
    }

    private static FetchRequestData request(int sessionId, int epoch, int maxWaitMs, long... offsets) {
        List<FetchRequestData.FetchPartition> partitions = new ArrayList<>();
        for (int p = 0; p < offsets.length; p++) {
            if (offsets[p] >= 0) {
                partitions.add(new FetchRequestData.FetchPartition().setPartition(p).setFetchOffset(offsets[p])
                        .setPartitionMaxBytes(1 << 20).setCurrentLeaderEpoch(-1));
            }
        }
        List<FetchRequestData.FetchTopic> topics = new ArrayList<>();
        if (!partitions.isEmpty()) {
            topics.add(new FetchRequestData.FetchTopic().setTopic("t")
                    .setTopicId(TopicIds.toWire(DataPathFixture.TOPIC_ID)).setPartitions(partitions));
        }
        return new FetchRequestData().setMaxWaitMs(maxWaitMs).setMinBytes(1).setMaxBytes(1 << 20)
                .setSessionId(sessionId).setSessionEpoch(epoch).setTopics(topics).setForgottenTopicsData(new ArrayList<>());
    }

    private FetchResponseData fetch(int version, FetchRequestData request) {
        return handler.handle(context(ApiMessageType.FETCH, version), request).toCompletableFuture().join();
    }

    private static List<Integer> partitionsIn(FetchResponseData r) {
        return r.responses().stream().flatMap(t -> t.partitions().stream()).map(FetchResponseData.PartitionData::partitionIndex).toList();
    }

    @Test
    void fetchReturnsRecordsAsFileRegionsWithHighWatermark() {
        append(0, "a", "b");

        FetchResponseData r = fetch(11, request(0, -1, 0, 0, -1));

        FetchResponseData.PartitionData p = r.responses().get(0).partitions().get(0);
        assertThat(r.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(r.sessionId()).isZero();
        assertThat(p.highWatermark()).isEqualTo(2);
        assertThat(p.lastStableOffset()).isEqualTo(2);
        assertThat(p.records()).isInstanceOf(FileRecordsPayload.class);
        assertThat(p.records().sizeInBytes()).isPositive();
        assertThat(p.abortedTransactions()).isNull();
    }

    @Test
    void longPollIsAnsweredByAnAppend() {
        CompletableFuture<FetchResponseData> f = handler.handle(context(ApiMessageType.FETCH, 12),
                request(0, -1, 30_000, 0, -1)).toCompletableFuture();
        assertThat(f).isNotDone();

        append(0, "a");

        assertThat(f).isDone();
        assertThat(f.join().responses().get(0).partitions().get(0).records().sizeInBytes()).isPositive();
    }

    @Test
    void incrementalSessionSendsOnlyChangedPartitions() {
        append(0, "a");
        FetchResponseData full = fetch(12, request(0, 0, 0, 0, 0));
        int session = full.sessionId();
        assertThat(session).isNotZero();
        assertThat(partitionsIn(full)).containsExactly(0, 1);

        FetchResponseData quiet = fetch(12, request(session, 1, 0, 1, -1));
        assertThat(partitionsIn(quiet)).isEmpty();

        append(1, "b");
        FetchResponseData changed = fetch(12, request(session, 2, 0));
        assertThat(changed.sessionId()).isEqualTo(session);
        assertThat(partitionsIn(changed)).containsExactly(1);
    }

    @Test
    void sessionErrorsAreReportedAtTopLevel() {
        int session = fetch(12, request(0, 0, 0, 0)).sessionId();

        assertThat(fetch(12, request(session, 5, 0)).errorCode()).isEqualTo(Errors.INVALID_FETCH_SESSION_EPOCH.code());
        assertThat(fetch(12, request(session + 1, 1, 0)).errorCode()).isEqualTo(Errors.FETCH_SESSION_ID_NOT_FOUND.code());
        assertThat(fetch(12, request(session, -1, 0, 0)).sessionId()).isZero();
        assertThat(fetch(12, request(session, 1, 0)).errorCode()).isEqualTo(Errors.FETCH_SESSION_ID_NOT_FOUND.code());
    }

    @Test
    void noSlotsMeansNoSessions() {
        FetchHandler sessionless = new FetchHandler(fixture.replicaManager, new FetchSessionCache(0, new Random(SEED)), Runnable::run);

        FetchResponseData r = sessionless.handle(context(ApiMessageType.FETCH, 12), request(0, 0, 0, 0))
                .toCompletableFuture().join();

        assertThat(r.sessionId()).isZero();
        assertThat(partitionsIn(r)).containsExactly(0);
    }

    @Test
    void version13FetchesByTopicIdAndReportsUnknownIds() {
        append(0, "a");
        FetchRequestData req = request(0, -1, 0, 0);
        req.topics().add(new FetchRequestData.FetchTopic().setTopicId(new Uuid(3, 3)).setPartitions(List.of(
                new FetchRequestData.FetchPartition().setPartition(0).setFetchOffset(0).setPartitionMaxBytes(100))));
        req.topics().get(0).setTopic("");

        FetchResponseData r = fetch(13, req);

        assertThat(r.responses()).hasSize(2);
        assertThat(r.responses().get(0).topicId()).isEqualTo(TopicIds.toWire(DataPathFixture.TOPIC_ID));
        assertThat(r.responses().get(0).partitions().get(0).records().sizeInBytes()).isPositive();
        assertThat(r.responses().get(1).partitions().get(0).errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_ID.code());
    }

    @Test
    void outOfRangeOffsetIsReported() {
        FetchResponseData r = fetch(11, request(0, -1, 0, 5));

        assertThat(r.responses().get(0).partitions().get(0).errorCode()).isEqualTo(Errors.OFFSET_OUT_OF_RANGE.code());
    }

    @Test
    void listOffsetsAndOffsetForLeaderEpochAnswerFromTheLeader() {
        append(0, "a", "b", "c");
        ListOffsetsHandler listOffsets = new ListOffsetsHandler(fixture.replicaManager, Runnable::run);
        OffsetForLeaderEpochHandler epochs = new OffsetForLeaderEpochHandler(fixture.replicaManager);

        ListOffsetsResponseData lo = listOffsets.handle(context(ApiMessageType.LIST_OFFSETS, 7),
                new ListOffsetsRequestData().setReplicaId(-1).setTopics(List.of(new ListOffsetsRequestData.ListOffsetsTopic()
                        .setName("t").setPartitions(List.of(
                                new ListOffsetsRequestData.ListOffsetsPartition().setPartitionIndex(0).setTimestamp(-1),
                                new ListOffsetsRequestData.ListOffsetsPartition().setPartitionIndex(1).setTimestamp(-2))))))
                .toCompletableFuture().join();
        OffsetForLeaderEpochResponseData oe = epochs.handle(context(ApiMessageType.OFFSET_FOR_LEADER_EPOCH, 4),
                new OffsetForLeaderEpochRequestData().setReplicaId(-1).setTopics(List.of(
                        new OffsetForLeaderEpochRequestData.OffsetForLeaderTopic().setTopic("t").setPartitions(List.of(
                                new OffsetForLeaderEpochRequestData.OffsetForLeaderPartition().setPartition(0)
                                        .setCurrentLeaderEpoch(0).setLeaderEpoch(0))))))
                .toCompletableFuture().join();

        assertThat(lo.topics().get(0).partitions().get(0).offset()).isEqualTo(3);
        assertThat(lo.topics().get(0).partitions().get(0).leaderEpoch()).isZero();
        assertThat(lo.topics().get(0).partitions().get(1).offset()).isZero();
        assertThat(oe.topics().get(0).partitions().get(0).endOffset()).isEqualTo(3);
        assertThat(oe.topics().get(0).partitions().get(0).leaderEpoch()).isZero();
    }

    @Test
    void listOffsetsSentinelsNewerThanTheRequestVersionAreUnsupported() {
        append(0, "a");
        ListOffsetsHandler listOffsets = new ListOffsetsHandler(fixture.replicaManager, Runnable::run);
        long[] sentinels = {-1, -2, -3, -4, -5, -6, -7};
        // Kafka's first version for each: -1/-2 v1, -3 v7, -4 v8, -5 v9, -6 v11; -7 never.
        int[] firstVersion = {1, 1, 7, 8, 9, 11, Integer.MAX_VALUE};
        for (short version = 1; version <= 11; version++) {
            for (int i = 0; i < sentinels.length; i++) {
                ListOffsetsResponseData one = listOffsets.handle(context(ApiMessageType.LIST_OFFSETS, version),
                        new ListOffsetsRequestData().setReplicaId(-1).setTopics(List.of(new ListOffsetsRequestData.ListOffsetsTopic()
                                .setName("t").setPartitions(List.of(new ListOffsetsRequestData.ListOffsetsPartition()
                                        .setPartitionIndex(0).setTimestamp(sentinels[i]))))))
                        .toCompletableFuture().join();
                Errors expected = version >= firstVersion[i] ? Errors.NONE : Errors.UNSUPPORTED_VERSION;
                assertThat(Errors.forCode(one.topics().get(0).partitions().get(0).errorCode()))
                        .as("timestamp %d at v%d", sentinels[i], version).isEqualTo(expected);
            }
        }
    }
}
