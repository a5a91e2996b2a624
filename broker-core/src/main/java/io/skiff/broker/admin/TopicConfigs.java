package io.skiff.broker.admin;

import io.skiff.broker.config.BrokerConfig;
import io.skiff.broker.config.ConfigException;
import io.skiff.broker.config.DynamicBrokerConfig;
import io.skiff.broker.config.TopicConfigDefaults;
import io.skiff.log.LogConfig;
import io.skiff.log.PartitionLog;
import io.skiff.replication.zk.ConfigEntityType;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration of every topic as this broker applies it: the topic's overrides from ZooKeeper
 * ({@code /config/topics/<t>}) on top of the broker-wide defaults, which themselves follow the dynamic
 * broker config ({@link DynamicBrokerConfig}). When either changes (a config change notification, see
 * {@code ConfigChangeProcessor}) the new effective {@link LogConfig} is pushed into every affected
 * partition log at once, so {@code retention.ms}, {@code segment.bytes}, {@code cleanup.policy},
 * {@code min.insync.replicas}, {@code compression.type}, ... take effect without a restart.
 *
 * <p>Reads that miss the cache ({@link #logConfig} for a topic seen the first time) block on
 * ZooKeeper, so callers run off the event loops (log creation does). Thread-safe: the overrides are a
 * concurrent map of immutable maps; reloads are serialised by this object's lock.
 */
public final class TopicConfigs {
    private static final Logger LOG = LoggerFactory.getLogger(TopicConfigs.class);
    private static final long READ_TIMEOUT_S = 30;

    private final ConfigStore store;
    private final DynamicBrokerConfig broker;
    private final int brokerId;
    private final ConcurrentHashMap<String, Map<String, String>> overrides = new ConcurrentHashMap<>();
    /** The id each topic had in the last cluster view (only touched by {@link #onTopics}, one thread). */
    private final Map<String, java.util.UUID> seenIds = new java.util.HashMap<>();
    private volatile Supplier<Collection<PartitionLog>> logs = List::of;

    public TopicConfigs(ConfigStore store, DynamicBrokerConfig broker, int brokerId) {
        this.store = store;
        this.broker = broker;
        this.brokerId = brokerId;
    }

    /** Where new configs are pushed (the log manager's logs); set once the logs exist. */
    public void attachLogs(Supplier<Collection<PartitionLog>> logs) {
        this.logs = logs;
    }

    public DynamicBrokerConfig broker() {
        return broker;
    }

    /** Every topic-level key with the value a topic without overrides has now. */
    public Map<String, String> defaults() {
        return TopicConfigDefaults.fromBroker(broker.current());
    }

    /** The topic's overrides (possibly empty), read from ZooKeeper the first time. */
    public Map<String, String> overrides(String topic) {
        return overrides.computeIfAbsent(topic, this::read);
    }

    /** The topic's effective configuration: {@link #defaults()} with {@link #overrides} on top, sorted by name. */
    public Map<String, String> effective(String topic) {
        Map<String, String> all = new TreeMap<>(defaults());
        all.putAll(overrides(topic));
        return all;
    }

    /** The log configuration of the topic's partitions. */
    public LogConfig logConfig(String topic) {
        Map<String, String> topicOverrides = overrides(topic);
        Map<String, String> all = defaults();
        all.putAll(topicOverrides);
        try {
            return LogConfig.from(all);
        } catch (IllegalArgumentException e) {
            // Only a hand-edited znode gets here: the admin path validates every value it stores.
            LOG.error("Ignoring the invalid overrides {} of topic {}: {}", topicOverrides, topic, e.getMessage());
            return LogConfig.from(defaults());
        }
    }

    /** A topic's config changed in ZooKeeper: re-read it and apply it to its partitions. */
    public synchronized void reloadTopic(String topic) {
        Map<String, String> fresh = read(topic);
        Map<String, String> old = overrides.put(topic, fresh);
        if (!fresh.equals(old)) {
            LOG.info("Topic {} configuration overrides are now {}", topic, fresh);
            apply(topic);
        }
    }

    /** A broker config changed in ZooKeeper: re-read the default and this broker's layers; apply if in force. */
    public synchronized void reloadBroker() {
        Map<String, String> clusterDefault = readEntity(ConfigEntityType.BROKERS, ConfigEntityType.DEFAULT_ENTITY);
        Map<String, String> own = readEntity(ConfigEntityType.BROKERS, Integer.toString(brokerId));
        boolean changed;
        try {
            changed = broker.update(clusterDefault, own);
        } catch (ConfigException e) {
            LOG.error("Ignoring dynamic broker configs {} (default) and {} (broker {}): {}", clusterDefault, own, brokerId,
                    e.getMessage());
            return;
        }
        if (changed) {
            LOG.info("Dynamic broker configuration now: cluster default {}, broker {} {}", clusterDefault, brokerId, own);
            apply(null);
        }
    }

    /**
     * Follows the cluster view: drops the cached overrides of topics that no longer exist or that were
     * deleted and created again (a new topic id), so a re-created topic starts from its own overrides
     * even when its deletion and re-creation reach this broker in one snapshot.
     */
    public void onTopics(Map<String, java.util.UUID> topicIds) {
        for (String topic : overrides.keySet()) {
            java.util.UUID id = topicIds.get(topic);
            java.util.UUID known = seenIds.get(topic);
            if (id == null || (known != null && !known.equals(id))) {
                overrides.remove(topic);
            }
        }
        seenIds.keySet().retainAll(topicIds.keySet());
        seenIds.putAll(topicIds);
    }

    /** Pushes the effective config into the logs of {@code topic}, or of every topic when null. */
    private void apply(String topic) {
        for (PartitionLog log : logs.get()) {
            String t = log.topicPartition().topic();
            if (topic == null || topic.equals(t)) {
                log.updateConfig(logConfig(t));
            }
        }
    }

    private Map<String, String> read(String topic) {
        return readEntity(ConfigEntityType.TOPICS, topic);
    }

    private Map<String, String> readEntity(ConfigEntityType type, String name) {
        try {
            return Map.copyOf(store.get(type, name).toCompletableFuture().get(READ_TIMEOUT_S, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted reading the configuration of " + type.znodeName() + "/" + name, e);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the configuration of " + type.znodeName() + "/" + name
                    + " from ZooKeeper", e);
        }
    }

    /** For tests and startup: the broker configuration in force. */
    public BrokerConfig brokerConfig() {
        return broker.current();
    }
}
