package io.skiff.wire.protocol;

import java.util.List;

/**
 * Small helpers the generated message classes share, kept here so generated code stays short.
 * Stateless and thread-safe.
 */
public final class MessageSupport {
    /** The shared default of non-nullable {@code bytes} fields; never written into. */
    public static final byte[] EMPTY_BYTES = new byte[0];

    private MessageSupport() {
    }

    /**
     * Writes the unknown tagged fields from index {@code next} whose tag is below {@code limit}, so
     * unknown and known tags come out merged in ascending order.
     *
     * @return the index of the first unknown field not yet written
     */
    public static int writeRawTagsBelow(Writable out, List<RawTaggedField> raw, int next, int limit) {
        int i = next;
        while (i < raw.size() && raw.get(i).tag() < limit) {
            RawTaggedField f = raw.get(i);
            out.writeUnsignedVarint(f.tag());
            out.writeUnsignedVarint(f.size());
            out.writeByteArray(f.data());
            i++;
        }
        return i;
    }

    /** Compares unknown-tagged-field lists, treating null as empty. */
    public static boolean sameTaggedFields(List<RawTaggedField> a, List<RawTaggedField> b) {
        boolean aEmpty = a == null || a.isEmpty();
        boolean bEmpty = b == null || b.isEmpty();
        if (aEmpty || bEmpty) {
            return aEmpty == bEmpty;
        }
        return a.equals(b);
    }
}
