package io.skiff.broker.coordinator.group;

import io.skiff.wire.protocol.DecodeException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Kafka's record formats in {@code __consumer_offsets}, byte for byte, so the stock tools can read them.
 *
 * <p>Key (big-endian): {@code int16 version}, then for versions 0 and 1 (an offset commit)
 * {@code string group, string topic, int32 partition}; version 2 is a group-metadata key
 * ({@code string group}). Strings are {@code int16 length + UTF-8}. We write key version 1.
 *
 * <p>OffsetCommitValue: {@code int16 version}, then v0/v2 {@code int64 offset, string metadata,
 * int64 commitTimestamp}; v1 the same plus {@code int64 expireTimestamp}; v3 {@code int64 offset,
 * int32 leaderEpoch, string metadata, int64 commitTimestamp}; v4 (flexible) like v3 with a compact string
 * (unsigned varint length + 1) and trailing tagged fields, of which tag 0 is the topic id (16 bytes). We
 * write what Kafka 4 writes: v1 when the commit carries an expire timestamp (a v2-v4 OffsetCommit with a
 * retention time), v4 otherwise (the topic id tag only when the commit named the topic by id). A null
 * value is a tombstone (offset deleted).
 *
 * <p>Stateless; thread-safe.
 */
public final class OffsetRecords {
    static final short OFFSET_KEY_VERSION = 1;
    static final short GROUP_METADATA_KEY_VERSION = 2;
    static final short EXPIRING_VALUE_VERSION = 1;
    static final short OFFSET_VALUE_VERSION = 4;
    private static final int TOPIC_ID_TAG = 0;
    private static final int UUID_BYTES = 16;

    private OffsetRecords() {}

    /** A decoded offset-commit key. */
    public record OffsetKey(String group, String topic, int partition) {}

    public static byte[] offsetKey(String group, String topic, int partition) {
        byte[] g = utf8(group);
        byte[] t = utf8(topic);
        ByteBuffer buf = ByteBuffer.allocate(2 + 2 + g.length + 2 + t.length + 4);
        buf.putShort(OFFSET_KEY_VERSION);
        putString(buf, g);
        putString(buf, t);
        buf.putInt(partition);
        return buf.array();
    }

    public static byte[] offsetValue(CommittedOffset value) {
        byte[] m = utf8(value.metadata() == null ? "" : value.metadata());
        if (value.hasExpireTimestamp()) {
            ByteBuffer buf = ByteBuffer.allocate(2 + 8 + 2 + m.length + 8 + 8);
            buf.putShort(EXPIRING_VALUE_VERSION);
            buf.putLong(value.offset());
            putString(buf, m);
            buf.putLong(value.commitTimestamp());
            buf.putLong(value.expireTimestamp());
            return buf.array();
        }
        boolean withId = value.topicId() != null
                && (value.topicId().getMostSignificantBits() != 0 || value.topicId().getLeastSignificantBits() != 0);
        ByteBuffer buf = ByteBuffer.allocate(2 + 8 + 4 + 5 + m.length + 8 + 1 + (withId ? 2 + UUID_BYTES : 0));
        buf.putShort(OFFSET_VALUE_VERSION);
        buf.putLong(value.offset());
        buf.putInt(value.leaderEpoch());
        putUnsignedVarint(buf, m.length + 1);
        buf.put(m);
        buf.putLong(value.commitTimestamp());
        if (withId) {
            putUnsignedVarint(buf, 1);
            putUnsignedVarint(buf, TOPIC_ID_TAG);
            putUnsignedVarint(buf, UUID_BYTES);
            buf.putLong(value.topicId().getMostSignificantBits());
            buf.putLong(value.topicId().getLeastSignificantBits());
        } else {
            putUnsignedVarint(buf, 0);
        }
        byte[] out = new byte[buf.position()];
        buf.flip().get(out);
        return out;
    }

