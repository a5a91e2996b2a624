package io.skiff.wire.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Batches we build are read identically by kafka-clients, and batches Kafka builds are read identically by us. */
class RecordInteropTest {

    /** A record as both sides see it. */
    record Spec(long offset, long timestamp, byte[] key, byte[] value, List<RecordHeader> headers) {}

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> b = Stream.builder();
        long seed = 11;
        for (CompressionType type : CompressionType.values()) {
            for (boolean transactional : new boolean[] {false, true}) {
                for (TimestampType ts : new TimestampType[] {TimestampType.CREATE_TIME, TimestampType.LOG_APPEND_TIME}) {
                    b.add(Arguments.of(type, transactional, ts, seed++));
                }
            }
        }
        return b.build();
    }

    static List<Spec> randomRecords(Random random, long baseOffset, int count) {
        List<Spec> specs = new ArrayList<>();
        long offset = baseOffset;
        long now = 1_700_000_000_000L + random.nextInt(1_000_000);
        for (int i = 0; i < count; i++) {
            byte[] key = random.nextInt(4) == 0 ? null : bytes(random, random.nextInt(40));
            byte[] value = random.nextInt(5) == 0 ? null : bytes(random, random.nextInt(random.nextBoolean() ? 30 : 3000));
            List<RecordHeader> headers = new ArrayList<>();
            for (int h = random.nextInt(4); h > 0; h--) {
                headers.add(new RecordHeader("hé-" + random.nextInt(100), random.nextBoolean() ? null : bytes(random, random.nextInt(20))));
            }
            specs.add(new Spec(offset, now + random.nextInt(20_000) - 10_000, key, value, headers));
            offset++;
        }
        return specs;
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        // Repetitive content so the codecs really compress.
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (random.nextInt(8) == 0 ? random.nextInt() : 'x' + i % 3);
        }
        return b;
    }

    @ParameterizedTest(name = "{0} txn={1} {2}")
    @MethodSource("cases")
    void kafkaReadsBatchesWeBuild(CompressionType type, boolean transactional, TimestampType tsType, long seed) {
        List<Spec> specs = randomRecords(new Random(seed), 500, 50);
        RecordBatchBuilder builder = new RecordBatchBuilder(type)
                .baseOffset(500)
                .partitionLeaderEpoch(7)
                .timestampType(tsType, 1_800_000_000_000L)
                .producer(1234L, (short) 5, 42)
                .transactional(transactional);
        for (Spec s : specs) {
            builder.append(s.timestamp(), s.key(), s.value(), s.headers().toArray(new RecordHeader[0]));
        }
        ByteBuffer built = builder.build();

        MutableRecordBatch kafka = MemoryRecords.readableRecords(built.duplicate()).batches().iterator().next();
        kafka.ensureValid();
        assertThat(kafka.compressionType().name).isEqualTo(type.configName());
        assertThat(kafka.isTransactional()).isEqualTo(transactional);
        assertThat(kafka.timestampType().name).isEqualTo(tsType.displayName());
        assertThat(kafka.producerId()).isEqualTo(1234L);
        assertThat(kafka.producerEpoch()).isEqualTo((short) 5);
        assertThat(kafka.baseSequence()).isEqualTo(42);
        assertThat(kafka.partitionLeaderEpoch()).isEqualTo(7);
        assertThat(kafka.baseOffset()).isEqualTo(500L);
        assertThat(kafka.lastOffset()).isEqualTo(549L);
        long expectedMax = tsType == TimestampType.LOG_APPEND_TIME
                ? 1_800_000_000_000L
                : specs.stream().mapToLong(Spec::timestamp).max().orElseThrow();
        assertThat(kafka.maxTimestamp()).isEqualTo(expectedMax);
        int i = 0;
        for (org.apache.kafka.common.record.internal.Record r : kafka) {
            Spec s = specs.get(i);
            assertThat(r.offset()).isEqualTo(s.offset());
            assertThat(r.sequence()).isEqualTo(42 + i);
            assertThat(r.timestamp()).isEqualTo(tsType == TimestampType.LOG_APPEND_TIME ? expectedMax : s.timestamp());
            assertThat(bytesOf(r.key())).isEqualTo(s.key());
            assertThat(bytesOf(r.value())).isEqualTo(s.value());
            assertThat(headersOf(r.headers())).isEqualTo(s.headers());
            i++;
        }
        assertThat(i).isEqualTo(specs.size());
    }

    @ParameterizedTest(name = "{0} txn={1} {2}")
    @MethodSource("cases")
    void weReadBatchesKafkaBuilds(CompressionType type, boolean transactional, TimestampType tsType, long seed) {
        List<Spec> specs = randomRecords(new Random(seed), 10_000, 40);
        MemoryRecordsBuilder builder = KafkaBatches.builder(ByteBuffer.allocate(1 << 20), type, tsType, 10_000L,
                1_800_000_000_000L, 99L, (short) 2, 7, transactional, false, 3);
        for (Spec s : specs) {
            builder.appendWithOffset(s.offset(), s.timestamp(), s.key(), s.value(), kafkaHeaders(s.headers()));
        }
        MemoryRecords kafkaRecords = builder.build();
        MutableRecordBatch kafkaBatch = kafkaRecords.batches().iterator().next();

        RecordBatch ours = RecordBatch.view(kafkaRecords.buffer(), 0);
        ours.ensureValid();
        assertThat(ours.maxTimestamp()).isEqualTo(kafkaBatch.maxTimestamp());
        assertThat(ours.isTransactional()).isEqualTo(transactional);
        Iterator<Record> records = ours.records(1 << 20);
        Iterator<org.apache.kafka.common.record.internal.Record> expected = kafkaBatch.iterator();
        int n = 0;
        while (expected.hasNext()) {
            org.apache.kafka.common.record.internal.Record k = expected.next();
            assertThat(records.hasNext()).isTrue();
            Record r = records.next();
            assertThat(r.offset()).isEqualTo(k.offset());
            assertThat(r.timestamp()).isEqualTo(k.timestamp());
            assertThat(r.sequence()).isEqualTo(k.sequence());
            assertThat(r.sizeInBytes()).isEqualTo(k.sizeInBytes());
            assertThat(r.keySize()).isEqualTo(k.keySize());
            assertThat(r.valueSize()).isEqualTo(k.valueSize());
            assertThat(bytesOf(r.key())).isEqualTo(bytesOf(k.key()));
            assertThat(bytesOf(r.value())).isEqualTo(bytesOf(k.value()));
            assertThat(r.headers()).isEqualTo(headersOf(k.headers()));
            n++;
        }
        assertThat(records.hasNext()).isFalse();
        assertThat(n).isEqualTo(specs.size());
    }

    /** Compressed bytes may legitimately differ with codec settings; their content is compared above. */
    static Stream<Arguments> uncompressedCases() {
        return cases().filter(a -> a.get()[0] == CompressionType.NONE);
    }

    @ParameterizedTest(name = "{0} txn={1} {2}")
    @MethodSource("uncompressedCases")
    void ourBuilderWritesKafkasBytesForUncompressedBatches(CompressionType type, boolean transactional, TimestampType tsType, long seed) {
        List<Spec> specs = randomRecords(new Random(seed), 0, 20);
        MemoryRecordsBuilder kafka = KafkaBatches.builder(ByteBuffer.allocate(1 << 20), type, tsType, 0L,
                1_800_000_000_000L, 99L, (short) 2, 7, transactional, false, 3);
        RecordBatchBuilder ours = new RecordBatchBuilder(type).partitionLeaderEpoch(3)
                .timestampType(tsType, 1_800_000_000_000L).producer(99L, (short) 2, 7).transactional(transactional);
        for (Spec s : specs) {
            kafka.appendWithOffset(s.offset(), s.timestamp(), s.key(), s.value(), kafkaHeaders(s.headers()));
            ours.append(s.timestamp(), s.key(), s.value(), s.headers().toArray(new RecordHeader[0]));
        }
        assertThat(ours.build()).isEqualTo(kafka.build().buffer());
    }

    @ParameterizedTest
    @MethodSource("markerCases")
    void endTransactionMarkersMatchKafkas(org.apache.kafka.common.record.internal.ControlRecordType kafkaType, ControlRecordType ourType) {
        ByteBuffer ours = RecordBatchBuilder.endTransactionMarker(77L, 1_700_000_000_000L, 4, 5000L, (short) 9,
                new EndTransactionMarker(ourType, 13));
        MemoryRecords kafka = MemoryRecords.withEndTransactionMarker(77L, 1_700_000_000_000L, 4, 5000L, (short) 9,
                new org.apache.kafka.common.record.internal.EndTransactionMarker(kafkaType, 13));

        assertThat(ours).isEqualTo(kafka.buffer());
        RecordBatch view = RecordBatch.view(kafka.buffer(), 0);
        assertThat(view.isControlBatch()).isTrue();
        assertThat(view.isTransactional()).isTrue();
        Record marker = view.records(1024).next();
        assertThat(ControlRecordType.parse(marker.key())).isEqualTo(ourType);
        assertThat(EndTransactionMarker.deserialize(marker)).isEqualTo(new EndTransactionMarker(ourType, 13));
    }

    static Stream<Arguments> markerCases() {
        return Stream.of(
                Arguments.of(org.apache.kafka.common.record.internal.ControlRecordType.COMMIT, ControlRecordType.COMMIT),
                Arguments.of(org.apache.kafka.common.record.internal.ControlRecordType.ABORT, ControlRecordType.ABORT));
    }

    static byte[] bytesOf(ByteBuffer b) {
        if (b == null) {
            return null;
        }
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    static List<RecordHeader> headersOf(Header[] headers) {
        List<RecordHeader> out = new ArrayList<>();
        for (Header h : headers) {
            out.add(new RecordHeader(h.key(), h.value()));
        }
        return out;
    }

    static Header[] kafkaHeaders(List<RecordHeader> headers) {
        Header[] out = new Header[headers.size()];
        for (int i = 0; i < out.length; i++) {
            RecordHeader h = headers.get(i);
            out[i] = new org.apache.kafka.common.header.internals.RecordHeader(h.key(), h.value());
        }
        return out;
    }
}
