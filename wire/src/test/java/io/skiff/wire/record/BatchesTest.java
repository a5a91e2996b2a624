package io.skiff.wire.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.wire.protocol.ApiException;
import io.skiff.wire.protocol.CorruptRecordException;
import io.skiff.wire.protocol.Errors;
import io.skiff.wire.protocol.InvalidRecordException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.junit.jupiter.api.Test;

class BatchesTest {

    private static ByteBuffer batch(long baseOffset, int records, CompressionType type) {
        RecordBatchBuilder b = new RecordBatchBuilder(type).baseOffset(baseOffset);
        for (int i = 0; i < records; i++) {
            b.append(1000L + i, ("k" + i).getBytes(StandardCharsets.UTF_8), ("value-" + i).getBytes(StandardCharsets.UTF_8));
        }
        return b.build();
    }

    private static ByteBuffer concat(ByteBuffer... parts) {
        int size = 0;
        for (ByteBuffer p : parts) {
            size += p.remaining();
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        for (ByteBuffer p : parts) {
            out.put(p.duplicate());
        }
        return out.flip();
    }

    /** A magic 1 message as Kafka 0.10 wrote it: offset, size, crc, magic, attributes, timestamp, key, value. */
    private static ByteBuffer legacyMessage(byte magic) {
        byte[] value = "old".getBytes(StandardCharsets.UTF_8);
        ByteBuffer body = ByteBuffer.allocate(1 + 1 + 8 + 4 + 4 + value.length);
        body.put(magic).put((byte) 0).putLong(5L).putInt(-1).putInt(value.length).put(value).flip();
        CRC32 crc = new CRC32();
        crc.update(body.duplicate());
        ByteBuffer out = ByteBuffer.allocate(12 + 4 + body.remaining());
        out.putLong(0L).putInt(4 + body.remaining()).putInt((int) crc.getValue()).put(body).flip();
        return out;
    }

    @Test
    void walksConcatenatedBatchesWithOneReusedView() {
        ByteBuffer buf = concat(batch(0, 3, CompressionType.NONE), batch(3, 2, CompressionType.GZIP), batch(5, 4, CompressionType.ZSTD));
        Batches batches = Batches.of(buf);
        List<Long> bases = new ArrayList<>();
        RecordBatch first = null;

        while (batches.next()) {
            RecordBatch b = batches.current();
            b.ensureValid();
            if (first == null) {
                first = b;
            }
            assertThat(b).isSameAs(first);
            bases.add(b.baseOffset());
        }

        assertThat(bases).containsExactly(0L, 3L, 5L);
        assertThat(batches.truncatedBytes()).isZero();
        assertThat(batches.validEnd()).isEqualTo(buf.limit());
        assertThat(buf.position()).isZero();
    }

    @Test
    void kafkaReadsTheSameConcatenation() {
        ByteBuffer buf = concat(batch(0, 3, CompressionType.SNAPPY), batch(3, 2, CompressionType.LZ4));
        List<Long> offsets = new ArrayList<>();
        MemoryRecords.readableRecords(buf.duplicate()).records().forEach(r -> offsets.add(r.offset()));
        assertThat(offsets).containsExactly(0L, 1L, 2L, 3L, 4L);
    }

    @Test
    void truncatedTrailingBatchIsReportedNotThrown() {
        ByteBuffer whole = concat(batch(0, 3, CompressionType.NONE), batch(3, 3, CompressionType.NONE));
        int firstSize = RecordBatch.view(whole, 0).sizeInBytes();
        for (int cut : new int[] {1, 12, 16, 17, 61, whole.limit() - firstSize - 1}) {
            ByteBuffer buf = whole.duplicate().limit(firstSize + cut);
            Batches batches = Batches.of(buf);

            assertThat(batches.next()).isTrue();
            assertThat(batches.next()).as("cut %d", cut).isFalse();
            assertThat(batches.truncatedBytes()).isEqualTo(cut);
            assertThat(batches.validEnd()).isEqualTo(firstSize);
        }
    }

    @Test
    void currentIsRefusedUntilABatchWasFound() {
        Batches empty = Batches.of(ByteBuffer.allocate(0));
        assertThatThrownBy(empty::current).isInstanceOf(IllegalStateException.class);
        assertThat(empty.next()).isFalse();
        assertThatThrownBy(empty::current).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theSingleProduceBatchIsTheBatchOfTheRequest() {
        ByteBuffer buf = batch(0, 3, CompressionType.NONE);

        RecordBatch b = Batches.singleProduceBatch(buf, (short) 13);

        assertThat(b.position()).isZero();
        assertThat(b.recordCount()).isEqualTo(3);
        assertThat(buf.position()).isZero();
    }

    @Test
    void lengthBelowTheV2HeaderIsCorrupt() {
        ByteBuffer buf = batch(0, 1, CompressionType.NONE);
        buf.putInt(RecordBatch.LENGTH_OFFSET, 48);
        assertThatThrownBy(() -> Batches.of(buf).next()).isInstanceOf(CorruptRecordException.class);
        buf.putInt(RecordBatch.LENGTH_OFFSET, -5);
        assertThatThrownBy(() -> Batches.of(buf).next()).isInstanceOf(CorruptRecordException.class);
    }

    @Test
    void legacyMagicIsRefusedWithInvalidRecordAsKafkaAnswersProduce() {
        for (byte magic : new byte[] {0, 1}) {
            ByteBuffer buf = legacyMessage(magic);
            assertThatThrownBy(() -> Batches.of(buf).next())
                    .isInstanceOf(InvalidRecordException.class)
                    .satisfies(e -> assertThat(((ApiException) e).error()).isEqualTo(Errors.INVALID_RECORD));
        }
    }

    @Test
    void produceBatchMustBeExactlyOneCompleteV2Batch() {
        ByteBuffer one = batch(0, 2, CompressionType.ZSTD);
        assertThat(Batches.singleProduceBatch(one, (short) 9).recordCount()).isEqualTo(2);

        assertThatThrownBy(() -> Batches.singleProduceBatch(ByteBuffer.allocate(0), (short) 9))
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("at least one");
        ByteBuffer two = concat(batch(0, 1, CompressionType.NONE), batch(1, 1, CompressionType.NONE));
        assertThatThrownBy(() -> Batches.singleProduceBatch(two, (short) 9))
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("exactly one");
        ByteBuffer partial = concat(batch(0, 1, CompressionType.NONE), batch(1, 1, CompressionType.NONE).limit(30));
        assertThatThrownBy(() -> Batches.singleProduceBatch(partial, (short) 9))
                .isInstanceOf(InvalidRecordException.class);
        assertThatThrownBy(() -> Batches.singleProduceBatch(legacyMessage((byte) 1), (short) 9))
                .isInstanceOf(InvalidRecordException.class);
        assertThatThrownBy(() -> Batches.singleProduceBatch(one, (short) 6))
                .isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).error()).isEqualTo(Errors.UNSUPPORTED_COMPRESSION_TYPE));
    }

    @Test
    void recordCountDisagreeingWithTheBytesIsADecodeError() {
        ByteBuffer tooFew = batch(0, 3, CompressionType.NONE);
        tooFew.putInt(RecordBatch.RECORDS_COUNT_OFFSET, 4);
        ByteBuffer tooMany = batch(0, 3, CompressionType.GZIP);
        tooMany.putInt(RecordBatch.RECORDS_COUNT_OFFSET, 2);

        assertThatThrownBy(() -> RecordBatch.view(tooFew, 0).records(1 << 16).forEachRemaining(r -> { }))
                .isInstanceOf(io.skiff.wire.protocol.DecodeException.class).hasMessageContaining("declares 4");
        assertThatThrownBy(() -> RecordBatch.view(tooMany, 0).records(1 << 16).forEachRemaining(r -> { }))
                .isInstanceOf(io.skiff.wire.protocol.DecodeException.class).hasMessageContaining("after its 2");
    }
}
