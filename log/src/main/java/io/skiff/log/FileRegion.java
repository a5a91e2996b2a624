package io.skiff.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A byte range of a segment file to hand to {@code FileChannel.transferTo} (sendfile). The channel stays open at
 * least {@code file.delete.delay.ms} after its segment is deleted, so an in-flight region remains readable.
 *
 * @param channel the segment's log file
 * @param position first byte
 * @param length number of bytes
 */
public record FileRegion(FileChannel channel, long position, int length) {
    /** Copies the region's bytes to the heap (tests, tools and non-sendfile paths such as TLS). */
    public ByteBuffer read() throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            if (channel.read(buf, position + buf.position()) < 0) {
                throw new IOException("Region " + position + "+" + length + " reaches past the end of the file");
            }
        }
        return buf.flip();
    }
}
