package io.skiff.wire.protocol;

import java.util.Arrays;

/**
 * A tagged field this build does not know (sent by a newer peer), kept as raw bytes so a message
 * can be written back exactly as it was read. Treat the array as immutable.
 */
public final class RawTaggedField {
    private final int tag;
    private final byte[] data;

    public RawTaggedField(int tag, byte[] data) {
        this.tag = tag;
        this.data = data;
    }

    public int tag() {
        return tag;
    }

    public byte[] data() {
        return data;
    }

    public int size() {
        return data.length;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RawTaggedField)) {
            return false;
        }
        RawTaggedField other = (RawTaggedField) o;
        return tag == other.tag && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * tag + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "RawTaggedField(tag=" + tag + ", size=" + data.length + ")";
    }
}
