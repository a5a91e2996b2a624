package io.skiff.wire.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KafkaFrameDecoderTest {
    private EmbeddedChannel channel;

    @AfterEach
    void finish() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    private static byte[] frame(byte[] body) {
        byte[] f = new byte[4 + body.length];
        f[0] = (byte) (body.length >>> 24);
        f[1] = (byte) (body.length >>> 16);
        f[2] = (byte) (body.length >>> 8);
        f[3] = (byte) body.length;
        System.arraycopy(body, 0, f, 4, body.length);
        return f;
    }

    private List<byte[]> drain() {
        List<byte[]> out = new ArrayList<>();
        ByteBuf b;
        while ((b = channel.readInbound()) != null) {
            try {
                out.add(ByteBufUtil.getBytes(b));
            } finally {
                b.release();
            }
        }
        return out;
    }

    @Test
    void emitsTheBodyWithoutItsSizePrefix() {
        channel = new EmbeddedChannel(new KafkaFrameDecoder(1024));
        channel.writeInbound(Unpooled.wrappedBuffer(frame(new byte[] {1, 2, 3})));
        assertThat(drain()).containsExactly(new byte[] {1, 2, 3});
    }

    @Test
    void waitsForAFrameSplitAcrossReads() {
        channel = new EmbeddedChannel(new KafkaFrameDecoder(1024));
        byte[] f = frame(new byte[] {9, 8, 7, 6, 5});
        for (int i = 0; i < f.length - 1; i++) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {f[i]}));
            assertThat(drain()).as("after %d bytes", i + 1).isEmpty();
        }
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {f[f.length - 1]}));
        assertThat(drain()).containsExactly(new byte[] {9, 8, 7, 6, 5});
    }

    @Test
    void emitsEveryFrameOfOneRead() {
        channel = new EmbeddedChannel(new KafkaFrameDecoder(1024));
        byte[] a = frame(new byte[] {1});
        byte[] b = frame(new byte[0]);
        byte[] c = frame(new byte[] {2, 3});
        channel.writeInbound(Unpooled.wrappedBuffer(a, b, c, new byte[] {0, 0}));
        assertThat(drain()).containsExactly(new byte[] {1}, new byte[0], new byte[] {2, 3});
    }

    @Test
    void frameOfExactlyTheMaximumIsAccepted() {
        channel = new EmbeddedChannel(new KafkaFrameDecoder(16));
        channel.writeInbound(Unpooled.wrappedBuffer(frame(new byte[16])));
        assertThat(drain()).hasSize(1);
    }

    @Test
    void oversizeIsRejectedOnTheSizePrefixAlone() {
        channel = new EmbeddedChannel(new KafkaFrameDecoder(16));
        // Only the 4 size bytes: the decoder must not wait for a body it would have to buffer.
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 17})))
                .isInstanceOf(DecoderException.class)
                .cause().isInstanceOf(FrameTooLargeException.class)
                .hasMessageContaining("17 larger than 16");
        assertThat(drain()).isEmpty();
    }

    @Test
    void hugeClaimIsRejectedWithTheDefaultLimit() {
        channel = new EmbeddedChannel(new KafkaFrameDecoder());
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF})))
                .cause().isInstanceOfSatisfying(FrameTooLargeException.class, e -> {
                    assertThat(e.size()).isEqualTo(Integer.MAX_VALUE);
                    assertThat(e.maxSize()).isEqualTo(104_857_600);
                });
    }

    @Test
    void negativeSizeIsRejectedAndLaterBytesAreDiscarded() {
        channel = new EmbeddedChannel(new KafkaFrameDecoder(1024));
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0xFF, 0, 0, 0, 1, 2})))
                .cause().isInstanceOf(FrameTooLargeException.class).hasMessageContaining("size = -16777216");

        channel.writeInbound(Unpooled.wrappedBuffer(frame(new byte[] {1})));

        assertThat(drain()).isEmpty();
    }

    @Test
    void randomChunkingYieldsTheSameFrames() {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        Random random = new Random(seed);
        for (int round = 0; round < 50; round++) {
            channel = new EmbeddedChannel(new KafkaFrameDecoder(4096));
            List<byte[]> sent = new ArrayList<>();
            java.io.ByteArrayOutputStream stream = new java.io.ByteArrayOutputStream();
            for (int i = random.nextInt(30); i >= 0; i--) {
                byte[] body = new byte[random.nextInt(random.nextBoolean() ? 10 : 4097)];
                random.nextBytes(body);
                sent.add(body);
                stream.writeBytes(frame(body));
            }
            byte[] all = stream.toByteArray();
            List<byte[]> received = new ArrayList<>();
            for (int pos = 0; pos < all.length; ) {
                int n = Math.min(all.length - pos, 1 + random.nextInt(random.nextBoolean() ? 8 : 6000));
                channel.writeInbound(Unpooled.copiedBuffer(all, pos, n));
                received.addAll(drain());
                pos += n;
            }
            assertThat(received).as("round %d, -Dfuzz.seed=%d", round, seed).containsExactlyElementsOf(sent);
            assertThat(channel.finishAndReleaseAll()).isFalse();
            channel = null;
        }
    }
}
