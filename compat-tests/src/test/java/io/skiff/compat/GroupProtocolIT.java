package io.skiff.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.FindCoordinatorResponse;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.common.requests.JoinGroupResponse;
import org.apache.kafka.common.requests.OffsetCommitRequest;
import org.apache.kafka.common.requests.OffsetCommitResponse;
import org.apache.kafka.common.requests.OffsetFetchRequest;
import org.apache.kafka.common.requests.OffsetFetchResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The group APIs at every version Kafka 4.3 advertises, serialised and parsed by kafka-clients' own request
 * and response classes (the oracle, {@link ApiKeys}): the broker advertises exactly Kafka's range,
 * FindCoordinator (single and batched keys), JoinGroup error answers, OffsetCommit / OffsetFetch by topic
 * name (v2-v9 / v1-v9) and by topic id (v10, with UNKNOWN_TOPIC_ID). One broker for the class.
 */
class GroupProtocolIT {
    private static final int ATTEMPTS = 100;
    private static final Set<ApiKeys> GROUP_APIS = Set.of(ApiKeys.FIND_COORDINATOR, ApiKeys.JOIN_GROUP,
            ApiKeys.SYNC_GROUP, ApiKeys.HEARTBEAT, ApiKeys.LEAVE_GROUP, ApiKeys.OFFSET_COMMIT, ApiKeys.OFFSET_FETCH,
            ApiKeys.OFFSET_DELETE, ApiKeys.LIST_GROUPS, ApiKeys.DESCRIBE_GROUPS, ApiKeys.DELETE_GROUPS);

    @TempDir
    static Path dir;

    private static BrokerProcess broker;
    private static Uuid topicId;

