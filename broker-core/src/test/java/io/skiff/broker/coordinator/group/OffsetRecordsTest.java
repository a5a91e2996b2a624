package io.skiff.broker.coordinator.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.UUID;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.coordinator.group.generated.OffsetCommitKey;
import org.apache.kafka.coordinator.group.generated.OffsetCommitValue;
import org.junit.jupiter.api.Test;

/** Our {@code __consumer_offsets} records against Kafka's own generated record classes (the oracle). */
class OffsetRecordsTest {

    @Test
    void offsetKeyIsByteIdenticalToKafkasVersionOneKey() {
        byte[] kafka = MessageUtil.toVersionPrefixedBytes((short) 1,
                new OffsetCommitKey().setGroup("grp-é").setTopic("orders").setPartition(17));
        assertThat(OffsetRecords.offsetKey("grp-é", "orders", 17)).isEqualTo(kafka);
    }

    @Test
    void offsetValueIsByteIdenticalToKafkasVersionFourValue() {
        byte[] kafka = MessageUtil.toVersionPrefixedBytes((short) 4, new OffsetCommitValue().setOffset(123L)
                .setLeaderEpoch(4).setMetadata("m-é").setCommitTimestamp(1_700_000_000_123L));
        assertThat(OffsetRecords.offsetValue(new CommittedOffset(123L, 4, "m-é", 1_700_000_000_123L)))
                .isEqualTo(kafka);
    }

    @Test
    void offsetValueWithATopicIdCarriesItAsKafkasTaggedField() {
        Uuid id = new Uuid(0x1234_5678_9abc_def0L, 0x0fed_cba9_8765_4321L);
        byte[] kafka = MessageUtil.toVersionPrefixedBytes((short) 4, new OffsetCommitValue().setOffset(7L)
                .setLeaderEpoch(-1).setMetadata("").setCommitTimestamp(99L).setTopicId(id));
        CommittedOffset ours = new CommittedOffset(7L, -1, "", 99L, CommittedOffset.NO_EXPIRY,
                new UUID(id.getMostSignificantBits(), id.getLeastSignificantBits()));
        assertThat(OffsetRecords.offsetValue(ours)).isEqualTo(kafka);
        assertThat(OffsetRecords.readOffsetValue(ByteBuffer.wrap(kafka))).isEqualTo(ours);
    }

    @Test
    void offsetValueWithAnExpireTimestampIsKafkasVersionOneValue() {
        byte[] kafka = MessageUtil.toVersionPrefixedBytes((short) 1, new OffsetCommitValue().setOffset(5L)
                .setMetadata("x").setCommitTimestamp(1_000L).setExpireTimestamp(61_000L));
        CommittedOffset ours = new CommittedOffset(5L, -1, "x", 1_000L, 61_000L, null);
        assertThat(OffsetRecords.offsetValue(ours)).isEqualTo(kafka);
        assertThat(OffsetRecords.readOffsetValue(ByteBuffer.wrap(kafka))).isEqualTo(ours);
    }

    @Test
    void valuesOfEveryKafkaVersionAreRead() {
        for (short v = OffsetCommitValue.LOWEST_SUPPORTED_VERSION; v <= OffsetCommitValue.HIGHEST_SUPPORTED_VERSION; v++) {
            OffsetCommitValue value = new OffsetCommitValue().setOffset(99L).setMetadata("meta")
                    .setCommitTimestamp(555L);
            if (v >= 3) {
                value.setLeaderEpoch(8);
            }
            if (v == 1) {
                value.setExpireTimestamp(777L);
            }
            if (v >= 4) {
                value.setTopicId(Uuid.randomUuid());
            }
            CommittedOffset read = OffsetRecords.readOffsetValue(
                    ByteBuffer.wrap(MessageUtil.toVersionPrefixedBytes(v, value)));
            UUID topicId = v >= 4 ? new UUID(value.topicId().getMostSignificantBits(),
                    value.topicId().getLeastSignificantBits()) : null;
            assertThat(read).as("v%d", v).isEqualTo(new CommittedOffset(99L, v >= 3 ? 8 : -1, "meta", 555L,
                    v == 1 ? 777L : CommittedOffset.NO_EXPIRY, topicId));
        }
    }

    @Test
    void keysOfOtherRecordTypesAreSkipped() {
        ByteBuffer groupMetadataKey = ByteBuffer.allocate(5).putShort((short) 2).putShort((short) 1).put((byte) 'g');
        assertThat(OffsetRecords.readOffsetKey(groupMetadataKey.flip())).isNull();
        assertThat(OffsetRecords.readOffsetKey(ByteBuffer.wrap(OffsetRecords.offsetKey("g", "t", 3))))
                .isEqualTo(new OffsetRecords.OffsetKey("g", "t", 3));
    }
}
