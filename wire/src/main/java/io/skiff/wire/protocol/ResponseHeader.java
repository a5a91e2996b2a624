package io.skiff.wire.protocol;

import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.ResponseHeaderData;

/**
 * Writes the header that precedes a response body: the correlation id, plus an empty tagged-field
 * section in header v1 (flexible response versions, except ApiVersions which always uses v0).
 * Stateless and thread-safe.
 */
public final class ResponseHeader {
    private ResponseHeader() {
    }

    public static short headerVersion(ApiMessageType type, short apiVersion) {
        return type.responseHeaderVersion(apiVersion);
    }

    /** Bytes the header takes for this api and version. */
    public static int size(ApiMessageType type, short apiVersion) {
        return new ResponseHeaderData().size(headerVersion(type, apiVersion));
    }

    /** As {@link #write(Writable, ApiMessageType, short, int)}; the api key must be known. */
    public static void write(Writable out, short apiKey, short apiVersion, int correlationId) {
        write(out, ApiMessageType.fromApiKey(apiKey), apiVersion, correlationId);
    }

    public static void write(Writable out, ApiMessageType type, short apiVersion, int correlationId) {
        new ResponseHeaderData().setCorrelationId(correlationId).write(out, headerVersion(type, apiVersion));
    }
}
