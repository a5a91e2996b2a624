package io.skiff.broker.handler;

import static io.skiff.broker.handler.Contexts.context;
import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.broker.admin.InMemoryAdminStore;
import io.skiff.broker.admin.SnapshotWaiter;
import io.skiff.broker.admin.TopicCreator;
import io.skiff.broker.admin.TopicDefaults;
import io.skiff.replication.delayed.ManualTimer;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.CreateTopicsRequestData;
import io.skiff.wire.message.CreateTopicsRequestData.CreatableReplicaAssignment;
import io.skiff.wire.message.CreateTopicsRequestData.CreatableTopic;
import io.skiff.wire.message.CreateTopicsRequestData.CreatableTopicConfig;
import io.skiff.wire.message.CreateTopicsResponseData;
import io.skiff.wire.message.CreateTopicsResponseData.CreatableTopicResult;
import io.skiff.wire.protocol.ByteBufferAccessor;
import io.skiff.wire.protocol.Errors;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CreateTopicsHandlerTest {
    private final InMemoryAdminStore store = InMemoryAdminStore.withBrokers(0, 1);
    private final ManualTimer timer = new ManualTimer(0);
    private final CreateTopicsHandler handler = new CreateTopicsHandler(
            new TopicCreator(store, TopicDefaults.of(1, (short) 1, 1, 1),
                    new Random(3)),
            new SnapshotWaiter(store::cluster, timer));

    private CompletableFuture<CreateTopicsResponseData> send(int version, CreatableTopic... topics) {
        CreateTopicsRequestData request = new CreateTopicsRequestData().setTopics(List.of(topics)).setTimeoutMs(30_000);
        return handler.handle(context(ApiMessageType.CREATE_TOPICS, version), request).toCompletableFuture();
    }

    private static CreatableTopic topic(String name, int partitions, int factor) {
        return new CreatableTopic().setName(name).setNumPartitions(partitions).setReplicationFactor((short) factor);
    }

    private static void assertSerializes(CreateTopicsResponseData response, int version) {
        ByteBuffer buffer = ByteBuffer.allocate(response.size((short) version));
        response.write(new ByteBufferAccessor(buffer), (short) version);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 5, 6, 7})
    void createdTopicIsReportedWithItsShapeAndConfigs(int version) {
        CreateTopicsResponseData response = send(version, topic("t", 3, 2)
                .setConfigs(List.of(new CreatableTopicConfig().setName("retention.ms").setValue("60000")))).join();
        assertSerializes(response, version);
        CreatableTopicResult result = response.topics().get(0);
        assertThat(result.errorCode()).isZero();
        assertThat(result.errorMessage()).isNull();
        assertThat(result.numPartitions()).isEqualTo(3);
        assertThat(result.replicationFactor()).isEqualTo((short) 2);
        assertThat(result.configs()).anySatisfy(c -> {
            assertThat(c.name()).isEqualTo("retention.ms");
            assertThat(c.value()).isEqualTo("60000");
            assertThat(c.configSource()).isEqualTo((byte) 1);
        });
        assertThat(store.cluster().topics()).containsKey("t");
    }

    @Test
    void answerWaitsUntilLeadersAreElected() {
        store.electLeaders(false);
        CompletableFuture<CreateTopicsResponseData> answer = send(7, topic("t", 2, 1));
        timer.advance(100);
        assertThat(answer).isNotDone();
        store.electPendingLeaders();
        timer.advance(SnapshotWaiter.POLL_MS);
        assertThat(answer.join().topics().get(0).errorCode()).isZero();
    }

    @Test
    void leadersNotElectedWithinTheTimeoutIsRequestTimedOut() {
        store.electLeaders(false);
        CompletableFuture<CreateTopicsResponseData> answer = send(7, topic("t", 1, 1));
        timer.advance(30_000);
        assertThat(answer.join().topics().get(0).errorCode()).isEqualTo(Errors.REQUEST_TIMED_OUT.code());
    }

    @Test
    void eachTopicSucceedsOrFailsOnItsOwn() {
        send(7, topic("exists", 1, 1)).join();
        CreateTopicsResponseData response = send(7,
                topic("ok", -1, -1),
                topic("exists", 1, 1),
                topic("bad name", 1, 1),
                topic("p0", 0, 1),
                topic("rf3", 1, 3),
                topic("cfg", 1, 1).setConfigs(List.of(new CreatableTopicConfig().setName("x.y").setValue("1"))),
                new CreatableTopic().setName("asg").setNumPartitions(-1).setReplicationFactor((short) -1)
                        .setAssignments(List.of(new CreatableReplicaAssignment().setPartitionIndex(0).setBrokerIds(List.of(9)))))
                .join();
        assertThat(response.topics()).extracting(r -> r.name() + "=" + Errors.forCode(r.errorCode())).containsExactly(
                "ok=NONE", "exists=TOPIC_ALREADY_EXISTS", "bad name=INVALID_TOPIC_EXCEPTION", "p0=INVALID_PARTITIONS",
                "rf3=INVALID_REPLICATION_FACTOR", "cfg=INVALID_CONFIG", "asg=INVALID_REPLICA_ASSIGNMENT");
        assertThat(response.topics().subList(1, 7)).allSatisfy(r -> assertThat(r.errorMessage()).isNotBlank());
        assertSerializes(response, 7);
    }

    @Test
    void validateOnlyCreatesNothing() {
        CreateTopicsRequestData request = new CreateTopicsRequestData()
                .setTopics(List.of(topic("t", 4, 1))).setValidateOnly(true).setTimeoutMs(1000);
        CreateTopicsResponseData response = handler.handle(context(ApiMessageType.CREATE_TOPICS, 7), request)
                .toCompletableFuture().join();
        assertThat(response.topics().get(0).errorCode()).isZero();
        assertThat(response.topics().get(0).numPartitions()).isEqualTo(4);
        assertThat(store.cluster().topics()).isEmpty();
    }

    @Test
    void duplicateNamesInOneRequestAreInvalid() {
        CreateTopicsResponseData response = send(7, topic("d", 1, 1), topic("d", 2, 1)).join();
        assertThat(response.topics()).hasSize(1);
        assertThat(response.topics().get(0).errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(store.cluster().topics()).isEmpty();
    }

    @Test
    void moreThanTenThousandPartitionsInOneRequestIsAPolicyViolationForEveryTopic() {
        CreateTopicsResponseData response = send(7, topic("a", 5_000, 1), topic("b", 5_001, 1)).join();
        assertThat(response.topics()).extracting(r -> Errors.forCode(r.errorCode()))
                .containsExactly(Errors.POLICY_VIOLATION, Errors.POLICY_VIOLATION);
        assertThat(store.cluster().topics()).isEmpty();
        assertThat(send(7, topic("c", 10_000, 1)).join().topics().get(0).errorCode()).isZero();
    }
}
