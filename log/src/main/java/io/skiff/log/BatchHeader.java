package io.skiff.log;

import io.skiff.wire.protocol.DecodeException;
import io.skiff.wire.record.RecordBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The header facts of one v2 batch in a segment file that the log needs to walk the file without reading whole
 * batches: one small positional read of the 61-byte header, parsed by {@link RecordBatch#headerView}. A scan over a
 * 1 GiB segment must not load every batch body.
 *
 * @param position byte position of the batch in its segment file
 * @param baseOffset the batch's first offset
 * @param lastOffset the batch's last offset
 * @param sizeInBytes the whole batch, log overhead included
 * @param maxTimestamp the batch's max timestamp
 * @param magic the batch's magic byte (always 2: other magics fail the header view)
 * @param attributes the batch's attribute bits (compression, timestamp type, transactional, control, delete horizon)
 * @param producerId the batch's producer id, -1 without one
 * @param recordCount the records the batch holds (0 for a header compaction kept only for its offsets and producer)
 */
record BatchHeader(int position, long baseOffset, long lastOffset, int sizeInBytes, long maxTimestamp, byte magic,
                   short attributes, long producerId, int recordCount) {
    private static final int TRANSACTIONAL_FLAG = 0x10;
    private static final int CONTROL_FLAG = 0x20;

    /**
     * The header of the batch at {@code position}, or null when fewer than a whole batch's bytes lie before
     * {@code end} (a torn tail) or the header is impossible (bad length or magic).
     */
    static BatchHeader read(FileChannel channel, int position, int end, ByteBuffer scratch) throws IOException {
        if (end - position < RecordBatch.HEADER_SIZE) {
            return null;
        }
        scratch.clear();
        int read = 0;
        while (read < RecordBatch.HEADER_SIZE) {
            int n = channel.read(scratch, position + read);
            if (n < 0) {
                return null;
            }
            read += n;
        }
        RecordBatch h;
        try {
            h = RecordBatch.headerView(scratch, 0);
        } catch (DecodeException e) {
            return null;
        }
        if (h.sizeInBytes() > end - position) {
            return null;
        }
        return new BatchHeader(position, h.baseOffset(), h.lastOffset(), h.sizeInBytes(), h.maxTimestamp(), h.magic(),
                h.attributes(), h.producerId(), h.recordCount());
    }

    static ByteBuffer scratch() {
        return ByteBuffer.allocate(RecordBatch.HEADER_SIZE);
    }

    long nextOffset() {
        return lastOffset + 1;
    }

    /**
     * The timestamp the time index and timestamp lookups know the batch by: its max timestamp, or none for a batch
     * without records (a compacted empty batch keeps its old max timestamp, but there is nothing to find there;
     * stock kafka-dump-log reports a time index entry pointing at one as a mismatch).
     */
    long indexedTimestamp() {
        return indexedTimestamp(recordCount, maxTimestamp);
    }

    static long indexedTimestamp(int recordCount, long maxTimestamp) {
        return recordCount == 0 ? RecordBatch.NO_TIMESTAMP : maxTimestamp;
    }

    boolean isControlBatch() {
        return (attributes & CONTROL_FLAG) != 0;
    }

    boolean isTransactional() {
        return (attributes & TRANSACTIONAL_FLAG) != 0;
    }
}
