package io.skiff.wire.frame;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Cuts the inbound byte stream into Kafka frames: a 4-byte big-endian size, then the body. Emits each
 * body as a retained slice of exactly {@code size} bytes (the size prefix stripped), so downstream
 * decoders cannot read past their frame and nothing is copied. The receiver of a slice owns it and
 * releases it exactly once.
 *
 * <p>A negative size or one above {@code maxFrameSize} ({@code socket.request.max.bytes}, default
 * 100 MiB as in Kafka) raises {@link FrameTooLargeException} as soon as the 4 size bytes are in: no
 * body byte is waited for or buffered. The stream cannot be resynchronised after that, so the decoder
 * then discards everything that arrives until the pipeline closes the connection.
 *
 * <p>Stateful, hence not {@code @Sharable}: one instance per channel, used on its event loop only.
 */
public final class KafkaFrameDecoder extends ByteToMessageDecoder {
    /** Kafka's default {@code socket.request.max.bytes}. */
    public static final int DEFAULT_MAX_FRAME_SIZE = 104_857_600;
    static final int SIZE_PREFIX = 4;

    private final int maxFrameSize;
    private boolean failed;

    public KafkaFrameDecoder() {
        this(DEFAULT_MAX_FRAME_SIZE);
    }

    public KafkaFrameDecoder(int maxFrameSize) {
        if (maxFrameSize < 0) {
            throw new IllegalArgumentException("socket.request.max.bytes must be >= 0, got " + maxFrameSize);
        }
        this.maxFrameSize = maxFrameSize;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < SIZE_PREFIX) {
            return;
        }
        int size = in.getInt(in.readerIndex());
        if (size < 0 || size > maxFrameSize) {
            failed = true;
            in.skipBytes(in.readableBytes());
            throw new FrameTooLargeException(size, maxFrameSize);
        }
        if (in.readableBytes() - SIZE_PREFIX < size) {
            return;
        }
        in.skipBytes(SIZE_PREFIX);
        out.add(in.readRetainedSlice(size));
    }
}
