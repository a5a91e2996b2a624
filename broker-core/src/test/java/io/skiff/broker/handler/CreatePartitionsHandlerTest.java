package io.skiff.broker.handler;

import static io.skiff.broker.handler.Contexts.context;
import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.broker.admin.InMemoryAdminStore;
import io.skiff.broker.admin.PartitionCreator;
import io.skiff.broker.admin.SnapshotWaiter;
import io.skiff.replication.delayed.ManualTimer;
import io.skiff.replication.zk.TopicAssignment;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.CreatePartitionsRequestData;
import io.skiff.wire.message.CreatePartitionsRequestData.CreatePartitionsAssignment;
import io.skiff.wire.message.CreatePartitionsRequestData.CreatePartitionsTopic;
import io.skiff.wire.message.CreatePartitionsResponseData;
import io.skiff.wire.message.CreatePartitionsResponseData.CreatePartitionsTopicResult;
import io.skiff.wire.protocol.Errors;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CreatePartitionsHandlerTest {
    private final InMemoryAdminStore store = InMemoryAdminStore.withBrokers(0, 1, 2);
    private final ManualTimer timer = new ManualTimer(0);
    private final CreatePartitionsHandler handler = new CreatePartitionsHandler(new PartitionCreator(store),
            new SnapshotWaiter(store::cluster, timer));
    private TopicAssignment before;

    @BeforeEach
    void twoPartitionTopic() {
        before = TopicAssignment.of("t", new UUID(1, 2), Map.of(0, List.of(1, 2), 1, List.of(2, 0)));
        store.createTopic(before, Map.of());
    }

    private CompletableFuture<CreatePartitionsResponseData> send(int version, boolean validateOnly,
                                                                 CreatePartitionsTopic... topics) {
        CreatePartitionsRequestData request = new CreatePartitionsRequestData().setTopics(List.of(topics))
                .setTimeoutMs(30_000).setValidateOnly(validateOnly);
        return handler.handle(context(ApiMessageType.CREATE_PARTITIONS, version), request).toCompletableFuture();
    }

    private CreatePartitionsTopicResult only(CreatePartitionsTopic topic) {
        CreatePartitionsResponseData response = send(3, false, topic).join();
        assertThat(response.results()).hasSize(1);
        return response.results().get(0);
    }

    private static CreatePartitionsTopic increase(String name, int count, List<Integer>... assignments) {
        CreatePartitionsTopic topic = new CreatePartitionsTopic().setName(name).setCount(count).setAssignments(null);
        if (assignments.length > 0) {
            topic.setAssignments(Arrays.stream(assignments)
                    .map(a -> new CreatePartitionsAssignment().setBrokerIds(a)).toList());
        }
        return topic;
    }

    private void assertUnchanged() {
        assertThat(store.cluster().topics().get("t")).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void increaseAddsPartitionsLaidOutAsKafkaDoesWithLeaders(int version) {
        CreatePartitionsResponseData response = send(version, false, increase("t", 4)).join();

        Contexts.encodable(response, version);
        assertThat(response.results()).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("t");
            assertThat(r.errorCode()).isZero();
            assertThat(r.errorMessage()).isNull();
        });
        // Kafka's layout for an increase: start at the broker of partition 0's first replica (1), shift 1.
        assertThat(store.cluster().topics().get("t").partitions()).containsExactlyInAnyOrderEntriesOf(Map.of(
                0, List.of(1, 2), 1, List.of(2, 0), 2, List.of(0, 2), 3, List.of(1, 2)));
        assertThat(store.cluster().topics().get("t").topicId()).isEqualTo(before.topicId());
        assertThat(SnapshotWaiter.partitionsLed("t", 4).test(store.cluster())).isTrue();
    }

    @Test
    void explicitAssignmentsAreUsedAsGiven() {
        assertThat(only(increase("t", 4, List.of(2, 1), List.of(0, 1))).errorCode()).isZero();
        assertThat(store.cluster().topics().get("t").partitions()).containsEntry(2, List.of(2, 1))
                .containsEntry(3, List.of(0, 1));
    }

    @Test
    void validateOnlyAnswersSuccessAndChangesNothing() {
        CreatePartitionsResponseData response = send(3, true, increase("t", 10)).join();
        assertThat(response.results().get(0).errorCode()).isZero();
        assertUnchanged();
    }

    @Test
    void equalOrSmallerCountIsRefusedWithInvalidPartitions() {
        CreatePartitionsTopicResult equal = only(increase("t", 2));
        assertThat(equal.errorCode()).isEqualTo(Errors.INVALID_PARTITIONS.code());
        assertThat(equal.errorMessage()).isEqualTo("Topic already has 2 partition(s).");
        CreatePartitionsTopicResult smaller = only(increase("t", 1));
        assertThat(smaller.errorCode()).isEqualTo(Errors.INVALID_PARTITIONS.code());
        assertThat(smaller.errorMessage()).isEqualTo("The topic t currently has 2 partition(s); 1 would not be an increase.");
        assertUnchanged();
    }

    @Test
    void unknownTopicIsRefused() {
        CreatePartitionsTopicResult result = only(increase("nope", 3));
        assertThat(result.errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(store.cluster().topics()).doesNotContainKey("nope");
    }

    @Test
    void badAssignmentsAreRefusedWithKafkasMessagesAndChangeNothing() {
        assertRefused(increase("t", 4, List.of(0, 1)),
                "Attempted to add 2 additional partition(s), but only 1 assignment(s) were specified.");
        assertRefused(increase("t", 3, List.of()), "The manual partition assignment includes an empty replica list.");
        assertRefused(increase("t", 3, List.of(0, 7)),
                "The manual partition assignment includes broker 7, but no such broker is registered.");
        assertRefused(increase("t", 3, List.of(1, 1)),
                "The manual partition assignment includes the broker 1 more than once.");
        assertRefused(increase("t", 3, List.of(0)), "The manual partition assignment includes a partition with 1 "
                + "replica(s), but this is not consistent with previous partitions, which have 2 replica(s).");
        assertUnchanged();
    }

    private void assertRefused(CreatePartitionsTopic topic, String message) {
        CreatePartitionsTopicResult result = only(topic);
        assertThat(result.errorCode()).isEqualTo(Errors.INVALID_REPLICA_ASSIGNMENT.code());
        assertThat(result.errorMessage()).isEqualTo(message);
    }

    @Test
    void topicNamedTwiceIsRefusedFirstWithInvalidRequestWhileOthersProceed() {
        store.createTopic(TopicAssignment.of("u", new UUID(3, 4), Map.of(0, List.of(0))), Map.of());
        CreatePartitionsResponseData response = send(3, false, increase("t", 3), increase("u", 2), increase("t", 4))
                .join();
        assertThat(response.results()).extracting(CreatePartitionsTopicResult::name).containsExactly("t", "u");
        assertThat(response.results().get(0).errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(response.results().get(0).errorMessage()).isEqualTo("Duplicate topic name.");
        assertThat(response.results().get(1).errorCode()).isZero();
        assertUnchanged();
        assertThat(store.cluster().topics().get("u").partitions()).hasSize(2);
    }

    @Test
    void moreNewPartitionsThanOneRequestMayAddIsAPolicyViolation() {
        CreatePartitionsTopicResult result = only(increase("t", CreatePartitionsHandler.MAX_PARTITIONS_PER_REQUEST + 3));
        assertThat(result.errorCode()).isEqualTo(Errors.POLICY_VIOLATION.code());
        assertUnchanged();
    }

    @Test
    void answerWaitsForLeadersOfTheNewPartitionsAndTimesOutWithoutThem() {
        store.electLeaders(false);
        CompletableFuture<CreatePartitionsResponseData> answer = send(3, false, increase("t", 3));
        timer.advance(100);
        assertThat(answer).isNotDone();
        store.electPendingLeaders();
        timer.advance(SnapshotWaiter.POLL_MS);
        assertThat(answer.join().results().get(0).errorCode()).isZero();

        CreatePartitionsRequestData request = new CreatePartitionsRequestData()
                .setTopics(List.of(increase("t", 5))).setTimeoutMs(50);
        CompletableFuture<CreatePartitionsResponseData> late = handler.handle(
                context(ApiMessageType.CREATE_PARTITIONS, 3), request).toCompletableFuture();
        timer.advance(60);
        assertThat(late.join().results().get(0).errorCode()).isEqualTo(Errors.REQUEST_TIMED_OUT.code());
        assertThat(store.cluster().topics().get("t").partitions()).as("the increase stands").hasSize(5);
    }
}
