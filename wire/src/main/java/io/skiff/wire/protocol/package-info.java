/**
 * Protocol runtime shared by the generated message classes and the framing code: the
 * {@code Readable}/{@code Writable} byte accessors, varints, UUIDs, tagged fields, the API key table,
 * error codes, and {@link io.skiff.wire.protocol.DecodeException}.
 */
package io.skiff.wire.protocol;
