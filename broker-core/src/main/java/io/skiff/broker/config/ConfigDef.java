package io.skiff.broker.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ordered set of {@link ConfigKey}s and the parser that turns raw properties into a
 * {@link ParsedConfig}. Definitions are immutable once the owning {@code *Configs} class is
 * initialised; parsing is a pure function of its input and is thread-safe.
 */
public final class ConfigDef {
    private final Map<String, ConfigKey<?>> keys = new LinkedHashMap<>();

    public ConfigKey<Boolean> defineBoolean(String name, Boolean defaultValue, String doc) {
        return define(new ConfigKey<>(name, ConfigType.BOOLEAN, defaultValue, ConfigKey.Validator.NONE, doc));
    }

    public ConfigKey<String> defineString(String name, String defaultValue, ConfigKey.Validator validator, String doc) {
        return define(new ConfigKey<>(name, ConfigType.STRING, defaultValue, validator, doc));
    }

    public ConfigKey<String> definePassword(String name, String doc) {
        return define(new ConfigKey<>(name, ConfigType.PASSWORD, null, ConfigKey.Validator.NONE, doc));
    }

    public ConfigKey<Short> defineShort(String name, Short defaultValue, ConfigKey.Validator validator, String doc) {
        return define(new ConfigKey<>(name, ConfigType.SHORT, defaultValue, validator, doc));
    }

    public ConfigKey<Integer> defineInt(String name, Integer defaultValue, ConfigKey.Validator validator, String doc) {
        return define(new ConfigKey<>(name, ConfigType.INT, defaultValue, validator, doc));
    }

    public ConfigKey<Long> defineLong(String name, Long defaultValue, ConfigKey.Validator validator, String doc) {
        return define(new ConfigKey<>(name, ConfigType.LONG, defaultValue, validator, doc));
    }

    public ConfigKey<Double> defineDouble(String name, Double defaultValue, ConfigKey.Validator validator, String doc) {
        return define(new ConfigKey<>(name, ConfigType.DOUBLE, defaultValue, validator, doc));
    }

    public ConfigKey<List<String>> defineList(
            String name, List<String> defaultValue, ConfigKey.Validator validator, String doc) {
        return define(new ConfigKey<>(name, ConfigType.LIST, defaultValue, validator, doc));
    }

    private <T> ConfigKey<T> define(ConfigKey<T> key) {
        if (keys.putIfAbsent(key.name(), key) != null) {
            throw new IllegalStateException("Configuration key defined twice: " + key.name());
        }
        return key;
    }

    /** Every key in definition order. */
    public Map<String, ConfigKey<?>> keys() {
        return Collections.unmodifiableMap(keys);
    }

    /**
     * Parses and validates {@code originals}. Every defined key gets its parsed value or its default;
     * keys this definition does not know are reported by {@link ParsedConfig#unknownKeys()} so the
     * caller can log them as ignored, as Kafka does.
     *
     * @throws ConfigException naming the first key whose value does not parse or validate
     */
    public ParsedConfig parse(Map<String, String> originals) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (ConfigKey<?> key : keys.values()) {
            String raw = originals.get(key.name());
            values.put(key.name(), raw == null ? key.defaultValue() : key.parse(raw));
        }
        List<String> unknown = new ArrayList<>();
        for (String name : originals.keySet()) {
            if (!keys.containsKey(name)) {
                unknown.add(name);
            }
        }
        Collections.sort(unknown);
        return new ParsedConfig(Map.copyOf(originals), values, List.copyOf(unknown));
    }
}
