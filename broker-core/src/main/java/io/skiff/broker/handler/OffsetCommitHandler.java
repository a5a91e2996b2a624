package io.skiff.broker.handler;

import io.skiff.broker.coordinator.group.OffsetManager;
import io.skiff.broker.network.ApiHandler;
import io.skiff.broker.network.RequestContext;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.OffsetCommitRequestData;
import io.skiff.wire.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import io.skiff.wire.message.OffsetCommitResponseData;
import io.skiff.wire.message.OffsetCommitResponseData.OffsetCommitResponsePartition;
import io.skiff.wire.message.OffsetCommitResponseData.OffsetCommitResponseTopic;
import io.skiff.wire.protocol.Errors;
import io.skiff.wire.protocol.Uuid;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * OffsetCommit (api key 8), every version Kafka advertises (v2-v10). Up to v9 topics are named; from v10
 * (KIP-848) they are identified by topic id, resolved here against the cluster view: a topic whose id is
 * unknown (or zero) answers UNKNOWN_TOPIC_ID for each of its partitions without reaching the coordinator,
 * as Kafka's request handler does, and the rest are committed by name (their id stored with the offsets).
 * The answer waits until the offsets are replicated in {@code __consumer_offsets}. Stateless.
 */
public final class OffsetCommitHandler implements ApiHandler<OffsetCommitRequestData> {
    private static final short TOPIC_ID_VERSION = 10;

    private final OffsetManager offsets;
    private final TopicIdLookup topics;

    OffsetCommitHandler(OffsetManager offsets, TopicIdLookup topics) {
        this.offsets = offsets;
        this.topics = topics;
    }

    @Override
    public ApiMessageType apiType() {
        return ApiMessageType.OFFSET_COMMIT;
    }

    @Override
    public CompletionStage<OffsetCommitResponseData> handle(RequestContext context, OffsetCommitRequestData request) {
        short version = context.apiVersion();
        if (version < TOPIC_ID_VERSION) {
            return offsets.commit(request, version);
        }
        List<OffsetCommitRequestTopic> unknown = new ArrayList<>();
        List<OffsetCommitRequestTopic> known = new ArrayList<>();
        for (OffsetCommitRequestTopic t : request.topics()) {
            Optional<String> name = Uuid.ZERO_UUID.equals(t.topicId()) ? Optional.empty()
                    : topics.name(TopicIds.toJava(t.topicId()));
            if (name.isPresent()) {
                known.add(t.setName(name.get()));
            } else {
                unknown.add(t);
            }
        }
        request.setTopics(known);
        CompletableFuture<OffsetCommitResponseData> committed = known.isEmpty()
                ? CompletableFuture.completedFuture(new OffsetCommitResponseData())
                : offsets.commit(request, version);
        return committed.thenApply(response -> {
            for (OffsetCommitRequestTopic t : unknown) {
                OffsetCommitResponseTopic topic = new OffsetCommitResponseTopic().setTopicId(t.topicId());
                t.partitions().forEach(p -> topic.partitions().add(new OffsetCommitResponsePartition()
                        .setPartitionIndex(p.partitionIndex()).setErrorCode(Errors.UNKNOWN_TOPIC_ID.code())));
                response.topics().add(topic);
            }
            return response;
        });
    }

    @Override
    public OffsetCommitResponseData errorResponse(RequestContext context, OffsetCommitRequestData request,
                                                  Errors error) {
        return OffsetManager.uniform(request, error);
    }
}
