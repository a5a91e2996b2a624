package io.skiff.broker.handler;

import static io.skiff.broker.handler.Contexts.context;
import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.broker.admin.InMemoryAdminStore;
import io.skiff.replication.zk.TopicAssignment;
import io.skiff.wire.message.AlterPartitionReassignmentsRequestData;
import io.skiff.wire.message.AlterPartitionReassignmentsRequestData.ReassignablePartition;
import io.skiff.wire.message.AlterPartitionReassignmentsRequestData.ReassignableTopic;
import io.skiff.wire.message.AlterPartitionReassignmentsResponseData;
import io.skiff.wire.message.AlterPartitionReassignmentsResponseData.ReassignablePartitionResponse;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.protocol.Errors;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AlterPartitionReassignmentsHandlerTest {
    private static final String NOT_YET = "not supported by this broker yet";
    private final InMemoryAdminStore store = InMemoryAdminStore.withBrokers(0, 1, 2);
    private final AlterPartitionReassignmentsHandler handler = new AlterPartitionReassignmentsHandler(store);

    @BeforeEach
    void topics() {
        store.createTopic(TopicAssignment.of("t", new UUID(1, 1), Map.of(0, List.of(0), 1, List.of(1, 2))), Map.of());
        store.createTopic(new TopicAssignment("moving", new UUID(2, 2), new TreeMap<>(Map.of(0, List.of(2, 0))),
                new TreeMap<>(Map.of(0, List.of(2))), new TreeMap<>(Map.of(0, List.of(0)))), Map.of());
    }

    private ReassignablePartitionResponse alter(int version, boolean allowRfChange, String topic, int partition,
                                                Integer... replicas) {
        AlterPartitionReassignmentsRequestData request = new AlterPartitionReassignmentsRequestData()
                .setAllowReplicationFactorChange(allowRfChange)
                .setTopics(List.of(new ReassignableTopic().setName(topic).setPartitions(List.of(
                        new ReassignablePartition().setPartitionIndex(partition)
                                .setReplicas(replicas == null ? null : Arrays.asList(replicas))))));
        AlterPartitionReassignmentsResponseData response = Contexts.encodable(handler.handle(
                context(ApiMessageType.ALTER_PARTITION_REASSIGNMENTS, version), request).toCompletableFuture().join(),
                version);
        assertThat(response.errorCode()).isZero();
        assertThat(response.responses()).singleElement().satisfies(t -> assertThat(t.name()).isEqualTo(topic));
        ReassignablePartitionResponse result = response.responses().get(0).partitions().get(0);
        assertThat(result.partitionIndex()).isEqualTo(partition);
        return result;
    }

    private static void assertError(ReassignablePartitionResponse result, Errors error, String message) {
        assertThat(Errors.forCode(result.errorCode())).isEqualTo(error);
        if (message == null) {
            assertThat(result.errorMessage()).isNull();
        } else {
            assertThat(result.errorMessage()).contains(message);
        }
    }

    @Test
    void theCurrentReplicasAreAReassignmentDoneAtOnce() {
        assertError(alter(0, true, "t", 0, 0), Errors.NONE, null);
        assertError(alter(1, false, "t", 1, 1, 2), Errors.NONE, null);
        assertThat(store.cluster().topics().get("t").replicas(1)).containsExactly(1, 2);
    }

    @Test
    void unknownTopicsAndPartitions() {
        assertError(alter(0, true, "absent", 0, 0), Errors.UNKNOWN_TOPIC_OR_PARTITION, "Unable to find topic absent");
        assertError(alter(0, true, "t", 7, 0), Errors.UNKNOWN_TOPIC_OR_PARTITION, "Unable to find partition t:7.");
    }

    @Test
    void invalidTargetsAreRefusedAsKafkasControllerRefusesThem() {
        assertError(alter(0, true, "t", 0), Errors.INVALID_REPLICA_ASSIGNMENT, "empty replica list");
        assertError(alter(0, true, "t", 1, 1, 1), Errors.INVALID_REPLICA_ASSIGNMENT, "the broker 1 more than once");
        assertError(alter(0, true, "t", 0, 9), Errors.INVALID_REPLICA_ASSIGNMENT,
                "includes broker 9, but no broker with that ID is registered");
        assertError(alter(1, false, "t", 0, 0, 1), Errors.INVALID_REPLICATION_FACTOR,
                "changed from 1 to 2 but allowReplicationFactorChange is false");
    }

    @Test
    void movingDataIsRefusedAndChangesNothing() {
        assertError(alter(1, true, "t", 0, 1), Errors.INVALID_REPLICA_ASSIGNMENT, NOT_YET);
        assertError(alter(0, true, "t", 1, 2, 1), Errors.INVALID_REPLICA_ASSIGNMENT, NOT_YET);
        // Version 0 has no AllowReplicationFactorChange: a count change is only refused for moving data.
        assertError(alter(0, false, "t", 0, 0, 1), Errors.INVALID_REPLICA_ASSIGNMENT, NOT_YET);
        assertThat(store.cluster().topics().get("t").replicas(0)).containsExactly(0);
        assertThat(store.cluster().topics().get("t").replicas(1)).containsExactly(1, 2);
    }

    @Test
    void cancellingWithoutAReassignmentIsNoReassignmentInProgress() {
        assertError(alter(0, true, "t", 0, (Integer[]) null), Errors.NO_REASSIGNMENT_IN_PROGRESS, null);
        assertError(alter(0, true, "moving", 0, (Integer[]) null), Errors.INVALID_REPLICA_ASSIGNMENT, NOT_YET);
    }
}
