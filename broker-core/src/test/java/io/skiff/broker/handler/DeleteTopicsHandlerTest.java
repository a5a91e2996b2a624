package io.skiff.broker.handler;

import static io.skiff.broker.handler.Contexts.context;
import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.broker.admin.ClusterView;
import io.skiff.broker.admin.InMemoryAdminStore;
import io.skiff.broker.admin.SnapshotWaiter;
import io.skiff.broker.admin.TopicCreator;
import io.skiff.broker.admin.TopicDefaults;
import io.skiff.replication.delayed.ManualTimer;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.DeleteTopicsRequestData;
import io.skiff.wire.message.DeleteTopicsRequestData.DeleteTopicState;
import io.skiff.wire.message.DeleteTopicsResponseData;
import io.skiff.wire.protocol.Errors;
import io.skiff.wire.protocol.Uuid;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class DeleteTopicsHandlerTest {
    private final InMemoryAdminStore store = InMemoryAdminStore.withBrokers(0);
    private final ManualTimer timer = new ManualTimer(0);
    private final TopicCreator creator = new TopicCreator(store,
            TopicDefaults.of(1, (short) 1, 1, 1), new Random(5));

    private DeleteTopicsHandler handler(boolean enabled) {
        return new DeleteTopicsHandler(store, new SnapshotWaiter(store::cluster, timer), enabled);
    }

    private void create(String name) {
        creator.create(TopicCreator.Request.of(name, 1, (short) 1, Map.of()), false).toCompletableFuture().join();
    }

    private CompletableFuture<DeleteTopicsResponseData> byName(boolean enabled, int version, String... names) {
        DeleteTopicsRequestData request = new DeleteTopicsRequestData().setTimeoutMs(5_000);
        if (version >= 6) {
            for (String n : names) {
                request.topics().add(new DeleteTopicState().setName(n));
            }
        } else {
            request.setTopicNames(List.of(names));
        }
        return handler(enabled).handle(context(ApiMessageType.DELETE_TOPICS, version), request).toCompletableFuture();
    }

    @Test
    void deletesByNameInOldAndNewVersions() {
        create("a");
        create("b");
        assertThat(byName(true, 4, "a").join().responses().get(0).errorCode()).isZero();
        assertThat(byName(true, 6, "b").join().responses().get(0).errorCode()).isZero();
        assertThat(store.cluster().topics()).isEmpty();
    }

    @Test
    void deletesByIdAndReportsTheName() {
        create("a");
        Uuid id = ClusterView.toWire(store.cluster().topics().get("a").topicId());
        DeleteTopicsRequestData request = new DeleteTopicsRequestData().setTimeoutMs(5_000).setTopics(List.of(
                new DeleteTopicState().setName(null).setTopicId(id),
                new DeleteTopicState().setName(null).setTopicId(new Uuid(3, 4))));
        DeleteTopicsResponseData response = handler(true).handle(context(ApiMessageType.DELETE_TOPICS, 6), request)
                .toCompletableFuture().join();
        assertThat(response.responses().get(0).name()).isEqualTo("a");
        assertThat(response.responses().get(0).errorCode()).isZero();
        assertThat(response.responses().get(1).errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_ID.code());
    }

    @Test
    void unknownTopicAndDisabledDeletion() {
        create("a");
        assertThat(byName(true, 6, "nope").join().responses().get(0).errorCode())
                .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(byName(false, 6, "a").join().responses().get(0).errorCode())
                .isEqualTo(Errors.TOPIC_DELETION_DISABLED.code());
        assertThat(store.cluster().topics()).containsKey("a");
    }

    @Test
    void answerWaitsUntilTheTopicIsGoneOrTimesOut() {
        create("slow");
        create("stuck");
        store.deleteAtOnce(false);
        CompletableFuture<DeleteTopicsResponseData> slow = byName(true, 6, "slow");
        timer.advance(100);
        assertThat(slow).isNotDone();
        store.removeTopicNow("slow");
        timer.advance(SnapshotWaiter.POLL_MS);
        assertThat(slow.join().responses().get(0).errorCode()).isZero();

        CompletableFuture<DeleteTopicsResponseData> stuck = byName(true, 6, "stuck");
        timer.advance(5_000);
        assertThat(stuck.join().responses().get(0).errorCode()).isEqualTo(Errors.REQUEST_TIMED_OUT.code());
    }
}
