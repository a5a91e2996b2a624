package io.skiff.wire.record;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/** One record header: a non-null UTF-8 key and a nullable value. Immutable. */
public final class RecordHeader {
    private final String key;
    private final byte[] value;

    public RecordHeader(String key, byte[] value) {
        this.key = Objects.requireNonNull(key, "header key");
        this.value = value == null ? null : value.clone();
    }

    public String key() {
        return key;
    }

    /** A copy of the value, or null. */
    public byte[] value() {
        return value == null ? null : value.clone();
    }

    int valueLength() {
        return value == null ? -1 : value.length;
    }

    byte[] valueUnsafe() {
        return value;
    }

    byte[] keyBytes() {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecordHeader h && key.equals(h.key) && Arrays.equals(value, h.value);
    }

    @Override
    public int hashCode() {
        return 31 * key.hashCode() + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "RecordHeader(" + key + ", " + (value == null ? "null" : value.length + " bytes") + ")";
    }
}
