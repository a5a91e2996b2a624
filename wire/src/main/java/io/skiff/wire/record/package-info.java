/**
 * The magic v2 record batch format, byte for byte as Kafka writes it: {@link io.skiff.wire.record.RecordBatch}
 * (a zero-copy header view the log and broker use on the produce and recovery paths),
 * {@link io.skiff.wire.record.Batches} (walking a buffer of concatenated batches),
 * {@link io.skiff.wire.record.Record} (one record inside a batch) and
 * {@link io.skiff.wire.record.RecordBatchBuilder} (writing batches, including transaction markers).
 *
 * <p>Failures, and the error a produce answers them with (Kafka's choices):
 * <ul>
 *   <li>{@link io.skiff.wire.record.Batches#next()}: a size below the header →
 *       {@link io.skiff.wire.protocol.CorruptRecordException} (CORRUPT_MESSAGE); magic 0/1 or unknown →
 *       {@link io.skiff.wire.protocol.InvalidRecordException} (INVALID_RECORD); a partial trailing batch is
 *       reported, not thrown (fetches cut batches short; a produce treats it as INVALID_RECORD via
 *       {@link io.skiff.wire.record.Batches#singleProduceBatch}).</li>
 *   <li>{@link io.skiff.wire.record.RecordBatch#ensureValid()}: CRC mismatch → CorruptRecordException.</li>
 *   <li>{@link io.skiff.wire.record.RecordBatch#view} on bytes that are not a batch, record parsing,
 *       decompression: {@link io.skiff.wire.protocol.DecodeException}; inside a produce request the frame
 *       itself parsed, so the broker answers these per partition with CORRUPT_MESSAGE rather than closing
 *       the connection. Log recovery treats any of these as the torn tail.</li>
 * </ul>
 * Legacy formats (magic 0 and 1) are not read at all: Kafka 4 no longer accepts them either.
 */
package io.skiff.wire.record;
