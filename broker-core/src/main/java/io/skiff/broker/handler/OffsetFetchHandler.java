package io.skiff.broker.handler;

import io.skiff.broker.coordinator.group.CommittedOffset;
import io.skiff.broker.coordinator.group.OffsetManager;
import io.skiff.broker.network.ApiHandler;
import io.skiff.broker.network.RequestContext;
import io.skiff.log.TopicPartition;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.OffsetFetchRequestData;
import io.skiff.wire.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import io.skiff.wire.message.OffsetFetchRequestData.OffsetFetchRequestTopics;
import io.skiff.wire.message.OffsetFetchResponseData;
import io.skiff.wire.message.OffsetFetchResponseData.OffsetFetchResponseGroup;
import io.skiff.wire.message.OffsetFetchResponseData.OffsetFetchResponsePartition;
import io.skiff.wire.message.OffsetFetchResponseData.OffsetFetchResponsePartitions;
import io.skiff.wire.message.OffsetFetchResponseData.OffsetFetchResponseTopic;
import io.skiff.wire.message.OffsetFetchResponseData.OffsetFetchResponseTopics;
import io.skiff.wire.protocol.Errors;
import io.skiff.wire.protocol.Uuid;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * OffsetFetch (api key 9), every version Kafka advertises (v1-v10): one group (v1-v7; a null topic list from
 * v2 means every committed offset) or several (v8+), topics by name up to v9 and by id from v10. A partition
 * without a commit answers offset -1 and empty metadata. A group error goes per partition before v2, in the
 * top-level error (no topics) from v2, and per group (no topics) from v8, as Kafka's {@code groupError}.
 *
 * <p>v10 (KIP-848): a requested topic id this broker does not know answers UNKNOWN_TOPIC_ID per partition;
 * an offset committed under another id of the same name (a deleted and recreated topic) is no offset; the
 * "every offset" answer names each topic by its current id and leaves out topics that no longer exist.
 *
 * <p>{@code require_stable} (v7+) waits for no pending transactional offsets because there are none yet:
 * the committed offsets are always the stable ones. Stateless.
 */
public final class OffsetFetchHandler implements ApiHandler<OffsetFetchRequestData> {
    private static final short TOP_LEVEL_ERROR_VERSION = 2;
    private static final short MULTI_GROUP_VERSION = 8;
    private static final short TOPIC_ID_VERSION = 10;

    private final OffsetManager offsets;
    private final TopicIdLookup topicIds;

    OffsetFetchHandler(OffsetManager offsets, TopicIdLookup topicIds) {
        this.offsets = offsets;
        this.topicIds = topicIds;
    }

    @Override
    public ApiMessageType apiType() {
        return ApiMessageType.OFFSET_FETCH;
    }

    @Override
    public CompletionStage<OffsetFetchResponseData> handle(RequestContext context, OffsetFetchRequestData request) {
        short version = context.apiVersion();
        OffsetFetchResponseData response = new OffsetFetchResponseData();
        if (version >= MULTI_GROUP_VERSION) {
            for (OffsetFetchRequestGroup g : request.groups()) {
                response.groups().add(fetchGroup(g, version >= TOPIC_ID_VERSION));
            }
            return CompletableFuture.completedFuture(response);
        }
        OffsetFetchRequestGroup single = new OffsetFetchRequestGroup().setGroupId(request.groupId());
        if (request.topics() != null) {
            List<OffsetFetchRequestTopics> topics = new ArrayList<>();
            request.topics().forEach(t -> topics.add(new OffsetFetchRequestTopics().setName(t.name())
                    .setPartitionIndexes(t.partitionIndexes())));
            single.setTopics(topics);
        } else {
            single.setTopics(null);
        }
        OffsetFetchResponseGroup g = fetchGroup(single, false);
        Errors groupError = Errors.forCode(g.errorCode());
        if (groupError != Errors.NONE && version < TOP_LEVEL_ERROR_VERSION && request.topics() != null) {
            g = answer(single, Map.of(), false, groupError); // v1 has only partition-level errors
        }
        for (OffsetFetchResponseTopics t : g.topics()) {
            OffsetFetchResponseTopic topic = new OffsetFetchResponseTopic().setName(t.name());
            for (OffsetFetchResponsePartitions p : t.partitions()) {
                topic.partitions().add(new OffsetFetchResponsePartition()
                        .setPartitionIndex(p.partitionIndex())
                        .setCommittedOffset(p.committedOffset())
                        .setCommittedLeaderEpoch(p.committedLeaderEpoch())
                        .setMetadata(p.metadata())
                        .setErrorCode(p.errorCode()));
            }
            response.topics().add(topic);
        }
        return CompletableFuture.completedFuture(response.setErrorCode(groupError.code()));
    }

