package io.skiff.wire.protocol;

import java.util.List;

/**
 * A message or struct generated from one of Kafka's JSON schemas. {@link #read} replaces every
 * field (fields absent in the version get their schema default); {@link #size} is the exact number
 * of bytes {@link #write} produces for the same version. Instances are mutable and not thread-safe.
 */
public interface Message {
    /** Reads this message's fields; throws only {@link DecodeException} on bad bytes. */
    void read(Readable readable, short version);

    /**
     * Writes this message; throws {@link UnsupportedMessageVersionException} when a field that does
     * not exist in {@code version} holds a non-default value (unless the schema says it is ignorable).
     */
    void write(Writable writable, short version);

    int size(short version);

    short lowestSupportedVersion();

    short highestSupportedVersion();

    /** Tagged fields read but not known to this build; written back verbatim. Never null. */
    List<RawTaggedField> unknownTaggedFields();
}
