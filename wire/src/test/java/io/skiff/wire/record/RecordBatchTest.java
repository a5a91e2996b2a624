package io.skiff.wire.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.wire.protocol.CorruptRecordException;
import io.skiff.wire.protocol.DecodeException;
import io.skiff.wire.protocol.Errors;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RecordBatchTest {

    private static ByteBuffer kafkaBatch(CompressionType type, boolean transactional) {
        MemoryRecordsBuilder b = KafkaBatches.builder(ByteBuffer.allocate(4096), type, TimestampType.CREATE_TIME,
                1000L, -1L, 77L, (short) 3, Integer.MAX_VALUE - 1, transactional, false, 9);
        b.appendWithOffset(1000L, 5000L, "k0".getBytes(StandardCharsets.UTF_8), "v0".getBytes(StandardCharsets.UTF_8));
        b.appendWithOffset(1001L, 4000L, null, "v1".getBytes(StandardCharsets.UTF_8),
                new RecordHeader[] {new RecordHeader("h", new byte[] {1})});
        b.appendWithOffset(1002L, 6000L, "k2".getBytes(StandardCharsets.UTF_8), null);
        return b.build().buffer();
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void headerFieldsMatchKafkasReading(CompressionType type) {
        ByteBuffer buf = kafkaBatch(type, true);
        MutableRecordBatch kafka = MemoryRecords.readableRecords(buf.duplicate()).batches().iterator().next();

        RecordBatch ours = RecordBatch.view(buf, 0);

        assertThat(ours.baseOffset()).isEqualTo(kafka.baseOffset()).isEqualTo(1000L);
        assertThat(ours.sizeInBytes()).isEqualTo(kafka.sizeInBytes()).isEqualTo(buf.remaining());
        assertThat(ours.batchLength()).isEqualTo(kafka.sizeInBytes() - 12);
        assertThat(ours.partitionLeaderEpoch()).isEqualTo(kafka.partitionLeaderEpoch()).isEqualTo(9);
        assertThat(ours.magic()).isEqualTo(kafka.magic());
        assertThat(ours.checksum()).isEqualTo(kafka.checksum());
        assertThat(ours.compressionType().configName()).isEqualTo(kafka.compressionType().name);
        assertThat(ours.compressionType()).isEqualTo(type);
        assertThat(ours.timestampType().displayName()).isEqualTo(kafka.timestampType().name);
        assertThat(ours.isTransactional()).isEqualTo(kafka.isTransactional()).isTrue();
        assertThat(ours.isControlBatch()).isEqualTo(kafka.isControlBatch()).isFalse();
        assertThat(ours.hasDeleteHorizon()).isEqualTo(kafka.deleteHorizonMs().isPresent()).isFalse();
        assertThat(ours.lastOffsetDelta()).isEqualTo(2);
        assertThat(ours.lastOffset()).isEqualTo(kafka.lastOffset()).isEqualTo(1002L);
        assertThat(ours.nextOffset()).isEqualTo(kafka.nextOffset());
        assertThat(ours.baseTimestamp()).isEqualTo(((DefaultRecordBatch) kafka).baseTimestamp()).isEqualTo(5000L);
        assertThat(ours.maxTimestamp()).isEqualTo(kafka.maxTimestamp()).isEqualTo(6000L);
        assertThat(ours.producerId()).isEqualTo(kafka.producerId()).isEqualTo(77L);
        assertThat(ours.producerEpoch()).isEqualTo(kafka.producerEpoch());
        assertThat(ours.baseSequence()).isEqualTo(kafka.baseSequence());
        assertThat(ours.lastSequence()).isEqualTo(kafka.lastSequence()).isEqualTo(0);
        assertThat(ours.recordCount()).isEqualTo(kafka.countOrNull()).isEqualTo(3);
        assertThat(ours.isValid()).isTrue();
    }

    @Test
    void viewNeverMovesTheCallersBufferNorDependsOnItsByteOrder() {
        ByteBuffer buf = kafkaBatch(CompressionType.NONE, false);
        ByteBuffer padded = ByteBuffer.allocate(buf.remaining() + 7).order(ByteOrder.LITTLE_ENDIAN);
        padded.position(7);
        padded.put(buf.duplicate());
        padded.position(3).limit(padded.capacity() - 0);

        RecordBatch view = RecordBatch.view(padded, 7);
        view.ensureValid();

        assertThat(view.baseOffset()).isEqualTo(1000L);
        assertThat(view.position()).isEqualTo(7);
        assertThat(padded.position()).isEqualTo(3);
        assertThat(padded.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void baseOffsetAndLeaderEpochPatchesKeepTheCrcValid() {
        ByteBuffer buf = kafkaBatch(CompressionType.LZ4, false);
        RecordBatch view = RecordBatch.view(buf, 0);
        long crc = view.checksum();

        view.setBaseOffset(123_456_789L);
        view.setPartitionLeaderEpoch(42);

        assertThat(view.checksum()).isEqualTo(crc);
        assertThat(view.isValid()).isTrue();
        MutableRecordBatch kafka = MemoryRecords.readableRecords(buf.duplicate()).batches().iterator().next();
        kafka.ensureValid();
        assertThat(kafka.baseOffset()).isEqualTo(123_456_789L);
        assertThat(kafka.partitionLeaderEpoch()).isEqualTo(42);
        assertThat(kafka.lastOffset()).isEqualTo(123_456_791L);
    }

    @Test
    void setMaxTimestampRewritesTypeAndCrcAsKafkaReadsThem() {
        ByteBuffer buf = kafkaBatch(CompressionType.GZIP, true);
        RecordBatch view = RecordBatch.view(buf, 0);
        short attributesBefore = view.attributes();

        view.setMaxTimestamp(TimestampType.LOG_APPEND_TIME, 99_999L);

        assertThat(view.isValid()).isTrue();
        assertThat(view.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(view.attributes()).isEqualTo((short) (attributesBefore | 0x08));
        MutableRecordBatch kafka = MemoryRecords.readableRecords(buf.duplicate()).batches().iterator().next();
        kafka.ensureValid();
        assertThat(kafka.maxTimestamp()).isEqualTo(99_999L);
        assertThat(kafka.timestampType()).isEqualTo(org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME);
        assertThat(kafka.isTransactional()).isTrue();
        assertThat(kafka.compressionType().name).isEqualTo("gzip");

        view.setMaxTimestamp(TimestampType.CREATE_TIME, 6000L);
        assertThat(view.attributes()).isEqualTo(attributesBefore);
        assertThat(view.isValid()).isTrue();
    }

    @Test
    void flippedByteInsideTheCrcIsDetected() {
        ByteBuffer buf = kafkaBatch(CompressionType.NONE, false);
        int index = buf.limit() - 3;
        buf.put(index, (byte) (buf.get(index) ^ 0x10));
        RecordBatch view = RecordBatch.view(buf, 0);

        assertThat(view.isValid()).isFalse();
        assertThatThrownBy(view::ensureValid)
                .isInstanceOf(CorruptRecordException.class)
                .satisfies(e -> assertThat(((CorruptRecordException) e).error()).isEqualTo(Errors.CORRUPT_MESSAGE));
    }

    @Test
    void viewRejectsHeaderOrBatchBeyondTheLimit() {
        ByteBuffer buf = kafkaBatch(CompressionType.NONE, false);
        assertThatThrownBy(() -> RecordBatch.view(buf.duplicate().limit(60), 0)).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> RecordBatch.view(buf.duplicate().limit(buf.limit() - 1), 0))
                .isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> RecordBatch.view(buf, -1)).isInstanceOf(DecodeException.class);
    }

    @Test
    void headerViewReadsTheHeaderAheadOfTheBody() {
        ByteBuffer whole = kafkaBatch(CompressionType.ZSTD, true);
        ByteBuffer headerOnly = ByteBuffer.allocate(RecordBatch.HEADER_SIZE);
        headerOnly.put(whole.duplicate().limit(RecordBatch.HEADER_SIZE)).flip();

        RecordBatch header = RecordBatch.headerView(headerOnly, 0);

        assertThat(header.isComplete()).isFalse();
        assertThat(header.lastOffset()).isEqualTo(1002L);
        assertThat(header.sizeInBytes()).isEqualTo(whole.remaining());
        assertThat(header.producerId()).isEqualTo(77L);
        assertThatThrownBy(header::isValid).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> header.records(1024)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> RecordBatch.view(headerOnly, 0)).isInstanceOf(DecodeException.class);
        assertThat(header.resetHeader(whole, 0).isComplete()).isTrue();
        assertThat(header.isValid()).isTrue();
    }

    @Test
    void viewRejectsALengthShorterThanTheHeader() {
        ByteBuffer buf = kafkaBatch(CompressionType.NONE, false);
        buf.putInt(8, 48);
        assertThatThrownBy(() -> RecordBatch.view(buf, 0)).isInstanceOf(DecodeException.class);
    }

    @Test
    void viewRejectsLegacyMagic() {
        ByteBuffer buf = kafkaBatch(CompressionType.NONE, false);
        buf.put(16, (byte) 1);
        assertThatThrownBy(() -> RecordBatch.view(buf, 0)).isInstanceOf(DecodeException.class).hasMessageContaining("magic 1");
    }

    @Test
    void deleteHorizonIsStoredAsTheBaseTimestampAsKafkaReadsIt() {
        ByteBuffer buf = new RecordBatchBuilder(CompressionType.NONE)
                .deleteHorizon(1_000_000L)
                .append(999_000L, null, null)
                .append(1_001_000L, new byte[] {1}, null)
                .build();

        RecordBatch ours = RecordBatch.view(buf, 0);
        MutableRecordBatch kafka = MemoryRecords.readableRecords(buf.duplicate()).batches().iterator().next();

        assertThat(ours.hasDeleteHorizon()).isTrue();
        assertThat(ours.baseTimestamp()).isEqualTo(1_000_000L);
        assertThat(kafka.deleteHorizonMs()).hasValue(1_000_000L);
        assertThat(ours.maxTimestamp()).isEqualTo(kafka.maxTimestamp()).isEqualTo(1_001_000L);
        java.util.List<Long> kafkaTimestamps = new java.util.ArrayList<>();
        kafka.forEach(r -> kafkaTimestamps.add(r.timestamp()));
        java.util.List<Long> ourTimestamps = new java.util.ArrayList<>();
        ours.records(1024).forEachRemaining(r -> ourTimestamps.add(r.timestamp()));
        assertThat(ourTimestamps).isEqualTo(kafkaTimestamps).containsExactly(999_000L, 1_001_000L);
    }

    @Test
    void recordsOfADirectBufferAreZeroCopySlices() {
        ByteBuffer heap = kafkaBatch(CompressionType.NONE, false);
        ByteBuffer direct = ByteBuffer.allocateDirect(heap.remaining());
        direct.put(heap.duplicate()).flip();

        Record first = RecordBatch.view(direct, 0).records(0).next();

        assertThat(first.key().isDirect()).isTrue();
        assertThat(first.key().isReadOnly()).isTrue();
        assertThat(first.key()).isEqualTo(ByteBuffer.wrap("k0".getBytes(StandardCharsets.UTF_8)));
        assertThat(first.offset()).isEqualTo(1000L);
    }

    @Test
    void lastSequenceWrapsPastIntMax() {
        assertThat(RecordBatch.incrementSequence(Integer.MAX_VALUE, 1)).isEqualTo(0);
        assertThat(RecordBatch.incrementSequence(Integer.MAX_VALUE - 1, 3)).isEqualTo(1);
        assertThat(RecordBatch.incrementSequence(5, 3)).isEqualTo(8);
    }

    @Test
    void rescanningWithResetAllocatesNothingPerBatch() {
        ByteBuffer one = kafkaBatch(CompressionType.NONE, false);
        int size = one.remaining();
        int count = 2000;
        ByteBuffer many = ByteBuffer.allocate(size * count);
        for (int i = 0; i < count; i++) {
            many.put(one.duplicate());
        }
        RecordBatch view = RecordBatch.view(many, 0);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sink = scan(view, many, size, count); // warm up
        long before = threads.getCurrentThreadAllocatedBytes();

        sink += scan(view, many, size, count);

        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(sink).isNotZero();
        // Generous fixed bound, far below one byte per batch: the scan itself must not allocate.
        assertThat(allocated).as("bytes allocated scanning %d batches", count).isLessThan(count);
    }

    private static long scan(RecordBatch view, ByteBuffer buf, int size, int count) {
        long sink = 0;
        for (int i = 0; i < count; i++) {
            view.reset(buf, i * size);
            sink += view.baseOffset() + view.lastOffset() + view.maxTimestamp() + view.producerId()
                    + view.recordCount() + view.compressionType().id() + view.timestampType().id() + view.checksum();
            sink += view.isValid() ? 1 : 0;
        }
        return sink;
    }
}
