package io.skiff.wire.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.wire.record.RecordInteropTest.Spec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Whatever we build, we read back field for field and Kafka reads back the same (jqwik prints the seed on failure). */
class RecordRoundTripPropertiesTest {

    @Provide
    Arbitrary<RecordInteropTest.Spec> spec() {
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(300).injectNull(0.2);
        Arbitrary<RecordHeader> header = Combinators.combine(Arbitraries.strings().ofMaxLength(12),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(20).injectNull(0.3)).as(RecordHeader::new);
        return Combinators.combine(Arbitraries.longs().between(-1, 4_000_000_000_000L), bytes, bytes,
                header.list().ofMaxSize(4))
                .as((ts, key, value, headers) -> new RecordInteropTest.Spec(0, ts, key, value, headers));
    }

    @Property(tries = 200)
    void buildThenReadRoundTrips(@ForAll @Size(min = 1, max = 30) List<@From("spec") Spec> specs,
            @ForAll CompressionType type, @ForAll @IntRange(min = 0, max = 1_000_000) int baseOffset) {
        RecordBatchBuilder builder = new RecordBatchBuilder(type).baseOffset(baseOffset);
        for (RecordInteropTest.Spec s : specs) {
            builder.append(s.timestamp(), s.key(), s.value(), s.headers().toArray(new RecordHeader[0]));
        }
        ByteBuffer built = builder.build();

        RecordBatch batch = RecordBatch.view(built, 0);
        batch.ensureValid();
        assertThat(batch.recordCount()).isEqualTo(specs.size());
        assertThat(batch.lastOffset()).isEqualTo(baseOffset + specs.size() - 1L);
        Iterator<Record> ours = batch.records(Integer.MAX_VALUE);
        List<Long> kafkaOffsets = new ArrayList<>();
        org.apache.kafka.common.record.internal.MemoryRecords.readableRecords(built.duplicate()).records()
                .forEach(r -> kafkaOffsets.add(r.offset()));
        for (int i = 0; i < specs.size(); i++) {
            RecordInteropTest.Spec s = specs.get(i);
            Record r = ours.next();
            assertThat(r.offset()).isEqualTo(baseOffset + i).isEqualTo(kafkaOffsets.get(i));
            assertThat(r.timestamp()).isEqualTo(s.timestamp());
            assertThat(RecordInteropTest.bytesOf(r.key())).isEqualTo(s.key());
            assertThat(RecordInteropTest.bytesOf(r.value())).isEqualTo(s.value());
            assertThat(r.headers()).isEqualTo(s.headers());
        }
        assertThat(ours.hasNext()).isFalse();
        assertThat(kafkaOffsets).hasSize(specs.size());
    }
}
