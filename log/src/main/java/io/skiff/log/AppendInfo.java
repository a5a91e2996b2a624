package io.skiff.log;

/**
 * The outcome of one append.
 *
 * @param firstOffset offset of the first appended record (or of the original batch for a duplicate)
 * @param lastOffset offset of the last appended record
 * @param logAppendTime the broker time stamped on the batches, or -1 with CreateTime
 * @param logStartOffset the log start offset after the append
 * @param recordCount number of records appended
 * @param duplicate whether the batch was an idempotent retry answered with its original offsets
 */
public record AppendInfo(long firstOffset, long lastOffset, long logAppendTime, long logStartOffset,
                         int recordCount, boolean duplicate) {}
