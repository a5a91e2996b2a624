package io.skiff.broker.handler;

import static io.skiff.broker.handler.Contexts.context;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.broker.admin.ClusterView;
import io.skiff.broker.admin.InMemoryAdminStore;
import io.skiff.replication.zk.TopicAssignment;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.DescribeTopicPartitionsRequestData;
import io.skiff.wire.message.DescribeTopicPartitionsRequestData.TopicRequest;
import io.skiff.wire.message.DescribeTopicPartitionsResponseData;
import io.skiff.wire.message.DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponsePartition;
import io.skiff.wire.message.DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponseTopic;
import io.skiff.wire.protocol.ApiException;
import io.skiff.wire.protocol.Errors;
import io.skiff.wire.protocol.Uuid;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DescribeTopicPartitionsHandlerTest {
    private final InMemoryAdminStore store = InMemoryAdminStore.withBrokers(0, 1);
    private final DescribeTopicPartitionsHandler handler = new DescribeTopicPartitionsHandler(store, 2000);

    @BeforeEach
    void topics() {
        create("b", 5);
        create("a", 3);
        create("c", 1);
    }

    private void create(String name, int partitions) {
        Map<Integer, List<Integer>> assignment = new TreeMap<>();
        for (int p = 0; p < partitions; p++) {
            assignment.put(p, List.of(p % 2, (p + 1) % 2));
        }
        store.createTopic(TopicAssignment.of(name, new UUID(name.charAt(0), 1), assignment), Map.of());
    }

    private DescribeTopicPartitionsResponseData describe(DescribeTopicPartitionsHandler h,
                                                         DescribeTopicPartitionsRequestData request) {
        DescribeTopicPartitionsResponseData response = h.handle(
                context(ApiMessageType.DESCRIBE_TOPIC_PARTITIONS, 0), request).toCompletableFuture().join();
        return Contexts.encodable(response, 0);
    }

    private DescribeTopicPartitionsResponseData describe(DescribeTopicPartitionsRequestData request) {
        return describe(handler, request);
    }

    private static DescribeTopicPartitionsRequestData.Cursor cursor(String topic, int partition) {
        return new DescribeTopicPartitionsRequestData.Cursor().setTopicName(topic).setPartitionIndex(partition);
    }

    private static List<String> partitionsOf(DescribeTopicPartitionsResponseData response) {
        List<String> all = new ArrayList<>();
        response.topics().forEach(t -> t.partitions().forEach(p -> all.add(t.name() + "-" + p.partitionIndex())));
        return all;
    }

    @Test
    void everyTopicIsDescribedInNameOrderWithIdsLeadersIsrAndEmptyElr() {
        DescribeTopicPartitionsResponseData response = describe(new DescribeTopicPartitionsRequestData());

        assertThat(response.nextCursor()).isNull();
        assertThat(response.topics()).extracting(DescribeTopicPartitionsResponseTopic::name).containsExactly("a", "b", "c");
        DescribeTopicPartitionsResponseTopic a = response.topics().get(0);
        assertThat(a.errorCode()).isZero();
        assertThat(a.topicId()).isEqualTo(ClusterView.toWire(new UUID('a', 1)));
        assertThat(a.isInternal()).isFalse();
        assertThat(a.topicAuthorizedOperations()).isEqualTo(ClusterView.ALL_TOPIC_OPERATIONS);
        DescribeTopicPartitionsResponsePartition p1 = a.partitions().get(1);
        assertThat(p1.partitionIndex()).isEqualTo(1);
        assertThat(p1.errorCode()).isZero();
        assertThat(p1.leaderId()).isEqualTo(1);
        assertThat(p1.leaderEpoch()).isZero();
        assertThat(p1.replicaNodes()).containsExactly(1, 0);
        assertThat(p1.isrNodes()).containsExactly(1, 0);
        assertThat(p1.eligibleLeaderReplicas()).isNotNull().isEmpty();
        assertThat(p1.lastKnownElr()).isNotNull().isEmpty();
        assertThat(p1.offlineReplicas()).isEmpty();
    }

    @Test
    void pagesFollowTheCursorAcrossAndWithinTopics() {
        DescribeTopicPartitionsResponseData first = describe(new DescribeTopicPartitionsRequestData()
                .setResponsePartitionLimit(4));
        assertThat(partitionsOf(first)).containsExactly("a-0", "a-1", "a-2", "b-0");
        assertThat(first.nextCursor().topicName()).isEqualTo("b");
        assertThat(first.nextCursor().partitionIndex()).isEqualTo(1);

        DescribeTopicPartitionsResponseData second = describe(new DescribeTopicPartitionsRequestData()
                .setResponsePartitionLimit(4).setCursor(cursor("b", 1)));
        assertThat(partitionsOf(second)).containsExactly("b-1", "b-2", "b-3", "b-4");
        assertThat(second.nextCursor().topicName()).as("the budget ended at a topic boundary").isEqualTo("c");
        assertThat(second.nextCursor().partitionIndex()).isZero();

        DescribeTopicPartitionsResponseData third = describe(new DescribeTopicPartitionsRequestData()
                .setResponsePartitionLimit(4).setCursor(cursor("c", 0)));
        assertThat(partitionsOf(third)).containsExactly("c-0");
        assertThat(third.nextCursor()).isNull();
    }

    @Test
    void theBrokerLimitCapsTheRequestLimitAndAtLeastOnePartitionIsSent() {
        DescribeTopicPartitionsHandler capped = new DescribeTopicPartitionsHandler(store, 2);
        assertThat(partitionsOf(describe(capped, new DescribeTopicPartitionsRequestData()))).containsExactly("a-0", "a-1");
        assertThat(partitionsOf(describe(new DescribeTopicPartitionsRequestData().setResponsePartitionLimit(0))))
                .containsExactly("a-0");
    }

    @Test
    void namedTopicsThatDoNotExistAreAnsweredInPlace() {
        DescribeTopicPartitionsResponseData response = describe(new DescribeTopicPartitionsRequestData().setTopics(List.of(
                new TopicRequest().setName("c"), new TopicRequest().setName("absent"),
                new TopicRequest().setName("bad/name"))));

        assertThat(response.topics()).extracting(DescribeTopicPartitionsResponseTopic::name)
                .containsExactly("absent", "bad/name", "c");
        assertThat(response.topics().get(0).errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(response.topics().get(0).topicId()).isEqualTo(Uuid.ZERO_UUID);
        assertThat(response.topics().get(1).errorCode()).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION.code());
        assertThat(response.topics().get(2).errorCode()).isZero();
    }

    @Test
    void cursorMustNameAListedTopicAndAValidPartition() {
        assertThatThrownBy(() -> describe(new DescribeTopicPartitionsRequestData()
                .setTopics(List.of(new TopicRequest().setName("a"))).setCursor(cursor("b", 0))))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.error()).isEqualTo(Errors.INVALID_REQUEST));
        assertThatThrownBy(() -> describe(new DescribeTopicPartitionsRequestData().setCursor(cursor("a", -1))))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.error()).isEqualTo(Errors.INVALID_REQUEST));
    }

    @Test
    void leaderOnAGoneBrokerIsReportedAsNoLeaderWithTheReplicaOffline() {
        store.removeBroker(1);
        DescribeTopicPartitionsResponsePartition p1 = describe(new DescribeTopicPartitionsRequestData()
                .setTopics(List.of(new TopicRequest().setName("a")))).topics().get(0).partitions().get(1);
        assertThat(p1.errorCode()).isZero();
        assertThat(p1.leaderId()).isEqualTo(-1);
        assertThat(p1.offlineReplicas()).containsExactly(1);
    }

    @Test
    void internalTopicsAreFlagged() {
        create("__consumer_offsets", 1);
        assertThat(describe(new DescribeTopicPartitionsRequestData()
                .setTopics(List.of(new TopicRequest().setName("__consumer_offsets")))).topics().get(0).isInternal())
                .isTrue();
    }
}
