package io.skiff.broker.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.wire.protocol.ApiException;
import io.skiff.wire.protocol.Errors;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TopicCreatorTest {
    private static final TopicDefaults DEFAULTS = TopicDefaults.of(3, (short) 1, 50, 50);
    private final long seed = new Random().nextLong();
    private final InMemoryAdminStore store = InMemoryAdminStore.withBrokers(0, 1, 2);
    private final TopicCreator creator = new TopicCreator(store, DEFAULTS, new Random(seed));

    private TopicCreator.Created create(TopicCreator.Request request) {
        return creator.create(request, false).toCompletableFuture().join();
    }

    @Test
    void defaultsApplyWhenCountsAreMinusOne() {
        TopicCreator.Created created = create(TopicCreator.Request.of("t", -1, (short) -1, Map.of()));
        assertThat(created.numPartitions()).as("seed %d", seed).isEqualTo(3);
        assertThat(created.replicationFactor()).isEqualTo((short) 1);
        assertThat(store.cluster().topics()).containsKey("t");
    }

    @Test
    void assignmentSpreadsReplicasOverDistinctLiveBrokers() {
        TopicCreator.Created created = create(TopicCreator.Request.of("t", 6, (short) 3, Map.of()));
        assertThat(created.assignment().partitions().values()).as("seed %d", seed).allSatisfy(replicas ->
                assertThat(replicas).hasSize(3).doesNotHaveDuplicates().allMatch(b -> b >= 0 && b <= 2));
    }

    @Test
    void validateOnlyWritesNothing() {
        TopicCreator.Created created = creator.create(TopicCreator.Request.of("t", 2, (short) 1, Map.of()), true)
                .toCompletableFuture().join();
        assertThat(created.numPartitions()).isEqualTo(2);
        assertThat(store.cluster().topics()).isEmpty();
    }

    @Test
    void overridesAreStoredAndEffectiveConfigsReturned() {
        TopicCreator.Created created = create(TopicCreator.Request.of("t", 1, (short) 1, Map.of("retention.ms", " 5000 ")));
        assertThat(store.configs.get("t")).isEqualTo(Map.of("retention.ms", "5000"));
        assertThat(created.effectiveConfigs()).containsEntry("retention.ms", "5000").containsKey("segment.bytes");
    }

    @Test
    void explicitAssignmentIsKeptAsGiven() {
        TopicCreator.Created created = create(new TopicCreator.Request("t", -1, (short) -1,
                Map.of(0, List.of(2, 0), 1, List.of(1, 2)), Map.of()));
        assertThat(created.assignment().partitions()).isEqualTo(Map.of(0, List.of(2, 0), 1, List.of(1, 2)));
        assertThat(created.replicationFactor()).isEqualTo((short) 2);
    }

    @Test
    void refusals() {
        create(TopicCreator.Request.of("a_b", 1, (short) 1, Map.of()));
        assertRefused(TopicCreator.Request.of("a_b", 1, (short) 1, Map.of()), Errors.TOPIC_ALREADY_EXISTS, "already exists");
        assertRefused(TopicCreator.Request.of("a.b", 1, (short) 1, Map.of()), Errors.INVALID_TOPIC_EXCEPTION, "collides");
        assertRefused(TopicCreator.Request.of("bad name", 1, (short) 1, Map.of()), Errors.INVALID_TOPIC_EXCEPTION, "illegal");
        assertRefused(TopicCreator.Request.of("t", 0, (short) 1, Map.of()), Errors.INVALID_PARTITIONS, "non-positive");
        assertRefused(TopicCreator.Request.of("t", 1, (short) 0, Map.of()), Errors.INVALID_REPLICATION_FACTOR, "larger than 0");
        assertRefused(TopicCreator.Request.of("t", 1, (short) 4, Map.of()), Errors.INVALID_REPLICATION_FACTOR,
                "only 3 broker(s) are registered");
        assertRefused(TopicCreator.Request.of("t", 1, (short) 1, Map.of("nope", "1")), Errors.INVALID_CONFIG, "nope");
        assertRefused(new TopicCreator.Request("t", 2, (short) -1, Map.of(0, List.of(0)), Map.of()),
                Errors.INVALID_REQUEST, "Both");
        assertRefused(new TopicCreator.Request("t", -1, (short) -1, Map.of(1, List.of(0)), Map.of()),
                Errors.INVALID_REPLICA_ASSIGNMENT, "consecutive");
        assertRefused(new TopicCreator.Request("t", -1, (short) -1, Map.of(0, List.of(0, 0)), Map.of()),
                Errors.INVALID_REPLICA_ASSIGNMENT, "Duplicate");
        assertRefused(new TopicCreator.Request("t", -1, (short) -1, Map.of(0, List.of(7)), Map.of()),
                Errors.INVALID_REPLICA_ASSIGNMENT, "Unknown broker");
        assertRefused(new TopicCreator.Request("t", -1, (short) -1, Map.of(0, List.of(0), 1, List.of(0, 1)), Map.of()),
                Errors.INVALID_REPLICA_ASSIGNMENT, "same number");
        assertThat(store.cluster().topics().keySet()).containsExactly("a_b");
    }

    @Test
    void internalTopicsAreAutoCreatedWithTheirOwnSettings() {
        TopicCreator.Created offsets = creator.autoCreate("__consumer_offsets").toCompletableFuture().join();
        assertThat(offsets.numPartitions()).isEqualTo(50);
        assertThat(store.configs.get("__consumer_offsets")).containsEntry("cleanup.policy", "compact");
        TopicCreator.Created plain = creator.autoCreate("plain").toCompletableFuture().join();
        assertThat(plain.numPartitions()).isEqualTo(3);
        assertThat(store.configs.get("plain")).isEmpty();
    }

    private void assertRefused(TopicCreator.Request request, Errors error, String messagePart) {
        assertThatThrownBy(() -> create(request))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.error()).isEqualTo(error);
                    assertThat(e.getMessage()).contains(messagePart);
                });
    }
}
