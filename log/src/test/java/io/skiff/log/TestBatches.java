package io.skiff.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;

/** Test helpers: batches written by kafka-clients' own builder (the oracle), and their records read back. */
final class TestBatches {
    private TestBatches() {}

    /** A mutable clock for tests. */
    static class MockTime implements Time {
        final AtomicLong ms;

        MockTime(long startMs) {
            ms = new AtomicLong(startMs);
        }

        @Override
        public long milliseconds() {
            return ms.get();
        }

        @Override
        public long nanoseconds() {
            return ms.get() * 1_000_000L;
        }

        @Override
        public void sleep(long d) {
            ms.addAndGet(d);
        }
    }

    /** A plain batch of {@code values} (key "k"+value) with timestamp {@code ts}. */
    static ByteBuffer batch(long ts, String... values) {
        return batch(Compression.NONE, RecordBatch.NO_PRODUCER_ID, (short) -1, -1, ts, values);
    }

    static ByteBuffer batch(Compression c, long pid, short epoch, int seq, long ts, String... values) {
        SimpleRecord[] recs = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            recs[i] = new SimpleRecord(ts, ("k" + values[i]).getBytes(), values[i].getBytes());
        }
        MemoryRecords m = MemoryRecords.withRecords(RecordBatch.MAGIC_VALUE_V2, 0L, c, TimestampType.CREATE_TIME,
                pid, epoch, seq, RecordBatch.NO_PARTITION_LEADER_EPOCH, false, recs);
        return copy(m.buffer());
    }

    /** A batch whose records carry {@code key} (null = no key) and {@code value} (null = tombstone). */
    static ByteBuffer keyed(long ts, String key, String value) {
        SimpleRecord r = new SimpleRecord(ts, key == null ? null : key.getBytes(), value == null ? null : value.getBytes());
        return copy(MemoryRecords.withRecords(Compression.NONE, r).buffer());
    }

    /**
     * One batch of keyed records: each {@code "key=value"} becomes a record with that key and the whole string as
     * value; a bare {@code "key"} is a tombstone (null value).
     */
    static ByteBuffer keyedBatch(Compression c, long ts, String... kvs) {
        SimpleRecord[] recs = new SimpleRecord[kvs.length];
        for (int i = 0; i < kvs.length; i++) {
            int eq = kvs[i].indexOf('=');
            String key = eq < 0 ? kvs[i] : kvs[i].substring(0, eq);
            recs[i] = new SimpleRecord(ts, key.getBytes(), eq < 0 ? null : kvs[i].getBytes());
        }
        return copy(MemoryRecords.withRecords(c, recs).buffer());
    }

    static ByteBuffer copy(ByteBuffer b) {
        ByteBuffer c = ByteBuffer.allocate(b.remaining());
        c.put(b.duplicate()).flip();
        return c;
    }

    /** Concatenates buffers. */
    static ByteBuffer concat(ByteBuffer... parts) {
        int n = 0;
        for (ByteBuffer p : parts) {
            n += p.remaining();
        }
        ByteBuffer out = ByteBuffer.allocate(n);
        for (ByteBuffer p : parts) {
            out.put(p.duplicate());
        }
        return out.flip();
    }

    /** One record read back: its offset and value. */
    record Rec(long offset, String value, long timestamp) {}

    /** Every record of every whole batch in {@code buf} (a trailing partial batch is ignored, as clients do). */
    static List<Rec> records(ByteBuffer buf) {
        List<Rec> out = new ArrayList<>();
        for (RecordBatch b : MemoryRecords.readableRecords(buf.duplicate()).batches()) {
            for (Record r : b) {
                String v = r.hasValue() ? new String(toArray(r.value())) : null;
                out.add(new Rec(r.offset(), v, r.timestamp()));
            }
        }
        return out;
    }

    /**
     * Every record readable from {@code offset} to the log end, fetched as a consumer does: each read continues at
     * the next offset of the last whole batch returned (compacted batches may hold fewer records than offsets, or
     * none). Control batches (transaction markers) are skipped, as a consumer skips them.
     */
    static List<Rec> readAll(PartitionLog log, long offset) throws IOException {
        List<Rec> out = new ArrayList<>();
        long next = offset;
        while (next < log.logEndOffset()) {
            ReadResult r = log.read(next, 64 * 1024, Long.MAX_VALUE, true);
            if (r.region().isEmpty()) {
                break;
            }
            long batchesEnd = -1;
            for (RecordBatch b : MemoryRecords.readableRecords(r.region().get().read()).batches()) {
                for (Record rec : b.isControlBatch() ? List.<Record>of() : b) {
                    if (rec.offset() >= next) {
                        out.add(new Rec(rec.offset(), rec.hasValue() ? new String(toArray(rec.value())) : null,
                                rec.timestamp()));
                    }
                }
                batchesEnd = b.nextOffset();
            }
            if (batchesEnd <= next) {
                throw new AssertionError("read at " + next + " returned no whole batch reaching past it");
            }
            next = batchesEnd;
        }
        return out;
    }

    private static byte[] toArray(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }
}
