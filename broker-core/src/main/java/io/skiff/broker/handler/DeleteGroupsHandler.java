package io.skiff.broker.handler;

import io.skiff.broker.coordinator.group.GroupAdmin;
import io.skiff.broker.network.ApiHandler;
import io.skiff.broker.network.RequestContext;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.DeleteGroupsRequestData;
import io.skiff.wire.message.DeleteGroupsResponseData;
import io.skiff.wire.message.DeleteGroupsResponseData.DeletableGroupResult;
import io.skiff.wire.protocol.Errors;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** DeleteGroups (api key 42), every version: deletes empty groups and their offsets, one error per group. */
public final class DeleteGroupsHandler implements ApiHandler<DeleteGroupsRequestData> {
    private final GroupAdmin admin;

    public DeleteGroupsHandler(GroupAdmin admin) {
        this.admin = admin;
    }

    @Override
    public ApiMessageType apiType() {
        return ApiMessageType.DELETE_GROUPS;
    }

    @Override
    public CompletionStage<DeleteGroupsResponseData> handle(RequestContext context, DeleteGroupsRequestData request) {
        List<String> names = request.groupsNames();
        List<CompletableFuture<Errors>> pending = new ArrayList<>();
        names.forEach(g -> pending.add(admin.delete(g)));
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            DeleteGroupsResponseData response = new DeleteGroupsResponseData();
            for (int i = 0; i < names.size(); i++) {
                response.results().add(new DeletableGroupResult().setGroupId(names.get(i))
                        .setErrorCode(pending.get(i).join().code()));
            }
            return response;
        });
    }

    @Override
    public DeleteGroupsResponseData errorResponse(RequestContext context, DeleteGroupsRequestData request,
                                                  Errors error) {
        DeleteGroupsResponseData response = new DeleteGroupsResponseData();
        request.groupsNames().forEach(g -> response.results().add(new DeletableGroupResult().setGroupId(g)
                .setErrorCode(error.code())));
        return response;
    }
}
