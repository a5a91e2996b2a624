package io.skiff.log;

import java.nio.channels.FileChannel;

/**
 * A byte range of a segment file to hand to {@code FileChannel.transferTo} (sendfile). The channel stays open at
 * least {@code file.delete.delay.ms} after its segment is deleted, so an in-flight region remains readable.
 *
 * @param channel the segment's log file
 * @param position first byte
 * @param length number of bytes
 */
public record FileRegion(FileChannel channel, long position, int length) {}
