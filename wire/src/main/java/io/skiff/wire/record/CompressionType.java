package io.skiff.wire.record;

import io.skiff.wire.compress.Codec;
import io.skiff.wire.protocol.CorruptRecordException;

/**
 * The codec of a v2 batch, stored in bits 0-2 of its attributes. {@link #configName()} is the value of
 * Kafka's {@code compression.type} config (topic and producer) for the codec.
 */
public enum CompressionType {
    NONE(0, "none"),
    GZIP(1, "gzip"),
    SNAPPY(2, "snappy"),
    LZ4(3, "lz4"),
    ZSTD(4, "zstd");

    private static final CompressionType[] BY_ID = values();

    private final byte id;
    private final String configName;

    CompressionType(int id, String configName) {
        this.id = (byte) id;
        this.configName = configName;
    }

    /** The codec at Kafka's default level; {@link #NONE} has none. */
    public Codec codec() {
        switch (this) {
            case GZIP:
                return Codec.gzip();
            case SNAPPY:
                return Codec.snappy();
            case LZ4:
                return Codec.lz4();
            case ZSTD:
                return Codec.zstd();
            default:
                throw new IllegalStateException("NONE has no codec");
        }
    }

    /** The attribute bits value. */
    public byte id() {
        return id;
    }

    /** The {@code compression.type} config value. */
    public String configName() {
        return configName;
    }

    /** The codec for attribute bits; ids 5-7 are unassigned and mean a corrupt batch. */
    public static CompressionType forId(int id) {
        if (id < 0 || id >= BY_ID.length) {
            throw new CorruptRecordException("unknown compression type id " + id);
        }
        return BY_ID[id];
    }

    /** The codec for a {@code compression.type} value (case-insensitive, as Kafka accepts). */
    public static CompressionType forConfigName(String name) {
        for (CompressionType t : BY_ID) {
            if (t.configName.equalsIgnoreCase(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown compression.type '" + name + "'");
    }
}
