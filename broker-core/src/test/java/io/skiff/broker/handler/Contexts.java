package io.skiff.broker.handler;

import io.skiff.broker.network.RequestContext;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.RequestHeaderData;
import io.skiff.wire.protocol.ByteBufferAccessor;
import io.skiff.wire.protocol.Message;
import io.skiff.wire.protocol.RequestHeader;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/** Request contexts for handler unit tests: a real parsed header of the given api and version. */
final class Contexts {
    private Contexts() {}

    static RequestContext context(ApiMessageType type, int version) {
        return context(type, version, "PLAINTEXT");
    }

    static RequestContext context(ApiMessageType type, int version, String listener) {
        short headerVersion = type.requestHeaderVersion((short) version);
        RequestHeaderData data = new RequestHeaderData()
                .setRequestApiKey(type.apiKey())
                .setRequestApiVersion((short) version)
                .setCorrelationId(7)
                .setClientId("test-client");
        ByteBuffer buffer = ByteBuffer.allocate(data.size(headerVersion));
        data.write(new ByteBufferAccessor(buffer), headerVersion);
        buffer.flip();
        return new RequestContext(RequestHeader.parse(buffer), listener,
                new InetSocketAddress("127.0.0.1", 50000), "conn-1", 0L);
    }

    /** {@code message}, after checking that it encodes at {@code version} (a field the version lacks would throw). */
    static <M extends Message> M encodable(M message, int version) {
        ByteBuffer buffer = ByteBuffer.allocate(message.size((short) version));
        message.write(new ByteBufferAccessor(buffer), (short) version);
        return message;
    }
}
