package io.skiff.broker.handler;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.broker.coordinator.group.GroupConfig;
import io.skiff.broker.coordinator.group.GroupCoordinator;
import io.skiff.broker.coordinator.group.GroupRegistry;
import io.skiff.broker.coordinator.group.OffsetManager;
import io.skiff.replication.delayed.ManualTimer;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.OffsetCommitRequestData;
import io.skiff.wire.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import io.skiff.wire.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import io.skiff.wire.message.OffsetCommitResponseData;
import io.skiff.wire.message.OffsetFetchRequestData;
import io.skiff.wire.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import io.skiff.wire.message.OffsetFetchRequestData.OffsetFetchRequestTopics;
import io.skiff.wire.message.OffsetFetchResponseData.OffsetFetchResponseGroup;
import io.skiff.wire.message.OffsetFetchResponseData.OffsetFetchResponsePartitions;
import io.skiff.wire.message.OffsetFetchResponseData.OffsetFetchResponseTopics;
import io.skiff.wire.protocol.Errors;
import io.skiff.wire.protocol.Uuid;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OffsetCommit and OffsetFetch v10, which name topics by id (KIP-848): ids resolved against the cluster
 * view, UNKNOWN_TOPIC_ID for ids it does not know, and offsets of a recreated topic not handed to its
 * successor. The cluster view is a map the test edits.
 */
class OffsetTopicIdsTest {
    private static final short V10 = 10;
    private static final String GROUP = "g";
    private static final UUID ORDERS = new UUID(1, 1);
    private static final UUID STRANGER = new UUID(9, 9);

    private final Map<String, UUID> cluster = new HashMap<>();
    private OffsetCommitHandler commitHandler;
    private OffsetFetchHandler fetchHandler;

    @BeforeEach
    void setUp() {
        GroupRegistry registry = new GroupRegistry(new GroupConfig(6_000, 300_000, 0, 10, 1, 4096), p -> false,
                () -> 1_000L);
        registry.beginLoading(0);
        registry.completeLoading(0);
        OffsetManager offsets = new OffsetManager(registry, new GroupCoordinator(registry, new ManualTimer(0),
                new Random(1)), (p, e) -> CompletableFuture.completedFuture(Errors.NONE));
        TopicIdLookup lookup = new TopicIdLookup() {
            @Override
            public Optional<String> name(UUID topicId) {
                return cluster.entrySet().stream().filter(e -> e.getValue().equals(topicId)).map(Map.Entry::getKey)
                        .findFirst();
            }

            @Override
            public Optional<UUID> id(String topic) {
                return Optional.ofNullable(cluster.get(topic));
            }
        };
        commitHandler = new OffsetCommitHandler(offsets, lookup);
        fetchHandler = new OffsetFetchHandler(offsets, lookup);
        cluster.put("orders", ORDERS);
    }

    private OffsetCommitResponseData commitById(UUID... topicIds) {
        OffsetCommitRequestData request = new OffsetCommitRequestData().setGroupId(GROUP)
                .setGenerationIdOrMemberEpoch(-1).setMemberId("");
        for (UUID id : topicIds) {
            request.topics().add(new OffsetCommitRequestTopic().setTopicId(TopicIds.toWire(id)).setPartitions(List.of(
                    new OffsetCommitRequestPartition().setPartitionIndex(0).setCommittedOffset(17)
                            .setCommittedMetadata("m"))));
        }
        return commitHandler.handle(Contexts.context(ApiMessageType.OFFSET_COMMIT, V10), request)
                .toCompletableFuture().join();
    }

    private OffsetFetchResponseGroup fetch(List<OffsetFetchRequestTopics> topics) {
        OffsetFetchRequestData request = new OffsetFetchRequestData().setGroups(List.of(
                new OffsetFetchRequestGroup().setGroupId(GROUP).setTopics(topics)));
        return fetchHandler.handle(Contexts.context(ApiMessageType.OFFSET_FETCH, V10), request)
                .toCompletableFuture().join().groups().get(0);
    }

    private static OffsetFetchRequestTopics byId(UUID id) {
        return new OffsetFetchRequestTopics().setTopicId(TopicIds.toWire(id)).setPartitionIndexes(List.of(0));
    }