    /**
     * The offset key in {@code key}, or null for another record type (group metadata, or a key version
     * this broker does not know, which it skips like Kafka's loader would refuse to; never fatal here).
     */
    public static OffsetKey readOffsetKey(ByteBuffer key) {
        ByteBuffer buf = key.duplicate();
        try {
            short version = buf.getShort();
            if (version != 0 && version != 1) {
                return null;
            }
            return new OffsetKey(readString(buf), readString(buf), buf.getInt());
        } catch (BufferUnderflowException e) {
            throw new DecodeException("Truncated offset commit key");
        }
    }

    public static CommittedOffset readOffsetValue(ByteBuffer value) {
        ByteBuffer buf = value.duplicate();
        try {
            short version = buf.getShort();
            switch (version) {
                case 0, 2 -> {
                    long offset = buf.getLong();
                    String metadata = readString(buf);
                    return new CommittedOffset(offset, -1, metadata, buf.getLong());
                }
                case 1 -> {
                    long offset = buf.getLong();
                    String metadata = readString(buf);
                    long commitTimestamp = buf.getLong();
                    return new CommittedOffset(offset, -1, metadata, commitTimestamp, buf.getLong(), null);
                }
                case 3 -> {
                    long offset = buf.getLong();
                    int epoch = buf.getInt();
                    String metadata = readString(buf);
                    return new CommittedOffset(offset, epoch, metadata, buf.getLong());
                }
                case 4 -> {
                    long offset = buf.getLong();
                    int epoch = buf.getInt();
                    int len = readUnsignedVarint(buf) - 1;
                    byte[] m = new byte[Math.max(len, 0)];
                    buf.get(m);
                    long commitTimestamp = buf.getLong();
                    return new CommittedOffset(offset, epoch, new String(m, StandardCharsets.UTF_8), commitTimestamp,
                            CommittedOffset.NO_EXPIRY, readTopicIdTag(buf));
                }
                default -> throw new DecodeException("Unknown offset commit value version " + version);
            }
        } catch (BufferUnderflowException e) {
            throw new DecodeException("Truncated offset commit value");
        }
    }

    /** The topic id among trailing tagged fields (null when absent); unknown tags are skipped, as Kafka does. */
    private static UUID readTopicIdTag(ByteBuffer buf) {
        if (!buf.hasRemaining()) {
            return null;
        }
        UUID topicId = null;
        int tags = readUnsignedVarint(buf);
        for (int i = 0; i < tags; i++) {
            int tag = readUnsignedVarint(buf);
            int size = readUnsignedVarint(buf);
            if (tag == TOPIC_ID_TAG && size == UUID_BYTES) {
                topicId = new UUID(buf.getLong(), buf.getLong());
            } else if (size <= buf.remaining()) {
                buf.position(buf.position() + size);
            } else {
                throw new DecodeException("Tagged field " + tag + " of " + size + " bytes overruns the value");
            }
        }
        return topicId;
    }

    private static void putUnsignedVarint(ByteBuffer buf, int value) {
        int v = value;
        while ((v & ~0x7f) != 0) {
            buf.put((byte) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        buf.put((byte) v);
    }

    private static int readUnsignedVarint(ByteBuffer buf) {
        int value = 0;
        for (int shift = 0; shift < 32; shift += 7) {
            byte b = buf.get();
            value |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new DecodeException("Varint too long");
    }

    private static byte[] utf8(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > Short.MAX_VALUE) {
            throw new IllegalArgumentException("String too long for an int16 length: " + b.length + " bytes");
        }
        return b;
    }

    private static void putString(ByteBuffer buf, byte[] b) {
        buf.putShort((short) b.length);
        buf.put(b);
    }

    /** An int16-length-prefixed UTF-8 string (length -1: null), as every record here stores them. */
    static String readString(ByteBuffer buf) {
        short len = buf.getShort();
        if (len < 0) {
            return null;
        }
        byte[] b = new byte[len];
        buf.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
