package io.skiff.wire.protocol;

/**
 * The one exception every decoder in this module throws for bytes that do not parse: a truncated
 * body, a negative or absurd length, an invalid varint, a string that is not UTF-8, a record batch
 * whose sizes disagree. Callers catch this type alone; any other exception escaping a decoder is a
 * bug. A connection whose frame raises it cannot be resynchronised and is closed.
 */
public class DecodeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DecodeException(String message) {
        super(message);
    }

    public DecodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
