package io.skiff.wire.compress;

import io.skiff.wire.protocol.DecodeException;

/**
 * Compressed data that expands past the caller's limit (a compression bomb, or simply a batch larger
 * than the broker accepts). Thrown as soon as the limit would be crossed, before any buffer beyond it
 * is allocated.
 */
public class DecompressionLimitException extends DecodeException {
    private static final long serialVersionUID = 1L;

    public DecompressionLimitException(String codec, int maxBytes) {
        super(codec + " data decompresses to more than the limit of " + maxBytes + " bytes");
    }
}
