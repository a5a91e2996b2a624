package io.skiff.broker.handler;

import io.skiff.broker.admin.ConfigAlterer;
import io.skiff.broker.network.ApiHandler;
import io.skiff.broker.network.RequestContext;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.IncrementalAlterConfigsRequestData;
import io.skiff.wire.message.IncrementalAlterConfigsResponseData;
import io.skiff.wire.message.IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse;
import io.skiff.wire.protocol.ApiException;
import io.skiff.wire.protocol.Errors;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * IncrementalAlterConfigs (KIP-339): SET, DELETE, APPEND and SUBTRACT of single keys of a topic or
 * broker config, validated and stored by {@link ConfigAlterer} on the I/O pool. Stateless.
 */
public final class IncrementalAlterConfigsHandler implements ApiHandler<IncrementalAlterConfigsRequestData> {
    private final ConfigAlterer alterer;
    private final Executor executor;

    /**
     * @param alterer shared with the other alter-configs handler, so alters of one resource serialise
     * @param executor where alters run (the I/O pool: they wait on ZooKeeper)
     */
    public IncrementalAlterConfigsHandler(ConfigAlterer alterer, Executor executor) {
        this.alterer = alterer;
        this.executor = executor;
    }

    @Override
    public ApiMessageType apiType() {
        return ApiMessageType.INCREMENTAL_ALTER_CONFIGS;
    }

    @Override
    public CompletionStage<IncrementalAlterConfigsResponseData> handle(RequestContext context,
            IncrementalAlterConfigsRequestData request) {
        return CompletableFuture.supplyAsync(() -> {
            List<AlterConfigsResults.Outcome> outcomes = AlterConfigsResults.alterAll(alterer, request.resources(), r -> {
                List<ConfigAlterer.Change> changes = new ArrayList<>();
                try {
                    r.configs().forEach(c -> changes.add(new ConfigAlterer.Change(c.name(),
                            ConfigAlterer.Op.forId(c.configOperation()), c.value())));
                } catch (ApiException e) {
                    return new AlterConfigsResults.Resource(r.resourceType(), r.resourceName(), List.of(), e.getMessage());
                }
                return new AlterConfigsResults.Resource(r.resourceType(), r.resourceName(), changes, null);
            }, true, request.validateOnly());
            List<AlterConfigsResourceResponse> responses = new ArrayList<>();
            for (AlterConfigsResults.Outcome o : outcomes) {
                responses.add(new AlterConfigsResourceResponse().setResourceType(o.resourceType())
                        .setResourceName(o.resourceName()).setErrorCode(o.error().code()).setErrorMessage(o.message()));
            }
            return new IncrementalAlterConfigsResponseData().setResponses(responses);
        }, executor);
    }

    @Override
    public IncrementalAlterConfigsResponseData errorResponse(RequestContext context,
            IncrementalAlterConfigsRequestData request, Errors error) {
        List<AlterConfigsResourceResponse> responses = new ArrayList<>();
        request.resources().forEach(r -> responses.add(new AlterConfigsResourceResponse().setResourceType(r.resourceType())
                .setResourceName(r.resourceName()).setErrorCode(error.code()).setErrorMessage(error.message())));
        return new IncrementalAlterConfigsResponseData().setResponses(responses);
    }
}
