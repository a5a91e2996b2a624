package io.skiff.broker.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.replication.delayed.ManualTimer;
import io.skiff.replication.zk.PartitionState;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class SnapshotWaiterTest {
    private final InMemoryAdminStore store = InMemoryAdminStore.withBrokers(0).electLeaders(false);
    private final ManualTimer timer = new ManualTimer(0);
    private final SnapshotWaiter waiter = new SnapshotWaiter(store::cluster, timer);
    private final TopicCreator creator = new TopicCreator(store,
            TopicDefaults.of(2, (short) 1, 1, 1), new Random(1));

    @Test
    void completesOnceLeadersAreElected() {
        creator.create(TopicCreator.Request.of("t", 2, (short) 1, Map.of()), false).toCompletableFuture().join();
        CompletableFuture<Boolean> elected = waiter.await(SnapshotWaiter.leadersElected(List.of("t")), 1_000);
        timer.advance(50);
        assertThat(elected).isNotDone();
        store.electPendingLeaders();
        timer.advance(SnapshotWaiter.POLL_MS);
        assertThat(elected).isCompletedWithValue(true);
    }

    @Test
    void partitionWithoutLeaderIsNotElected() {
        creator.create(TopicCreator.Request.of("t", 1, (short) 1, Map.of()), false).toCompletableFuture().join();
        store.setState("t", 0, new PartitionState(PartitionState.NO_LEADER, 1, List.of(), 1, 0));
        assertThat(SnapshotWaiter.leadersElected(List.of("t")).test(store.cluster())).isFalse();
        assertThat(SnapshotWaiter.leadersElected(List.of("missing")).test(store.cluster())).isFalse();
    }

    @Test
    void givesUpAtTheTimeout() {
        CompletableFuture<Boolean> elected = waiter.await(SnapshotWaiter.leadersElected(List.of("never")), 100);
        timer.advance(99);
        assertThat(elected).isNotDone();
        timer.advance(1);
        assertThat(elected).isCompletedWithValue(false);
    }

    @Test
    void alreadyTrueCompletesAtOnce() {
        assertThat(waiter.await(SnapshotWaiter.topicsGone(List.of("absent")), 0)).isCompletedWithValue(true);
    }
}
