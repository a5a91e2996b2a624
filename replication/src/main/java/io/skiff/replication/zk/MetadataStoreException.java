package io.skiff.replication.zk;

/**
 * A metadata operation that failed for a reason a Kafka client can be told about: the error code is the one the
 * broker puts in its response. ZooKeeper failures with no client-level meaning carry
 * {@link ErrorCodes#UNKNOWN_SERVER_ERROR} and keep the ZooKeeper exception as the cause.
 */
public class MetadataStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final short errorCode;

    public MetadataStoreException(short errorCode, String message) {
        this(errorCode, message, null);
    }

    public MetadataStoreException(short errorCode, String message, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
    }

    /** Kafka's wire error code for this failure. */
    public short errorCode() {
        return errorCode;
    }
}
