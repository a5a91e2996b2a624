package io.skiff.broker.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.replication.zk.ProducerIdBlock;
import io.skiff.wire.protocol.Errors;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class ProducerIdManagerTest {
    /** Block claims the test completes by hand. */
    private final Queue<CompletableFuture<ProducerIdBlock>> claims = new ArrayDeque<>();
    private long nextStart = 5_000;
    private final ProducerIdManager manager = new ProducerIdManager(() -> {
        CompletableFuture<ProducerIdBlock> claim = new CompletableFuture<>();
        claims.add(claim);
        return claim;
    });

    private void grantNext(int size) {
        claims.remove().complete(new ProducerIdBlock(0, nextStart, size));
        nextStart += size;
    }

    @Test
    void idsComeOutOfTheBlockInOrderAndANewBlockIsClaimedWhenItRunsOut() {
        List<CompletionStage<Long>> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(manager.generateProducerId());
        }
        assertThat(claims).as("one claim in flight for all waiters").hasSize(1);
        grantNext(3);
        assertThat(claims).as("two waiters left: second claim").hasSize(1);
        grantNext(3);
        assertThat(ids.stream().map(s -> s.toCompletableFuture().join()).toList())
                .containsExactly(5_000L, 5_001L, 5_002L, 5_003L, 5_004L);
        assertThat(manager.generateProducerId().toCompletableFuture().join()).isEqualTo(5_005L);
        assertThat(claims).isEmpty();
    }

    @Test
    void failedClaimFailsItsWaitersAndTheNextCallRetries() {
        CompletionStage<Long> first = manager.generateProducerId();
        claims.remove().completeExceptionally(Errors.UNKNOWN_SERVER_ERROR.exception("zk down"));
        assertThatThrownBy(() -> first.toCompletableFuture().join()).isInstanceOf(CompletionException.class)
                .hasMessageContaining("zk down");
        CompletionStage<Long> second = manager.generateProducerId();
        grantNext(10);
        assertThat(second.toCompletableFuture().join()).isEqualTo(5_000L);
    }

    @Test
    void idsAreNeverRepeatedAcrossManyBlocks() {
        ProducerIdManager real = new ProducerIdManager(new InMemoryAdminStore()::allocateProducerIdBlockFor0);
        HashSet<Long> seen = new HashSet<>();
        for (int i = 0; i < 2_500; i++) {
            assertThat(seen.add(real.generateProducerId().toCompletableFuture().join())).isTrue();
        }
    }
}
