package io.skiff.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.GroupMaxSizeReachedException;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.DeleteGroupsRequest;
import org.apache.kafka.common.requests.DeleteGroupsResponse;
import org.apache.kafka.common.requests.DescribeGroupsRequest;
import org.apache.kafka.common.requests.DescribeGroupsResponse;
import org.apache.kafka.common.requests.HeartbeatRequest;
import org.apache.kafka.common.requests.HeartbeatResponse;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.common.requests.JoinGroupResponse;
import org.apache.kafka.common.requests.LeaveGroupRequest;
import org.apache.kafka.common.requests.LeaveGroupResponse;
import org.apache.kafka.common.requests.ListGroupsRequest;
import org.apache.kafka.common.requests.ListGroupsResponse;
import org.apache.kafka.common.requests.OffsetCommitRequest;
import org.apache.kafka.common.requests.OffsetCommitResponse;
import org.apache.kafka.common.requests.OffsetDeleteRequest;
import org.apache.kafka.common.requests.OffsetDeleteResponse;
import org.apache.kafka.common.requests.OffsetFetchRequest;
import org.apache.kafka.common.requests.OffsetFetchResponse;
import org.apache.kafka.common.requests.SyncGroupRequest;
import org.apache.kafka.common.requests.SyncGroupResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group APIs on the wire (kafka-clients' classes build and parse every message) and through stock consumers
 * against a broker with {@code group.max.size=2}: a third consumer is refused with GROUP_MAX_SIZE_REACHED
 * while the two keep their generation; every group API refuses an empty group id with INVALID_GROUP_ID;
 * ListGroups state (v4) and type (v5) filters; OffsetFetch for several groups in one request (v8+, by name
 * and by topic id) and with {@code require_stable}.
 */
class GroupWireIT {
    private static final int ATTEMPTS = 100;

    @TempDir
    static Path dir;

    private static BrokerProcess broker;
    private static Uuid topicId;

    @BeforeAll
    static void start() throws Exception {
        broker = BrokerProcess.start(dir.resolve("broker"), Map.of("group.max.size", "2",
                "group.min.session.timeout.ms", "1000"));
        topicId = AdminIT.createTopic(broker, "wired", 2);
    }

    @AfterAll
    static void stop() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aThirdConsumerIsRefusedWithGroupMaxSizeReachedAndTheOthersKeepTheirGeneration() throws Exception {
        GroupLedger ledger = new GroupLedger();
        try (GroupWorker a = worker(ledger, "capped", "A");
                GroupWorker b = worker(ledger, "capped", "B")) {
            awaitTrue(() -> generationOf(ledger, Set.of("A", "B")) > 0, "A and B share one generation");
            int generation = generationOf(ledger, Set.of("A", "B"));
            try (GroupWorker c = worker(ledger, "capped", "C")) {
                awaitTrue(() -> c.failure() != null, "C fails");
                assertThat(c.failure()).isInstanceOf(GroupMaxSizeReachedException.class);
            }
            assertThat(generationOf(ledger, Set.of("A", "B"))).isEqualTo(generation);
            assertThat(ledger.latest()).doesNotContainKey("C");
            assertThat(a.failure()).isNull();
            assertThat(b.failure()).isNull();
        }
    }

    @Test
    void everyGroupApiRefusesAnEmptyGroupId() throws Exception {
        try (KafkaWire wire = wire()) {
            JoinGroupRequestData join = new JoinGroupRequestData().setGroupId("").setMemberId("")
                    .setSessionTimeoutMs(10_000).setRebalanceTimeoutMs(10_000).setProtocolType("consumer");
            join.protocols().add(new JoinGroupRequestData.JoinGroupRequestProtocol().setName("range")
                    .setMetadata(new byte[0]));
            assertThat(((JoinGroupResponse) wire.send(new JoinGroupRequest.Builder(join).build())).error())
                    .isEqualTo(Errors.INVALID_GROUP_ID);
            assertThat(((SyncGroupResponse) wire.send(new SyncGroupRequest.Builder(new SyncGroupRequestData()
                    .setGroupId("").setMemberId("m").setGenerationId(1)).build())).error())
                    .isEqualTo(Errors.INVALID_GROUP_ID);
            assertThat(((HeartbeatResponse) wire.send(new HeartbeatRequest.Builder(new HeartbeatRequestData()
                    .setGroupId("").setMemberId("m").setGenerationId(1)).build())).error())
                    .isEqualTo(Errors.INVALID_GROUP_ID);
            assertThat(((LeaveGroupResponse) wire.send(new LeaveGroupRequest.Builder("", List.of(
                    new LeaveGroupRequestData.MemberIdentity().setMemberId("m"))).build())).topLevelError())
                    .isEqualTo(Errors.INVALID_GROUP_ID);
            OffsetCommitRequestData commit = new OffsetCommitRequestData().setGroupId("").setMemberId("")
                    .setGenerationIdOrMemberEpoch(-1);
            commit.topics().add(new OffsetCommitRequestData.OffsetCommitRequestTopic().setName("wired")
                    .setPartitions(List.of(new OffsetCommitRequestData.OffsetCommitRequestPartition()
                            .setPartitionIndex(0).setCommittedOffset(1))));
            assertThat(((OffsetCommitResponse) wire.send(OffsetCommitRequest.Builder.forTopicNames(commit).build()))
                    .data().topics().get(0).partitions().get(0).errorCode()).isEqualTo(Errors.INVALID_GROUP_ID.code());
            OffsetFetchResponse fetch = (OffsetFetchResponse) wire.send(OffsetFetchRequest.Builder.forTopicNames(
                    new OffsetFetchRequestData().setGroups(List.of(new OffsetFetchRequestData.OffsetFetchRequestGroup()
                            .setGroupId("").setTopics(null))), false).build((short) 9));
            assertThat(fetch.data().groups().get(0).errorCode()).isEqualTo(Errors.INVALID_GROUP_ID.code());
            DescribeGroupsResponse describe = (DescribeGroupsResponse) wire.send(new DescribeGroupsRequest.Builder(
                    new DescribeGroupsRequestData().setGroups(List.of(""))).build());
            assertThat(describe.data().groups().get(0).errorCode()).isEqualTo(Errors.INVALID_GROUP_ID.code());
            DeleteGroupsResponse delete = (DeleteGroupsResponse) wire.send(new DeleteGroupsRequest.Builder(
                    new DeleteGroupsRequestData().setGroupsNames(List.of(""))).build());
            assertThat(delete.get("")).isEqualTo(Errors.INVALID_GROUP_ID);
            OffsetDeleteRequestData offsetDelete = new OffsetDeleteRequestData().setGroupId("");
            offsetDelete.topics().add(new OffsetDeleteRequestData.OffsetDeleteRequestTopic().setName("wired"));
            assertThat(((OffsetDeleteResponse) wire.send(new OffsetDeleteRequest.Builder(offsetDelete).build()))
                    .data().errorCode()).isEqualTo(Errors.INVALID_GROUP_ID.code());
        }
    }

    @Test
    void listGroupsFiltersByStateFromVersionFourAndByTypeFromVersionFive() throws Exception {
        GroupLedger ledger = new GroupLedger();
        try (KafkaWire wire = wire(); GroupWorker live = worker(ledger, "listed-stable", "L")) {
            awaitTrue(() -> generationOf(ledger, Set.of("L")) > 0, "L joins");
            commit(wire, "listed-empty", "wired", 0, 4);

            for (short v = ApiKeys.LIST_GROUPS.oldestVersion(); v <= ApiKeys.LIST_GROUPS.latestVersion(); v++) {
                assertThat(list(wire, v, List.of(), List.of()).keySet()).as("v%d", v)
                        .contains("listed-stable", "listed-empty");
            }
            Map<String, ListGroupsResponseData.ListedGroup> stable = list(wire, (short) 4, List.of("Stable"), List.of());
            assertThat(stable).containsKey("listed-stable").doesNotContainKey("listed-empty");
            assertThat(stable.get("listed-stable").groupState()).isEqualTo("Stable");
            assertThat(stable.get("listed-stable").protocolType()).isEqualTo("consumer");
            assertThat(list(wire, (short) 4, List.of("Empty"), List.of()))
                    .containsKey("listed-empty").doesNotContainKey("listed-stable");
            assertThat(list(wire, (short) 5, List.of("empty", "STABLE"), List.of()).keySet())
                    .contains("listed-stable", "listed-empty");

            Map<String, ListGroupsResponseData.ListedGroup> classic = list(wire, (short) 5, List.of(), List.of("classic"));
            assertThat(classic.keySet()).contains("listed-stable", "listed-empty");
            assertThat(classic.values()).extracting(ListGroupsResponseData.ListedGroup::groupType).containsOnly("classic");
            assertThat(list(wire, (short) 5, List.of(), List.of("consumer"))).isEmpty();
            assertThat(list(wire, (short) 5, List.of("Empty"), List.of("classic")))
                    .containsKey("listed-empty").doesNotContainKey("listed-stable");
            assertThat(live.failure()).isNull();
        }
    }

    @Test
    void offsetFetchAnswersSeveralGroupsInOneRequestByNameAndByTopicId() throws Exception {
        try (KafkaWire wire = wire()) {
            commit(wire, "multi-1", "wired", 0, 11);
            commit(wire, "multi-2", "wired", 1, 22);
            for (short v = 8; v <= ApiKeys.OFFSET_FETCH.latestVersion(); v++) {
                for (boolean stable : List.of(false, true)) {
                    boolean byId = v >= 10;
                    OffsetFetchRequestData.OffsetFetchRequestTopics wanted = new OffsetFetchRequestData
                            .OffsetFetchRequestTopics().setPartitionIndexes(List.of(0, 1));
                    if (byId) {
                        wanted.setTopicId(topicId);
                    } else {
                        wanted.setName("wired");
                    }
                    OffsetFetchRequestData data = new OffsetFetchRequestData().setRequireStable(stable).setGroups(List.of(
                            new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId("multi-1")
                                    .setTopics(List.of(wanted)),
                            new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId("multi-2").setTopics(null),
                            new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId("multi-none")
                                    .setTopics(List.of(wanted))));
                    OffsetFetchRequest.Builder builder = byId ? OffsetFetchRequest.Builder.forTopicIdsOrNames(data, stable)
                            : OffsetFetchRequest.Builder.forTopicNames(data, stable);
                    OffsetFetchResponse response = (OffsetFetchResponse) wire.send(builder.build(v));
                    String as = "v" + v + (stable ? " require_stable" : "");
                    Map<String, OffsetFetchResponseData.OffsetFetchResponseGroup> groups = response.data().groups()
                            .stream().collect(Collectors.toMap(OffsetFetchResponseData.OffsetFetchResponseGroup::groupId,
                                    g -> g));
                    assertThat(groups.keySet()).as(as).containsExactlyInAnyOrder("multi-1", "multi-2", "multi-none");
                    assertThat(groups.values()).as(as).allSatisfy(g -> assertThat(g.errorCode()).isZero());
                    assertThat(offsets(groups.get("multi-1"), byId)).as(as).containsExactly(
                            Map.entry(0, 11L), Map.entry(1, -1L));
                    assertThat(offsets(groups.get("multi-2"), byId)).as(as).containsExactly(Map.entry(1, 22L));
                    assertThat(offsets(groups.get("multi-none"), byId)).as(as).containsExactly(
                            Map.entry(0, -1L), Map.entry(1, -1L));
                }
            }
            // require_stable on the single-group versions (v7): the committed offsets, nothing pending.
            OffsetFetchRequestData single = new OffsetFetchRequestData().setGroups(List.of(
                    new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId("multi-1").setTopics(List.of(
                            new OffsetFetchRequestData.OffsetFetchRequestTopics().setName("wired")
                                    .setPartitionIndexes(List.of(0))))));
            OffsetFetchResponse v7 = (OffsetFetchResponse) wire.send(OffsetFetchRequest.Builder.forTopicNames(single, true)
                    .build((short) 7));
            assertThat(v7.data().errorCode()).isZero();
            assertThat(v7.data().topics().get(0).partitions().get(0).committedOffset()).isEqualTo(11L);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static KafkaWire wire() throws Exception {
        return new KafkaWire("127.0.0.1", broker.port());
    }

    private static GroupWorker worker(GroupLedger ledger, String group, String name) {
        return new GroupWorker(name, "wired", GroupWorker.properties(broker.bootstrapServers(), group, name),
                ledger.member(name)).start();
    }

    /** The generation {@code members} all report, or -1 while they do not share one. */
    private static int generationOf(GroupLedger ledger, Set<String> members) {
        Map<String, GroupLedger.Assignment> latest = ledger.latest();
        Set<Integer> generations = new HashSet<>();
        for (String m : members) {
            GroupLedger.Assignment a = latest.get(m);
            if (a == null) {
                return -1;
            }
            generations.add(a.generation());
        }
        return generations.size() == 1 ? generations.iterator().next() : -1;
    }

    private static Map<String, ListGroupsResponseData.ListedGroup> list(KafkaWire wire, short version,
                                                                       List<String> states, List<String> types)
            throws Exception {
        ListGroupsRequestData data = new ListGroupsRequestData().setStatesFilter(states).setTypesFilter(types);
        ListGroupsResponse response = (ListGroupsResponse) retry(wire, new ListGroupsRequest.Builder(data)
                .build(version), r -> ((ListGroupsResponse) r).data().errorCode());
        assertThat(response.data().errorCode()).isZero();
        return response.data().groups().stream().collect(Collectors.toMap(
                ListGroupsResponseData.ListedGroup::groupId, g -> g));
    }

    /** A commit from outside any generation: creates an Empty group. */
    private static void commit(KafkaWire wire, String group, String topic, int partition, long offset)
            throws Exception {
        OffsetCommitRequestData data = new OffsetCommitRequestData().setGroupId(group).setMemberId("")
                .setGenerationIdOrMemberEpoch(-1);
        data.topics().add(new OffsetCommitRequestData.OffsetCommitRequestTopic().setName(topic).setPartitions(List.of(
                new OffsetCommitRequestData.OffsetCommitRequestPartition().setPartitionIndex(partition)
                        .setCommittedOffset(offset))));
        OffsetCommitResponse response = (OffsetCommitResponse) retry(wire,
                OffsetCommitRequest.Builder.forTopicNames(data).build(),
                r -> ((OffsetCommitResponse) r).data().topics().get(0).partitions().get(0).errorCode());
        assertThat(response.data().topics().get(0).partitions().get(0).errorCode()).isZero();
    }

    private static Map<Integer, Long> offsets(OffsetFetchResponseData.OffsetFetchResponseGroup group, boolean byId) {
        assertThat(group.topics()).hasSize(1);
        OffsetFetchResponseData.OffsetFetchResponseTopics t = group.topics().get(0);
        if (byId) {
            assertThat(t.topicId()).isEqualTo(topicId);
        } else {
            assertThat(t.name()).isEqualTo("wired");
        }
        return new java.util.TreeMap<>(t.partitions().stream().collect(Collectors.toMap(
                OffsetFetchResponseData.OffsetFetchResponsePartitions::partitionIndex,
                OffsetFetchResponseData.OffsetFetchResponsePartitions::committedOffset)));
    }

    /** Sends until the coordinator has loaded (the first group request creates __consumer_offsets). */
    private static org.apache.kafka.common.requests.AbstractResponse retry(
            KafkaWire wire, AbstractRequest request,
            java.util.function.ToIntFunction<org.apache.kafka.common.requests.AbstractResponse> error)
            throws Exception {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            org.apache.kafka.common.requests.AbstractResponse response = wire.send(request);
            Errors e = Errors.forCode((short) error.applyAsInt(response));
            if (e != Errors.COORDINATOR_LOAD_IN_PROGRESS && e != Errors.COORDINATOR_NOT_AVAILABLE
                    && e != Errors.NOT_COORDINATOR) {
                return response;
            }
            Thread.sleep(100); // polling for the coordinator to load; nothing is timed
        }
        throw new AssertionError("Coordinator not available for " + request);
    }

    private static void awaitTrue(Supplier<Boolean> condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!condition.get()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("Timed out waiting: " + what);
            }
            Thread.sleep(50);
        }
    }
}
