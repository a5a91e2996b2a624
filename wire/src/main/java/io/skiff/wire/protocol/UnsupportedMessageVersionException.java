package io.skiff.wire.protocol;

/**
 * Thrown when a message cannot be written at the requested version: a field missing from that
 * version holds a non-default value, tagged fields are set in a non-flexible version, or the version
 * lies outside the schema's range. Carries Kafka's UNSUPPORTED_VERSION error code.
 */
public class UnsupportedMessageVersionException extends RuntimeException {
    /** Kafka's UNSUPPORTED_VERSION. */
    public static final short ERROR_CODE = 35;
    private static final long serialVersionUID = 1L;

    public UnsupportedMessageVersionException(String message) {
        super(message);
    }

    public short errorCode() {
        return ERROR_CODE;
    }
}
