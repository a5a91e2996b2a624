package io.skiff.broker.config;

import java.util.Objects;

/**
 * One configuration key: its Kafka name, type, default (null when Kafka has none), validator and
 * documentation, kept together so that parsing, validation and DescribeConfigs read one definition.
 *
 * @param <T> the Java type of a parsed value ({@code Integer}, {@code Long}, {@code List<String>}, ...)
 */
public final class ConfigKey<T> {
    private final String name;
    private final ConfigType type;
    private final T defaultValue;
    private final Validator validator;
    private final String doc;

    /** Checks a parsed, non-null value; throws {@link ConfigException} naming the key. */
    @FunctionalInterface
    public interface Validator {
        Validator NONE = (name, value) -> {};

        void ensureValid(String name, Object value);
    }

    ConfigKey(String name, ConfigType type, T defaultValue, Validator validator, String doc) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.defaultValue = defaultValue;
        this.validator = Objects.requireNonNull(validator, "validator");
        this.doc = Objects.requireNonNull(doc, "doc");
        if (defaultValue != null) {
            validator.ensureValid(name, defaultValue);
        }
    }

    public String name() {
        return name;
    }

    public ConfigType type() {
        return type;
    }

    /** Kafka's default, or null where Kafka has none (the key is then optional or derived). */
    public T defaultValue() {
        return defaultValue;
    }

    public String doc() {
        return doc;
    }

    /** Whether DescribeConfigs must hide the value. */
    public boolean isSensitive() {
        return type == ConfigType.PASSWORD;
    }

    @SuppressWarnings("unchecked")
    T parse(String raw) {
        Object value = type.parse(name, raw);
        validator.ensureValid(name, value);
        return (T) value;
    }

    @Override
    public String toString() {
        return name;
    }
}