    /** One group's answer, in the v8+ shape. */
    private OffsetFetchResponseGroup fetchGroup(OffsetFetchRequestGroup g, boolean byId) {
        if (g.topics() == null) {
            OffsetManager.FetchResult result = offsets.fetch(g.groupId(), null);
            if (result.error() != Errors.NONE) {
                return groupError(g.groupId(), result.error());
            }
            return all(g.groupId(), result.offsets(), byId);
        }
        Map<String, List<Integer>> wanted = new LinkedHashMap<>();
        for (OffsetFetchRequestTopics t : g.topics()) {
            if (byId) {
                Optional<String> name = Uuid.ZERO_UUID.equals(t.topicId()) ? Optional.empty()
                        : topicIds.name(TopicIds.toJava(t.topicId()));
                name.ifPresent(n -> t.setName(n));
                if (name.isEmpty()) {
                    t.setName("");
                    continue;
                }
            }
            wanted.computeIfAbsent(t.name(), n -> new ArrayList<>()).addAll(t.partitionIndexes());
        }
        OffsetManager.FetchResult result = offsets.fetch(g.groupId(), wanted);
        if (result.error() != Errors.NONE) {
            return groupError(g.groupId(), result.error());
        }
        return answer(g, result.offsets(), byId, Errors.NONE);
    }

    /** Every requested partition: its committed offset, -1 without one, or {@code error} for all of them. */
    private static OffsetFetchResponseGroup answer(OffsetFetchRequestGroup g, Map<TopicPartition, CommittedOffset> found,
                                                   boolean byId, Errors error) {
        OffsetFetchResponseGroup group = new OffsetFetchResponseGroup().setGroupId(g.groupId());
        for (OffsetFetchRequestTopics t : g.topics()) {
            OffsetFetchResponseTopics topic = new OffsetFetchResponseTopics().setName(t.name()).setTopicId(t.topicId());
            boolean unknownId = byId && t.name().isEmpty();
            UUID requestedId = byId && !unknownId ? TopicIds.toJava(t.topicId()) : null;
            for (int p : t.partitionIndexes()) {
                CommittedOffset committed = unknownId ? null : found.get(new TopicPartition(t.name(), p));
                if (committed != null && requestedId != null && committed.topicId() != null
                        && !committed.topicId().equals(requestedId)) {
                    committed = null; // committed under an earlier topic of the same name
                }
                Errors partitionError = unknownId ? Errors.UNKNOWN_TOPIC_ID : error;
                topic.partitions().add(partition(p, committed, partitionError));
            }
            group.topics().add(topic);
        }
        return group;
    }

    private OffsetFetchResponseGroup all(String groupId, Map<TopicPartition, CommittedOffset> found, boolean byId) {
        OffsetFetchResponseGroup group = new OffsetFetchResponseGroup().setGroupId(groupId);
        Map<String, OffsetFetchResponseTopics> topics = new LinkedHashMap<>();
        found.forEach((tp, committed) -> {
            Uuid id = Uuid.ZERO_UUID;
            if (byId) {
                Optional<UUID> current = topicIds.id(tp.topic());
                if (current.isEmpty() || (committed.topicId() != null && !committed.topicId().equals(current.get()))) {
                    return; // the topic is gone (or was recreated): no id to name it by
                }
                id = TopicIds.toWire(current.get());
            }
            Uuid topicId = id;
            topics.computeIfAbsent(tp.topic(), n -> new OffsetFetchResponseTopics().setName(n).setTopicId(topicId))
                    .partitions().add(partition(tp.partition(), committed, Errors.NONE));
        });
        group.setTopics(new ArrayList<>(topics.values()));
        return group;
    }

    private static OffsetFetchResponsePartitions partition(int index, CommittedOffset committed, Errors error) {
        return new OffsetFetchResponsePartitions()
                .setPartitionIndex(index)
                .setCommittedOffset(committed == null ? OffsetManager.NO_OFFSET : committed.offset())
                .setCommittedLeaderEpoch(committed == null ? -1 : committed.leaderEpoch())
                .setMetadata(committed == null ? "" : committed.metadata())
                .setErrorCode(error.code());
    }

    private static OffsetFetchResponseGroup groupError(String groupId, Errors error) {
        return new OffsetFetchResponseGroup().setGroupId(groupId).setErrorCode(error.code());
    }

    @Override
    public OffsetFetchResponseData errorResponse(RequestContext context, OffsetFetchRequestData request, Errors error) {
        OffsetFetchResponseData response = new OffsetFetchResponseData().setErrorCode(error.code());
        short version = context.apiVersion();
        if (version >= MULTI_GROUP_VERSION) {
            request.groups().forEach(g -> response.groups().add(groupError(g.groupId(), error)));
        } else if (version < TOP_LEVEL_ERROR_VERSION && request.topics() != null) {
            request.topics().forEach(t -> {
                OffsetFetchResponseTopic topic = new OffsetFetchResponseTopic().setName(t.name());
                t.partitionIndexes().forEach(p -> topic.partitions().add(new OffsetFetchResponsePartition()
                        .setPartitionIndex(p).setCommittedOffset(OffsetManager.NO_OFFSET).setMetadata("")
                        .setErrorCode(error.code())));
                response.topics().add(topic);
            });
        }
        return response;
    }
}
