package io.skiff.wire.protocol;

import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.RequestHeaderData;
import java.nio.ByteBuffer;

/**
 * The parsed header of one request frame, and the parser that picks the header version.
 *
 * <p>A request frame (after the 4-byte size) starts with api key (int16), api version (int16) and
 * correlation id (int32) in every header version, so those are peeked first; the api key and
 * version then decide the header version (see {@link ApiMessageType#requestHeaderVersion}), and
 * the full header is parsed. Afterwards the frame is positioned at the request body. Immutable.
 */
public final class RequestHeader {
    /** api key + api version + correlation id: present in every header version. */
    private static final int FIXED_PREFIX = 8;

    private final ApiMessageType apiType;
    private final short headerVersion;
    private final RequestHeaderData data;

    private RequestHeader(ApiMessageType apiType, short headerVersion, RequestHeaderData data) {
        this.apiType = apiType;
        this.headerVersion = headerVersion;
        this.data = data;
    }

    /**
     * Parses the header at {@code frame}'s position and leaves the position at the body.
     *
     * @throws UnknownApiKeyException if the api key is not in this build's table (the connection
     *     should be closed; the exception carries the correlation id for the log)
     * @throws DecodeException if the header bytes are malformed
     */
    public static RequestHeader parse(ByteBuffer frame) {
        if (frame.remaining() < FIXED_PREFIX) {
            throw new DecodeException("request header needs at least " + FIXED_PREFIX + " bytes, frame has "
                    + frame.remaining());
        }
        int p = frame.position();
        short apiKey = frame.getShort(p);
        short apiVersion = frame.getShort(p + 2);
        int correlationId = frame.getInt(p + 4);
        ApiMessageType type = ApiMessageType.find(apiKey);
        if (type == null) {
            throw new UnknownApiKeyException(apiKey, apiVersion, correlationId);
        }
        short headerVersion = type.requestHeaderVersion(apiVersion);
        RequestHeaderData data = new RequestHeaderData(new ByteBufferAccessor(frame), headerVersion);
        return new RequestHeader(type, headerVersion, data);
    }

    public ApiMessageType apiType() {
        return apiType;
    }

    public short apiKey() {
        return data.requestApiKey();
    }

    public short apiVersion() {
        return data.requestApiVersion();
    }

    public int correlationId() {
        return data.correlationId();
    }

    /** The client id; null when the client sent none (or header v0, which has none). */
    public String clientId() {
        return headerVersion == 0 ? null : data.clientId();
    }

    public short headerVersion() {
        return headerVersion;
    }

    /** The generated header message, including any unknown tagged fields. */
    public RequestHeaderData data() {
        return data;
    }

    @Override
    public String toString() {
        return "RequestHeader(api=" + apiType.messageName() + ", version=" + apiVersion() + ", correlationId="
                + correlationId() + ", clientId=" + clientId() + ", headerVersion=" + headerVersion + ")";
    }
}
