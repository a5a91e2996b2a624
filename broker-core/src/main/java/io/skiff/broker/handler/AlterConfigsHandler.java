package io.skiff.broker.handler;

import io.skiff.broker.admin.ConfigAlterer;
import io.skiff.broker.network.ApiHandler;
import io.skiff.broker.network.RequestContext;
import io.skiff.wire.message.AlterConfigsRequestData;
import io.skiff.wire.message.AlterConfigsResponseData;
import io.skiff.wire.message.AlterConfigsResponseData.AlterConfigsResourceResponse;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.protocol.Errors;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * AlterConfigs (the legacy, whole-replacement form): each resource's dynamic config becomes exactly the
 * entries given, validated and stored by {@link ConfigAlterer} on the I/O pool (ZooKeeper round trips).
 * Stateless.
 */
public final class AlterConfigsHandler implements ApiHandler<AlterConfigsRequestData> {
    private final ConfigAlterer alterer;
    private final Executor executor;

    /**
     * @param alterer shared with the other alter-configs handler, so alters of one resource serialise
     * @param executor where alters run (the I/O pool: they wait on ZooKeeper)
     */
    public AlterConfigsHandler(ConfigAlterer alterer, Executor executor) {
        this.alterer = alterer;
        this.executor = executor;
    }

    @Override
    public ApiMessageType apiType() {
        return ApiMessageType.ALTER_CONFIGS;
    }

    @Override
    public CompletionStage<AlterConfigsResponseData> handle(RequestContext context, AlterConfigsRequestData request) {
        return CompletableFuture.supplyAsync(() -> {
            List<AlterConfigsResults.Outcome> outcomes = AlterConfigsResults.alterAll(alterer, request.resources(), r -> {
                List<ConfigAlterer.Change> changes = new ArrayList<>();
                r.configs().forEach(c -> changes.add(new ConfigAlterer.Change(c.name(), ConfigAlterer.Op.SET, c.value())));
                return new AlterConfigsResults.Resource(r.resourceType(), r.resourceName(), changes, null);
            }, false, request.validateOnly());
            List<AlterConfigsResourceResponse> responses = new ArrayList<>();
            for (AlterConfigsResults.Outcome o : outcomes) {
                responses.add(new AlterConfigsResourceResponse().setResourceType(o.resourceType())
                        .setResourceName(o.resourceName()).setErrorCode(o.error().code()).setErrorMessage(o.message()));
            }
            return new AlterConfigsResponseData().setResponses(responses);
        }, executor);
    }

    @Override
    public AlterConfigsResponseData errorResponse(RequestContext context, AlterConfigsRequestData request, Errors error) {
        List<AlterConfigsResourceResponse> responses = new ArrayList<>();
        request.resources().forEach(r -> responses.add(new AlterConfigsResourceResponse().setResourceType(r.resourceType())
                .setResourceName(r.resourceName()).setErrorCode(error.code()).setErrorMessage(error.message())));
        return new AlterConfigsResponseData().setResponses(responses);
    }
}
