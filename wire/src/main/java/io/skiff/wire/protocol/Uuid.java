package io.skiff.wire.protocol;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Random;

/**
 * Kafka's 128-bit id (topic ids, directory ids, ...): two longs on the wire, most significant
 * first; printed as URL-safe base64 without padding (22 characters). {@link #ZERO_UUID} means
 * "no id". Immutable and thread-safe.
 */
public final class Uuid implements Comparable<Uuid> {
    public static final Uuid ZERO_UUID = new Uuid(0L, 0L);
    /** Reserved by Kafka for the metadata topic. */
    public static final Uuid METADATA_TOPIC_ID = new Uuid(0L, 1L);
    /** Reserved by Kafka as a sentinel. */
    public static final Uuid ONE_UUID = new Uuid(0L, 1L);

    private final long mostSignificantBits;
    private final long leastSignificantBits;

    public Uuid(long mostSignificantBits, long leastSignificantBits) {
        this.mostSignificantBits = mostSignificantBits;
        this.leastSignificantBits = leastSignificantBits;
    }

    /**
     * A random id that is neither reserved nor starts with '-' once printed (tools would read such
     * a string as a command-line flag), as Kafka's own generator guarantees.
     */
    public static Uuid randomUuid(Random random) {
        while (true) {
            Uuid candidate = new Uuid(random.nextLong(), random.nextLong());
            if (!candidate.equals(ZERO_UUID) && !candidate.equals(ONE_UUID)
                    && !candidate.toString().startsWith("-")) {
                return candidate;
            }
        }
    }

    /** Parses the 22-character base64url form; throws {@link IllegalArgumentException} otherwise. */
    public static Uuid fromString(String text) {
        if (text.length() > 24) {
            throw new IllegalArgumentException("input string with length " + text.length() + " is too long to be a Uuid");
        }
        byte[] bytes = Base64.getUrlDecoder().decode(text);
        if (bytes.length != 16) {
            throw new IllegalArgumentException("input string '" + text + "' decoded to " + bytes.length
                    + " bytes instead of 16");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        return new Uuid(buf.getLong(), buf.getLong());
    }

    public long getMostSignificantBits() {
        return mostSignificantBits;
    }

    public long getLeastSignificantBits() {
        return leastSignificantBits;
    }

    @Override
    public String toString() {
        ByteBuffer buf = ByteBuffer.allocate(16);
        buf.putLong(mostSignificantBits).putLong(leastSignificantBits);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buf.array());
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Uuid)) {
            return false;
        }
        Uuid other = (Uuid) o;
        return mostSignificantBits == other.mostSignificantBits && leastSignificantBits == other.leastSignificantBits;
    }

    @Override
    public int hashCode() {
        long x = mostSignificantBits ^ leastSignificantBits;
        return (int) (x >> 32) ^ (int) x;
    }

    @Override
    public int compareTo(Uuid other) {
        int c = Long.compare(mostSignificantBits, other.mostSignificantBits);
        return c != 0 ? c : Long.compare(leastSignificantBits, other.leastSignificantBits);
    }
}
