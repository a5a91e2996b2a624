package io.skiff.broker.handler;

import io.skiff.broker.coordinator.group.GroupCoordinator;
import io.skiff.broker.network.ApiHandler;
import io.skiff.broker.network.RequestContext;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.SyncGroupRequestData;
import io.skiff.wire.message.SyncGroupResponseData;
import io.skiff.wire.protocol.Errors;
import java.util.concurrent.CompletionStage;

/** SyncGroup (api key 14), every version: the answer waits for the leader's assignment. Stateless. */
public final class SyncGroupHandler implements ApiHandler<SyncGroupRequestData> {
    private final GroupCoordinator coordinator;

    public SyncGroupHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiMessageType apiType() {
        return ApiMessageType.SYNC_GROUP;
    }

    @Override
    public CompletionStage<SyncGroupResponseData> handle(RequestContext context, SyncGroupRequestData request) {
        return coordinator.syncGroup(request);
    }

    @Override
    public SyncGroupResponseData errorResponse(RequestContext context, SyncGroupRequestData request, Errors error) {
        return new SyncGroupResponseData().setErrorCode(error.code()).setAssignment(new byte[0]);
    }
}
