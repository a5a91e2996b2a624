package io.skiff.broker.handler;

import io.skiff.broker.coordinator.group.OffsetManager;
import io.skiff.broker.network.ApiHandler;
import io.skiff.broker.network.RequestContext;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.OffsetCommitRequestData;
import io.skiff.wire.message.OffsetCommitResponseData;
import io.skiff.wire.protocol.Errors;
import java.util.concurrent.CompletionStage;

/**
 * OffsetCommit (api key 8), v2-v9 (topics by name; v10 names topics by id and is not advertised yet). The
 * answer waits until the offsets are replicated in {@code __consumer_offsets}. Stateless.
 */
public final class OffsetCommitHandler implements ApiHandler<OffsetCommitRequestData> {
    private static final short MAX_BY_NAME_VERSION = 9;

    private final OffsetManager offsets;

    public OffsetCommitHandler(OffsetManager offsets) {
        this.offsets = offsets;
    }

    @Override
    public ApiMessageType apiType() {
        return ApiMessageType.OFFSET_COMMIT;
    }

    @Override
    public short maxVersion() {
        return (short) Math.min(MAX_BY_NAME_VERSION, ApiHandler.super.maxVersion());
    }

    @Override
    public CompletionStage<OffsetCommitResponseData> handle(RequestContext context, OffsetCommitRequestData request) {
        return offsets.commit(request, context.apiVersion());
    }

    @Override
    public OffsetCommitResponseData errorResponse(RequestContext context, OffsetCommitRequestData request,
                                                  Errors error) {
        return OffsetManager.uniform(request, error);
    }
}
