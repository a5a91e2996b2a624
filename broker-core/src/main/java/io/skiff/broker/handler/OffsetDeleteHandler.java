package io.skiff.broker.handler;

import io.skiff.broker.coordinator.group.OffsetManager;
import io.skiff.broker.network.ApiHandler;
import io.skiff.broker.network.RequestContext;
import io.skiff.log.TopicPartition;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.OffsetDeleteRequestData;
import io.skiff.wire.message.OffsetDeleteResponseData;
import io.skiff.wire.message.OffsetDeleteResponseData.OffsetDeleteResponsePartition;
import io.skiff.wire.message.OffsetDeleteResponseData.OffsetDeleteResponseTopic;
import io.skiff.wire.protocol.Errors;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** OffsetDelete (api key 47), every version: deletes a group's committed offsets for unsubscribed topics. */
public final class OffsetDeleteHandler implements ApiHandler<OffsetDeleteRequestData> {
    private final OffsetManager offsets;

    public OffsetDeleteHandler(OffsetManager offsets) {
        this.offsets = offsets;
    }

    @Override
    public ApiMessageType apiType() {
        return ApiMessageType.OFFSET_DELETE;
    }

    @Override
    public CompletionStage<OffsetDeleteResponseData> handle(RequestContext context, OffsetDeleteRequestData request) {
        List<TopicPartition> partitions = new ArrayList<>();
        request.topics().forEach(t -> t.partitions().forEach(p ->
                partitions.add(new TopicPartition(t.name(), p.partitionIndex()))));
        return offsets.deleteOffsets(request.groupId(), partitions).thenApply(result -> {
            if (result.error() != Errors.NONE) {
                return new OffsetDeleteResponseData().setErrorCode(result.error().code());
            }
            OffsetDeleteResponseData response = new OffsetDeleteResponseData();
            for (OffsetDeleteRequestData.OffsetDeleteRequestTopic t : request.topics()) {
                OffsetDeleteResponseTopic topic = new OffsetDeleteResponseTopic().setName(t.name());
                t.partitions().forEach(p -> topic.partitions().add(new OffsetDeleteResponsePartition()
                        .setPartitionIndex(p.partitionIndex())
                        .setErrorCode(result.partitions().get(new TopicPartition(t.name(), p.partitionIndex())).code())));
                response.topics().add(topic);
            }
            return response;
        });
    }

    @Override
    public OffsetDeleteResponseData errorResponse(RequestContext context, OffsetDeleteRequestData request,
                                                  Errors error) {
        return new OffsetDeleteResponseData().setErrorCode(error.code());
    }
}
