/**
 * The magic v2 record batch format, byte for byte as Kafka writes it: {@link io.skiff.wire.record.RecordBatch}
 * (a zero-copy header view the log and broker use on the produce and recovery paths),
 * {@link io.skiff.wire.record.Batches} (walking a buffer of concatenated batches),
 * {@link io.skiff.wire.record.Record} (one record inside a batch) and
 * {@link io.skiff.wire.record.RecordBatchBuilder} (writing batches, including control batches).
 *
 * <p>Malformed bytes raise {@link io.skiff.wire.protocol.DecodeException}; well-formed batches that fail
 * validation (CRC) raise {@link io.skiff.wire.protocol.CorruptRecordException}. Legacy formats (magic 0
 * and 1) are not read: produce requests carrying them are refused with {@code INVALID_RECORD} as Kafka 4
 * does.
 */
package io.skiff.wire.record;
