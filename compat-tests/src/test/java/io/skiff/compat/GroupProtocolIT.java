package io.skiff.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.FindCoordinatorResponse;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.common.requests.JoinGroupResponse;
import org.apache.kafka.common.requests.OffsetCommitRequest;
import org.apache.kafka.common.requests.OffsetCommitResponse;
import org.apache.kafka.common.requests.OffsetFetchRequest;
import org.apache.kafka.common.requests.OffsetFetchResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The group APIs at every version the broker advertises, serialised and parsed by kafka-clients' own
 * request and response classes: FindCoordinator (single and batched keys), JoinGroup error answers, and
 * OffsetCommit / OffsetFetch (single and multi-group).
 */
class GroupProtocolIT {
    private static final int ATTEMPTS = 100;

    @Test
    void findCoordinatorNamesThisBrokerAtEveryVersion(@TempDir Path dir) throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(dir, Map.of());
                KafkaWire wire = new KafkaWire("127.0.0.1", broker.port())) {
            for (short v = ApiKeys.FIND_COORDINATOR.oldestVersion(); v <= ApiKeys.FIND_COORDINATOR.latestVersion(); v++) {
                List<FindCoordinatorResponseData.Coordinator> found = findCoordinator(wire, v);
                for (FindCoordinatorResponseData.Coordinator c : found) {
                    assertThat(Errors.forCode(c.errorCode())).as("v%d", v).isEqualTo(Errors.NONE);
                    assertThat(c.nodeId()).isZero();
                    assertThat(c.port()).isEqualTo(broker.port());
                }
            }
        }
    }

    /** Asks until the coordinator is available (the first lookup creates __consumer_offsets). */
    private static List<FindCoordinatorResponseData.Coordinator> findCoordinator(KafkaWire wire, short version)
            throws Exception {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            FindCoordinatorRequestData data = new FindCoordinatorRequestData().setKeyType((byte) 0);
            if (version < 4) {
                data.setKey("group-a");
            } else {
                data.setCoordinatorKeys(List.of("group-a", "group-b"));
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
    void joinGroupErrorAnswersParseAtEveryVersion(@TempDir Path dir) throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(dir, Map.of());
                KafkaWire wire = new KafkaWire("127.0.0.1", broker.port())) {
            findCoordinator(wire, (short) 0);
            for (short v = ApiKeys.JOIN_GROUP.oldestVersion(); v <= ApiKeys.JOIN_GROUP.latestVersion(); v++) {
                JoinGroupRequestData data = new JoinGroupRequestData().setGroupId("group-a").setMemberId("")
                        .setSessionTimeoutMs(1).setRebalanceTimeoutMs(1000).setProtocolType("consumer");
                data.protocols().add(new JoinGroupRequestData.JoinGroupRequestProtocol().setName("range")
                        .setMetadata(new byte[0]));
                JoinGroupResponse response = awaitLoaded(wire, new JoinGroupRequest.Builder(data).build(v));
                assertThat(response.error()).as("v%d", v).isEqualTo(Errors.INVALID_SESSION_TIMEOUT);
            }
        }
    }

    private static JoinGroupResponse awaitLoaded(KafkaWire wire, JoinGroupRequest request) throws Exception {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            JoinGroupResponse response = (JoinGroupResponse) wire.send(request);
            if (response.error() != Errors.COORDINATOR_LOAD_IN_PROGRESS) {
                return response;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Coordinator still loading");
    }

    @Test
    void offsetsCommittedAtEachVersionAreFetchedAtEveryVersion(@TempDir Path dir) throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(dir, Map.of());
                KafkaWire wire = new KafkaWire("127.0.0.1", broker.port());
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get();
            findCoordinator(wire, (short) 0);
            short maxCommit = (short) Math.min(9, ApiKeys.OFFSET_COMMIT.latestVersion());
            long expected = -1;
            for (short v = ApiKeys.OFFSET_COMMIT.oldestVersion(); v <= maxCommit; v++) {
                expected = 100 + v;
                Errors error = commit(wire, v, expected, "meta-" + v);
                assertThat(error).as("commit v%d", v).isEqualTo(Errors.NONE);
            }
            short maxFetch = (short) Math.min(9, ApiKeys.OFFSET_FETCH.latestVersion());
            for (short v = ApiKeys.OFFSET_FETCH.oldestVersion(); v <= maxFetch; v++) {
                OffsetFetchResponseData.OffsetFetchResponsePartitions p = fetch(wire, v);
                assertThat(p.committedOffset()).as("fetch v%d", v).isEqualTo(expected);
                assertThat(p.metadata()).isEqualTo("meta-" + maxCommit);
                assertThat(Errors.forCode(p.errorCode())).isEqualTo(Errors.NONE);
            }
        }
    }

    private static Errors commit(KafkaWire wire, short version, long offset, String metadata) throws Exception {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            OffsetCommitRequestData data = new OffsetCommitRequestData().setGroupId("group-a")
                    .setGenerationIdOrMemberEpoch(-1).setMemberId("");
            data.topics().add(new OffsetCommitRequestData.OffsetCommitRequestTopic().setName("t").setPartitions(
                    List.of(new OffsetCommitRequestData.OffsetCommitRequestPartition().setPartitionIndex(0)
                            .setCommittedOffset(offset).setCommittedMetadata(metadata))));
            OffsetCommitResponse response = (OffsetCommitResponse) wire.send(
                    OffsetCommitRequest.Builder.forTopicNames(data).build(version));
            Errors error = Errors.forCode(response.data().topics().get(0).partitions().get(0).errorCode());
            if (error != Errors.COORDINATOR_LOAD_IN_PROGRESS) {
                return error;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Coordinator still loading");
    }

    private static OffsetFetchResponseData.OffsetFetchResponsePartitions fetch(KafkaWire wire, short version)
            throws Exception {
        OffsetFetchRequestData data = new OffsetFetchRequestData().setRequireStable(false);
        data.groups().add(new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId("group-a").setTopics(
                List.of(new OffsetFetchRequestData.OffsetFetchRequestTopics().setName("t")
                        .setPartitionIndexes(List.of(0)))));
        OffsetFetchResponse response = (OffsetFetchResponse) wire.send(
                OffsetFetchRequest.Builder.forTopicNames(data, false).build(version));
        if (version >= 8) {
            OffsetFetchResponseData.OffsetFetchResponseGroup g = response.data().groups().get(0);
            assertThat(Errors.forCode(g.errorCode())).isEqualTo(Errors.NONE);
            return g.topics().get(0).partitions().get(0);
        }
        assertThat(Errors.forCode(response.data().errorCode())).isEqualTo(Errors.NONE);
        OffsetFetchResponseData.OffsetFetchResponsePartition p = response.data().topics().get(0).partitions().get(0);
        return new OffsetFetchResponseData.OffsetFetchResponsePartitions().setPartitionIndex(p.partitionIndex())
                .setCommittedOffset(p.committedOffset()).setMetadata(p.metadata()).setErrorCode(p.errorCode());
    }
}
