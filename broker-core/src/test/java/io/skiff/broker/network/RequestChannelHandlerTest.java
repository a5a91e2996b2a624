package io.skiff.broker.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.ListGroupsRequestData;
import io.skiff.wire.message.ListGroupsResponseData;
import io.skiff.wire.message.RequestHeaderData;
import io.skiff.wire.protocol.ApiException;
import io.skiff.wire.protocol.ApiMessage;
import io.skiff.wire.protocol.ByteBufferAccessor;
import io.skiff.wire.protocol.Errors;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class RequestChannelHandlerTest {

    /** Completes each request when the test says so; a null completion means "no response". */
    private static final class ControlledHandler implements ApiHandler<ListGroupsRequestData> {
        final List<CompletableFuture<ApiMessage>> calls = new ArrayList<>();

        @Override
        public ApiMessageType apiType() {
            return ApiMessageType.LIST_GROUPS;
        }

        @Override
        public CompletionStage<ApiMessage> handle(RequestContext context, ListGroupsRequestData request) {
            CompletableFuture<ApiMessage> f = new CompletableFuture<>();
            calls.add(f);
            return f;
        }

        @Override
        public ApiMessage errorResponse(RequestContext context, ListGroupsRequestData request, Errors error) {
            return new ListGroupsResponseData().setErrorCode(error.code());
        }
    }

    private final ControlledHandler handler = new ControlledHandler();
    private final HandlerRegistry registry = new HandlerRegistry().register(handler);

    private static ByteBuf frame(short apiKey, short version, int correlationId, ApiMessage body) {
        short headerVersion = ApiMessageType.find(apiKey) == null ? 1 : ApiMessageType.find(apiKey).requestHeaderVersion(version);
        RequestHeaderData header = new RequestHeaderData().setRequestApiKey(apiKey).setRequestApiVersion(version)
                .setCorrelationId(correlationId).setClientId("test");
        int size = header.size(headerVersion) + (body == null ? 0 : body.size(version));
        ByteBuffer buf = ByteBuffer.allocate(size);
        header.write(new ByteBufferAccessor(buf), headerVersion);
        if (body != null) {
            body.write(new ByteBufferAccessor(buf), version);
        }
        buf.flip();
        return Unpooled.wrappedBuffer(buf);
    }

    private static ByteBuf listGroups(int correlationId) {
        return frame(ApiMessageType.LIST_GROUPS.apiKey(), (short) 4, correlationId, new ListGroupsRequestData());
    }

    /** Reads one response written to the channel: its correlation id and its ListGroups error code. */
    private static int[] readResponse(EmbeddedChannel channel) {
        ByteBuf out = channel.readOutbound();
        assertThat(out).as("a response was written").isNotNull();
        try {
            int size = out.readInt();
            assertThat(out.readableBytes()).isEqualTo(size);
            int correlationId = out.readInt();
            out.readByte(); // header v1: empty tagged fields
            ListGroupsResponseData body = new ListGroupsResponseData(new ByteBufferAccessor(out.nioBuffer()), (short) 4);
            return new int[] {correlationId, body.errorCode()};
        } finally {
            out.release();
        }
    }

    @Test
    void responsesLeaveInRequestOrderWhateverOrderHandlersComplete() {
        EmbeddedChannel channel = new EmbeddedChannel(new RequestChannelHandler(registry, "PLAINTEXT", true, 100));
        ByteBuf[] frames = {listGroups(1), listGroups(2), listGroups(3)};
        for (ByteBuf f : frames) {
            channel.writeInbound(f);
        }
        handler.calls.get(2).complete(new ListGroupsResponseData().setErrorCode((short) 3));
        handler.calls.get(1).complete(new ListGroupsResponseData().setErrorCode((short) 2));
        channel.runPendingTasks();
        assertThat((Object) channel.readOutbound()).as("nothing may overtake request 1").isNull();
        handler.calls.get(0).complete(new ListGroupsResponseData().setErrorCode((short) 1));
        channel.runPendingTasks();
        assertThat(readResponse(channel)).containsExactly(1, 1);
        assertThat(readResponse(channel)).containsExactly(2, 2);
        assertThat(readResponse(channel)).containsExactly(3, 3);
        for (ByteBuf f : frames) {
            assertThat(f.refCnt()).as("each frame released exactly once").isZero();
        }
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void requestWithoutResponseDoesNotStallTheNextOne() {
        EmbeddedChannel channel = new EmbeddedChannel(new RequestChannelHandler(registry, "PLAINTEXT", true, 100));
        channel.writeInbound(listGroups(1));
        channel.writeInbound(listGroups(2));
        handler.calls.get(1).complete(new ListGroupsResponseData());
        handler.calls.get(0).complete(null);
        assertThat(readResponse(channel)[0]).isEqualTo(2);
        assertThat((Object) channel.readOutbound()).isNull();
        channel.finish();
    }

    @Test
    void failedHandlerAnswersWithItsErrorAndUnexpectedFailuresWithUnknownServerError() {
        EmbeddedChannel channel = new EmbeddedChannel(new RequestChannelHandler(registry, "PLAINTEXT", true, 100));
        channel.writeInbound(listGroups(1));
        channel.writeInbound(listGroups(2));
        handler.calls.get(0).completeExceptionally(new ApiException(Errors.COORDINATOR_NOT_AVAILABLE, "no coordinator"));
        handler.calls.get(1).completeExceptionally(new IllegalStateException("bug"));
        assertThat(readResponse(channel)).containsExactly(1, Errors.COORDINATOR_NOT_AVAILABLE.code());
        assertThat(readResponse(channel)).containsExactly(2, Errors.UNKNOWN_SERVER_ERROR.code());
        assertThat(channel.isOpen()).isTrue();
        channel.finish();
    }

    @Test
    void closeConnectionFailureWritesEarlierResponsesThenClosesAndDropsLaterOnes() {
        EmbeddedChannel channel = new EmbeddedChannel(new RequestChannelHandler(registry, "PLAINTEXT", true, 100));
        ByteBuf[] frames = {listGroups(1), listGroups(2), listGroups(3)};
        for (ByteBuf f : frames) {
            channel.writeInbound(f);
        }
        handler.calls.get(2).complete(new ListGroupsResponseData());
        handler.calls.get(1).completeExceptionally(new CloseConnectionException("acks=0 produce failed"));
        assertThat(channel.isOpen()).as("request 1 is still unanswered").isTrue();
        handler.calls.get(0).complete(new ListGroupsResponseData());
        channel.runPendingTasks();
        assertThat(readResponse(channel)[0]).isEqualTo(1);
        assertThat((Object) channel.readOutbound()).as("nothing after the close").isNull();
        assertThat(channel.isOpen()).isFalse();
        for (ByteBuf f : frames) {
            assertThat(f.refCnt()).isZero();
        }
        channel.finish();
    }

    @Test
    void tooManyUnansweredRequestsStopReadingUntilOneCompletes() {
        EmbeddedChannel channel = new EmbeddedChannel(new RequestChannelHandler(registry, "PLAINTEXT", true, 2));
        channel.writeInbound(listGroups(1));
        assertThat(channel.config().isAutoRead()).isTrue();
        channel.writeInbound(listGroups(2));
        assertThat(channel.config().isAutoRead()).isFalse();
        handler.calls.get(0).complete(new ListGroupsResponseData());
        assertThat(channel.config().isAutoRead()).isTrue();
        readResponse(channel);
        handler.calls.get(1).complete(new ListGroupsResponseData());
        readResponse(channel);
        channel.finish();
    }

    @Test
    void unansweredRequestBytesAboveTheBoundStopReadingUntilOneCompletes() {
        ByteBuf probe = listGroups(0);
        int frameBytes = probe.readableBytes();
        probe.release();
        EmbeddedChannel channel = new EmbeddedChannel(
                new RequestChannelHandler(registry, "PLAINTEXT", true, 100, 2L * frameBytes));
        channel.writeInbound(listGroups(1));
        assertThat(channel.config().isAutoRead()).isTrue();
        channel.writeInbound(listGroups(2));
        assertThat(channel.config().isAutoRead()).as("two frames' bytes unanswered").isFalse();
        handler.calls.get(0).complete(new ListGroupsResponseData());
        assertThat(channel.config().isAutoRead()).isTrue();
        assertThat(readResponse(channel)[0]).isEqualTo(1);
        handler.calls.get(1).complete(new ListGroupsResponseData());
        assertThat(readResponse(channel)[0]).isEqualTo(2);
        channel.finish();
    }

    @Test
    void unknownApiKeyClosesTheConnection() {
        EmbeddedChannel channel = new EmbeddedChannel(new RequestChannelHandler(registry, "PLAINTEXT", true, 100));
        ByteBuf f = frame((short) 999, (short) 0, 1, null);
        channel.writeInbound(f);
        assertThat(channel.isOpen()).isFalse();
        assertThat(f.refCnt()).isZero();
    }

    @Test
    void truncatedBodyClosesTheConnection() {
        EmbeddedChannel channel = new EmbeddedChannel(new RequestChannelHandler(registry, "PLAINTEXT", true, 100));
        ByteBuf full = frame(ApiMessageType.LIST_GROUPS.apiKey(), (short) 4, 1,
                new ListGroupsRequestData().setStatesFilter(List.of("Stable", "Empty")));
        ByteBuf truncated = full.retainedSlice(0, full.readableBytes() - 3);
        full.release();
        channel.writeInbound(truncated);
        assertThat(channel.isOpen()).isFalse();
        assertThat(handler.calls).isEmpty();
        assertThat(truncated.refCnt()).isZero();
    }

    @Test
    void unimplementedApiClosesTheConnection() {
        EmbeddedChannel channel = new EmbeddedChannel(new RequestChannelHandler(registry, "PLAINTEXT", true, 100));
        channel.writeInbound(frame(ApiMessageType.METADATA.apiKey(), (short) 12, 1, new io.skiff.wire.message.MetadataRequestData()));
        assertThat(channel.isOpen()).isFalse();
    }
}
