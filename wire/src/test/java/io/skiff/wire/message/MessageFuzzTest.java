package io.skiff.wire.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.wire.protocol.ByteBufferAccessor;
import io.skiff.wire.protocol.DecodeException;
import io.skiff.wire.protocol.Message;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Hostile input for every generated {@code read}: random bytes and mutations of valid encodings
 * (bit flips, truncations, lengths overwritten with huge or negative values). Only
 * {@link DecodeException} may escape; an {@link OutOfMemoryError} from a length trusted before
 * checking would fail the test (the surefire heap is 1 GB, a claimed 2 GB array cannot fit).
 */
class MessageFuzzTest {
    private static final int CASES_PER_VERSION = 25;
    private static final long BASE_SEED = Long.getLong("skiff.test.seed", 77L);
    private static final int[] HOSTILE_INTS = {Integer.MAX_VALUE, Integer.MIN_VALUE, -2, -1, 0x7FFF, 0x8000, 0xFFFF, 1 << 30};

    @TestFactory
    Stream<DynamicTest> readThrowsOnlyDecodeExceptionOnHostileBytes() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Schema schema : Schema.all()) {
            for (short v = schema.lowest; v <= schema.highest; v++) {
                short version = v;
                long seed = BASE_SEED + 31L * schema.name.hashCode() + version;
                tests.add(DynamicTest.dynamicTest(schema.name + " v" + version + " seed " + seed,
                        () -> fuzz(schema, version, seed)));
            }
        }
        return tests.stream();
    }

    private static void fuzz(Schema schema, short version, long seed) throws Exception {
        Random random = new Random(seed);
        for (int i = 0; i < CASES_PER_VERSION; i++) {
            byte[] input = i % 5 == 0 ? randomBytes(random) : mutate(validEncoding(schema, version, random), random);
            Message target = (Message) schema.ourClass().getConstructor().newInstance();
            try {
                target.read(new ByteBufferAccessor(ByteBuffer.wrap(input)), version);
            } catch (DecodeException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            } catch (Throwable t) {
                throw new AssertionError(schema.name + " v" + version + " seed " + seed + " case " + i
                        + ": unexpected " + t, t);
            }
        }
    }

    private static byte[] validEncoding(Schema schema, short version, Random random) throws Exception {
        Message m = new RandomMessageFiller(schema, version, random).newRandomRoot();
        ByteBuffer buf = ByteBuffer.allocate(m.size(version));
        m.write(new ByteBufferAccessor(buf), version);
        return buf.array();
    }

    private static byte[] randomBytes(Random random) {
        byte[] b = new byte[random.nextInt(64)];
        random.nextBytes(b);
        return b;
    }

    private static byte[] mutate(byte[] valid, Random random) {
        byte[] b = valid.clone();
        if (b.length == 0) {
            return randomBytes(random);
        }
        switch (random.nextInt(4)) {
            case 0: // truncate
                return java.util.Arrays.copyOf(b, random.nextInt(b.length));
            case 1: // flip a few bits
                for (int n = 1 + random.nextInt(3); n > 0; n--) {
                    b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                }
                return b;
            case 2: { // overwrite 4 bytes with a hostile length
                if (b.length < 4) {
                    return b;
                }
                ByteBuffer.wrap(b).putInt(random.nextInt(b.length - 3), HOSTILE_INTS[random.nextInt(HOSTILE_INTS.length)]);
                return b;
            }
            default: { // overwrite with a maximal unsigned varint (compact length claiming ~2^32)
                int at = random.nextInt(b.length);
                for (int k = at; k < Math.min(b.length, at + 5); k++) {
                    b[k] = (byte) (k == at + 4 ? 0x0F : 0xFF);
                }
                return b;
            }
        }
    }
}
