package io.skiff.broker.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.log.TopicPartition;
import io.skiff.wire.protocol.Uuid;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FetchSessionCacheTest {
    private static final long SEED = 99L;

    private static Map<TopicPartition, FetchSessionCache.CachedPartition> one() {
        return Map.of(new TopicPartition("t", 0), new FetchSessionCache.CachedPartition(Uuid.ZERO_UUID, 0, 100, -1, -1));
    }

    @Test
    void sessionsAreBoundedBySlots() {
        FetchSessionCache cache = new FetchSessionCache(10, new Random(SEED));

        Set<Integer> ids = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            ids.add(cache.create(one()).orElseThrow().id());
        }

        assertThat(ids).hasSize(50).doesNotContain(FetchSessionCache.INVALID_SESSION_ID);
        assertThat(cache.size()).isLessThanOrEqualTo(10);
    }

    @Test
    void sessionEpochsStartAtOneAndAdvance() {
        FetchSessionCache cache = new FetchSessionCache(10, new Random(SEED));
        FetchSessionCache.Session s = cache.create(one()).orElseThrow();

        assertThat(s.nextEpoch()).isEqualTo(1);
        s.advanceEpoch();
        assertThat(s.nextEpoch()).isEqualTo(2);
        assertThat(cache.get(s.id())).containsSame(s);
        cache.remove(s.id());
        assertThat(cache.get(s.id())).isEmpty();
    }

    @Test
    void zeroSlotsDisableSessionsAndNegativeSlotsAreRejected() {
        assertThat(new FetchSessionCache(0, new Random(SEED)).create(one())).isEmpty();
        assertThatThrownBy(() -> new FetchSessionCache(-1, new Random(SEED)))
                .hasMessageContaining("max.incremental.fetch.session.cache.slots");
    }
}
