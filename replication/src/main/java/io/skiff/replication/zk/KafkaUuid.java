package io.skiff.replication.zk;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Random;
import java.util.UUID;

/**
 * Kafka's textual form of a 128-bit id (topic ids, cluster ids): the 16 big-endian bytes (most significant half
 * first) in URL-safe base64 without padding, always 22 characters. Kafka never hands out the all-zero id (it means
 * "no id") nor the reserved metadata-topic id 1, and avoids ids whose text starts with {@code -} so command-line
 * tools do not take them for options; {@link #random(Random)} keeps those rules. Stateless and thread-safe.
 */
public final class KafkaUuid {
    /** Kafka's "no id". */
    public static final UUID ZERO = new UUID(0L, 0L);
    private static final UUID RESERVED_METADATA_TOPIC_ID = new UUID(0L, 1L);

    private KafkaUuid() {}

    public static String toKafkaString(UUID id) {
        ByteBuffer bytes = ByteBuffer.allocate(16);
        bytes.putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    /** @throws IllegalArgumentException if the text is not 22 base64url characters encoding 16 bytes */
    public static UUID fromKafkaString(String text) {
        if (text.length() != 22) {
            throw new IllegalArgumentException("Kafka id must be 22 base64url characters: '" + text + "'");
        }
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getUrlDecoder().decode(text));
        return new UUID(bytes.getLong(), bytes.getLong());
    }

    /** A fresh id drawn from the given source; pass a seeded {@link Random} for reproducible tests. */
    public static UUID random(Random source) {
        while (true) {
            UUID candidate = new UUID(source.nextLong(), source.nextLong());
            if (!candidate.equals(ZERO)
                    && !candidate.equals(RESERVED_METADATA_TOPIC_ID)
                    && !toKafkaString(candidate).startsWith("-")) {
                return candidate;
            }
        }
    }
}
