package io.skiff.broker.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.skiff.wire.frame.FrameTooLargeException;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.ApiVersionsResponseData;
import io.skiff.wire.protocol.ApiException;
import io.skiff.wire.protocol.ApiMessage;
import io.skiff.wire.protocol.ByteBufferAccessor;
import io.skiff.wire.protocol.DecodeException;
import io.skiff.wire.protocol.Errors;
import io.skiff.wire.protocol.RequestHeader;
import io.skiff.wire.protocol.ResponseHeader;
import io.skiff.wire.protocol.UnknownApiKeyException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: turns frames into requests, hands them to their {@link ApiHandler}, and
 * writes the responses back <em>in request order</em>.
 *
 * <p>Why ordering is enforced here: Kafka clients match responses to requests by position as well
 * as correlation id (the Java client fails the connection on an out-of-order correlation id), yet
 * handlers complete out of order (a long-poll fetch parked behind a produce). Each request takes a
 * {@link Slot} at the tail of {@code pending}; a completed slot is written only once every slot
 * before it has been.
 *
 * <p>Ownership: the frame buffer from {@code KafkaFrameDecoder} backs the request body (produce
 * records are zero-copy slices of it), so it is released when the request's response stage
 * completes, not when {@code handle} returns.
 *
 * <p>Back-pressure: when {@code maxInFlight} requests are unanswered, or their frames hold
 * {@code maxInFlightBytes} or more, or the channel's outbound buffer is above its high water mark,
 * the connection stops being read until all three drain. A client pipelining faster than the broker
 * can append (or not reading its responses) therefore holds at most about {@code maxInFlightBytes}
 * plus one frame of broker memory, and is slowed by TCP flow control rather than served from an
 * ever-growing queue.
 *
 * <p>Bad input: a frame whose header or body cannot be parsed, an unknown API key, or a version the
 * broker does not implement (other than ApiVersions, answered per KIP-511) closes the connection
 * with one log line, as Kafka does; other connections are unaffected.
 *
 * <p>Threading: every method runs on the channel's event loop; completions arriving on other
 * threads are re-submitted to it. Not {@code @Sharable}.
 */
