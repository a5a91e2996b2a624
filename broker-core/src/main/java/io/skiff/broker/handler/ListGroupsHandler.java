package io.skiff.broker.handler;

import io.skiff.broker.coordinator.group.GroupAdmin;
import io.skiff.broker.network.ApiHandler;
import io.skiff.broker.network.RequestContext;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.ListGroupsRequestData;
import io.skiff.wire.message.ListGroupsResponseData;
import io.skiff.wire.protocol.Errors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** ListGroups (api key 16), every version: the groups this broker coordinates, with v4 state and v5 type filters. */
public final class ListGroupsHandler implements ApiHandler<ListGroupsRequestData> {
    private final GroupAdmin admin;

    public ListGroupsHandler(GroupAdmin admin) {
        this.admin = admin;
    }

    @Override
    public ApiMessageType apiType() {
        return ApiMessageType.LIST_GROUPS;
    }

    @Override
    public CompletionStage<ListGroupsResponseData> handle(RequestContext context, ListGroupsRequestData request) {
        Errors status = admin.listStatus();
        if (status != Errors.NONE) {
            return CompletableFuture.completedFuture(new ListGroupsResponseData().setErrorCode(status.code()));
        }
        return CompletableFuture.completedFuture(new ListGroupsResponseData()
                .setGroups(admin.list(request.statesFilter(), request.typesFilter())));
    }

    @Override
    public ListGroupsResponseData errorResponse(RequestContext context, ListGroupsRequestData request, Errors error) {
        return new ListGroupsResponseData().setErrorCode(error.code());
    }
}
