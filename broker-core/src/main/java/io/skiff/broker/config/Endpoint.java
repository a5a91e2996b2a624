package io.skiff.broker.config;

/**
 * One listener: its name (the part before {@code ://}), security protocol, host and port. An empty
 * host binds every interface and, advertised, means the machine's canonical host name.
 */
public record Endpoint(String listenerName, String securityProtocol, String host, int port) {
    @Override
    public String toString() {
        return listenerName + "://" + host + ":" + port;
    }
}
