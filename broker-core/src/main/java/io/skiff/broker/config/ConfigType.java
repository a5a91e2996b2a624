package io.skiff.broker.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The value types of Kafka configuration keys, with Kafka's parsing rules: numbers are trimmed
 * decimal literals, booleans are {@code true}/{@code false} in any case, lists are comma-separated
 * with blanks dropped. Parsing never falls back to a default on garbage: it throws.
 */
public enum ConfigType {
    BOOLEAN,
    STRING,
    SHORT,
    INT,
    LONG,
    DOUBLE,
    LIST,
    PASSWORD;

    /** Parses {@code raw} as this type; {@code key} only names the culprit in the exception. */
    Object parse(String key, String raw) {
        String s = raw.trim();
        try {
            return switch (this) {
                case BOOLEAN -> {
                    String lower = s.toLowerCase(Locale.ROOT);
                    if (!lower.equals("true") && !lower.equals("false")) {
                        throw new ConfigException(key, raw, "expected true or false");
                    }
                    yield Boolean.valueOf(lower);
                }
                case STRING, PASSWORD -> s;
                case SHORT -> Short.valueOf(s);
                case INT -> Integer.valueOf(s);
                case LONG -> Long.valueOf(s);
                case DOUBLE -> Double.valueOf(s);
                case LIST -> splitList(s);
            };
        } catch (NumberFormatException e) {
            throw new ConfigException(key, raw, "expected a value of type " + name().toLowerCase(Locale.ROOT));
        }
    }

    /** Kafka's list syntax: comma-separated, elements trimmed, blanks dropped. */
    static List<String> splitList(String s) {
        if (s.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(s.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
    }
}
