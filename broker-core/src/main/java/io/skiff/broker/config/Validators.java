package io.skiff.broker.config;

import java.util.List;
import java.util.Set;

/** The validators Kafka's keys use: numeric ranges and enumerations, with Kafka's wording. */
public final class Validators {
    private Validators() {}

    public static ConfigKey.Validator atLeast(long min) {
        return (name, value) -> {
            if (((Number) value).doubleValue() < min) {
                throw new ConfigException(name, value, "Value must be at least " + min);
            }
        };
    }

    public static ConfigKey.Validator between(long min, long max) {
        return (name, value) -> {
            double v = ((Number) value).doubleValue();
            if (v < min || v > max) {
                throw new ConfigException(name, value, "Value must be in the range [" + min + ", " + max + "]");
            }
        };
    }

    public static ConfigKey.Validator betweenDouble(double min, double max) {
        return (name, value) -> {
            double v = ((Number) value).doubleValue();
            if (v < min || v > max) {
                throw new ConfigException(name, value, "Value must be in the range [" + min + ", " + max + "]");
            }
        };
    }

    /** A string that must be one of {@code allowed}, compared exactly (Kafka's {@code ValidString}). */
    public static ConfigKey.Validator oneOf(String... allowed) {
        Set<String> set = Set.of(allowed);
        return (name, value) -> {
            if (!set.contains((String) value)) {
                throw new ConfigException(name, value, "String must be one of: " + String.join(", ", allowed));
            }
        };
    }

    /** A list whose every element is one of {@code allowed} (Kafka's {@code ValidList}). */
    public static ConfigKey.Validator listOf(String... allowed) {
        Set<String> set = Set.of(allowed);
        return (name, value) -> {
            for (Object element : (List<?>) value) {
                if (!set.contains((String) element)) {
                    throw new ConfigException(
                            name, value, "Invalid value " + element + "; must be among " + String.join(", ", allowed));
                }
            }
        };
    }

    /** Kafka's gzip level: -1 (the codec's default) or 1..9. */
    public static ConfigKey.Validator gzipLevel() {
        return (name, value) -> {
            int v = ((Number) value).intValue();
            if (v != -1 && (v < 1 || v > 9)) {
                throw new ConfigException(name, value, "Value must be -1 or in the range [1, 9]");
            }
        };
    }

    /** A string that must not be blank once set. */
    public static ConfigKey.Validator nonEmpty() {
        return (name, value) -> {
            if (((String) value).isBlank()) {
                throw new ConfigException(name, value, "String must be non-empty");
            }
        };
    }
}
