package io.skiff.wire.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.wire.compress.Codec;
import io.skiff.wire.compress.Lz4Codec;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.List;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.junit.jupiter.api.Test;

class RecordBatchBuilderTest {

    @Test
    void offsetGapsAreKeptAndLastOffsetDeltaCoversThem() {
        ByteBuffer buf = new RecordBatchBuilder(CompressionType.NONE).baseOffset(100)
                .appendWithOffset(100, 1L, null, ByteBuffer.wrap(new byte[] {1}), List.of())
                .appendWithOffset(105, 2L, null, ByteBuffer.wrap(new byte[] {2}), List.of())
                .build();

        RecordBatch batch = RecordBatch.view(buf, 0);
        Iterator<Record> records = batch.records(1024);

        assertThat(batch.lastOffsetDelta()).isEqualTo(5);
        assertThat(batch.recordCount()).isEqualTo(2);
        assertThat(records.next().offset()).isEqualTo(100L);
        assertThat(records.next().offset()).isEqualTo(105L);
        MutableRecordBatch kafka = MemoryRecords.readableRecords(buf).batches().iterator().next();
        assertThat(kafka.lastOffset()).isEqualTo(105L);
    }

    @Test
    void offsetsMustIncrease() {
        RecordBatchBuilder b = new RecordBatchBuilder(CompressionType.NONE).baseOffset(10).append(1L, null, null);
        assertThatThrownBy(() -> b.appendWithOffset(10, 1L, null, null, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.appendWithOffset(9, 1L, null, null, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.baseOffset(0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void emptyOrRebuiltBatchesAreRefused() {
        assertThatThrownBy(() -> new RecordBatchBuilder(CompressionType.GZIP).build()).isInstanceOf(IllegalStateException.class);
        RecordBatchBuilder b = new RecordBatchBuilder(CompressionType.NONE).append(1L, null, null);
        b.build();
        assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> b.append(2L, null, null)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void markersNeedATransactionalControlBatch() {
        EndTransactionMarker commit = new EndTransactionMarker(ControlRecordType.COMMIT, 1);
        assertThatThrownBy(() -> new RecordBatchBuilder(CompressionType.NONE).appendEndTransactionMarker(1L, commit))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new EndTransactionMarker(ControlRecordType.LEADER_CHANGE, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void codecOverrideMustMatchTheCompressionType() {
        ByteBuffer buf = new RecordBatchBuilder(CompressionType.LZ4).codec(Lz4Codec.withLevel(12))
                .append(1L, new byte[] {1}, new byte[100]).build();
        assertThat(RecordBatch.view(buf, 0).records(4096).next().valueSize()).isEqualTo(100);
        assertThatThrownBy(() -> new RecordBatchBuilder(CompressionType.LZ4).codec(Codec.zstd()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RecordBatchBuilder(CompressionType.NONE).codec(Codec.gzip()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void enumsMapKafkasNamesAndIds() {
        assertThat(CompressionType.forConfigName("ZSTD")).isEqualTo(CompressionType.ZSTD);
        assertThat(CompressionType.forId(3)).isEqualTo(CompressionType.LZ4);
        assertThatThrownBy(() -> CompressionType.forId(5)).isInstanceOf(io.skiff.wire.protocol.CorruptRecordException.class);
        assertThat(TimestampType.forDisplayName("LogAppendTime")).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(TimestampType.forId(-1)).isEqualTo(TimestampType.NO_TIMESTAMP_TYPE);
        for (CompressionType t : CompressionType.values()) {
            org.apache.kafka.common.record.internal.CompressionType kafka =
                    org.apache.kafka.common.record.internal.CompressionType.forId(t.id());
            assertThat(kafka.name).isEqualTo(t.configName());
        }
        assertThat(ControlRecordType.fromTypeId((short) 1)).isEqualTo(ControlRecordType.COMMIT);
        assertThat(ControlRecordType.fromTypeId((short) 99)).isEqualTo(ControlRecordType.UNKNOWN);
    }
}
