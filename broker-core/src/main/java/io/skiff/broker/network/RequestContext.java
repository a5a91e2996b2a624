package io.skiff.broker.network;

import io.skiff.wire.protocol.RequestHeader;
import java.net.SocketAddress;

/**
 * What a handler knows about a request besides its body: the parsed header (api, version,
 * correlation id, client id), the listener and peer it arrived from, and when it arrived.
 * Immutable.
 */
public record RequestContext(
        RequestHeader header, String listenerName, SocketAddress clientAddress, String connectionId, long receivedNanos) {

    public short apiVersion() {
        return header.apiVersion();
    }

    public String clientId() {
        return header.clientId();
    }
}
