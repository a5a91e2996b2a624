package io.skiff.log;

import io.skiff.wire.record.RecordBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The few header fields of a v2 batch that the log needs to walk a segment file without reading whole batches:
 * read straight from the file with one small positional read. {@link RecordBatch} needs the whole batch in memory,
 * which a scan over a 1 GiB segment must not pay for.
 *
 * @param position byte position of the batch in its segment file
 * @param baseOffset the batch's first offset
 * @param lastOffset the batch's last offset
 * @param sizeInBytes the whole batch, log overhead included
 * @param maxTimestamp the batch's max timestamp
 * @param magic the batch's magic byte
 */
record BatchHeader(int position, long baseOffset, long lastOffset, int sizeInBytes, long maxTimestamp, byte magic) {
    /** Bytes of the header prefix read: up to and including maxTimestamp. */
    static final int PREFIX = 43;

    /**
     * The header of the batch at {@code position}, or null when fewer than a whole batch's bytes lie before
     * {@code end} (a torn tail) or the length field is impossible.
     */
    static BatchHeader read(FileChannel channel, int position, int end, ByteBuffer scratch) throws IOException {
        if (end - position < RecordBatch.HEADER_SIZE) {
            return null;
        }
        scratch.clear().limit(PREFIX);
        int read = 0;
        while (read < PREFIX) {
            int n = channel.read(scratch, position + read);
            if (n < 0) {
                return null;
            }
            read += n;
        }
        long baseOffset = scratch.getLong(0);
        int length = scratch.getInt(8);
        byte magic = scratch.get(16);
        int lastOffsetDelta = scratch.getInt(23);
        long maxTimestamp = scratch.getLong(35);
        long size = (long) length + RecordBatch.LOG_OVERHEAD;
        if (length < RecordBatch.HEADER_SIZE - RecordBatch.LOG_OVERHEAD || size > end - position) {
            return null;
        }
        return new BatchHeader(position, baseOffset, baseOffset + lastOffsetDelta, (int) size, maxTimestamp, magic);
    }

    static ByteBuffer scratch() {
        return ByteBuffer.allocate(PREFIX);
    }

    long nextOffset() {
        return lastOffset + 1;
    }
}
