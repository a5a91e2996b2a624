package io.skiff.replication.zk;

/**
 * The kinds of entity whose dynamic configs live under {@code /config/<type>/<name>}. The broker-wide default is
 * the broker entity named {@link #DEFAULT_ENTITY}.
 */
public enum ConfigEntityType {
    TOPICS("topics"),
    CLIENTS("clients"),
    USERS("users"),
    BROKERS("brokers"),
    IPS("ips");

    public static final String DEFAULT_ENTITY = "<default>";

    private final String znodeName;

    ConfigEntityType(String znodeName) {
        this.znodeName = znodeName;
    }

    public String znodeName() {
        return znodeName;
    }
}
