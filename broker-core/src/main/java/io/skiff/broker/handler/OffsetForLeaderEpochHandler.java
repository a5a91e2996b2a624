package io.skiff.broker.handler;

import io.skiff.broker.network.ApiHandler;
import io.skiff.broker.network.RequestContext;
import io.skiff.log.TopicPartition;
import io.skiff.replication.partition.OffsetAndEpoch;
import io.skiff.replication.partition.ReplicaManager;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.OffsetForLeaderEpochRequestData;
import io.skiff.wire.message.OffsetForLeaderEpochResponseData;
import io.skiff.wire.message.OffsetForLeaderEpochResponseData.EpochEndOffset;
import io.skiff.wire.message.OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult;
import io.skiff.wire.protocol.Errors;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * OffsetForLeaderEpoch (KIP-101, KIP-320): the end offset of a leader epoch, answered by the leader
 * from its leader-epoch cache. Consumers use it to detect log truncation after an unclean leader
 * change; followers to find where to truncate. Stateless.
 */
public final class OffsetForLeaderEpochHandler implements ApiHandler<OffsetForLeaderEpochRequestData> {
    private final ReplicaManager replicaManager;

    public OffsetForLeaderEpochHandler(ReplicaManager replicaManager) {
        this.replicaManager = replicaManager;
    }

    @Override
    public ApiMessageType apiType() {
        return ApiMessageType.OFFSET_FOR_LEADER_EPOCH;
    }

    @Override
    public CompletionStage<OffsetForLeaderEpochResponseData> handle(RequestContext context,
                                                                    OffsetForLeaderEpochRequestData request) {
        return CompletableFuture.completedFuture(response(request, p -> replicaManager.lastOffsetForLeaderEpoch(
                p.tp, p.request.currentLeaderEpoch(), p.request.leaderEpoch())));
    }

    private record Query(TopicPartition tp, OffsetForLeaderEpochRequestData.OffsetForLeaderPartition request) {}

    private static OffsetForLeaderEpochResponseData response(OffsetForLeaderEpochRequestData request,
                                                             Function<Query, OffsetAndEpoch> answer) {
        List<OffsetForLeaderTopicResult> topics = new ArrayList<>();
        for (OffsetForLeaderEpochRequestData.OffsetForLeaderTopic t : request.topics()) {
            List<EpochEndOffset> partitions = new ArrayList<>();
            for (OffsetForLeaderEpochRequestData.OffsetForLeaderPartition p : t.partitions()) {
                OffsetAndEpoch r = answer.apply(new Query(new TopicPartition(t.topic(), p.partition()), p));
                partitions.add(new EpochEndOffset()
                        .setPartition(p.partition())
                        .setErrorCode(r.error().code())
                        .setLeaderEpoch(r.leaderEpoch())
                        .setEndOffset(r.offset()));
            }
            topics.add(new OffsetForLeaderTopicResult().setTopic(t.topic()).setPartitions(partitions));
        }
        return new OffsetForLeaderEpochResponseData().setTopics(topics);
    }

    @Override
    public OffsetForLeaderEpochResponseData errorResponse(RequestContext context, OffsetForLeaderEpochRequestData request,
                                                          Errors error) {
        OffsetAndEpoch r = OffsetAndEpoch.error(error);
        return response(request, q -> r);
    }
}
