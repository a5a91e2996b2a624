package io.skiff.wire.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.apache.kafka.common.utils.ByteUtils;
import org.junit.jupiter.api.Test;

/** Bounded reads, varints (against Kafka's ByteUtils), UTF-8 handling, UUID text form. */
class ByteBufferAccessorTest {
    private static final long SEED = Long.getLong("skiff.test.seed", 99L);

    @Test
    void lengthClaimingTwoGigabytesIsRejectedBeforeAllocating() {
        ByteBufferAccessor in = new ByteBufferAccessor(ByteBuffer.allocate(16));
        assertThatThrownBy(() -> in.readArray(Integer.MAX_VALUE)).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> in.readString(Integer.MAX_VALUE)).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> in.readByteBuffer(Integer.MAX_VALUE)).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> in.readRecords(17)).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> in.readArray(-5)).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> in.readUnknownTaggedField(null, 1, Integer.MAX_VALUE)).isInstanceOf(DecodeException.class);
        assertThat(in.remaining()).isEqualTo(16);
    }

    @Test
    void truncatedPrimitivesAreDecodeExceptions() {
        assertThatThrownBy(() -> new ByteBufferAccessor(ByteBuffer.allocate(3)).readInt()).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> new ByteBufferAccessor(ByteBuffer.allocate(7)).readLong()).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> new ByteBufferAccessor(ByteBuffer.allocate(0)).readByte()).isInstanceOf(DecodeException.class);
    }

    @Test
    void overlongAndTruncatedVarintsAreRejected() {
        byte[] six = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01};
        assertThatThrownBy(() -> new ByteBufferAccessor(ByteBuffer.wrap(six)).readUnsignedVarint()).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> new ByteBufferAccessor(ByteBuffer.wrap(new byte[] {(byte) 0x80})).readVarint()).isInstanceOf(DecodeException.class);
        byte[] eleven = new byte[11];
        java.util.Arrays.fill(eleven, (byte) 0xFF);
        assertThatThrownBy(() -> new ByteBufferAccessor(ByteBuffer.wrap(eleven)).readVarlong()).isInstanceOf(DecodeException.class);
    }

    @Test
    void varintsMatchKafkaByteUtils() {
        Random random = new Random(SEED);
        for (int i = 0; i < 20_000; i++) {
            int v = i < 100 ? i - 50 : random.nextInt() >> random.nextInt(32);
            long l = random.nextLong() >> random.nextInt(64);
            ByteBuffer ours = ByteBuffer.allocate(32);
            ByteBuffer theirs = ByteBuffer.allocate(32);
            Varints.writeUnsignedVarint(v, ours);
            Varints.writeVarint(v, ours);
            Varints.writeVarlong(l, ours);
            ByteUtils.writeUnsignedVarint(v, theirs);
            ByteUtils.writeVarint(v, theirs);
            ByteUtils.writeVarlong(l, theirs);
            assertThat(ours.flip()).as("seed " + SEED + " value " + v + "/" + l).isEqualTo(theirs.flip());
            assertThat(Varints.sizeOfUnsignedVarint(v)).isEqualTo(ByteUtils.sizeOfUnsignedVarint(v));
            assertThat(Varints.sizeOfVarint(v)).isEqualTo(ByteUtils.sizeOfVarint(v));
            assertThat(Varints.sizeOfVarlong(l)).isEqualTo(ByteUtils.sizeOfVarlong(l));
            assertThat(Varints.readUnsignedVarint(ours)).isEqualTo(v);
            assertThat(Varints.readVarint(ours)).isEqualTo(v);
            assertThat(Varints.readVarlong(ours)).isEqualTo(l);
        }
    }

    @Test
    void utf8LengthAgreesWithTheEncoderIncludingLoneSurrogates() {
        Random random = new Random(SEED);
        for (int i = 0; i < 5_000; i++) {
            StringBuilder s = new StringBuilder();
            for (int n = random.nextInt(12); n > 0; n--) {
                s.append((char) (random.nextBoolean() ? random.nextInt(0x800) : random.nextInt(0x10000)));
            }
            String str = s.toString();
            assertThat(Utf8.length(str)).as("seed " + SEED).isEqualTo(str.getBytes(StandardCharsets.UTF_8).length);
        }
    }

    @Test
    void invalidUtf8IsADecodeException() {
        ByteBuffer bad = ByteBuffer.wrap(new byte[] {'o', 'k', (byte) 0xC3});
        assertThatThrownBy(() -> new ByteBufferAccessor(bad).readString(3)).isInstanceOf(DecodeException.class);
        assertThat(new ByteBufferAccessor(ByteBuffer.wrap("héllo".getBytes(StandardCharsets.UTF_8))).readString(6)).isEqualTo("héllo");
    }

    @Test
    void recordsAreAZeroCopySlice() {
        ByteBuffer frame = ByteBuffer.wrap(new byte[] {9, 1, 2, 3, 9});
        frame.get();
        RecordsPayload records = new ByteBufferAccessor(frame).readRecords(3);
        assertThat(records.sizeInBytes()).isEqualTo(3);
        assertThat(frame.position()).isEqualTo(4);
        frame.put(1, (byte) 42);
        assertThat(((MemoryRecordsPayload) records).buffer().get(0)).isEqualTo((byte) 42);
    }

    @Test
    void uuidTextFormMatchesKafka() {
        Random random = new Random(SEED);
        for (int i = 0; i < 1000; i++) {
            Uuid ours = Uuid.randomUuid(random);
            org.apache.kafka.common.Uuid theirs = new org.apache.kafka.common.Uuid(
                    ours.getMostSignificantBits(), ours.getLeastSignificantBits());
            assertThat(ours.toString()).isEqualTo(theirs.toString()).doesNotStartWith("-");
            assertThat(Uuid.fromString(theirs.toString())).isEqualTo(ours);
        }
        assertThat(Uuid.ZERO_UUID.toString()).isEqualTo(org.apache.kafka.common.Uuid.ZERO_UUID.toString());
        assertThatThrownBy(() -> Uuid.fromString("short")).isInstanceOf(IllegalArgumentException.class);
    }
}
