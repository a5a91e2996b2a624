package io.skiff.broker.handler;

import io.skiff.broker.coordinator.group.GroupCoordinator;
import io.skiff.broker.network.ApiHandler;
import io.skiff.broker.network.RequestContext;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.HeartbeatRequestData;
import io.skiff.wire.message.HeartbeatResponseData;
import io.skiff.wire.protocol.Errors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Heartbeat (api key 12), every version: keeps a member's session alive. Stateless. */
public final class HeartbeatHandler implements ApiHandler<HeartbeatRequestData> {
    private final GroupCoordinator coordinator;

    public HeartbeatHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiMessageType apiType() {
        return ApiMessageType.HEARTBEAT;
    }

    @Override
    public CompletionStage<HeartbeatResponseData> handle(RequestContext context, HeartbeatRequestData request) {
        return CompletableFuture.completedFuture(
                new HeartbeatResponseData().setErrorCode(coordinator.heartbeat(request).code()));
    }

    @Override
    public HeartbeatResponseData errorResponse(RequestContext context, HeartbeatRequestData request, Errors error) {
        return new HeartbeatResponseData().setErrorCode(error.code());
    }
}
