package io.skiff.wire.protocol;

/**
 * Records a produce request may not carry: a legacy (magic 0/1) message set, no batch or more than one
 * batch per partition. Answered with {@link Errors#INVALID_RECORD}, as Kafka 4 answers them.
 */
public class InvalidRecordException extends ApiException {
    private static final long serialVersionUID = 1L;

    public InvalidRecordException(String message) {
        super(Errors.INVALID_RECORD, message);
    }
}
