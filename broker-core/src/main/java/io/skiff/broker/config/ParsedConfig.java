package io.skiff.broker.config;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Validated configuration values, immutable and safe to share between threads. A value is null only
 * where the key has no default and was not set.
 */
public final class ParsedConfig {
    private final Map<String, String> originals;
    private final Map<String, Object> values;
    private final List<String> unknownKeys;

    ParsedConfig(Map<String, String> originals, Map<String, Object> values, List<String> unknownKeys) {
        this.originals = originals;
        this.values = Collections.unmodifiableMap(values);
        this.unknownKeys = unknownKeys;
    }

    @SuppressWarnings("unchecked")
    public <T> T get(ConfigKey<T> key) {
        if (!values.containsKey(key.name())) {
            throw new IllegalArgumentException("Not a key of this configuration: " + key.name());
        }
        return (T) values.get(key.name());
    }

    /** Whether the user set {@code key} explicitly (as opposed to taking the default). */
    public boolean isSet(ConfigKey<?> key) {
        return originals.containsKey(key.name());
    }

    /** The raw properties as given, unknown keys included. */
    public Map<String, String> originals() {
        return originals;
    }

    /** Keys given that no definition knows; the broker logs them as ignored. */
    public List<String> unknownKeys() {
        return unknownKeys;
    }
}