    @Test
    void aCommitByTopicIdIsFetchedByTopicIdAndByName() {
        OffsetCommitResponseData committed = commitById(ORDERS);
        assertThat(committed.topics()).singleElement().satisfies(t -> {
            assertThat(t.topicId()).isEqualTo(TopicIds.toWire(ORDERS));
            assertThat(t.partitions().get(0).errorCode()).isEqualTo(Errors.NONE.code());
        });

        OffsetFetchResponsePartitions p = fetch(List.of(byId(ORDERS))).topics().get(0).partitions().get(0);
        assertThat(p.committedOffset()).isEqualTo(17);
        assertThat(p.metadata()).isEqualTo("m");

        OffsetFetchRequestData byName = new OffsetFetchRequestData().setGroups(List.of(new OffsetFetchRequestGroup()
                .setGroupId(GROUP).setTopics(List.of(new OffsetFetchRequestTopics().setName("orders")
                        .setPartitionIndexes(List.of(0))))));
        assertThat(fetchHandler.handle(Contexts.context(ApiMessageType.OFFSET_FETCH, 9), byName).toCompletableFuture()
                .join().groups().get(0).topics().get(0).partitions().get(0).committedOffset()).isEqualTo(17);
    }

    @Test
    void unknownAndZeroTopicIdsAreUnknownTopicIdWhileTheRestIsCommitted() {
        OffsetCommitResponseData r = commitById(STRANGER, ORDERS, new UUID(0, 0));

        Map<Uuid, Short> errors = new HashMap<>();
        r.topics().forEach(t -> errors.put(t.topicId(), t.partitions().get(0).errorCode()));
        assertThat(errors).containsOnly(Map.entry(TopicIds.toWire(STRANGER), Errors.UNKNOWN_TOPIC_ID.code()),
                Map.entry(TopicIds.toWire(ORDERS), Errors.NONE.code()),
                Map.entry(Uuid.ZERO_UUID, Errors.UNKNOWN_TOPIC_ID.code()));

        OffsetFetchResponseTopics unknown = fetch(List.of(byId(STRANGER))).topics().get(0);
        assertThat(unknown.topicId()).isEqualTo(TopicIds.toWire(STRANGER));
        assertThat(unknown.partitions().get(0).errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_ID.code());
        assertThat(unknown.partitions().get(0).committedOffset()).isEqualTo(-1);
    }

    @Test
    void theOffsetOfADeletedTopicIsNotTheOffsetOfItsRecreatedNamesake() {
        commitById(ORDERS);
        UUID recreated = new UUID(2, 2);
        cluster.put("orders", recreated);

        OffsetFetchResponsePartitions p = fetch(List.of(byId(recreated))).topics().get(0).partitions().get(0);

        assertThat(p.committedOffset()).isEqualTo(-1);
        assertThat(p.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(fetch(null).topics()).isEmpty(); // "every offset" names topics by their id: none left
    }

    @Test
    void everyOffsetIsNamedByTheTopicsCurrentIdAndDeletedTopicsAreLeftOut() {
        commitById(ORDERS);
        cluster.put("audit", new UUID(3, 3));
        OffsetCommitRequestData byName = new OffsetCommitRequestData().setGroupId(GROUP)
                .setGenerationIdOrMemberEpoch(-1).setMemberId("").setTopics(List.of(
                        new OffsetCommitRequestTopic().setName("audit").setPartitions(List.of(
                                new OffsetCommitRequestPartition().setPartitionIndex(0).setCommittedOffset(3))),
                        new OffsetCommitRequestTopic().setName("gone").setPartitions(List.of(
                                new OffsetCommitRequestPartition().setPartitionIndex(0).setCommittedOffset(4)))));
        commitHandler.handle(Contexts.context(ApiMessageType.OFFSET_COMMIT, 9), byName).toCompletableFuture().join();

        List<OffsetFetchResponseTopics> all = fetch(null).topics();

        assertThat(all).extracting(OffsetFetchResponseTopics::topicId)
                .containsExactly(TopicIds.toWire(new UUID(3, 3)), TopicIds.toWire(ORDERS));
    }
}
