package io.skiff.broker.network;

import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.ApiVersionsResponseData;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One {@link ApiHandler} per API key. The ApiVersions answer is derived from this table, so what
 * the broker advertises and what it implements cannot drift apart. Built once at startup, then
 * read-only and thread-safe.
 */
public final class HandlerRegistry {
    private final Map<ApiMessageType, ApiHandler<?>> handlers = new EnumMap<>(ApiMessageType.class);

    public HandlerRegistry register(ApiHandler<?> handler) {
        ApiMessageType type = handler.apiType();
        if (handler.minVersion() < type.lowestSupportedVersion() || handler.maxVersion() > type.highestSupportedVersion(true)
                || handler.minVersion() > handler.maxVersion()) {
            throw new IllegalArgumentException("Handler for " + type + " claims versions " + handler.minVersion() + "-"
                    + handler.maxVersion() + " outside the schema's " + type.lowestSupportedVersion() + "-"
                    + type.highestSupportedVersion(true));
        }
        if (handlers.putIfAbsent(type, handler) != null) {
            throw new IllegalArgumentException("Two handlers for " + type);
        }
        return this;
    }

    /** The handler for {@code type}, or null when the broker does not implement it. */
    public ApiHandler<?> handler(ApiMessageType type) {
        return handlers.get(type);
    }

    public boolean supports(ApiMessageType type, short version) {
        ApiHandler<?> h = handlers.get(type);
        return h != null && version >= h.minVersion() && version <= h.maxVersion();
    }

    /** The ApiVersions entries, ordered by api key. */
    public List<ApiVersionsResponseData.ApiVersion> apiVersions() {
        List<ApiVersionsResponseData.ApiVersion> result = new ArrayList<>();
        for (ApiHandler<?> h : handlers.values()) {
            result.add(new ApiVersionsResponseData.ApiVersion()
                    .setApiKey(h.apiType().apiKey())
                    .setMinVersion(h.advertisedMinVersion())
                    .setMaxVersion(h.maxVersion()));
        }
        result.sort((a, b) -> Short.compare(a.apiKey(), b.apiKey()));
        return Collections.unmodifiableList(result);
    }
}
