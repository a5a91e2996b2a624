package io.skiff.broker.admin;

import io.skiff.replication.zk.ConfigEntityType;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Entity configs in a map, for unit tests; counts the writes. */
final class InMemoryConfigStore implements ConfigStore {
    final Map<String, Map<String, String>> configs = new ConcurrentHashMap<>();
    final AtomicInteger writes = new AtomicInteger();

    @Override
    public CompletionStage<Map<String, String>> get(ConfigEntityType type, String name) {
        return CompletableFuture.completedFuture(configs.getOrDefault(type.znodeName() + "/" + name, Map.of()));
    }

    @Override
    public CompletionStage<Void> set(ConfigEntityType type, String name, Map<String, String> config) {
        writes.incrementAndGet();
        configs.put(type.znodeName() + "/" + name, Map.copyOf(config));
        return CompletableFuture.completedFuture(null);
    }
}
