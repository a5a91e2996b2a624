package io.skiff.broker.coordinator.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.broker.coordinator.group.GroupMetadataRecords.StoredGroup;
import io.skiff.broker.coordinator.group.GroupMetadataRecords.StoredMember;
import io.skiff.replication.delayed.ManualTimer;
import io.skiff.wire.message.HeartbeatRequestData;
import io.skiff.wire.protocol.Errors;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.coordinator.group.generated.GroupMetadataKey;
import org.apache.kafka.coordinator.group.generated.GroupMetadataValue;
import org.junit.jupiter.api.Test;

/** Group-metadata records against Kafka's generated record classes, and restoring a group from one. */
class GroupMetadataRecordsTest {
    private static final StoredGroup GROUP = new StoredGroup("consumer", 4, "range", "m-1", 1234L, List.of(
            new StoredMember("m-1", "i-1", "client", "/1.2.3.4", 30_000, 10_000, new byte[] {1}, new byte[] {2, 3}),
            new StoredMember("m-2", null, "client", "/1.2.3.5", 30_000, 10_000, new byte[0], new byte[0])));

    private static GroupMetadataValue kafkaValue() {
        return new GroupMetadataValue().setProtocolType("consumer").setGeneration(4).setProtocol("range")
                .setLeader("m-1").setCurrentStateTimestamp(1234L).setMembers(List.of(
                        new GroupMetadataValue.MemberMetadata().setMemberId("m-1").setGroupInstanceId("i-1")
                                .setClientId("client").setClientHost("/1.2.3.4").setRebalanceTimeout(30_000)
                                .setSessionTimeout(10_000).setSubscription(new byte[] {1})
                                .setAssignment(new byte[] {2, 3}),
                        new GroupMetadataValue.MemberMetadata().setMemberId("m-2").setGroupInstanceId(null)
                                .setClientId("client").setClientHost("/1.2.3.5").setRebalanceTimeout(30_000)
                                .setSessionTimeout(10_000).setSubscription(new byte[0]).setAssignment(new byte[0])));
    }

    @Test
    void keyAndValueAreByteIdenticalToKafkas() {
        assertThat(GroupMetadataRecords.key("grp"))
                .isEqualTo(MessageUtil.toVersionPrefixedBytes((short) 2, new GroupMetadataKey().setGroup("grp")));
        assertThat(GroupMetadataRecords.value(GROUP))
                .isEqualTo(MessageUtil.toVersionPrefixedBytes((short) 3, kafkaValue()));
    }

    @Test
    void olderKafkaVersionsAreRead() {
        for (short v = 0; v <= 3; v++) {
            StoredGroup read = GroupMetadataRecords.readValue(
                    ByteBuffer.wrap(MessageUtil.toVersionPrefixedBytes(v, kafkaValue())));
            assertThat(read.generation()).as("v%d", v).isEqualTo(4);
            assertThat(read.members()).extracting(StoredMember::memberId).containsExactly("m-1", "m-2");
            assertThat(read.members().get(0).assignment()).containsExactly(2, 3);
            assertThat(read.members().get(0).groupInstanceId()).isEqualTo(v >= 3 ? "i-1" : null);
        }
    }

    @Test
    void restoredStableGroupAcceptsHeartbeatsOfItsGenerationUntilSessionsExpire() {
        GroupRegistry registry = new GroupRegistry(new GroupConfig(6_000, 300_000, 0, 10, 1, 4096), p -> false, () -> 0L);
        registry.beginLoading(0);
        ManualTimer timer = new ManualTimer(0);
        GroupCoordinator coordinator = new GroupCoordinator(registry, timer, new Random(1));
        coordinator.restore("g", GroupMetadataRecords.readValue(ByteBuffer.wrap(GroupMetadataRecords.value(GROUP))));
        registry.completeLoading(0);

        assertThat(registry.get("g").state()).isEqualTo(GroupState.STABLE);
        timer.advance(5_000);
        assertThat(coordinator.heartbeat(new HeartbeatRequestData().setGroupId("g").setMemberId("m-1")
                .setGroupInstanceId("i-1").setGenerationId(4))).isEqualTo(Errors.NONE);

        timer.advance(5_000); // m-2 never heartbeats: its session, started at load, ends
        assertThat(registry.get("g").members).doesNotContainKey("m-2");
        assertThat(registry.get("g").state()).isEqualTo(GroupState.PREPARING_REBALANCE);
    }
}
