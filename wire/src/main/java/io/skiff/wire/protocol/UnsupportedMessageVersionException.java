package io.skiff.wire.protocol;

/**
 * Thrown when a message cannot be written at the requested version: a field missing from that
 * version holds a non-default value, tagged fields are set in a non-flexible version, or the version
 * lies outside the schema's range. Carries Kafka's UNSUPPORTED_VERSION error code.
 */
public class UnsupportedMessageVersionException extends ApiException {
    private static final long serialVersionUID = 1L;

    public UnsupportedMessageVersionException(String message) {
        super(Errors.UNSUPPORTED_VERSION, message);
    }

    public short errorCode() {
        return Errors.UNSUPPORTED_VERSION.code();
    }
}
