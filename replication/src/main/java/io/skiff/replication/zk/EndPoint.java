package io.skiff.replication.zk;

import java.util.Objects;

/**
 * One advertised listener of a broker. Its connection string is Kafka's {@code LISTENER://host:port} form, with IPv6
 * hosts in brackets.
 */
public record EndPoint(String listenerName, String securityProtocol, String host, int port) {
    public EndPoint {
        Objects.requireNonNull(listenerName, "listenerName");
        Objects.requireNonNull(securityProtocol, "securityProtocol");
        Objects.requireNonNull(host, "host");
    }

    public String connectionString() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return listenerName + "://" + h + ":" + port;
    }

    /** Parses {@code LISTENER://host:port}, taking the security protocol from the listener's registered mapping. */
    static EndPoint parse(String connectionString, String securityProtocol) {
        int scheme = connectionString.indexOf("://");
        int colon = connectionString.lastIndexOf(':');
        if (scheme <= 0 || colon <= scheme + 2) {
            throw new IllegalArgumentException("not a LISTENER://host:port endpoint: " + connectionString);
        }
        String host = connectionString.substring(scheme + 3, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new EndPoint(
                connectionString.substring(0, scheme),
                securityProtocol,
                host,
                Integer.parseInt(connectionString.substring(colon + 1)));
    }
}
