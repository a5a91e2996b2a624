package io.skiff.log;

/**
 * A log operation failed for a reason a client can be told about: carries the Kafka error code that the
 * broker puts into the partition-level response. The codes are Kafka's {@code Errors} codes.
 */
public class LogException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public static final short OFFSET_OUT_OF_RANGE = 1;
    public static final short CORRUPT_MESSAGE = 2;
    public static final short MESSAGE_TOO_LARGE = 10;
    public static final short RECORD_LIST_TOO_LARGE = 18;
    public static final short OUT_OF_ORDER_SEQUENCE_NUMBER = 45;
    public static final short INVALID_PRODUCER_EPOCH = 47;
    public static final short KAFKA_STORAGE_ERROR = 56;
    public static final short UNKNOWN_PRODUCER_ID = 59;
    public static final short INVALID_RECORD = 87;
    public static final short INVALID_TIMESTAMP = 32;
    public static final short UNSUPPORTED_FOR_MESSAGE_FORMAT = 43;

    private final short errorCode;

    public LogException(short errorCode, String message) {
        super(message);
        this.errorCode = errorCode;
    }

    public LogException(short errorCode, String message, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
    }

    /** Kafka's error code for this failure. */
    public short errorCode() {
        return errorCode;
    }

    static LogException offsetOutOfRange(long offset, long logStart, long logEnd) {
        return new LogException(OFFSET_OUT_OF_RANGE,
                "Offset " + offset + " is out of range [" + logStart + ", " + logEnd + "]");
    }

    static LogException corrupt(String message) {
        return new LogException(CORRUPT_MESSAGE, message);
    }

    static LogException storage(String message, Throwable cause) {
        return new LogException(KAFKA_STORAGE_ERROR, message, cause);
    }
}