public final class RequestChannelHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(RequestChannelHandler.class);

    private final HandlerRegistry registry;
    private final String listenerName;
    private final boolean zeroCopy;
    private final int maxInFlight;
    private final long maxInFlightBytes;
    private final ArrayDeque<Slot> pending = new ArrayDeque<>();
    private long pendingBytes;
    private boolean closing;

    private static final class Slot {
        final RequestHeader header;
        final short responseVersion;
        final int bytes;
        ByteBuf frame;
        boolean done;
        ApiMessage response;
        /** Close the connection once every earlier response is written (see {@link CloseConnectionException}). */
        String closeReason;

        Slot(RequestHeader header, short responseVersion, ByteBuf frame) {
            this.header = header;
            this.responseVersion = responseVersion;
            this.frame = frame;
            this.bytes = frame == null ? 0 : frame.readableBytes();
        }
    }

    /** Unanswered request bytes per connection before it stops being read (Kafka's producer sends at most ~5 MiB). */
    public static final long DEFAULT_MAX_IN_FLIGHT_BYTES = 32L << 20;

    public RequestChannelHandler(HandlerRegistry registry, String listenerName, boolean zeroCopy, int maxInFlight) {
        this(registry, listenerName, zeroCopy, maxInFlight, DEFAULT_MAX_IN_FLIGHT_BYTES);
    }

    public RequestChannelHandler(HandlerRegistry registry, String listenerName, boolean zeroCopy, int maxInFlight,
                                 long maxInFlightBytes) {
        this.registry = registry;
        this.listenerName = listenerName;
        this.zeroCopy = zeroCopy;
        this.maxInFlight = maxInFlight;
        this.maxInFlightBytes = maxInFlightBytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        if (closing) {
            frame.release();
            return;
        }
        RequestHeader header;
        ByteBuffer body = frame.nioBuffer();
        try {
            header = RequestHeader.parse(body); // leaves body positioned after the header
        } catch (UnknownApiKeyException e) {
            frame.release();
            closeOnBadInput(ctx, "unknown api key " + e.getMessage());
            return;
        } catch (DecodeException e) {
            frame.release();
            closeOnBadInput(ctx, "malformed request header: " + e.getMessage());
            return;
        }
        ApiMessageType type = header.apiType();
        short version = header.apiVersion();
        ApiHandler<?> handler = registry.handler(type);
        if (!registry.supports(type, version)) {
            frame.release();
            if (type == ApiMessageType.API_VERSIONS) {
                // KIP-511: an unknown ApiVersions version gets a v0 response listing what we support.
                Slot slot = enqueue(ctx, header, (short) 0, null);
                complete(ctx, slot, new ApiVersionsResponseData()
                        .setErrorCode(Errors.UNSUPPORTED_VERSION.code())
                        .setApiKeys(registry.apiVersions()));
            } else {
                closeOnBadInput(ctx, (handler == null ? "unsupported api " : "unsupported version " + version + " of ")
                        + type.messageName() + " (correlation id " + header.correlationId() + ")");
            }
            return;
        }
        ApiMessage request = type.newRequest();
        try {
            request.read(new ByteBufferAccessor(body), version);
        } catch (DecodeException e) {
            frame.release();
            closeOnBadInput(ctx, "malformed " + type.messageName() + " v" + version + " body (correlation id "
                    + header.correlationId() + "): " + e.getMessage());
            return;
        }
        Slot slot = enqueue(ctx, header, version, frame);
        RequestContext context = new RequestContext(header, listenerName, ctx.channel().remoteAddress(),
                ctx.channel().id().asShortText(), System.nanoTime());
        CompletionStage<? extends ApiMessage> stage = dispatch(handler, context, request);
        stage.whenComplete((response, error) -> {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof CloseConnectionException close) {
                slot.closeReason = close.getMessage();
            }
            ApiMessage result = error == null || slot.closeReason != null ? response
                    : errorResponse(handler, context, request, error);
            if (ctx.executor().inEventLoop()) {
                complete(ctx, slot, result);
            } else {
                ctx.executor().execute(() -> complete(ctx, slot, result));
            }
        });
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static CompletionStage<? extends ApiMessage> dispatch(ApiHandler handler, RequestContext context, ApiMessage request) {
        try {
            return handler.handle(context, request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ApiMessage errorResponse(ApiHandler handler, RequestContext context, ApiMessage request, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        Errors code;
        if (cause instanceof ApiException api) {
            code = api.error();
            LOG.debug("{} failed with {} (correlation id {}, client {})", context.header().apiType().messageName(), code,
                    context.header().correlationId(), context.clientId());
        } else {
            code = Errors.UNKNOWN_SERVER_ERROR;
            LOG.error("{} failed unexpectedly (correlation id {}, client {})", context.header().apiType().messageName(),
                    context.header().correlationId(), context.clientId(), cause);
        }
        return handler.errorResponse(context, request, code);
    }

    private Slot enqueue(ChannelHandlerContext ctx, RequestHeader header, short version, ByteBuf frame) {
        Slot slot = new Slot(header, version, frame);
        pending.addLast(slot);
        pendingBytes += slot.bytes;
        if (pending.size() >= maxInFlight || pendingBytes >= maxInFlightBytes) {
            ctx.channel().config().setAutoRead(false);
        }
        return slot;
    }

    private void complete(ChannelHandlerContext ctx, Slot slot, ApiMessage response) {
        slot.done = true;
        slot.response = response;
        if (slot.frame != null) {
            slot.frame.release();
            slot.frame = null;
            pendingBytes -= slot.bytes;
        }
        boolean wrote = false;
        while (!pending.isEmpty() && pending.peekFirst().done) {
            Slot head = pending.pollFirst();
            if (head.response != null && !closing) {
                wrote |= write(ctx, head);
            }
            if (head.closeReason != null && !closing) {
                LOG.info("Closing connection from {} on listener {}: {} (correlation id {})", ctx.channel().remoteAddress(),
                        listenerName, head.closeReason, head.header.correlationId());
                closing = true;
                ctx.flush();
                ctx.close();
                return;
            }
        }
        if (wrote) {
            ctx.flush();
        }
        maybeResumeReading(ctx);
    }

    private boolean write(ChannelHandlerContext ctx, Slot slot) {
        ApiMessageType type = slot.header.apiType();
        short version = slot.responseVersion;
        NettyWritable out = null;
        try {
            int headerSize = type == ApiMessageType.API_VERSIONS ? 4 : ResponseHeader.size(type, version);
            int bodySize = slot.response.size(version);
            int total = headerSize + bodySize;
            out = new NettyWritable(ctx.alloc(), 4 + Math.min(total, 64 * 1024), zeroCopy);
            out.writeInt(total);
            if (type == ApiMessageType.API_VERSIONS) {
                out.writeInt(slot.header.correlationId()); // ApiVersions responses always use header v0
            } else {
                ResponseHeader.write(out, type, version, slot.header.correlationId());
            }
            slot.response.write(out, version);
            List<Object> parts = out.finish();
            out = null;
            for (Object part : parts) {
                ctx.write(part, ctx.voidPromise());
            }
            return true;
        } catch (RuntimeException e) {
            if (out != null) {
                out.release();
            }
            LOG.error("Cannot serialise {} v{} response (correlation id {}); closing the connection", type.messageName(),
                    version, slot.header.correlationId(), e);
            closing = true;
            ctx.close();
            return false;
        }
    }

    private void maybeResumeReading(ChannelHandlerContext ctx) {
        if (!closing && pending.size() < maxInFlight && pendingBytes < maxInFlightBytes && ctx.channel().isWritable()
                && !ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (!ctx.channel().isWritable()) {
            ctx.channel().config().setAutoRead(false);
        } else {
            maybeResumeReading(ctx);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            LOG.debug("Closing idle connection from {}", ctx.channel().remoteAddress());
            closing = true;
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause instanceof io.netty.handler.codec.DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof FrameTooLargeException || root instanceof DecodeException) {
            closeOnBadInput(ctx, root.getMessage());
        } else if (root instanceof IOException) {
            LOG.debug("Connection from {} failed: {}", ctx.channel().remoteAddress(), root.toString());
            closing = true;
            ctx.close();
        } else {
            LOG.error("Unexpected error on connection from {}; closing it", ctx.channel().remoteAddress(), root);
            closing = true;
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        // Slots still pending keep their frames until their handlers complete them; complete() then
        // releases the frame and skips the write. Nothing else holds connection memory.
        ctx.fireChannelInactive();
    }

    private void closeOnBadInput(ChannelHandlerContext ctx, String why) {
        if (!closing) {
            LOG.warn("Closing connection from {} on listener {}: {}", ctx.channel().remoteAddress(), listenerName, why);
            closing = true;
        }
        ctx.close();
    }
}
