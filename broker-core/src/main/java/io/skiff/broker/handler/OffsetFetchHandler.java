package io.skiff.broker.handler;

import io.skiff.broker.coordinator.group.OffsetManager;
import io.skiff.broker.network.ApiHandler;
import io.skiff.broker.network.RequestContext;
import io.skiff.log.TopicPartition;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.OffsetFetchRequestData;
import io.skiff.wire.message.OffsetFetchResponseData;
import io.skiff.wire.message.OffsetFetchResponseData.OffsetFetchResponseGroup;
import io.skiff.wire.message.OffsetFetchResponseData.OffsetFetchResponsePartition;
import io.skiff.wire.message.OffsetFetchResponseData.OffsetFetchResponsePartitions;
import io.skiff.wire.message.OffsetFetchResponseData.OffsetFetchResponseTopic;
import io.skiff.wire.message.OffsetFetchResponseData.OffsetFetchResponseTopics;
import io.skiff.wire.protocol.Errors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * OffsetFetch (api key 9), v1-v9: one group (v1-v7; a null topic list from v2 means every committed
 * offset) or several (v8+). A partition without a commit answers offset -1 and empty metadata. A group
 * error goes per partition before v2, in the top-level error from v2, and per group from v8. v10 (topic
 * ids) is not advertised yet. Stateless.
 */
public final class OffsetFetchHandler implements ApiHandler<OffsetFetchRequestData> {
    private static final short MAX_BY_NAME_VERSION = 9;
    private static final short TOP_LEVEL_ERROR_VERSION = 2;
    private static final short MULTI_GROUP_VERSION = 8;

    private final OffsetManager offsets;

    public OffsetFetchHandler(OffsetManager offsets) {
        this.offsets = offsets;
    }

    @Override
    public ApiMessageType apiType() {
        return ApiMessageType.OFFSET_FETCH;
    }

    @Override
    public short maxVersion() {
        return (short) Math.min(MAX_BY_NAME_VERSION, ApiHandler.super.maxVersion());
    }

    @Override
    public CompletionStage<OffsetFetchResponseData> handle(RequestContext context, OffsetFetchRequestData request) {
        short version = context.apiVersion();
        OffsetFetchResponseData response = new OffsetFetchResponseData();
        if (version >= MULTI_GROUP_VERSION) {
            for (OffsetFetchRequestData.OffsetFetchRequestGroup g : request.groups()) {
                Map<String, List<Integer>> wanted = null;
                if (g.topics() != null) {
                    wanted = new LinkedHashMap<>();
                    for (OffsetFetchRequestData.OffsetFetchRequestTopics t : g.topics()) {
                        wanted.put(t.name(), t.partitionIndexes());
                    }
                }
                response.groups().add(group(g.groupId(), wanted, offsets.fetch(g.groupId(), wanted)));
            }
            return CompletableFuture.completedFuture(response);
        }
        Map<String, List<Integer>> wanted = null;
        if (request.topics() != null) {
            wanted = new LinkedHashMap<>();
            for (OffsetFetchRequestData.OffsetFetchRequestTopic t : request.topics()) {
                wanted.put(t.name(), t.partitionIndexes());
            }
        }
        OffsetManager.FetchResult result = offsets.fetch(request.groupId(), wanted);
        OffsetFetchResponseGroup g = group(request.groupId(), wanted, result);
        for (OffsetFetchResponseTopics t : g.topics()) {
            OffsetFetchResponseTopic topic = new OffsetFetchResponseTopic().setName(t.name());
            for (OffsetFetchResponsePartitions p : t.partitions()) {
                Errors partitionError = version < TOP_LEVEL_ERROR_VERSION ? result.error() : Errors.NONE;
                topic.partitions().add(new OffsetFetchResponsePartition()
                        .setPartitionIndex(p.partitionIndex())
                        .setCommittedOffset(p.committedOffset())
                        .setCommittedLeaderEpoch(p.committedLeaderEpoch())
                        .setMetadata(p.metadata())
                        .setErrorCode(partitionError == Errors.NONE ? p.errorCode() : partitionError.code()));
            }
            response.topics().add(topic);
        }
        return CompletableFuture.completedFuture(response.setErrorCode(result.error().code()));
    }

    private static OffsetFetchResponseGroup group(String groupId, Map<String, List<Integer>> wanted,
                                                  OffsetManager.FetchResult result) {
        OffsetFetchResponseGroup group = new OffsetFetchResponseGroup().setGroupId(groupId)
                .setErrorCode(result.error().code());
        Map<String, OffsetFetchResponseTopics> topics = new LinkedHashMap<>();
        if (wanted != null) {
            wanted.forEach((topic, partitions) -> {
                OffsetFetchResponseTopics t = topics.computeIfAbsent(topic,
                        n -> new OffsetFetchResponseTopics().setName(n));
                for (int p : partitions) {
                    var committed = result.offsets().get(new TopicPartition(topic, p));
                    t.partitions().add(new OffsetFetchResponsePartitions()
                            .setPartitionIndex(p)
                            .setCommittedOffset(committed == null ? OffsetManager.NO_OFFSET : committed.offset())
                            .setCommittedLeaderEpoch(committed == null ? -1 : committed.leaderEpoch())
                            .setMetadata(committed == null ? "" : committed.metadata())
                            .setErrorCode(Errors.NONE.code()));
                }
            });
        } else {
            result.offsets().forEach((tp, committed) -> topics.computeIfAbsent(tp.topic(),
                    n -> new OffsetFetchResponseTopics().setName(n)).partitions().add(new OffsetFetchResponsePartitions()
                    .setPartitionIndex(tp.partition())
                    .setCommittedOffset(committed.offset())
                    .setCommittedLeaderEpoch(committed.leaderEpoch())
                    .setMetadata(committed.metadata())
                    .setErrorCode(Errors.NONE.code())));
        }
        group.setTopics(new java.util.ArrayList<>(topics.values()));
        return group;
    }

    @Override
    public OffsetFetchResponseData errorResponse(RequestContext context, OffsetFetchRequestData request, Errors error) {
        OffsetFetchResponseData response = new OffsetFetchResponseData().setErrorCode(error.code());
        if (context.apiVersion() >= MULTI_GROUP_VERSION) {
            request.groups().forEach(g -> response.groups().add(new OffsetFetchResponseGroup()
                    .setGroupId(g.groupId()).setErrorCode(error.code())));
        }
        return response;
    }
}
