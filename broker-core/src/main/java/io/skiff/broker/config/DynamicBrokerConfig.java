package io.skiff.broker.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The broker's configuration as it stands now: {@code server.properties} (static) overlaid by the
 * dynamic configs kept in ZooKeeper, the cluster-wide default ({@code /config/brokers/<default>}) and
 * then this broker's own ({@code /config/brokers/<id>}), in Kafka's order of precedence (KIP-226).
 *
 * <p>Only the keys in {@link #RECONFIGURABLE} may be changed at runtime: the broker-wide defaults of
 * topic configs, which take effect on every partition without a restart, as Kafka's
 * {@code DynamicLogConfig}; the request and background thread pools and the recovery threads, within
 * Kafka's bounds (half to double the current count, {@code DynamicThreadPool}); and the cleaner's I/O
 * rate. Components that apply a change register with {@link #onChange}. Kafka accepts a few more
 * dynamically (network threads, listeners, SSL stores, connection quotas); this broker refuses those
 * with Kafka's "Cannot update these configs dynamically" rather than store a value it would not apply.
 *
 * <p>Thread-safety: the state is one immutable snapshot behind a volatile field; {@link #update} is
 * synchronized, readers never block.
 */
public final class DynamicBrokerConfig {
    /** The keys that can change at runtime (Kafka's {@code DynamicLogConfig.RECONFIGURABLE_CONFIGS}, less tiered log dirs). */
    public static final Set<String> RECONFIGURABLE = Set.of(
            "compression.gzip.level", "compression.lz4.level", "compression.type", "compression.zstd.level",
            "log.cleaner.delete.retention.ms", "log.cleaner.max.compaction.lag.ms", "log.cleaner.min.cleanable.ratio",
            "log.cleaner.min.compaction.lag.ms", "log.cleanup.policy", "log.flush.interval.messages",
            "log.flush.interval.ms", "log.index.interval.bytes", "log.index.size.max.bytes", "log.local.retention.bytes",
            "log.local.retention.ms", "log.message.timestamp.after.max.ms", "log.message.timestamp.before.max.ms",
            "log.message.timestamp.type", "log.preallocate", "log.retention.bytes", "log.retention.ms",
            "log.roll.jitter.ms", "log.roll.ms", "log.segment.bytes", "log.segment.delete.delay.ms", "message.max.bytes",
            "min.insync.replicas", "unclean.leader.election.enable",
            "num.io.threads", "background.threads", "num.recovery.threads.per.data.dir",
            "log.cleaner.io.max.bytes.per.second");

    /** The thread counts Kafka's {@code DynamicThreadPool} changes, with its bounds on each change. */
    static final Set<String> THREAD_COUNTS = Set.of("num.io.threads", "background.threads",
            "num.recovery.threads.per.data.dir");

    /** One consistent view: the dynamic layers and the configuration they produce. */
    private record State(Map<String, String> clusterDefault, Map<String, String> perBroker, BrokerConfig current) {}

    private final BrokerConfig staticConfig;
    private volatile State state;
    private final List<Consumer<BrokerConfig>> listeners = new CopyOnWriteArrayList<>();

    public DynamicBrokerConfig(BrokerConfig staticConfig) {
        this.staticConfig = staticConfig;
        this.state = new State(Map.of(), Map.of(), staticConfig);
    }

    /** The configuration in force: static keys overlaid by the dynamic ones. */
    public BrokerConfig current() {
        return state.current();
    }

    /** {@code server.properties} and {@code --override}s, as the broker started with them. */
    public BrokerConfig staticConfig() {
        return staticConfig;
    }

    /** The cluster-wide dynamic default ({@code /config/brokers/<default>}). */
    public Map<String, String> clusterDefault() {
        return state.clusterDefault();
    }

    /** This broker's own dynamic config ({@code /config/brokers/<id>}). */
    public Map<String, String> perBroker() {
        return state.perBroker();
    }

    /**
     * Installs new dynamic layers as read from ZooKeeper. A layer that no longer parses (someone wrote
     * to ZooKeeper directly) is refused whole and the previous state kept.
     *
     * @return whether the configuration in force changed
     * @throws ConfigException when the layers do not produce a valid configuration
     */
    public synchronized boolean update(Map<String, String> clusterDefault, Map<String, String> perBroker) {
        Map<String, String> merged = new LinkedHashMap<>(staticConfig.parsed().originals());
        merged.putAll(onlyReconfigurable(clusterDefault));
        merged.putAll(onlyReconfigurable(perBroker));
        BrokerConfig next = new BrokerConfig(merged);
        State previous = state;
        state = new State(Map.copyOf(clusterDefault), Map.copyOf(perBroker), next);
        boolean changed = !previous.current().parsed().originals().equals(next.parsed().originals());
        if (changed) {
            for (Consumer<BrokerConfig> listener : listeners) {
                listener.accept(next);
            }
        }
        return changed;
    }

    /**
     * Calls {@code listener} with the configuration in force after every change (on the thread applying
     * it, under this object's lock: keep it short). Registered once per component at startup.
     */
    public void onChange(Consumer<BrokerConfig> listener) {
        listeners.add(listener);
    }

    private static Map<String, String> onlyReconfigurable(Map<String, String> layer) {
        Map<String, String> kept = new LinkedHashMap<>();
        layer.forEach((k, v) -> {
            if (RECONFIGURABLE.contains(k) && v != null) {
                kept.put(k, v);
            }
        });
        return kept;
    }

    /**
     * Checks a dynamic config before it is stored, as Kafka's {@code DynamicBrokerConfig.validateConfigs}:
     * every key must be changeable at runtime and every value must parse and validate.
     *
     * @return null when valid, else the reason (Kafka's wording), for an INVALID_REQUEST answer
     */
    public String validate(Map<String, String> props) {
        Set<String> refused = new TreeSet<>();
        for (String key : props.keySet()) {
            if (!RECONFIGURABLE.contains(key)) {
                refused.add(key);
            }
        }
        if (!refused.isEmpty()) {
            return "Cannot update these configs dynamically: " + scalaSet(refused);
        }
        Map<String, String> merged = new LinkedHashMap<>(staticConfig.parsed().originals());
        merged.putAll(onlyReconfigurable(state.clusterDefault()));
        merged.putAll(onlyReconfigurable(state.perBroker()));
        merged.putAll(props);
        BrokerConfig next;
        try {
            next = new BrokerConfig(merged);
        } catch (ConfigException e) {
            return e.getMessage();
        }
        for (String key : new TreeSet<>(props.keySet())) {
            if (THREAD_COUNTS.contains(key)) {
                ConfigKey<?> def = BrokerConfigs.DEF.keys().get(key);
                String refusal = threadCountChange(key, current().get(def), next.get(def));
                if (refusal != null) {
                    return refusal;
                }
            }
        }
        return null;
    }

    /** Kafka's {@code DynamicThreadPool.validateReconfiguration}: at least half, at most double the count in force. */
    private static String threadCountChange(String key, Object current, Object next) {
        int oldValue = (Integer) current;
        int newValue = (Integer) next;
        if (newValue == oldValue) {
            return null;
        }
        String failed = "Dynamic thread count update validation failed for " + key + "=" + newValue;
        if (newValue <= 0) {
            return failed + ", value should be at least 1";
        }
        if (newValue < oldValue / 2) {
            return failed + ", value should be at least half the current value " + oldValue;
        }
        if (newValue > oldValue * 2) {
            return failed + ", value should not be greater than double the current value " + oldValue;
        }
        return null;
    }

    /** Kafka's (Scala) rendering of a set of names, which clients and scripts match on. */
    static String scalaSet(Set<String> names) {
        return names.stream().collect(Collectors.joining(", ", "Set(", ")"));
    }
}
