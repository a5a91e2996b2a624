/**
 * Protocol runtime shared by the generated message classes ({@code io.skiff.wire.message}) and the
 * framing code: the {@link io.skiff.wire.protocol.Readable}/{@link io.skiff.wire.protocol.Writable}
 * byte accessors ({@link io.skiff.wire.protocol.ByteBufferAccessor}), varints, UUIDs, raw tagged
 * fields, record payloads, request/response header handling, error codes, and
 * {@link io.skiff.wire.protocol.DecodeException}, the only exception a decoder may throw.
 */
package io.skiff.wire.protocol;
