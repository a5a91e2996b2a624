package io.skiff.wire.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.wire.protocol.ByteBufferAccessor;
import io.skiff.wire.protocol.Message;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Kafka's own generated classes (test-scope kafka-clients) are the oracle: for every schema and
 * every valid version, a seeded random message written by us must parse with Kafka's class and be
 * re-serialised by Kafka to the identical bytes; our {@code size()} must equal the bytes written;
 * and our parse of Kafka's bytes must equal the original.
 */
class KafkaOracleRoundTripTest {
    private static final int SEEDS_PER_VERSION = 4;
    private static final long BASE_SEED = Long.getLong("skiff.test.seed", 20261122L);

    @TestFactory
    Stream<DynamicTest> everyVersionOfEverySchemaMatchesKafkaByteForByte() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Schema schema : Schema.all()) {
            for (short v = schema.lowest; v <= schema.highest; v++) {
                short version = v;
                for (int i = 0; i < SEEDS_PER_VERSION; i++) {
                    long seed = BASE_SEED + 1_000_003L * schema.name.hashCode() + 7919L * version + i;
                    tests.add(DynamicTest.dynamicTest(schema.name + " v" + version + " seed " + seed,
                            () -> roundTrip(schema, version, seed)));
                }
            }
        }
        return tests.stream();
    }

    private static void roundTrip(Schema schema, short version, long seed) throws Exception {
        Message ours = new RandomMessageFiller(schema, version, new Random(seed)).newRandomRoot();
        String context = schema.name + " v" + version + " seed " + seed + ": " + ours;

        int size = ours.size(version);
        ByteBuffer buf = ByteBuffer.allocate(size);
        ours.write(new ByteBufferAccessor(buf), version);
        assertThat(buf.position()).as("size() vs bytes written, " + context).isEqualTo(size);
        byte[] ourBytes = buf.array();

        byte[] kafkaBytes = kafkaReserialize(schema, version, ourBytes, context);
        assertThat(kafkaBytes).as("Kafka's re-serialisation, " + context).isEqualTo(ourBytes);

        Message back = (Message) schema.ourClass().getConstructor().newInstance();
        ByteBuffer in = ByteBuffer.wrap(kafkaBytes);
        back.read(new ByteBufferAccessor(in), version);
        assertThat(in.remaining()).as("bytes left after our read, " + context).isZero();
        assertThat(back).as(context).isEqualTo(ours);
        assertThat(back.hashCode()).as(context).isEqualTo(ours.hashCode());
    }

    private static byte[] kafkaReserialize(Schema schema, short version, byte[] bytes, String context) throws Exception {
        Class<?> kafkaClass = Class.forName("org.apache.kafka.common.message." + schema.className());
        ByteBuffer in = ByteBuffer.wrap(bytes);
        org.apache.kafka.common.protocol.Message kafka = (org.apache.kafka.common.protocol.Message) kafkaClass
                .getConstructor(org.apache.kafka.common.protocol.Readable.class, short.class)
                .newInstance(new org.apache.kafka.common.protocol.ByteBufferAccessor(in), version);
        assertThat(in.remaining()).as("bytes Kafka left unread, " + context).isZero();
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = kafka.size(cache, version);
        ByteBuffer out = ByteBuffer.allocate(size);
        kafka.write(new org.apache.kafka.common.protocol.ByteBufferAccessor(out), cache, version);
        assertThat(out.position()).isEqualTo(size);
        return out.array();
    }
}
