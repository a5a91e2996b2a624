package io.skiff.broker.handler;

import io.skiff.broker.coordinator.group.GroupCoordinator;
import io.skiff.broker.network.ApiHandler;
import io.skiff.broker.network.RequestContext;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.JoinGroupRequestData;
import io.skiff.wire.message.JoinGroupResponseData;
import io.skiff.wire.protocol.Errors;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;

/**
 * JoinGroup (api key 11), every version: hands the request to the {@link GroupCoordinator}, whose answer
 * may wait for the group's join barrier. Before v7 the protocol name is not nullable: an error answer
 * carries "". Stateless.
 */
public final class JoinGroupHandler implements ApiHandler<JoinGroupRequestData> {
    private static final short NULLABLE_PROTOCOL_NAME_VERSION = 7;

    private final GroupCoordinator coordinator;

    public JoinGroupHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiMessageType apiType() {
        return ApiMessageType.JOIN_GROUP;
    }

    @Override
    public CompletionStage<JoinGroupResponseData> handle(RequestContext context, JoinGroupRequestData request) {
        short version = context.apiVersion();
        String host = context.clientAddress() instanceof InetSocketAddress a ? "/" + a.getAddress().getHostAddress()
                : String.valueOf(context.clientAddress());
        return coordinator.joinGroup(request, version, context.clientId(), host)
                .thenApply(r -> fixForVersion(r, version));
    }

    private static JoinGroupResponseData fixForVersion(JoinGroupResponseData response, short version) {
        if (version < NULLABLE_PROTOCOL_NAME_VERSION && response.protocolName() == null) {
            response.setProtocolName("");
        }
        return response;
    }

    @Override
    public JoinGroupResponseData errorResponse(RequestContext context, JoinGroupRequestData request, Errors error) {
        return fixForVersion(new JoinGroupResponseData().setErrorCode(error.code()).setGenerationId(-1)
                .setProtocolName(null).setLeader("").setMemberId(request.memberId()), context.apiVersion());
    }
}