    @BeforeAll
    static void start() throws Exception {
        broker = BrokerProcess.start(dir.resolve("broker"), Map.of());
        topicId = AdminIT.createTopic(broker, "t", 1);
        try (KafkaWire wire = wire()) {
            findCoordinator(wire, (short) 0, "group-a");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    private static KafkaWire wire() throws Exception {
        return new KafkaWire("127.0.0.1", broker.port());
    }

    @Test
    void everyGroupApiIsAdvertisedWithExactlyKafkasVersionRange() throws Exception {
        try (KafkaWire wire = wire()) {
            ApiVersionsResponse response = (ApiVersionsResponse) wire.send(new ApiVersionsRequest(
                    new ApiVersionsRequestData().setClientSoftwareName("skiff-compat").setClientSoftwareVersion("1"),
                    ApiKeys.API_VERSIONS.latestVersion()));
            for (ApiKeys api : GROUP_APIS) {
                ApiVersionsResponseData.ApiVersion advertised = response.data().apiKeys().find(api.id);
                assertThat(advertised).as("%s advertised", api).isNotNull();
                assertThat(advertised.minVersion()).as("%s min", api).isEqualTo(api.oldestVersion());
                assertThat(advertised.maxVersion()).as("%s max", api).isEqualTo(api.latestVersion());
            }
        }
    }

    @Test
    void findCoordinatorNamesThisBrokerAtEveryVersion() throws Exception {
        try (KafkaWire wire = wire()) {
            for (short v = ApiKeys.FIND_COORDINATOR.oldestVersion(); v <= ApiKeys.FIND_COORDINATOR.latestVersion(); v++) {
                for (FindCoordinatorResponseData.Coordinator c : findCoordinator(wire, v, "group-a", "group-b")) {
                    assertThat(Errors.forCode(c.errorCode())).as("v%d", v).isEqualTo(Errors.NONE);
                    assertThat(c.nodeId()).isZero();
                    assertThat(c.port()).isEqualTo(broker.port());
                }
            }
        }
    }

    /** Asks until the coordinator is available (the first lookup creates __consumer_offsets). */
    private static List<FindCoordinatorResponseData.Coordinator> findCoordinator(KafkaWire wire, short version,
                                                                                String... keys) throws Exception {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            FindCoordinatorRequestData data = new FindCoordinatorRequestData().setKeyType((byte) 0);
            if (version < 4) {
                data.setKey(keys[0]);
            } else {
                data.setCoordinatorKeys(List.of(keys));
            }
            FindCoordinatorResponse response = (FindCoordinatorResponse) wire.send(
                    new FindCoordinatorRequest.Builder(data).build(version));
            List<FindCoordinatorResponseData.Coordinator> result = version < 4
                    ? List.of(new FindCoordinatorResponseData.Coordinator().setErrorCode(response.data().errorCode())
                            .setNodeId(response.data().nodeId()).setPort(response.data().port()))
                    : response.data().coordinators();
            if (result.stream().noneMatch(c -> c.errorCode() == Errors.COORDINATOR_NOT_AVAILABLE.code())) {
                return result;
            }
            Thread.sleep(100); // polling for the topic's leaders; nothing is timed
        }
        throw new AssertionError("No coordinator after " + ATTEMPTS + " attempts");
    }

    @Test
    void joinGroupErrorAnswersParseAtEveryVersion() throws Exception {
        try (KafkaWire wire = wire()) {
            for (short v = ApiKeys.JOIN_GROUP.oldestVersion(); v <= ApiKeys.JOIN_GROUP.latestVersion(); v++) {
                JoinGroupRequestData data = new JoinGroupRequestData().setGroupId("group-a").setMemberId("")
                        .setSessionTimeoutMs(1).setRebalanceTimeoutMs(1000).setProtocolType("consumer");
                data.protocols().add(new JoinGroupRequestData.JoinGroupRequestProtocol().setName("range")
                        .setMetadata(new byte[0]));
                JoinGroupResponse response = (JoinGroupResponse) wire.send(new JoinGroupRequest.Builder(data).build(v));
                assertThat(response.error()).as("v%d", v).isEqualTo(Errors.INVALID_SESSION_TIMEOUT);
            }
        }
    }

    @Test
    void offsetsCommittedAtEachVersionAreFetchedAtEveryVersion() throws Exception {
        try (KafkaWire wire = wire()) {
            long expected = -1;
            String metadata = null;
            for (short v = ApiKeys.OFFSET_COMMIT.oldestVersion(); v <= ApiKeys.OFFSET_COMMIT.latestVersion(); v++) {
                expected = 100 + v;
                metadata = "meta-" + v;
                OffsetCommitResponseData.OffsetCommitResponseTopic topic = commit(wire, "versions", v,
                        v >= 10 ? topicId : null, expected, metadata);
                assertThat(Errors.forCode(topic.partitions().get(0).errorCode())).as("commit v%d", v)
                        .isEqualTo(Errors.NONE);
                if (v >= 10) {
                    assertThat(topic.topicId()).isEqualTo(topicId);
                } else {
                    assertThat(topic.name()).isEqualTo("t");
                }
            }
            for (short v = ApiKeys.OFFSET_FETCH.oldestVersion(); v <= ApiKeys.OFFSET_FETCH.latestVersion(); v++) {
                OffsetFetchResponseData.OffsetFetchResponsePartitions p = fetch(wire, "versions", v,
                        v >= 10 ? topicId : null);
                assertThat(p.committedOffset()).as("fetch v%d", v).isEqualTo(expected);
                assertThat(p.metadata()).as("fetch v%d", v).isEqualTo(metadata);
                assertThat(Errors.forCode(p.errorCode())).as("fetch v%d", v).isEqualTo(Errors.NONE);
            }
        }
    }

    @Test
    void topicIdsTheBrokerDoesNotKnowAreUnknownTopicIdInCommitAndFetch() throws Exception {
        try (KafkaWire wire = wire()) {
            Uuid stranger = Uuid.randomUuid();
            OffsetCommitResponseData.OffsetCommitResponseTopic committed = commit(wire, "ids", (short) 10, stranger,
                    5, "");
            assertThat(committed.topicId()).isEqualTo(stranger);
            assertThat(Errors.forCode(committed.partitions().get(0).errorCode())).isEqualTo(Errors.UNKNOWN_TOPIC_ID);

            OffsetFetchResponseData.OffsetFetchResponsePartitions fetched = fetch(wire, "ids", (short) 10, stranger);
            assertThat(Errors.forCode(fetched.errorCode())).isEqualTo(Errors.UNKNOWN_TOPIC_ID);
            assertThat(fetched.committedOffset()).isEqualTo(-1L);
            // Nothing was committed under the name either.
            assertThat(fetch(wire, "ids", (short) 9, null).committedOffset()).isEqualTo(-1L);
        }
    }

    /** Commits partition 0 of "t" (by name, or by {@code id} from v10) outside any generation. */
    private static OffsetCommitResponseData.OffsetCommitResponseTopic commit(KafkaWire wire, String group,
                                                                           short version, Uuid id, long offset,
                                                                           String metadata) throws Exception {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            OffsetCommitRequestData data = new OffsetCommitRequestData().setGroupId(group)
                    .setGenerationIdOrMemberEpoch(-1).setMemberId("");
            OffsetCommitRequestData.OffsetCommitRequestTopic topic = new OffsetCommitRequestData.OffsetCommitRequestTopic()
                    .setPartitions(List.of(new OffsetCommitRequestData.OffsetCommitRequestPartition()
                            .setPartitionIndex(0).setCommittedOffset(offset).setCommittedMetadata(metadata)));
            if (id != null) {
                topic.setTopicId(id);
            } else {
                topic.setName("t");
            }
            data.topics().add(topic);
            OffsetCommitRequest.Builder builder = id != null ? OffsetCommitRequest.Builder.forTopicIdsOrNames(data)
                    : OffsetCommitRequest.Builder.forTopicNames(data);
            OffsetCommitResponse response = (OffsetCommitResponse) wire.send(builder.build(version));
            OffsetCommitResponseData.OffsetCommitResponseTopic answer = response.data().topics().get(0);
            if (answer.partitions().get(0).errorCode() != Errors.COORDINATOR_LOAD_IN_PROGRESS.code()) {
                return answer;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Coordinator still loading");
    }

    /** Fetches partition 0 of "t" (by name, or by {@code id} from v10); the group must have no error. */
    private static OffsetFetchResponseData.OffsetFetchResponsePartitions fetch(KafkaWire wire, String group,
                                                                             short version, Uuid id) throws Exception {
        OffsetFetchRequestData.OffsetFetchRequestTopics topic = new OffsetFetchRequestData.OffsetFetchRequestTopics()
                .setPartitionIndexes(List.of(0));
        if (id != null) {
            topic.setTopicId(id);
        } else {
            topic.setName("t");
        }
        OffsetFetchRequestData data = new OffsetFetchRequestData().setRequireStable(false);
        data.groups().add(new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId(group)
                .setTopics(List.of(topic)));
        OffsetFetchRequest.Builder builder = id != null ? OffsetFetchRequest.Builder.forTopicIdsOrNames(data, false)
                : OffsetFetchRequest.Builder.forTopicNames(data, false);
        OffsetFetchResponse response = (OffsetFetchResponse) wire.send(builder.build(version));
        if (version >= 8) {
            OffsetFetchResponseData.OffsetFetchResponseGroup g = response.data().groups().get(0);
            assertThat(Errors.forCode(g.errorCode())).isEqualTo(Errors.NONE);
            OffsetFetchResponseData.OffsetFetchResponseTopics t = g.topics().get(0);
            assertThat(version >= 10 ? t.topicId() : t.name()).isEqualTo(version >= 10 ? id : "t");
            return t.partitions().get(0);
        }
        assertThat(Errors.forCode(response.data().errorCode())).isEqualTo(Errors.NONE);
        OffsetFetchResponseData.OffsetFetchResponsePartition p = response.data().topics().get(0).partitions().get(0);
        return new OffsetFetchResponseData.OffsetFetchResponsePartitions().setPartitionIndex(p.partitionIndex())
                .setCommittedOffset(p.committedOffset()).setMetadata(p.metadata()).setErrorCode(p.errorCode());
    }
}
