package io.skiff.broker.admin;

import io.skiff.replication.zk.ConfigEntityType;
import io.skiff.replication.zk.ZkMetadataStore;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Dynamic configs of entities ({@code /config/<type>/<name>} in ZooKeeper). Production uses {@link #of}; unit
 * tests substitute an in-memory map. Thread-safe; failures complete the stage exceptionally.
 */
public interface ConfigStore {
    /** The entity's dynamic config; empty if none was ever set. */
    CompletionStage<Map<String, String>> get(ConfigEntityType type, String name);

    /** Replaces the entity's dynamic config and notifies every broker of the change. */
    CompletionStage<Void> set(ConfigEntityType type, String name, Map<String, String> config);

    static ConfigStore of(ZkMetadataStore store) {
        return new ConfigStore() {
            @Override
            public CompletionStage<Map<String, String>> get(ConfigEntityType type, String name) {
                return store.getConfig(type, name);
            }

            @Override
            public CompletionStage<Void> set(ConfigEntityType type, String name, Map<String, String> config) {
                return store.setConfig(type, name, config);
            }
        };
    }
}
