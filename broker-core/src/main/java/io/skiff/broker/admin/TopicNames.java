package io.skiff.broker.admin;

import io.skiff.wire.protocol.ApiException;
import io.skiff.wire.protocol.Errors;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * Kafka's rules for topic names. A legal name is 1 to 249 characters from {@code [a-zA-Z0-9._-]} and is
 * neither {@code "."} nor {@code ".."} (both would be directory names on disk). Because metric names turn
 * {@code '.'} into {@code '_'}, two topics that differ only there collide; creating the second is refused.
 * Stateless and thread-safe.
 */
public final class TopicNames {
    /** Longest legal name: a partition directory {@code <topic>-<partition>} must fit a 255-byte file name. */
    public static final int MAX_LENGTH = 249;
    public static final String GROUP_METADATA_TOPIC = "__consumer_offsets";
    public static final String TRANSACTION_STATE_TOPIC = "__transaction_state";
    private static final Set<String> INTERNAL = Set.of(GROUP_METADATA_TOPIC, TRANSACTION_STATE_TOPIC);

    private TopicNames() {}

    /**
     * Checks a name.
     *
     * @throws ApiException with {@link Errors#INVALID_TOPIC_EXCEPTION} and Kafka's explanation if it is illegal
     */
    public static void validate(String name) {
        invalidReason(name).ifPresent(reason -> {
            throw Errors.INVALID_TOPIC_EXCEPTION.exception(reason);
        });
    }

    /** Why {@code name} is illegal, or empty if it is legal. */
    public static Optional<String> invalidReason(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("Topic name is illegal, it can't be empty");
        }
        if (name.equals(".") || name.equals("..")) {
            return Optional.of("Topic name cannot be \".\" or \"..\"");
        }
        if (name.length() > MAX_LENGTH) {
            return Optional.of("Topic name is illegal, it can't be longer than " + MAX_LENGTH
                    + " characters, topic name: " + name);
        }
        for (int i = 0; i < name.length(); i++) {
            if (!legalChar(name.charAt(i))) {
                return Optional.of("Topic name \"" + name + "\" is illegal, it contains a character other than "
                        + "ASCII alphanumerics, '.', '_' and '-'");
            }
        }
        return Optional.empty();
    }

    private static boolean legalChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
                || c == '-';
    }

    /** Whether the name contains a character that metric names would fold into another ('.' or '_'). */
    public static boolean hasCollisionChars(String name) {
        return name.indexOf('.') >= 0 || name.indexOf('_') >= 0;
    }

    /** The first of {@code existing} (other than {@code name} itself) that {@code name} collides with. */
    public static Optional<String> collision(String name, Collection<String> existing) {
        if (!hasCollisionChars(name)) {
            return Optional.empty();
        }
        String folded = name.replace('.', '_');
        return existing.stream()
                .filter(other -> !other.equals(name) && other.replace('.', '_').equals(folded))
                .findFirst();
    }

    /** Whether the topic is one of the broker's own (group offsets, transaction state). */
    public static boolean isInternal(String name) {
        return INTERNAL.contains(name);
    }
}
