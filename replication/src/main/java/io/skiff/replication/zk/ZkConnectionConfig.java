package io.skiff.replication.zk;

import java.util.Objects;

/**
 * How the broker reaches ZooKeeper, under Kafka's property names. Immutable; validated on construction so a bad
 * value stops startup with a message naming the key.
 */
public record ZkConnectionConfig(String connectString, int sessionTimeoutMs, int connectionTimeoutMs) {
    public static final String CONNECT = "zookeeper.connect";
    public static final String CONNECT_DOC = "host:port[,host:port...][/chroot] of the ZooKeeper ensemble; when "
            + "unset the broker runs an embedded ZooKeeper under its data directory.";

    public static final String SESSION_TIMEOUT_MS = "zookeeper.session.timeout.ms";
    public static final String SESSION_TIMEOUT_MS_DOC = "ZooKeeper session timeout; a broker silent for this long "
            + "loses its registration and, if controller, its controllership.";
    public static final int SESSION_TIMEOUT_MS_DEFAULT = 18_000;

    public static final String CONNECTION_TIMEOUT_MS = "zookeeper.connection.timeout.ms";
    public static final String CONNECTION_TIMEOUT_MS_DOC = "How long to wait for the initial connection; defaults "
            + "to the session timeout.";

    public ZkConnectionConfig {
        Objects.requireNonNull(connectString, CONNECT);
        if (connectString.isBlank()) {
            throw new IllegalArgumentException(CONNECT + " must not be blank");
        }
        if (sessionTimeoutMs <= 0) {
            throw new IllegalArgumentException(SESSION_TIMEOUT_MS + " must be positive, got " + sessionTimeoutMs);
        }
        if (connectionTimeoutMs <= 0) {
            throw new IllegalArgumentException(
                    CONNECTION_TIMEOUT_MS + " must be positive, got " + connectionTimeoutMs);
        }
    }

    /** Kafka's defaults for everything but the connect string. */
    public static ZkConnectionConfig withDefaults(String connectString) {
        return new ZkConnectionConfig(connectString, SESSION_TIMEOUT_MS_DEFAULT, SESSION_TIMEOUT_MS_DEFAULT);
    }
}
