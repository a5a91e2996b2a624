package io.skiff.broker.handler;

import io.skiff.broker.admin.ClusterView;
import io.skiff.broker.coordinator.group.GroupAdmin;
import io.skiff.broker.network.ApiHandler;
import io.skiff.broker.network.RequestContext;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.DescribeGroupsRequestData;
import io.skiff.wire.message.DescribeGroupsResponseData;
import io.skiff.wire.protocol.Errors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * DescribeGroups (api key 15), every version: state, protocol and members of each group; an unknown group
 * is "Dead" before v6 and GROUP_ID_NOT_FOUND from v6 (KIP-1043). Stateless.
 */
public final class DescribeGroupsHandler implements ApiHandler<DescribeGroupsRequestData> {
    private static final short NOT_FOUND_ERROR_VERSION = 6;

    private final GroupAdmin admin;

    public DescribeGroupsHandler(GroupAdmin admin) {
        this.admin = admin;
    }

    @Override
    public ApiMessageType apiType() {
        return ApiMessageType.DESCRIBE_GROUPS;
    }

    @Override
    public CompletionStage<DescribeGroupsResponseData> handle(RequestContext context,
                                                              DescribeGroupsRequestData request) {
        DescribeGroupsResponseData response = new DescribeGroupsResponseData();
        boolean unknownIsError = context.apiVersion() >= NOT_FOUND_ERROR_VERSION;
        request.groups().forEach(g -> {
            DescribeGroupsResponseData.DescribedGroup described = admin.describe(g, unknownIsError);
            if (request.includeAuthorizedOperations() && described.errorCode() == Errors.NONE.code()) {
                // No authorizer: every operation on a group is allowed.
                described.setAuthorizedOperations(ClusterView.ALL_GROUP_OPERATIONS);
            }
            response.groups().add(described);
        });
        return CompletableFuture.completedFuture(response);
    }

    @Override
    public DescribeGroupsResponseData errorResponse(RequestContext context, DescribeGroupsRequestData request,
                                                    Errors error) {
        DescribeGroupsResponseData response = new DescribeGroupsResponseData();
        request.groups().forEach(g -> response.groups().add(new DescribeGroupsResponseData.DescribedGroup()
                .setGroupId(g).setErrorCode(error.code()).setGroupState("").setProtocolType("")
                .setProtocolData("")));
        return response;
    }
}
