package io.skiff.broker.coordinator.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.log.TopicPartition;
import io.skiff.replication.delayed.ManualTimer;
import io.skiff.wire.message.DescribeGroupsResponseData.DescribedGroup;
import io.skiff.wire.message.JoinGroupRequestData;
import io.skiff.wire.message.JoinGroupResponseData;
import io.skiff.wire.message.ListGroupsResponseData.ListedGroup;
import io.skiff.wire.message.OffsetCommitRequestData;
import io.skiff.wire.message.SyncGroupRequestData;
import io.skiff.wire.protocol.Errors;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ListGroups, DescribeGroups and DeleteGroups over a coordinator driven by a {@link ManualTimer}. */
class GroupAdminTest {
    private final List<OffsetLog.Entry> written = new ArrayList<>();
    private GroupRegistry registry;
    private GroupCoordinator coordinator;
    private OffsetManager offsets;
    private GroupAdmin admin;
    private long nowMs = 5L;

    @BeforeEach
    void setUp() {
        registry = new GroupRegistry(new GroupConfig(6_000, 300_000, 0, 10, 1, 4096), partition -> false, () -> nowMs);
        registry.beginLoading(0);
        registry.completeLoading(0);
        OffsetLog log = (partition, entries) -> {
            written.addAll(entries);
            return CompletableFuture.completedFuture(Errors.NONE);
        };
        coordinator = new GroupCoordinator(registry, new ManualTimer(0), new Random(3), log);
        offsets = new OffsetManager(registry, coordinator, log);
        admin = new GroupAdmin(registry, log);
    }

    private JoinGroupResponseData stableMember(String group) {
        JoinGroupResponseData joined = coordinator.joinGroup(new JoinGroupRequestData().setGroupId(group)
                .setMemberId("").setSessionTimeoutMs(10_000).setRebalanceTimeoutMs(10_000)
                .setProtocolType("consumer").setProtocols(List.of(new JoinGroupRequestData.JoinGroupRequestProtocol()
                        .setName("range").setMetadata(new byte[] {7}))), (short) 3, "client-1", "/10.0.0.1").join();
        coordinator.syncGroup(new SyncGroupRequestData().setGroupId(group).setMemberId(joined.memberId())
                .setGenerationId(joined.generationId()).setAssignments(List.of(
                        new SyncGroupRequestData.SyncGroupRequestAssignment().setMemberId(joined.memberId())
                                .setAssignment(new byte[] {1, 2})))).join();
        return joined;
    }

    private void commitOutsideGroup(String group, String topic, long offset) {
        offsets.commit(new OffsetCommitRequestData().setGroupId(group).setGenerationIdOrMemberEpoch(-1)
                .setMemberId("").setTopics(List.of(new OffsetCommitRequestData.OffsetCommitRequestTopic()
                        .setName(topic).setPartitions(List.of(new OffsetCommitRequestData.OffsetCommitRequestPartition()
                                .setPartitionIndex(0).setCommittedOffset(offset))))), (short) 8).join();
    }

    @Test
    void listFiltersByStateAndType() {
        stableMember("active");
        commitOutsideGroup("idle", "t", 3);

        assertThat(admin.list(List.of(), List.of())).extracting(ListedGroup::groupId).containsExactly("active", "idle");
        assertThat(admin.list(List.of("stable"), List.of())).extracting(ListedGroup::groupId).containsExactly("active");
        assertThat(admin.list(List.of(), List.of("consumer"))).isEmpty();
        assertThat(admin.list(List.of("Empty"), List.of("Classic"))).extracting(ListedGroup::groupState)
                .containsExactly("Empty");
    }

    @Test
    void describeShowsMembersWithTheirAssignmentWhenStable() {
        JoinGroupResponseData m = stableMember("g");

        DescribedGroup d = admin.describe("g", true);

        assertThat(d.groupState()).isEqualTo("Stable");
        assertThat(d.protocolType()).isEqualTo("consumer");
        assertThat(d.protocolData()).isEqualTo("range");
        assertThat(d.members()).hasSize(1);
        assertThat(d.members().get(0).memberId()).isEqualTo(m.memberId());
        assertThat(d.members().get(0).clientHost()).isEqualTo("/10.0.0.1");
        assertThat(d.members().get(0).memberMetadata()).containsExactly(7);
        assertThat(d.members().get(0).memberAssignment()).containsExactly(1, 2);
    }

    @Test
    void describeOfAnUnknownGroupIsDeadOrNotFoundByVersion() {
        assertThat(admin.describe("nope", false).groupState()).isEqualTo("Dead");
        assertThat(Errors.forCode(admin.describe("nope", false).errorCode())).isEqualTo(Errors.NONE);
        assertThat(Errors.forCode(admin.describe("nope", true).errorCode())).isEqualTo(Errors.GROUP_ID_NOT_FOUND);
    }

    @Test
    void deleteRefusesAGroupWithMembersAndTombstonesTheOffsetsOfAnEmptyOne() {
        stableMember("busy");
        assertThat(admin.delete("busy").join()).isEqualTo(Errors.NON_EMPTY_GROUP);
        commitOutsideGroup("idle", "t", 3);
        written.clear();

        assertThat(admin.delete("idle").join()).isEqualTo(Errors.NONE);

        assertThat(written).hasSize(2).allSatisfy(e -> assertThat(e.value()).isNull());
        assertThat(OffsetRecords.readOffsetKey(ByteBuffer.wrap(written.get(0).key())))
                .isEqualTo(new OffsetRecords.OffsetKey("idle", "t", 0));
        assertThat(GroupMetadataRecords.readKey(ByteBuffer.wrap(written.get(1).key()))).isEqualTo("idle");
        assertThat(offsets.fetch("idle", null).offsets()).doesNotContainKey(new TopicPartition("t", 0));
        assertThat(admin.delete("idle").join()).isEqualTo(Errors.GROUP_ID_NOT_FOUND);
    }

    @Test
    void listingWaitsWhileAPartitionIsStillLoading() {
        stableMember("active");
        assertThat(admin.listStatus()).isEqualTo(Errors.NONE);

        registry.unload(0, g -> coordinator.failPending(g, Errors.NOT_COORDINATOR));
        registry.beginLoading(0);

        assertThat(admin.listStatus()).isEqualTo(Errors.COORDINATOR_LOAD_IN_PROGRESS);
    }

    @Test
    void describeOfAGroupThisBrokerDoesNotCoordinateHasKafkasUnknownState() {
        registry.unload(0, g -> coordinator.failPending(g, Errors.NOT_COORDINATOR));

        DescribedGroup d = admin.describe("g", true);

        assertThat(Errors.forCode(d.errorCode())).isEqualTo(Errors.NOT_COORDINATOR);
        assertThat(d.groupState()).isEmpty();
    }
}
