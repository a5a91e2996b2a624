package io.skiff.wire.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.wire.protocol.DecodeException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Decompression refuses bombs at the limit and turns every kind of garbage into {@link DecodeException},
 * never another exception, never a hang.
 */
class BoundedDecompressionTest {
    private static final String[] CODECS = {"gzip", "snappy", "lz4", "zstd"};

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "snappy", "lz4", "zstd"})
    void bombIsRefusedAtTheLimit(String name) throws IOException {
        Codec codec = CodecInteropTest.ours(name);
        byte[] zeros = new byte[8 * 1024 * 1024];
        byte[] bomb = CodecInteropTest.compressOurs(codec, zeros);
        assertThat(bomb.length).isLessThan(zeros.length / 20);

        assertThatThrownBy(() -> codec.decompress(ByteBuffer.wrap(bomb), 64 * 1024))
                .isInstanceOf(DecompressionLimitException.class)
                .hasMessageContaining("65536");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "snappy", "lz4", "zstd"})
    void exactlyTheLimitIsAccepted(String name) throws IOException {
        Codec codec = CodecInteropTest.ours(name);
        byte[] data = CodecInteropTest.payload(100_000, 7);
        byte[] compressed = CodecInteropTest.compressOurs(codec, data);

        assertThat(codec.decompress(ByteBuffer.wrap(compressed), data.length).remaining()).isEqualTo(data.length);
        assertThatThrownBy(() -> codec.decompress(ByteBuffer.wrap(compressed), data.length - 1))
                .isInstanceOf(DecompressionLimitException.class);
    }

    @Test
    void snappyChunkClaimingMoreThanPresentIsRefusedWithoutAllocatingIt() {
        ByteBuffer buf = ByteBuffer.allocate(SnappyCodec.HEADER_SIZE + 8);
        buf.put(SnappyCodec.MAGIC).putInt(1).putInt(1).putInt(Integer.MAX_VALUE - 1).putInt(0).flip();
        assertThatThrownBy(() -> Codec.snappy().decompress(buf, 1 << 20)).isInstanceOf(DecodeException.class)
                .hasMessageContaining("chunk length");
    }

    @Test
    void snappyRawBlockWithoutStreamHeaderIsAccepted() throws IOException {
        byte[] data = CodecInteropTest.payload(5000, 3);
        byte[] raw = org.xerial.snappy.Snappy.compress(data);
        assertThat(Codec.snappy().decompress(ByteBuffer.wrap(raw), 5000)).isEqualTo(ByteBuffer.wrap(data));
    }

    @Test
    void lz4StandardFramesWithChecksumsAndContentSizeAreRead() throws IOException {
        // What non-Java clients (librdkafka's LZ4F) may write: every optional frame field set.
        byte[] data = CodecInteropTest.payload(200_000, 5);
        java.io.ByteArrayOutputStream sink = new java.io.ByteArrayOutputStream();
        try (net.jpountz.lz4.LZ4FrameOutputStream out = new net.jpountz.lz4.LZ4FrameOutputStream(sink,
                net.jpountz.lz4.LZ4FrameOutputStream.BLOCKSIZE.SIZE_256KB, data.length,
                net.jpountz.lz4.LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE,
                net.jpountz.lz4.LZ4FrameOutputStream.FLG.Bits.BLOCK_CHECKSUM,
                net.jpountz.lz4.LZ4FrameOutputStream.FLG.Bits.CONTENT_CHECKSUM,
                net.jpountz.lz4.LZ4FrameOutputStream.FLG.Bits.CONTENT_SIZE)) {
            out.write(data);
        }
        byte[] frame = sink.toByteArray();

        assertThat(Codec.lz4().decompress(ByteBuffer.wrap(frame), data.length)).isEqualTo(ByteBuffer.wrap(data));

        byte[] corrupt = frame.clone();
        corrupt[corrupt.length / 2] ^= 0x01;
        assertThatThrownBy(() -> Codec.lz4().decompress(ByteBuffer.wrap(corrupt), data.length))
                .isInstanceOf(DecodeException.class);
    }

    @Test
    void lz4DependentBlocksAndBadDescriptorChecksumAreRefused() throws IOException {
        byte[] good = CodecInteropTest.compressOurs(Codec.lz4(), CodecInteropTest.payload(1000, 1));
        byte[] dependent = good.clone();
        dependent[4] &= ~Lz4Codec.FLG_BLOCK_INDEPENDENCE;
        byte[] badHc = good.clone();
        badHc[6] ^= 1;

        assertThatThrownBy(() -> Codec.lz4().decompress(ByteBuffer.wrap(dependent), 1 << 20))
                .isInstanceOf(DecodeException.class).hasMessageContaining("dependent");
        assertThatThrownBy(() -> Codec.lz4().decompress(ByteBuffer.wrap(badHc), 1 << 20))
                .isInstanceOf(DecodeException.class).hasMessageContaining("checksum");
    }

    @Test
    void randomAndMutatedInputsOnlyEverFailWithDecodeException() throws IOException {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        Random random = new Random(seed);
        int limit = 256 * 1024;
        for (String name : CODECS) {
            Codec codec = CodecInteropTest.ours(name);
            byte[] valid = CodecInteropTest.compressOurs(codec, CodecInteropTest.payload(20_000, seed));
            for (int i = 0; i < 400; i++) {
                byte[] input = mutate(random, valid, i);
                try {
                    ByteBuffer out = codec.decompress(ByteBuffer.wrap(input), limit);
                    assertThat(out.remaining()).isLessThanOrEqualTo(limit);
                } catch (DecodeException expected) {
                    // the only acceptable failure
                } catch (Throwable t) {
                    throw new AssertionError(name + " iteration " + i + " (-Dfuzz.seed=" + seed + ") threw " + t, t);
                }
            }
        }
    }

    private static byte[] mutate(Random random, byte[] valid, int i) {
        switch (i % 4) {
            case 0: { // pure noise
                byte[] noise = new byte[random.nextInt(200)];
                random.nextBytes(noise);
                return noise;
            }
            case 1: { // truncation
                return Arrays.copyOf(valid, random.nextInt(valid.length + 1));
            }
            case 2: { // a few flipped bytes, header included
                byte[] m = valid.clone();
                int flips = 1 + random.nextInt(4);
                for (int f = 0; f < flips; f++) {
                    int at = random.nextInt(Math.min(m.length, random.nextBoolean() ? 32 : m.length));
                    m[at] = (byte) random.nextInt();
                }
                return m;
            }
            default: { // a huge length planted at a random spot
                byte[] m = valid.clone();
                int at = random.nextInt(Math.max(1, m.length - 4));
                ByteBuffer.wrap(m).putInt(at, random.nextBoolean() ? 0x7FFFFFF0 : random.nextInt());
                return m;
            }
        }
    }
}
