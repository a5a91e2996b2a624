package io.skiff.wire.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.wire.protocol.ApiException;
import io.skiff.wire.protocol.DecodeException;
import io.skiff.wire.protocol.Errors;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated batches through {@link Batches}, {@link RecordBatch} and the record reader: the
 * only failures allowed are {@link DecodeException} and the corrupt/invalid-record ApiExceptions.
 * Mutations re-sign the CRC half the time so the record parser itself sees the garbage.
 */
class RecordFuzzTest {
    private static final Set<Errors> ALLOWED = Set.of(Errors.CORRUPT_MESSAGE, Errors.INVALID_RECORD);
    private static final int LIMIT = 1 << 20;

    @Test
    void mutatedBatchesFailOnlyWithDecodeOrCorruptErrors() {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        Random random = new Random(seed);
        for (int i = 0; i < 3000; i++) {
            CompressionType type = CompressionType.values()[i % CompressionType.values().length];
            ByteBuffer valid = validBatch(random, type);
            ByteBuffer input = mutate(random, valid);
            try {
                consume(input);
            } catch (DecodeException expected) {
                // allowed
            } catch (ApiException e) {
                assertThat(e.error()).as("iteration %d, -Dfuzz.seed=%d", i, seed).isIn(ALLOWED);
            } catch (Throwable t) {
                throw new AssertionError("iteration " + i + " " + type + " (-Dfuzz.seed=" + seed + ") threw " + t, t);
            }
        }
    }

    @Test
    void pureNoiseFailsOnlyWithDecodeOrCorruptErrors() {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        Random random = new Random(seed);
        for (int i = 0; i < 3000; i++) {
            byte[] noise = new byte[random.nextInt(300)];
            random.nextBytes(noise);
            ByteBuffer buf = ByteBuffer.wrap(noise);
            if (noise.length > 17 && random.nextBoolean()) {
                buf.put(16, RecordBatch.MAGIC);
                buf.putInt(8, Math.max(0, noise.length - 12 - random.nextInt(3)));
            }
            try {
                consume(buf);
            } catch (DecodeException expected) {
                // allowed
            } catch (ApiException e) {
                assertThat(e.error()).as("iteration %d, -Dfuzz.seed=%d", i, seed).isIn(ALLOWED);
            } catch (Throwable t) {
                throw new AssertionError("iteration " + i + " (-Dfuzz.seed=" + seed + ") threw " + t, t);
            }
        }
    }

    private static void consume(ByteBuffer buf) {
        Batches batches = Batches.of(buf);
        while (batches.next()) {
            RecordBatch b = batches.current();
            b.isValid();
            long sink = b.baseOffset() + b.lastOffset() + b.maxTimestamp() + b.producerId() + b.lastSequence();
            b.compressionType();
            Iterator<Record> it = b.records(LIMIT);
            while (it.hasNext()) {
                Record r = it.next();
                sink += r.offset() + r.keySize() + r.valueSize() + r.headers().size();
                if (b.isControlBatch()) {
                    try {
                        ControlRecordType.parse(r.key());
                    } catch (DecodeException expected) {
                        // a control key too short is a decode error like any other
                    }
                }
            }
            assertThat(sink).isNotNull();
        }
    }

    private static ByteBuffer validBatch(Random random, CompressionType type) {
        List<RecordInteropTest.Spec> specs = RecordInteropTest.randomRecords(random, random.nextInt(1000), 1 + random.nextInt(8));
        RecordBatchBuilder b = new RecordBatchBuilder(type).baseOffset(specs.get(0).offset())
                .control(random.nextInt(10) == 0);
        for (RecordInteropTest.Spec s : specs) {
            b.append(s.timestamp(), s.key(), s.value(), s.headers().toArray(new RecordHeader[0]));
        }
        return b.build();
    }

    private static ByteBuffer mutate(Random random, ByteBuffer valid) {
        ByteBuffer m = ByteBuffer.allocate(valid.remaining());
        m.put(valid.duplicate()).flip();
        switch (random.nextInt(4)) {
            case 0:
                m.limit(random.nextInt(m.limit() + 1));
                break;
            case 1: {
                int flips = 1 + random.nextInt(4);
                for (int f = 0; f < flips; f++) {
                    // Bias toward the header and the first record's varints.
                    int at = random.nextInt(random.nextBoolean() ? Math.min(m.limit(), 80) : m.limit());
                    m.put(at, (byte) random.nextInt());
                }
                break;
            }
            case 2: {
                int at = RecordBatch.RECORDS_OFFSET + random.nextInt(Math.max(1, m.limit() - RecordBatch.RECORDS_OFFSET - 4));
                m.putInt(Math.min(at, m.limit() - 4), random.nextBoolean() ? 0x7FFFFFFF : random.nextInt());
                break;
            }
            default:
                m.putInt(RecordBatch.RECORDS_COUNT_OFFSET, random.nextInt(20) - 5);
                break;
        }
        if (random.nextBoolean() && m.limit() >= RecordBatch.HEADER_SIZE) {
            try {
                RecordBatch.view(m, 0).writeChecksum();
            } catch (DecodeException notABatchAnymore) {
                // the mutation broke the header; the reader will see that
            }
        }
        return m;
    }
}
