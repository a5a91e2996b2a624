package io.skiff.broker.network;

import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.protocol.ApiMessage;
import io.skiff.wire.protocol.Errors;
import java.util.concurrent.CompletionStage;

/**
 * The broker's implementation of one API key. The {@link HandlerRegistry} holds one per key and
 * builds the ApiVersions response from them, so the broker advertises exactly what it implements.
 *
 * <p>{@link #handle} is called on the connection's event loop, in arrival order. It must not block:
 * anything slow (ZooKeeper, fsync) runs elsewhere and completes the returned stage. A stage
 * completing with {@code null} means "send no response" (Produce with {@code acks=0}).
 *
 * @param <Q> the generated request class
 */
public interface ApiHandler<Q extends ApiMessage> {
    ApiMessageType apiType();

    /** Lowest version accepted and advertised. */
    default short minVersion() {
        return apiType().lowestSupportedVersion();
    }

    /** Highest version accepted and advertised (never an unstable latest version). */
    default short maxVersion() {
        return apiType().highestSupportedVersion(false);
    }

    /**
     * The lowest version advertised in ApiVersions, when it must differ from {@link #minVersion()}:
     * Kafka 4 advertises Produce from v0 although it rejects v0-v2, because librdkafka disables
     * compression when it does not see them (KAFKA-18659).
     */
    default short advertisedMinVersion() {
        return minVersion();
    }

    CompletionStage<? extends ApiMessage> handle(RequestContext context, Q request);

    /**
     * The response that fails the whole request with {@code error}: every partition, topic or
     * group in it carries the error, as Kafka's {@code getErrorResponse} does.
     */
    ApiMessage errorResponse(RequestContext context, Q request, Errors error);
}
