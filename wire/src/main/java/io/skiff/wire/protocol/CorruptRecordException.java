package io.skiff.wire.protocol;

/**
 * A record batch that parsed but fails validation (CRC mismatch, sizes that disagree, a record count
 * that does not match the records). Answered with {@link Errors#CORRUPT_MESSAGE} for the partition;
 * unlike a {@link DecodeException} on a request frame, the connection stays open.
 */
public class CorruptRecordException extends ApiException {
    private static final long serialVersionUID = 1L;

    public CorruptRecordException(String message) {
        super(Errors.CORRUPT_MESSAGE, message);
    }
}
