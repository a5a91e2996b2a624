package io.skiff.wire.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.wire.message.ApiMessageType;
import java.nio.ByteBuffer;
import java.util.Random;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.junit.jupiter.api.Test;

/** Request header parsing against headers written by Kafka's client classes, and on hostile frames. */
class RequestHeaderTest {
    private static final long SEED = Long.getLong("skiff.test.seed", 4242L);

    private static ByteBuffer kafkaFrame(short apiKey, short apiVersion, int correlationId, String clientId, byte[] body) {
        org.apache.kafka.common.requests.RequestHeader header = new org.apache.kafka.common.requests.RequestHeader(
                org.apache.kafka.common.protocol.ApiKeys.forId(apiKey), apiVersion, clientId, correlationId);
        ObjectSerializationCache cache = new ObjectSerializationCache();
        short headerVersion = header.headerVersion();
        int size = header.data().size(cache, headerVersion);
        ByteBuffer buf = ByteBuffer.allocate(size + body.length);
        header.data().write(new org.apache.kafka.common.protocol.ByteBufferAccessor(buf), cache, headerVersion);
        buf.put(body);
        return buf.flip();
    }

    @Test
    void parsesKafkaHeadersForEveryApiAndVersionAndStopsAtTheBody() {
        byte[] body = {1, 2, 3};
        for (ApiMessageType type : ApiMessageType.values()) {
            for (short v = type.lowestSupportedVersion(); v <= type.highestSupportedVersion(true); v++) {
                ByteBuffer frame = kafkaFrame(type.apiKey(), v, 77 + v, "client-é", body);
                RequestHeader h = RequestHeader.parse(frame);
                assertThat(h.apiType()).isEqualTo(type);
                assertThat(h.apiKey()).isEqualTo(type.apiKey());
                assertThat(h.apiVersion()).isEqualTo(v);
                assertThat(h.correlationId()).isEqualTo(77 + v);
                assertThat(h.clientId()).isEqualTo("client-é");
                assertThat(h.headerVersion()).isEqualTo(type.requestHeaderVersion(v));
                assertThat(frame.remaining()).as(type + " v" + v).isEqualTo(body.length);
                assertThat(frame.get()).isEqualTo((byte) 1);
            }
        }
    }

    @Test
    void nullClientIdParsesAsNull() {
        ByteBuffer frame = kafkaFrame((short) 3, (short) 12, 5, null, new byte[0]);
        assertThat(RequestHeader.parse(frame).clientId()).isNull();
    }

    @Test
    void unknownApiKeyCarriesTheCorrelationId() {
        ByteBuffer frame = ByteBuffer.allocate(10).putShort((short) 9999).putShort((short) 1).putInt(123456).putShort((short) -1).flip();
        assertThatThrownBy(() -> RequestHeader.parse(frame))
                .isInstanceOfSatisfying(UnknownApiKeyException.class, e -> {
                    assertThat(e.correlationId()).isEqualTo(123456);
                    assertThat(e.apiKey()).isEqualTo((short) 9999);
                    assertThat(e.apiVersion()).isEqualTo((short) 1);
                });
    }

    @Test
    void shortFrameIsADecodeException() {
        assertThatThrownBy(() -> RequestHeader.parse(ByteBuffer.wrap(new byte[] {0, 18, 0})))
                .isInstanceOf(DecodeException.class);
    }

    @Test
    void hostileHeadersThrowOnlyDecodeException() {
        Random random = new Random(SEED);
        ByteBuffer valid = kafkaFrame((short) 18, (short) 4, 1, "some-client", new byte[0]);
        byte[] template = new byte[valid.remaining()];
        valid.get(template);
        for (int i = 0; i < 5000; i++) {
            byte[] b;
            if (i % 2 == 0) {
                b = new byte[random.nextInt(24)];
                random.nextBytes(b);
                if (b.length >= 2 && random.nextBoolean()) {
                    // Keep a known api key so the parser gets past the table lookup.
                    b[0] = 0;
                    b[1] = (byte) random.nextInt(70);
                }
            } else {
                b = java.util.Arrays.copyOf(template, random.nextInt(template.length + 1));
                if (b.length > 0) {
                    b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            try {
                RequestHeader.parse(ByteBuffer.wrap(b));
            } catch (DecodeException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            } catch (Throwable t) {
                throw new AssertionError("seed " + SEED + " case " + i + ": unexpected " + t, t);
            }
        }
    }

    @Test
    void responseHeaderMatchesKafka() {
        for (ApiMessageType type : ApiMessageType.values()) {
            for (short v = type.lowestSupportedVersion(); v <= type.highestSupportedVersion(true); v++) {
                int size = ResponseHeader.size(type, v);
                ByteBuffer ours = ByteBuffer.allocate(size);
                ResponseHeader.write(new ByteBufferAccessor(ours), type, v, 991);
                assertThat(ours.position()).isEqualTo(size);
                short kafkaVersion = org.apache.kafka.common.protocol.ApiKeys.forId(type.apiKey()).responseHeaderVersion(v);
                org.apache.kafka.common.message.ResponseHeaderData kafka =
                        new org.apache.kafka.common.message.ResponseHeaderData().setCorrelationId(991);
                ObjectSerializationCache cache = new ObjectSerializationCache();
                ByteBuffer theirs = ByteBuffer.allocate(kafka.size(cache, kafkaVersion));
                kafka.write(new org.apache.kafka.common.protocol.ByteBufferAccessor(theirs), cache, kafkaVersion);
                assertThat(ours.array()).as(type + " v" + v).isEqualTo(theirs.array());
                ByteBuffer byKey = ByteBuffer.allocate(size);
                ResponseHeader.write(new ByteBufferAccessor(byKey), type.apiKey(), v, 991);
                assertThat(byKey.array()).isEqualTo(ours.array());
            }
        }
    }
}
