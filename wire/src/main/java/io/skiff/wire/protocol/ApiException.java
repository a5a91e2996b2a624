package io.skiff.wire.protocol;

import java.util.Objects;

/**
 * A failure the broker answers with a Kafka error code rather than by closing the connection. Domain
 * exceptions of every module are (subclasses of) this type; {@link Errors#forException(Throwable)}
 * turns one into the code that goes in the response.
 *
 * <p>Expected errors are frequent (a follower polling past the end, a stale producer epoch), so by
 * default no stack trace is captured; subclasses for genuinely unexpected failures may pass
 * {@code writableStackTrace = true}.
 */
public class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Errors error;

    public ApiException(Errors error, String message) {
        this(error, message, null, false);
    }

    public ApiException(Errors error, String message, Throwable cause) {
        this(error, message, cause, cause != null);
    }

    protected ApiException(Errors error, String message, Throwable cause, boolean writableStackTrace) {
        super(message, cause, false, writableStackTrace);
        this.error = Objects.requireNonNull(error, "error");
        if (error == Errors.NONE) {
            throw new IllegalArgumentException("NONE is not an error");
        }
    }

    /** The error code this failure is reported with. */
    public Errors error() {
        return error;
    }

    /** Whether the client may retry; the error's own property. */
    public boolean retriable() {
        return error.retriable();
    }
}
