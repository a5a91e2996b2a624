package io.skiff.broker.handler;

import io.skiff.broker.coordinator.group.GroupCoordinator;
import io.skiff.broker.network.ApiHandler;
import io.skiff.broker.network.RequestContext;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.LeaveGroupRequestData;
import io.skiff.wire.message.LeaveGroupResponseData;
import io.skiff.wire.protocol.Errors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** LeaveGroup (api key 13), single member (v0-v2) or a batch with per-member errors (v3+). Stateless. */
public final class LeaveGroupHandler implements ApiHandler<LeaveGroupRequestData> {
    private final GroupCoordinator coordinator;

    public LeaveGroupHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiMessageType apiType() {
        return ApiMessageType.LEAVE_GROUP;
    }

    @Override
    public CompletionStage<LeaveGroupResponseData> handle(RequestContext context, LeaveGroupRequestData request) {
        return CompletableFuture.completedFuture(coordinator.leaveGroup(request, context.apiVersion()));
    }

    @Override
    public LeaveGroupResponseData errorResponse(RequestContext context, LeaveGroupRequestData request, Errors error) {
        return new LeaveGroupResponseData().setErrorCode(error.code());
    }
}
