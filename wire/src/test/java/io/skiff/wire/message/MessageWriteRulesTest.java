package io.skiff.wire.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.wire.protocol.ByteBufferAccessor;
import io.skiff.wire.protocol.DecodeException;
import io.skiff.wire.protocol.MemoryRecordsPayload;
import io.skiff.wire.protocol.Message;
import io.skiff.wire.protocol.RawTaggedField;
import io.skiff.wire.protocol.UnsupportedMessageVersionException;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Version rules of generated writers and readers that the random oracle test does not reach. */
class MessageWriteRulesTest {
    private static ByteBuffer write(Message m, short version) {
        ByteBuffer buf = ByteBuffer.allocate(m.size(version));
        m.write(new ByteBufferAccessor(buf), version);
        return buf.flip();
    }

    @Test
    void writingANonDefaultFieldAbsentFromTheVersionThrows() {
        // IncludeClusterAuthorizedOperations exists in versions 8-10 only and is not ignorable.
        MetadataRequestData metadata = new MetadataRequestData().setIncludeClusterAuthorizedOperations(true);
        assertThatThrownBy(() -> write(metadata, (short) 11))
                .isInstanceOf(UnsupportedMessageVersionException.class)
                .hasMessageContaining("includeClusterAuthorizedOperations");
        assertThat(new UnsupportedMessageVersionException("x").errorCode()).isEqualTo((short) 35);
    }

    @Test
    void writingADefaultFieldAbsentFromTheVersionIsFine() {
        MetadataRequestData metadata = new MetadataRequestData().setAllowAutoTopicCreation(false);
        MetadataRequestData back = new MetadataRequestData(new ByteBufferAccessor(write(metadata, (short) 11)), (short) 11);
        assertThat(back.includeClusterAuthorizedOperations()).isFalse();
        assertThat(back.allowAutoTopicCreation()).isFalse();
    }

    @Test
    void ignorableFieldsAreDroppedSilentlyInOlderVersions() {
        ApiVersionsRequestData request = new ApiVersionsRequestData()
                .setClientSoftwareName("skiff").setClientSoftwareVersion("1");
        ApiVersionsRequestData back = new ApiVersionsRequestData(new ByteBufferAccessor(write(request, (short) 2)), (short) 2);
        assertThat(back.clientSoftwareName()).isEmpty();
    }

    @Test
    void unknownTaggedFieldsSurviveARoundTripAndCannotBeWrittenInClassicVersions() {
        ApiVersionsResponseData response = new ApiVersionsResponseData().setThrottleTimeMs(5);
        response.unknownTaggedFields().add(new RawTaggedField(77, new byte[] {1, 2}));
        ApiVersionsResponseData back = new ApiVersionsResponseData(new ByteBufferAccessor(write(response, (short) 3)), (short) 3);
        assertThat(back.unknownTaggedFields()).containsExactly(new RawTaggedField(77, new byte[] {1, 2}));
        assertThat(back).isEqualTo(response);
        assertThatThrownBy(() -> write(response, (short) 2)).isInstanceOf(UnsupportedMessageVersionException.class);
    }

    @Test
    void writingOutsideTheValidVersionsThrows() {
        assertThatThrownBy(() -> write(new ApiVersionsRequestData(), (short) 99))
                .isInstanceOf(UnsupportedMessageVersionException.class);
    }

    @Test
    void nonNullableArrayEncodedAsNullIsADecodeException() {
        // MetadataResponse v0: int32 throttle-less layout starts with the brokers array; -1 means null.
        ByteBuffer bytes = ByteBuffer.allocate(4).putInt(-1).flip();
        assertThatThrownBy(() -> new MetadataResponseData(new ByteBufferAccessor(bytes), (short) 0))
                .isInstanceOf(DecodeException.class)
                .hasMessageContaining("Brokers");
    }

    @Test
    void arrayCountAboveRemainingBytesIsRejected() {
        ByteBuffer bytes = ByteBuffer.allocate(8).putInt(Integer.MAX_VALUE).flip();
        assertThatThrownBy(() -> new MetadataResponseData(new ByteBufferAccessor(bytes), (short) 0))
                .isInstanceOf(DecodeException.class);
    }

    @Test
    void produceRecordsAreReadAsAZeroCopySliceOfTheFrame() {
        byte[] batch = {10, 20, 30, 40};
        ProduceRequestData produce = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(1000);
        produce.topicData().add(new ProduceRequestData.TopicProduceData().setName("t"));
        produce.topicData().get(0).partitionData().add(new ProduceRequestData.PartitionProduceData()
                .setIndex(0).setRecords(new MemoryRecordsPayload(ByteBuffer.wrap(batch))));
        ByteBuffer frame = write(produce, (short) 9);
        ProduceRequestData back = new ProduceRequestData(new ByteBufferAccessor(frame), (short) 9);
        MemoryRecordsPayload records = (MemoryRecordsPayload) back.topicData().get(0).partitionData().get(0).records();
        assertThat(records.sizeInBytes()).isEqualTo(4);
        // v9 is flexible: the 4 record bytes are followed by three empty tagged-field sections
        // (partition, topic, request), one byte each.
        int recordsStart = frame.limit() - 3 - batch.length;
        assertThat(frame.get(recordsStart)).isEqualTo((byte) 10);
        frame.put(recordsStart + 1, (byte) 99);
        assertThat(records.buffer().get(1)).as("the view shares the frame's memory").isEqualTo((byte) 99);
    }

    @Test
    void defaultsFollowTheSchema() {
        MetadataRequestData metadata = new MetadataRequestData();
        assertThat(metadata.allowAutoTopicCreation()).isTrue();
        assertThat(metadata.topics()).isEqualTo(List.of());
        assertThat(new ProduceRequestData().transactionalId()).isNull();
        assertThat(new ApiVersionsResponseData().toString()).startsWith("ApiVersionsResponseData(errorCode=0");
    }
}
