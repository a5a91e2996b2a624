package io.skiff.broker.config;

/**
 * A configuration value that cannot be used. The message always names the key, so a broker that
 * refuses to start says exactly which line of {@code server.properties} to fix.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String key;

    public ConfigException(String key, Object value, String reason) {
        super("Invalid value " + value + " for configuration " + key + ": " + reason);
        this.key = key;
    }

    /** The configuration key at fault. */
    public String key() {
        return key;
    }
}
