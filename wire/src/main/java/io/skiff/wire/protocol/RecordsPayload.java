package io.skiff.wire.protocol;

/**
 * The opaque record set carried by a {@code records} field (Produce, Fetch, ...). The wire module
 * never interprets it here: batches travel as bytes from socket to log and back, so
 * implementations may be in-memory slices or file regions sent with {@code sendfile}.
 */
public interface RecordsPayload {
    /** Exact number of bytes this record set occupies on the wire. */
    int sizeInBytes();
}
