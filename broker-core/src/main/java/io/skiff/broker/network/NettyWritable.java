package io.skiff.broker.network;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ReferenceCountUtil;
import io.skiff.log.FileRegion;
import io.skiff.wire.protocol.MemoryRecordsPayload;
import io.skiff.wire.protocol.RecordsPayload;
import io.skiff.wire.protocol.Writable;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Serialises a response into pooled buffers, splicing file-backed records in as Netty file regions
 * so they go out with {@code sendfile}. The output is a list of {@link ByteBuf}s and
 * {@link io.netty.channel.FileRegion}s to write in order; the caller owns them and must write or
 * release every one ({@link #release()} on failure). Not thread-safe.
 */
final class NettyWritable implements Writable {
    private final ByteBufAllocator alloc;
    private final boolean zeroCopy;
    private final List<Object> parts = new ArrayList<>(1);
    private ByteBuf current;

    /**
     * @param bytesInMemory expected bytes outside file regions (exact for all-memory responses)
     * @param zeroCopy whether file regions may be sent as such (plaintext); else they are copied in
     */
    NettyWritable(ByteBufAllocator alloc, int bytesInMemory, boolean zeroCopy) {
        this.alloc = alloc;
        this.zeroCopy = zeroCopy;
        this.current = alloc.ioBuffer(Math.max(bytesInMemory, 16));
    }

    /** The buffers and regions written, in order; the writer is spent afterwards. */
    List<Object> finish() {
        if (current.isReadable() || parts.isEmpty()) {
            parts.add(current);
        } else {
            current.release();
        }
        current = null;
        return parts;
    }

    /** Releases everything written so far (the response failed to serialise). */
    void release() {
        for (Object part : parts) {
            ReferenceCountUtil.release(part);
        }
        parts.clear();
        if (current != null) {
            current.release();
            current = null;
        }
    }

    @Override
    public void writeByte(byte value) {
        current.writeByte(value);
    }

    @Override
    public void writeShort(short value) {
        current.writeShort(value);
    }

    @Override
    public void writeInt(int value) {
        current.writeInt(value);
    }

    @Override
    public void writeLong(long value) {
        current.writeLong(value);
    }

    @Override
    public void writeDouble(double value) {
        current.writeDouble(value);
    }

    @Override
    public void writeByteArray(byte[] bytes) {
        current.writeBytes(bytes);
    }

    @Override
    public void writeByteBuffer(ByteBuffer buffer) {
        current.writeBytes(buffer.duplicate());
    }

    @Override
    public void writeRecords(RecordsPayload records) {
        if (records instanceof MemoryRecordsPayload memory) {
            current.writeBytes(memory.buffer().duplicate());
        } else if (records instanceof FileRecordsPayload file) {
            for (FileRegion region : file.regions()) {
                if (zeroCopy) {
                    parts.add(current);
                    parts.add(new SharedFileRegion(region.channel(), region.position(), region.length()));
                    current = alloc.ioBuffer(64);
                } else {
                    copyIn(region);
                }
            }
        } else if (records != null) {
            throw new IllegalArgumentException("Unknown records payload " + records.getClass().getName());
        }
    }

    private void copyIn(FileRegion region) {
        current.ensureWritable(region.length());
        try {
            int written = current.writeBytes(region.channel(), region.position(), region.length());
            if (written != region.length()) {
                throw new IllegalStateException("Segment shorter than its region: read " + written + " of " + region.length());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
