package io.skiff.replication.zk;

import static io.skiff.replication.zk.ZkTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.log.Time;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConfigChangeProcessorIT {
    @RegisterExtension
    final ZkFixture zk = new ZkFixture();

    private final BlockingQueue<String> seen = new LinkedBlockingQueue<>();

    private ConfigChangeProcessor processor(ZkMetadataStore store, Time time) {
        ConfigChangeProcessor p = zk.closeAfterTest(new ConfigChangeProcessor(store,
                (type, name) -> seen.add(type.znodeName() + "/" + name), time));
        p.start();
        return p;
    }

    private String next() throws InterruptedException {
        String entity = seen.poll(30, TimeUnit.SECONDS);
        assertThat(entity).as("a notification within 30 s").isNotNull();
        return entity;
    }

    @Test
    void everyChangeIsHandedOnOnceInOrderIncludingThoseWrittenBeforeTheStart() throws Exception {
        ZkMetadataStore store = zk.store();
        await(store.setConfig(ConfigEntityType.TOPICS, "early", Map.of("retention.ms", "1")));
        processor(store, Time.SYSTEM);
        assertThat(next()).isEqualTo("topics/early");

        await(store.setConfig(ConfigEntityType.TOPICS, "orders", Map.of("retention.ms", "2")));
        await(store.setConfig(ConfigEntityType.BROKERS, ConfigEntityType.DEFAULT_ENTITY, Map.of("log.retention.ms", "3")));
        assertThat(List.of(next(), next())).containsExactly("topics/orders", "brokers/<default>");
        assertThat(seen.poll(500, TimeUnit.MILLISECONDS)).as("nothing twice").isNull();
    }

    @Test
    void notificationsOlderThanFifteenMinutesArePurgedButNeverBeforeTheyAreProcessed() throws Exception {
        ZkMetadataStore store = zk.store();
        await(store.setConfig(ConfigEntityType.TOPICS, "old", Map.of("retention.ms", "1")));
        String oldName = store.curator().getChildren().forPath(ZNodes.CONFIG_CHANGES).get(0);
        AtomicLong now = new AtomicLong(System.currentTimeMillis());
        Time clock = new Time() {
            @Override
            public long milliseconds() {
                return now.get();
            }

            @Override
            public long nanoseconds() {
                return TimeUnit.MILLISECONDS.toNanos(now.get());
            }
        };
        processor(store, clock);
        assertThat(next()).isEqualTo("topics/old");

        now.addAndGet(TimeUnit.MINUTES.toMillis(16));
        await(store.setConfig(ConfigEntityType.TOPICS, "new", Map.of("retention.ms", "2")));
        assertThat(next()).isEqualTo("topics/new");
        // "old" is 16 minutes old by this clock: purged. "new" is kept until this processor has seen it.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<String> left;
        do {
            left = store.curator().getChildren().forPath(ZNodes.CONFIG_CHANGES);
        } while (left.contains(oldName) && System.nanoTime() < deadline);
        assertThat(left).doesNotContain(oldName);
    }
}
