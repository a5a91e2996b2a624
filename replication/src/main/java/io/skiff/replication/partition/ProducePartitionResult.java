package io.skiff.replication.partition;

import io.skiff.wire.protocol.Errors;

/**
 * The answer for one partition of a produce.
 *
 * @param error NONE or the partition's error
 * @param errorMessage detail for the client, or null
 * @param baseOffset offset of the first appended record, -1 on error
 * @param logAppendTime broker time stamped on the batch with LogAppendTime, else -1
 * @param logStartOffset the log start offset after the append, -1 on error
 */
public record ProducePartitionResult(Errors error, String errorMessage, long baseOffset, long logAppendTime,
                                     long logStartOffset) {
    public static ProducePartitionResult error(Errors error, String message) {
        return new ProducePartitionResult(error, message, -1, -1, -1);
    }

    /** The same offsets with another error (acks=all outcome). */
    public ProducePartitionResult withError(Errors newError, String message) {
        return new ProducePartitionResult(newError, message, baseOffset, logAppendTime, logStartOffset);
    }
}
