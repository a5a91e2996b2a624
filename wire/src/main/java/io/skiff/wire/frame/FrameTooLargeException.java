package io.skiff.wire.frame;

import io.skiff.wire.protocol.DecodeException;

/**
 * A frame whose size prefix is negative or above {@code socket.request.max.bytes}. Raised on the size
 * alone, before any of the body is buffered; the connection cannot be resynchronised and is closed.
 */
public class FrameTooLargeException extends DecodeException {
    private static final long serialVersionUID = 1L;

    private final int size;
    private final int maxSize;

    public FrameTooLargeException(int size, int maxSize) {
        super(size < 0
                ? "Invalid receive (size = " + size + ")"
                : "Invalid receive (size = " + size + " larger than " + maxSize + ")");
        this.size = size;
        this.maxSize = maxSize;
    }

    /** The size the peer claimed. */
    public int size() {
        return size;
    }

    public int maxSize() {
        return maxSize;
    }
}
