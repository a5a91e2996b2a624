package io.skiff.broker.handler;

import io.skiff.broker.network.ApiHandler;
import io.skiff.broker.network.HandlerRegistry;
import io.skiff.broker.network.RequestContext;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.ApiVersionsRequestData;
import io.skiff.wire.message.ApiVersionsResponseData;
import io.skiff.wire.protocol.ApiMessage;
import io.skiff.wire.protocol.Errors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

/**
 * ApiVersions: the API keys and version ranges this broker implements, read from the
 * {@link HandlerRegistry} so that the answer cannot drift from what is registered. An unknown
 * version never reaches this class: the pipeline answers it in the v0 format (KIP-511).
 */
public final class ApiVersionsHandler implements ApiHandler<ApiVersionsRequestData> {
    /** KIP-511's rule for client software name and version (v3+). */
    private static final Pattern SOFTWARE = Pattern.compile("[a-zA-Z0-9](?:[a-zA-Z0-9\\-.]*[a-zA-Z0-9])?");

    private final HandlerRegistry registry;

    public ApiVersionsHandler(HandlerRegistry registry) {
        this.registry = registry;
    }

    @Override
    public ApiMessageType apiType() {
        return ApiMessageType.API_VERSIONS;
    }

    @Override
    public CompletionStage<ApiVersionsResponseData> handle(RequestContext context, ApiVersionsRequestData request) {
        if (context.apiVersion() >= 3
                && (!SOFTWARE.matcher(request.clientSoftwareName()).matches()
                        || !SOFTWARE.matcher(request.clientSoftwareVersion()).matches())) {
            return CompletableFuture.completedFuture(response(Errors.INVALID_REQUEST));
        }
        return CompletableFuture.completedFuture(response(Errors.NONE));
    }

    @Override
    public ApiMessage errorResponse(RequestContext context, ApiVersionsRequestData request, Errors error) {
        return response(error);
    }

    private ApiVersionsResponseData response(Errors error) {
        return new ApiVersionsResponseData().setErrorCode(error.code()).setApiKeys(registry.apiVersions());
    }
}
