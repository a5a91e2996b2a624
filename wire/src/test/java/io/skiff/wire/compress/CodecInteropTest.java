package io.skiff.wire.compress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.BufferSupplier;
import org.apache.kafka.common.utils.ByteBufferOutputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Our codecs against kafka-clients' own compression streams, both directions. */
class CodecInteropTest {
    private static final long SEED = 20261122L;

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (String codec : new String[] {"gzip", "snappy", "lz4", "zstd"}) {
            // 0 bytes, one small block, and sizes across several 64 KiB LZ4 blocks / 32 KiB snappy chunks
            for (int size : new int[] {0, 1, 1000, 65_536, 65_537, 300_000}) {
                b.add(Arguments.of(codec, size));
            }
        }
        return b.build();
    }

    static Codec ours(String name) {
        switch (name) {
            case "gzip":
                return Codec.gzip();
            case "snappy":
                return Codec.snappy();
            case "lz4":
                return Codec.lz4();
            default:
                return Codec.zstd();
        }
    }

    /** Half compressible text, half random bytes, so both compressed and stored blocks occur. */
    static byte[] payload(int size, long seed) {
        Random random = new Random(seed);
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (i / 4096) % 2 == 0 ? (byte) ('a' + (i % 7)) : (byte) random.nextInt();
        }
        return data;
    }

    static byte[] compressOurs(Codec codec, byte[] data) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = codec.compressing(sink)) {
            out.write(data);
        }
        return sink.toByteArray();
    }

    @ParameterizedTest(name = "{0} {1} bytes")
    @MethodSource("cases")
    void kafkaReadsWhatWeCompress(String codec, int size) throws IOException {
        byte[] data = payload(size, SEED + size);
        byte[] compressed = compressOurs(ours(codec), data);

        Compression kafka = Compression.of(codec).build();
        ByteArrayOutputStream decoded = new ByteArrayOutputStream();
        try (InputStream in = kafka.wrapForInput(ByteBuffer.wrap(compressed), RecordBatch.MAGIC_VALUE_V2,
                BufferSupplier.NO_CACHING)) {
            in.transferTo(decoded);
        }

        assertThat(decoded.toByteArray()).isEqualTo(data);
    }

    @ParameterizedTest(name = "{0} {1} bytes")
    @MethodSource("cases")
    void weReadWhatKafkaCompresses(String codec, int size) throws IOException {
        byte[] data = payload(size, SEED - size);
        ByteBufferOutputStream kafkaOut = new ByteBufferOutputStream(64);
        try (OutputStream out = Compression.of(codec).build().wrapForOutput(kafkaOut, RecordBatch.MAGIC_VALUE_V2)) {
            out.write(data);
        }
        ByteBuffer compressed = kafkaOut.buffer().flip();
        int position = compressed.position();

        ByteBuffer decoded = ours(codec).decompress(compressed, size);

        assertThat(compressed.position()).isEqualTo(position);
        byte[] bytes = new byte[decoded.remaining()];
        decoded.get(bytes);
        assertThat(bytes).isEqualTo(data);
    }

    @ParameterizedTest(name = "{0} {1} bytes")
    @MethodSource("cases")
    void directInputBuffersDecompressLikeHeapOnes(String codec, int size) throws IOException {
        byte[] data = payload(size, SEED * 3 + size);
        byte[] compressed = compressOurs(ours(codec), data);
        ByteBuffer direct = ByteBuffer.allocateDirect(compressed.length + 3);
        direct.position(3);
        direct.put(compressed).position(3);

        ByteBuffer decoded = ours(codec).decompress(direct, size);

        assertThat(decoded).isEqualTo(ByteBuffer.wrap(data));
    }
}
