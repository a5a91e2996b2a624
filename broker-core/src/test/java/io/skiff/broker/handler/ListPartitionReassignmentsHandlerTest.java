package io.skiff.broker.handler;

import static io.skiff.broker.handler.Contexts.context;
import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.broker.admin.InMemoryAdminStore;
import io.skiff.replication.zk.TopicAssignment;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.ListPartitionReassignmentsRequestData;
import io.skiff.wire.message.ListPartitionReassignmentsRequestData.ListPartitionReassignmentsTopics;
import io.skiff.wire.message.ListPartitionReassignmentsResponseData;
import io.skiff.wire.message.ListPartitionReassignmentsResponseData.OngoingPartitionReassignment;
import io.skiff.wire.protocol.Errors;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ListPartitionReassignmentsHandlerTest {
    private final InMemoryAdminStore store = InMemoryAdminStore.withBrokers(0, 1, 2);
    private final ListPartitionReassignmentsHandler handler = new ListPartitionReassignmentsHandler(store);

    @BeforeEach
    void topics() {
        store.createTopic(TopicAssignment.of("still", new UUID(1, 1), Map.of(0, List.of(0), 1, List.of(1))), Map.of());
        // Partition 1 of "moving" goes from [0] to [2]: Kafka's assignment holds both while data is copied.
        store.createTopic(new TopicAssignment("moving", new UUID(2, 2),
                new TreeMap<>(Map.of(0, List.of(1), 1, List.of(2, 0))),
                new TreeMap<>(Map.of(1, List.of(2))), new TreeMap<>(Map.of(1, List.of(0)))), Map.of());
    }

    private ListPartitionReassignmentsResponseData list(List<ListPartitionReassignmentsTopics> topics) {
        ListPartitionReassignmentsResponseData response = handler.handle(
                context(ApiMessageType.LIST_PARTITION_REASSIGNMENTS, 0),
                new ListPartitionReassignmentsRequestData().setTopics(topics)).toCompletableFuture().join();
        return Contexts.encodable(response, 0);
    }

    @Test
    void allTopicsListsOnlyPartitionsBeingReassigned() {
        ListPartitionReassignmentsResponseData response = list(null);

        assertThat(response.errorCode()).isZero();
        assertThat(response.errorMessage()).isNull();
        assertThat(response.topics()).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("moving");
            OngoingPartitionReassignment p = t.partitions().get(0);
            assertThat(t.partitions()).hasSize(1);
            assertThat(p.partitionIndex()).isEqualTo(1);
            assertThat(p.replicas()).containsExactly(2, 0);
            assertThat(p.addingReplicas()).containsExactly(2);
            assertThat(p.removingReplicas()).containsExactly(0);
        });
    }

    @Test
    void noReassignmentInProgressIsAnEmptyList() {
        store.removeTopicNow("moving");
        assertThat(list(null).topics()).isEmpty();
        assertThat(list(List.of(new ListPartitionReassignmentsTopics().setName("still").setPartitionIndexes(List.of(0, 1))))
                .topics()).isEmpty();
    }

    @Test
    void unknownTopicsAndPartitionsAreIgnored() {
        ListPartitionReassignmentsResponseData response = list(List.of(
                new ListPartitionReassignmentsTopics().setName("absent").setPartitionIndexes(List.of(0)),
                new ListPartitionReassignmentsTopics().setName("moving").setPartitionIndexes(List.of(0, 1, 9))));

        assertThat(response.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(response.topics()).singleElement().satisfies(t ->
                assertThat(t.partitions()).extracting(OngoingPartitionReassignment::partitionIndex).containsExactly(1));
    }
}
