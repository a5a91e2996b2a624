package io.skiff.broker.handler;

import io.skiff.broker.network.ApiHandler;
import io.skiff.broker.network.RequestContext;
import io.skiff.log.TopicPartition;
import io.skiff.replication.partition.OffsetAndEpoch;
import io.skiff.replication.partition.ReplicaManager;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.ListOffsetsRequestData;
import io.skiff.wire.message.ListOffsetsResponseData;
import io.skiff.wire.message.ListOffsetsResponseData.ListOffsetsPartitionResponse;
import io.skiff.wire.message.ListOffsetsResponseData.ListOffsetsTopicResponse;
import io.skiff.wire.protocol.Errors;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;

/**
 * ListOffsets (v1+): earliest (-2), latest (-1), max timestamp (-3, v7+), earliest local (-4, v8+),
 * latest tiered (-5, v9+), earliest pending upload (-6, v11+; both find nothing without tiered
 * storage) or the first offset at or after a timestamp. A sentinel the request's version does not
 * know, or an unknown negative timestamp, gets UNSUPPORTED_VERSION for its partition, as in Kafka's
 * {@code ReplicaManager.isListOffsetsTimestampUnsupported}. A consumer (replica id -1) sees offsets
 * up to the high watermark; the debugging replica id -2 sees the log end. A partition listed twice
 * gets INVALID_REQUEST, as in Kafka. Lookups (time index and segment reads) run on the I/O pool.
 * Stateless.
 */
public final class ListOffsetsHandler implements ApiHandler<ListOffsetsRequestData> {
    private static final int CONSUMER_REPLICA_ID = -1;
    private static final short LEADER_EPOCH_VERSION = 4;

    private final ReplicaManager replicaManager;
    private final Executor lookupExecutor;

    /**
     * @param lookupExecutor where lookups run (the broker's I/O pool; tests pass {@code Runnable::run})
     */
    public ListOffsetsHandler(ReplicaManager replicaManager, Executor lookupExecutor) {
        this.replicaManager = replicaManager;
        this.lookupExecutor = lookupExecutor;
    }

    @Override
    public ApiMessageType apiType() {
        return ApiMessageType.LIST_OFFSETS;
    }

    @Override
    public CompletionStage<ListOffsetsResponseData> handle(RequestContext context, ListOffsetsRequestData request) {
        boolean bounded = request.replicaId() == CONSUMER_REPLICA_ID;
        Set<TopicPartition> seen = new HashSet<>();
        Set<TopicPartition> duplicates = new HashSet<>();
        for (ListOffsetsRequestData.ListOffsetsTopic t : request.topics()) {
            for (ListOffsetsRequestData.ListOffsetsPartition p : t.partitions()) {
                TopicPartition tp = new TopicPartition(t.name(), p.partitionIndex());
                if (!seen.add(tp)) {
                    duplicates.add(tp);
                }
            }
        }
        short version = context.apiVersion();
        return CompletableFuture.supplyAsync(() -> response(version, request, (tp, p) -> duplicates.contains(tp)
                ? OffsetAndEpoch.error(Errors.INVALID_REQUEST)
                : timestampUnsupported(p.timestamp(), version)
                        ? OffsetAndEpoch.error(Errors.UNSUPPORTED_VERSION)
                        : replicaManager.listOffset(tp, p.timestamp(), p.currentLeaderEpoch(), bounded)), lookupExecutor);
    }

    /** Whether {@code timestamp} is a sentinel unknown at {@code version} (or no sentinel at all). */
    static boolean timestampUnsupported(long timestamp, short version) {
        if (timestamp >= 0) {
            return false;
        }
        int firstVersion;
        if (timestamp == -1L || timestamp == -2L) {
            firstVersion = 1;
        } else if (timestamp == -3L) {
            firstVersion = 7;
        } else if (timestamp == ReplicaManager.EARLIEST_LOCAL_TIMESTAMP) {
            firstVersion = 8;
        } else if (timestamp == ReplicaManager.LATEST_TIERED_TIMESTAMP) {
            firstVersion = 9;
        } else if (timestamp == ReplicaManager.EARLIEST_PENDING_UPLOAD_TIMESTAMP) {
            firstVersion = 11;
        } else {
            return true;
        }
        return version < firstVersion;
    }

    private static ListOffsetsResponseData response(short version, ListOffsetsRequestData request,
            BiFunction<TopicPartition, ListOffsetsRequestData.ListOffsetsPartition, OffsetAndEpoch> answer) {
        List<ListOffsetsTopicResponse> topics = new ArrayList<>();
        for (ListOffsetsRequestData.ListOffsetsTopic t : request.topics()) {
            List<ListOffsetsPartitionResponse> partitions = new ArrayList<>();
            for (ListOffsetsRequestData.ListOffsetsPartition p : t.partitions()) {
                OffsetAndEpoch r = answer.apply(new TopicPartition(t.name(), p.partitionIndex()), p);
                ListOffsetsPartitionResponse partition = new ListOffsetsPartitionResponse()
                        .setPartitionIndex(p.partitionIndex())
                        .setErrorCode(r.error().code())
                        .setTimestamp(r.timestamp())
                        .setOffset(r.offset());
                // LeaderEpoch exists from v4 and is not ignorable: older clients (librdkafka asks
                // for v2) get the response without it, as Kafka answers them.
                if (version >= LEADER_EPOCH_VERSION) {
                    partition.setLeaderEpoch(r.leaderEpoch());
                }
                partitions.add(partition);
            }
            topics.add(new ListOffsetsTopicResponse().setName(t.name()).setPartitions(partitions));
        }
        return new ListOffsetsResponseData().setTopics(topics);
    }

    @Override
    public ListOffsetsResponseData errorResponse(RequestContext context, ListOffsetsRequestData request, Errors error) {
        OffsetAndEpoch r = OffsetAndEpoch.error(error);
        return response(context.apiVersion(), request, (tp, p) -> r);
    }
}
