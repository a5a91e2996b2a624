package io.skiff.broker.handler;

import static io.skiff.broker.handler.Contexts.context;
import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.broker.admin.ClusterView;
import io.skiff.broker.admin.InMemoryAdminStore;
import io.skiff.broker.admin.TopicCreator;
import io.skiff.broker.admin.TopicDefaults;
import io.skiff.replication.zk.PartitionState;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.MetadataRequestData;
import io.skiff.wire.message.MetadataRequestData.MetadataRequestTopic;
import io.skiff.wire.message.MetadataResponseData;
import io.skiff.wire.message.MetadataResponseData.MetadataResponseTopic;
import io.skiff.wire.protocol.ByteBufferAccessor;
import io.skiff.wire.protocol.Errors;
import io.skiff.wire.protocol.Uuid;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MetadataHandlerTest {
    private final InMemoryAdminStore store = InMemoryAdminStore.withBrokers(0, 1, 2);
    private final TopicCreator creator = new TopicCreator(store,
            TopicDefaults.of(2, (short) 1, 4, 4), new Random(42));
    private final MetadataHandler handler = new MetadataHandler(store, creator, "cluster-x", true);

    private MetadataResponseData ask(int version, MetadataRequestData request) {
        MetadataResponseData response = handler.handle(context(ApiMessageType.METADATA, version), request)
                .toCompletableFuture().join();
        // Every answer must serialize at the version asked.
        ByteBuffer buffer = ByteBuffer.allocate(response.size((short) version));
        response.write(new ByteBufferAccessor(buffer), (short) version);
        return response;
    }

    private static MetadataRequestData named(String... names) {
        List<MetadataRequestTopic> topics = new ArrayList<>();
        for (String n : names) {
            topics.add(new MetadataRequestTopic().setName(n));
        }
        return new MetadataRequestData().setTopics(topics);
    }

    private void createTopic(String name, int partitions, int factor) {
        creator.create(TopicCreator.Request.of(name, partitions, (short) factor, Map.of()), false)
                .toCompletableFuture().join();
    }

    static List<Integer> versions() {
        List<Integer> all = new ArrayList<>();
        for (int v = 0; v <= 13; v++) {
            all.add(v);
        }
        return all;
    }

    @ParameterizedTest
    @MethodSource("versions")
    void everyVersionDescribesBrokersAndAnExistingTopic(int version) {
        createTopic("events", 3, 2);
        MetadataResponseData response = ask(version, named("events"));
        assertThat(response.brokers()).extracting(b -> b.nodeId() + "@" + b.host() + ":" + b.port())
                .containsExactly("0@host0:9000", "1@host1:9001", "2@host2:9002");
        assertThat(response.controllerId()).isEqualTo(0);
        assertThat(response.clusterId()).isEqualTo("cluster-x");
        MetadataResponseTopic topic = response.topics().get(0);
        assertThat(topic.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(topic.partitions()).hasSize(3).allSatisfy(p -> {
            assertThat(p.errorCode()).isZero();
            assertThat(p.leaderId()).isEqualTo(p.replicaNodes().get(0));
            assertThat(p.isrNodes()).isEqualTo(p.replicaNodes());
            assertThat(p.replicaNodes()).hasSize(2);
        });
        assertThat(ClusterView.toJava(topic.topicId())).isEqualTo(store.cluster().topics().get("events").topicId());
    }

    @Test
    void brokersAreThoseReachableOnTheRequestsListener() {
        MetadataResponseData response = handler.handle(context(ApiMessageType.METADATA, 12, "INTERNAL"),
                named()).toCompletableFuture().join();
        assertThat(response.brokers()).extracting(b -> b.host() + ":" + b.port() + ":" + b.rack())
                .containsExactly("internal0:19000:null", "internal1:19001:null", "internal2:19002:rack-b");
    }

    @Test
    void nullTopicsMeansAllAndEmptyMeansNoneExceptInV0() {
        createTopic("b", 1, 1);
        createTopic("a", 1, 1);
        assertThat(ask(12, new MetadataRequestData().setTopics(null)).topics())
                .extracting(MetadataResponseTopic::name).containsExactly("a", "b");
        assertThat(ask(12, named()).topics()).isEmpty();
        assertThat(ask(0, named()).topics()).extracting(MetadataResponseTopic::name).containsExactly("a", "b");
    }

    @Test
    void unknownTopicIsAutoCreatedAndAnsweredLeaderNotAvailable() {
        MetadataResponseTopic topic = ask(12, named("fresh")).topics().get(0);
        assertThat(topic.errorCode()).isEqualTo(Errors.LEADER_NOT_AVAILABLE.code());
        assertThat(store.cluster().topics()).containsKey("fresh");
        assertThat(store.cluster().topics().get("fresh").partitions()).hasSize(2);
    }

    @Test
    void autoCreationNeedsTheRequestsConsentFromV4() {
        MetadataRequestData request = named("fresh").setAllowAutoTopicCreation(false);
        assertThat(ask(4, request).topics().get(0).errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(store.cluster().topics()).isEmpty();
        // v3 has no such flag: auto-creation applies.
        assertThat(ask(3, named("fresh")).topics().get(0).errorCode()).isEqualTo(Errors.LEADER_NOT_AVAILABLE.code());
    }

    @Test
    void autoCreationDisabledByConfigAnswersUnknownTopic() {
        MetadataHandler noAuto = new MetadataHandler(store, creator, "c", false);
        MetadataResponseData response = noAuto.handle(context(ApiMessageType.METADATA, 12), named("fresh"))
                .toCompletableFuture().join();
        assertThat(response.topics().get(0).errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
    }

    @Test
    void illegalNameAnswersInvalidTopicAndIsNotCreated() {
        MetadataResponseTopic topic = ask(12, named("bad/name")).topics().get(0);
        assertThat(topic.errorCode()).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION.code());
        assertThat(store.cluster().topics()).isEmpty();
    }

    @Test
    void partitionWithoutStateIsLeaderNotAvailable() {
        store.electLeaders(false);
        createTopic("pending", 1, 1);
        var partition = ask(12, named("pending")).topics().get(0).partitions().get(0);
        assertThat(partition.errorCode()).isEqualTo(Errors.LEADER_NOT_AVAILABLE.code());
        assertThat(partition.leaderId()).isEqualTo(-1);
    }

    @Test
    void deadReplicasAreOfflineAndADeadLeaderIsNotAdvertised() {
        createTopic("t", 1, 3);
        int leader = store.cluster().topics().get("t").replicas(0).get(0);
        store.setState("t", 0, new PartitionState(leader, 4, List.of(0, 1, 2), 1, 1));
        store.removeBroker(leader);
        var partition = ask(12, named("t")).topics().get(0).partitions().get(0);
        assertThat(partition.offlineReplicas()).containsExactly(leader);
        assertThat(partition.errorCode()).isEqualTo(Errors.LEADER_NOT_AVAILABLE.code());
        assertThat(partition.leaderEpoch()).isEqualTo(4);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {10, 11, 12, 13})
    void topicsByIdAndUnknownIds(int version) {
        createTopic("t", 1, 1);
        Uuid id = ClusterView.toWire(store.cluster().topics().get("t").topicId());
        MetadataRequestData request = new MetadataRequestData().setTopics(List.of(
                new MetadataRequestTopic().setName(null).setTopicId(id),
                new MetadataRequestTopic().setName(null).setTopicId(new Uuid(1, 2))));
        List<MetadataResponseTopic> topics = ask(version, request).topics();
        assertThat(topics.get(0).name()).isEqualTo("t");
        assertThat(topics.get(1).errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_ID.code());
        assertThat(topics.get(1).topicId()).isEqualTo(new Uuid(1, 2));
    }

    @Test
    void internalTopicsAreFlagged() {
        creator.autoCreate("__consumer_offsets").toCompletableFuture().join();
        MetadataResponseTopic topic = ask(12, named("__consumer_offsets")).topics().get(0);
        assertThat(topic.isInternal()).isTrue();
        assertThat(topic.partitions()).hasSize(4);
    }

    @Test
    void authorizedOperationsAreReportedOnlyWhenAsked() {
        createTopic("t", 1, 1);
        assertThat(ask(12, named("t")).topics().get(0).topicAuthorizedOperations()).isEqualTo(Integer.MIN_VALUE);
        MetadataRequestData request = named("t").setIncludeTopicAuthorizedOperations(true);
        assertThat(ask(12, request).topics().get(0).topicAuthorizedOperations())
                .isEqualTo(ClusterView.ALL_TOPIC_OPERATIONS);
    }
}
